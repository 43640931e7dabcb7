"""Accounts: argon2 hashes, no default account, lockout after five failures, signed
sessions that crafted state cannot fake, expiry, settings, OIDC role mapping, the CLI."""

import json
import subprocess
import sys

import pytest

from ttdn import ROOT, auth


@pytest.fixture
def users(tmp_path, monkeypatch):
    path = tmp_path / "users.json"
    monkeypatch.setenv("TTDN_USERS", str(path))
    return path


def test_there_is_no_default_account(users):
    assert auth.list_users() == []
    for name, password in [("admin", "admin"), ("admin", ""), ("editor", "editor")]:
        assert not auth.verify(name, password).ok


def test_password_is_stored_as_an_argon2_hash(users):
    auth.add_user("lan", "editor", "mat-khau-dai")
    stored = json.loads(users.read_text())["users"]["lan"]
    assert stored["hash"].startswith("$argon2id$")
    assert "mat-khau-dai" not in users.read_text()
    assert auth.verify("lan", "mat-khau-dai").user == auth.User("lan", "editor")
    assert auth.verify("lan", "mat-khau-sai").reason == "wrong"
    assert auth.verify("nobody", "mat-khau-dai").reason == "wrong"  # same answer


def test_short_password_and_bad_role_are_refused(users):
    with pytest.raises(auth.AuthError) as short:
        auth.add_user("lan", "editor", "1234567")
    assert "8" in short.value.vi and "8" in short.value.en
    with pytest.raises(auth.AuthError):
        auth.add_user("lan", "boss", "mat-khau-dai")
    with pytest.raises(auth.AuthError):
        auth.add_user("two words", "editor", "mat-khau-dai")
    assert auth.list_users() == []


def test_five_failures_lock_the_account_for_fifteen_minutes(users):
    auth.add_user("lan", "editor", "mat-khau-dai")
    now = 1_000_000.0
    for attempt in range(4):
        assert auth.verify("lan", "sai", now=now + attempt).reason == "wrong"
    fifth = auth.verify("lan", "sai", now=now + 4)
    assert fifth.reason == "locked"
    # even the right password is refused while locked
    assert auth.verify("lan", "mat-khau-dai", now=now + 4 + 14 * 60).reason == "locked"
    assert auth.verify("lan", "mat-khau-dai", now=now + 4 + 15 * 60 + 1).ok


def test_a_success_resets_the_failure_count(users):
    auth.add_user("lan", "editor", "mat-khau-dai")
    for _ in range(4):
        auth.verify("lan", "sai", now=0)
    assert auth.verify("lan", "mat-khau-dai", now=1).ok
    for _ in range(4):
        assert auth.verify("lan", "sai", now=2).reason == "wrong"


def test_new_password_unlocks(users):
    auth.add_user("lan", "editor", "mat-khau-dai")
    for _ in range(5):
        auth.verify("lan", "sai")
    assert auth.verify("lan", "mat-khau-dai").reason == "locked"
    auth.set_password("lan", "mat-khau-moi")
    assert auth.verify("lan", "mat-khau-moi").ok


def test_session_is_signed_and_checked_against_the_accounts_file(users):
    auth.add_user("lan", "editor", "mat-khau-dai")
    state = {}
    auth.start_session(state, auth.User("lan", "editor"), now=100.0)
    assert auth.session_user(state, now=101.0) == auth.User("lan", "editor")
    # crafted: no signature, a wrong one, or a raised role
    for crafted in (
        {"name": "lan", "role": "editor", "at": 100.0},
        {"name": "lan", "role": "editor", "at": 100.0, "sig": "0" * 64},
        {**state[auth.SESSION_KEY], "role": "admin"},
        {**state[auth.SESSION_KEY], "name": "mai"},
        "editor",
    ):
        assert auth.session_user({auth.SESSION_KEY: crafted}, now=101.0) is None
    # the account's role changed or it was removed: the session ends
    auth.set_role("lan", "viewer")
    assert auth.session_user(dict(state), now=101.0) is None
    auth.set_role("lan", "editor")
    auth.remove_user("lan")
    assert auth.session_user(dict(state), now=101.0) is None


def test_session_expires(users, monkeypatch):
    auth.add_user("lan", "editor", "mat-khau-dai")
    state = {}
    auth.start_session(state, auth.User("lan", "editor"), now=0.0)
    assert auth.session_user(state, now=8 * 3600 - 1) is not None
    assert auth.session_user(state, now=8 * 3600 + 1) is None
    assert state[auth.EXPIRED_KEY] is True
    monkeypatch.setenv("TTDN_SESSION_HOURS", "1")
    auth.start_session(state, auth.User("lan", "editor"), now=0.0)
    assert auth.session_user(state, now=3601) is None


def test_roles_rank():
    assert auth.User("a", "admin").can("editor")
    assert auth.User("a", "editor").can("editor")
    assert not auth.User("a", "viewer").can("editor")
    assert auth.User("a", "viewer").can("viewer")
    assert not auth.User("a", "nonsense").can("viewer")


@pytest.mark.parametrize(
    "value, required", [("1", True), ("true", True), ("0", False), ("", False), ("no", False)]
)
def test_require_login_setting(monkeypatch, value, required):
    monkeypatch.setenv("TTDN_REQUIRE_LOGIN", value)
    monkeypatch.setattr(auth, "_secrets", lambda: {})
    assert auth.require_login() is required


def test_require_login_from_secrets(monkeypatch):
    monkeypatch.delenv("TTDN_REQUIRE_LOGIN", raising=False)
    monkeypatch.setattr(auth, "_secrets", lambda: {"ttdn": {"require_login": True}})
    assert auth.require_login()
    monkeypatch.setattr(auth, "_secrets", lambda: {})
    assert not auth.require_login()


def test_oidc_email_maps_to_a_role(users, monkeypatch):
    auth.add_user("Lan@Example.org", "admin", None, oidc_only=True)
    monkeypatch.setattr(
        auth,
        "_secrets",
        lambda: {"auth": {"x": 1}, "ttdn": {"editors": ["mai@example.org"], "viewers": ["a@b"]}},
    )
    assert auth.oidc_configured()
    assert auth.oidc_role("lan@example.org") == "admin"  # the accounts file, case folded
    assert auth.oidc_role("MAI@example.org") == "editor"
    assert auth.oidc_role("a@b") == "viewer"
    assert auth.oidc_role("stranger@example.org") is None
    # an OIDC-only account has no password to sign in with locally
    assert not auth.verify("lan@example.org", "").ok


def test_default_users_file_sits_beside_the_database(monkeypatch, tmp_path):
    monkeypatch.delenv("TTDN_USERS", raising=False)
    monkeypatch.setenv("TTDN_DB", str(tmp_path / "x" / "ttdn.duckdb"))
    assert auth.users_path() == tmp_path / "x" / "users.json"


def cli(*args, stdin="", env=None):
    return subprocess.run(
        [sys.executable, "-m", "ttdn", "user", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


def test_cli_add_list_passwd_role_remove(users, tmp_path):
    import os

    env = {**os.environ, "TTDN_USERS": str(users)}
    added = cli(
        "add", "lan", "--role", "editor", "--password-stdin", stdin="mat-khau-dai\n", env=env
    )
    assert added.returncode == 0, added.stderr
    again = cli(
        "add", "lan", "--role", "editor", "--password-stdin", stdin="mat-khau-dai\n", env=env
    )
    assert again.returncode == 1 and "exists already" in again.stderr
    short = cli("add", "mai", "--role", "admin", "--password-stdin", stdin="ngan\n", env=env)
    assert short.returncode == 1 and "8" in short.stderr
    assert cli("list", env=env).stdout.split("\n")[0].split("\t") == ["lan", "editor", "password"]
    assert auth.verify("lan", "mat-khau-dai").ok
    assert cli("passwd", "lan", "--password-stdin", stdin="mat-khau-moi\n", env=env).returncode == 0
    assert auth.verify("lan", "mat-khau-moi").ok and not auth.verify("lan", "mat-khau-dai").ok
    assert cli("role", "lan", "admin", env=env).returncode == 0
    assert auth.account_role("lan") == "admin"
    assert cli("remove", "lan", env=env).returncode == 0
    assert cli("remove", "lan", env=env).returncode == 1
    assert auth.list_users() == []
    # --users overrides the variable
    other = tmp_path / "other.json"
    assert (
        cli(
            "--users",
            str(other),
            "add",
            "x",
            "--role",
            "viewer",
            "--password-stdin",
            stdin="mat-khau-dai\n",
            env=env,
        ).returncode
        == 0
    )
    assert json.loads(other.read_text())["users"]["x"]["role"] == "viewer"
