"""Who may do what: viewing is open unless a setting requires sign-in; the Data page
needs an editor (or admin).

Two ways to sign in:
- OIDC through Streamlit's `st.login` when `[auth]` is configured in
  .streamlit/secrets.toml; the OIDC e-mail is mapped to a role through the local
  accounts file (an account named by that e-mail) or the lists `[ttdn] editors` /
  `[ttdn] admins` / `[ttdn] viewers` in secrets.toml;
- otherwise local accounts: `python -m ttdn user add NAME --role editor`, passwords
  hashed with argon2. They live in a small JSON file (TTDN_USERS, default users.json
  beside the database), never in the analytics database that loads replace.

There is no default account and no default password. Five failed sign-ins lock an
account for 15 minutes. A local session lasts TTDN_SESSION_HOURS (8) hours.

The signed-in session is kept in st.session_state with an HMAC made with a secret
that lives only in this process, and the role is read again from the accounts file on
every check: crafted session state or a removed account never passes.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("viewer", "editor", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
SESSION_KEY = "ttdn_auth"
EXPIRED_KEY = "ttdn_auth_expired"

_HASHER = PasswordHasher()
_SECRET = secrets.token_bytes(32)  # signs sessions of this process; never stored
# verifying against this for unknown names keeps the time of a wrong name and a wrong
# password alike (no account enumeration by timing)
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class AuthError(Exception):
    """A refused account operation, with a message in Vietnamese and English."""

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class User:
    name: str
    role: str
    via: str = "local"  # 'local' or 'oidc'

    def can(self, role: str) -> bool:
        return RANK.get(self.role, -1) >= RANK[role]


@dataclass(frozen=True)
class SignIn:
    ok: bool
    user: User | None = None
    reason: str = ""  # 'ok', 'wrong' (name or password), 'locked'
    locked_until: dt.datetime | None = None


# --- the accounts file ------------------------------------------------------------------


def users_path() -> Path:
    env = os.environ.get("TTDN_USERS")
    if env:
        return Path(env)
    from ttdn.db import default_db_path

    return default_db_path().with_name("users.json")


def session_hours() -> float:
    return float(os.environ.get("TTDN_SESSION_HOURS", 8))


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"users": {}}
    return data if isinstance(data.get("users"), dict) else {"users": {}}


def _write(path: Path, data: dict) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


@contextmanager
def _locked(path: Path | None = None):
    """Read-modify-write the accounts file under a lock; yields the data to change."""
    path = Path(path or users_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = _read(path)
            yield data
            _write(path, data)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _clean_name(name: str) -> str:
    import unicodedata

    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name or len(name) > 200 or any(c.isspace() for c in name):
        raise AuthError(
            "Tên tài khoản phải có từ 1 đến 200 ký tự, không có khoảng trắng",
            "An account name must be 1 to 200 characters, without spaces",
        )
    return name.lower() if "@" in name else name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError(
            f"Vai trò không hợp lệ '{role}'; cần một trong: {', '.join(ROLES)}",
            f"Invalid role '{role}'; expected one of: {', '.join(ROLES)}",
        )
    return role


def _check_password(password: str | None) -> str:
    if password is None or len(password) < MIN_PASSWORD:
        raise AuthError(
            f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự",
            f"The password needs at least {MIN_PASSWORD} characters",
        )
    return password


def add_user(
    name: str, role: str, password: str | None, path: Path | None = None, oidc_only=False
) -> None:
    """Add an account. oidc_only: an e-mail that signs in through OIDC, no password."""
    name, role = _clean_name(name), _check_role(role)
    digest = None if oidc_only else _HASHER.hash(_check_password(password))
    with _locked(path) as data:
        if name in data["users"]:
            raise AuthError(f"Tài khoản '{name}' đã có", f"The account '{name}' exists already")
        data["users"][name] = {
            "role": role,
            "hash": digest,
            "failed": 0,
            "locked_until": None,
            "created": dt.datetime.now().replace(microsecond=0).isoformat(),
        }


def remove_user(name: str, path: Path | None = None) -> None:
    name = _clean_name(name)
    with _locked(path) as data:
        if data["users"].pop(name, None) is None:
            raise _no_such(name)


def set_password(name: str, password: str, path: Path | None = None) -> None:
    name = _clean_name(name)
    digest = _HASHER.hash(_check_password(password))
    with _locked(path) as data:
        account = data["users"].get(name)
        if account is None:
            raise _no_such(name)
        account.update(hash=digest, failed=0, locked_until=None)


def set_role(name: str, role: str, path: Path | None = None) -> None:
    name, role = _clean_name(name), _check_role(role)
    with _locked(path) as data:
        account = data["users"].get(name)
        if account is None:
            raise _no_such(name)
        account["role"] = role


def list_users(path: Path | None = None) -> list[dict]:
    data = _read(Path(path or users_path()))
    return [
        {
            "name": name,
            "role": a.get("role"),
            "password": bool(a.get("hash")),
            "locked_until": _when(a["locked_until"]).isoformat(" ")
            if a.get("locked_until") and a["locked_until"] > time.time()
            else None,
            "created": a.get("created"),
        }
        for name, a in sorted(data["users"].items())
    ]


def _no_such(name: str) -> AuthError:
    return AuthError(f"Không có tài khoản '{name}'", f"There is no account '{name}'")


def account_role(name: str, path: Path | None = None) -> str | None:
    account = _read(Path(path or users_path()))["users"].get(name)
    return account.get("role") if account else None


def verify(name: str, password: str, path: Path | None = None, now: float | None = None) -> SignIn:
    """Check a password; counts failures and locks the account after MAX_FAILURES."""
    now = time.time() if now is None else now
    try:
        name = _clean_name(name)
    except AuthError:
        return SignIn(False, reason="wrong")
    with _locked(path) as data:
        account = data["users"].get(name)
        if account is None or not account.get("hash"):
            _check(_DUMMY_HASH, password or "")
            return SignIn(False, reason="wrong")
        locked = account.get("locked_until")
        if locked and locked > now:
            return SignIn(False, reason="locked", locked_until=_when(locked))
        if not _check(account["hash"], password or ""):
            account["failed"] = int(account.get("failed") or 0) + 1
            if account["failed"] >= MAX_FAILURES:
                account["failed"] = 0
                account["locked_until"] = now + LOCK_MINUTES * 60
                return SignIn(False, reason="locked", locked_until=_when(account["locked_until"]))
            return SignIn(False, reason="wrong")
        account.update(failed=0, locked_until=None)
        if _HASHER.check_needs_rehash(account["hash"]):
            account["hash"] = _HASHER.hash(password)
        return SignIn(True, User(name, account["role"]), "ok")


def _check(digest: str, password: str) -> bool:
    try:
        return _HASHER.verify(digest, password)
    except (VerificationError, InvalidHashError):
        return False


def _when(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp).replace(microsecond=0)


# --- settings ----------------------------------------------------------------------------


def _secrets() -> dict:
    """st.secrets as a plain dict; empty when there is no secrets file."""
    try:
        import streamlit as st

        return {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no secrets.toml, or unreadable: nothing configured
        return {}


def require_login() -> bool:
    """Viewers must sign in too (TTDN_REQUIRE_LOGIN=1 or [ttdn] require_login = true)."""
    env = os.environ.get("TTDN_REQUIRE_LOGIN")
    if env is not None and env.strip() != "":
        return env.strip().lower() in ("1", "true", "yes", "on")
    return bool((_secrets().get("ttdn") or {}).get("require_login", False))


def oidc_configured() -> bool:
    return bool(_secrets().get("auth"))


def oidc_role(email: str, path: Path | None = None) -> str | None:
    """The role of an OIDC e-mail: the accounts file first, then the lists in secrets."""
    email = (email or "").strip().lower()
    if not email:
        return None
    role = account_role(email, path)
    if role:
        return role
    settings = _secrets().get("ttdn") or {}
    for role in reversed(ROLES):
        if email in {str(e).strip().lower() for e in settings.get(f"{role}s", [])}:
            return role
    return None


# --- the session -------------------------------------------------------------------------


def _sign(name: str, role: str, at: float) -> str:
    return hmac.new(_SECRET, f"{name}\n{role}\n{at}".encode(), hashlib.sha256).hexdigest()


def start_session(state, user: User, now: float | None = None) -> None:
    at = time.time() if now is None else now
    state[SESSION_KEY] = {
        "name": user.name,
        "role": user.role,
        "at": at,
        "sig": _sign(user.name, user.role, at),
    }
    state.pop(EXPIRED_KEY, None)


def end_session(state) -> None:
    state.pop(SESSION_KEY, None)


def session_user(state, path: Path | None = None, now: float | None = None) -> User | None:
    """The user of a valid local session: signed here, not expired, the account still
    there with the same role. An expired session is dropped and flagged for a message."""
    entry = state.get(SESSION_KEY)
    if not isinstance(entry, dict):
        return None
    name, role, at = entry.get("name"), entry.get("role"), entry.get("at")
    signature = entry.get("sig")
    if not (isinstance(name, str) and isinstance(role, str) and isinstance(at, int | float)):
        state.pop(SESSION_KEY, None)
        return None
    if not isinstance(signature, str) or not hmac.compare_digest(signature, _sign(name, role, at)):
        state.pop(SESSION_KEY, None)
        return None
    now = time.time() if now is None else now
    if now - at > session_hours() * 3600:
        state.pop(SESSION_KEY, None)
        state[EXPIRED_KEY] = True
        return None
    if account_role(name, path) != role:  # removed, or the role changed: sign in again
        state.pop(SESSION_KEY, None)
        return None
    return User(name, role)


def current_user(state=None) -> User | None:
    """The signed-in user: OIDC (st.user) when configured, else the local session."""
    import streamlit as st

    state = st.session_state if state is None else state
    if oidc_configured():
        try:
            logged_in = bool(st.user.is_logged_in)
        except Exception:
            logged_in = False
        if logged_in:
            email = str(st.user.get("email") or "")
            role = oidc_role(email)
            return User(email.lower(), role, "oidc") if role else None
        return None
    return session_user(state)


def has_role(role: str, state=None) -> User | None:
    """The current user when they hold at least `role`, else None. Call it at the top of
    every run and again right before every action."""
    user = current_user(state)
    return user if user is not None and user.can(role) else None
