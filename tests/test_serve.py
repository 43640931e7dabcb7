"""`make serve` (ttdn/serve.py): the nginx config it writes, the supervisor's restart
logic on fake processes, process-group stops, the page shown when no replica is up, and
the reconnect notice's rule."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.processes import alive, descendants
from ttdn import serve
from ttdn.i18n import t
from ttdn.ui.reconnect import previous_session_id, reloaded

NGINX = serve.find_nginx()
needs_nginx = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (`make nginx` installs it with apt)"
)
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _block(conf: str, head: str) -> str:
    """The body of the first `head { ... }` block (no nested braces inside)."""
    match = re.search(re.escape(head) + r"\s*\{([^{}]*)\}", conf)
    assert match, head
    return match.group(1)


# config -------------------------------------------------------------------------


def test_config_upstream_lists_every_replica_on_loopback(tmp_path):
    conf = serve.nginx_config("127.0.0.1", 8600, [9001, 9002, 9003], tmp_path)
    upstream = _block(conf, "upstream ttdn_replicas")
    servers = re.findall(r"^\s*server (\S+) (.*);$", upstream, re.M)
    assert [s[0] for s in servers] == ["127.0.0.1:9001", "127.0.0.1:9002", "127.0.0.1:9003"]
    assert all("max_fails=1" in s[1] and "fail_timeout=5s" in s[1] for s in servers)
    assert "listen 127.0.0.1:8600;" in conf
    # replica names for the X-TTDN-Replica header, 1-based in port order
    # (the last address tried: a request retried on another replica lists both)
    names = _block(conf, "map $upstream_addr $ttdn_replica")
    assert re.findall(r'"~\(\^\|\\s\)127\\\.0\\\.0\\\.1:(\d+)\$" "(\d)"', names) == [
        ("9001", "1"),
        ("9002", "2"),
        ("9003", "3"),
    ]


def test_config_sticky_by_a_cookie_the_proxy_sets(tmp_path):
    conf = serve.nginx_config("127.0.0.1", 8600, [9001, 9002], tmp_path)
    assert not re.search(
        r"^\s*ip_hash", conf, re.M
    )  # every client behind one NAT would land on one replica
    # no cookie: the balanced group, least connections counted across nginx's workers
    upstream = _block(conf, "upstream ttdn_replicas")
    assert "least_conn;" in upstream and "zone ttdn_replicas 64k;" in upstream
    assert "hash " not in upstream
    route = _block(conf, "map $cookie_ttdn_route $ttdn_upstream")
    assert re.findall(r'"(\d)" (ttdn_replica_\d);', route) == [
        ("1", "ttdn_replica_1"),
        ("2", "ttdn_replica_2"),
    ]
    assert re.search(r"default\s+ttdn_replicas;", route)  # no cookie, or an unknown one
    # a replica's own group: itself first, the others only while it is down
    for name, first, other in (("1", 9001, 9002), ("2", 9002, 9001)):
        pinned = _block(conf, f"upstream ttdn_replica_{name}")
        servers = re.findall(r"^\s*server (\S+) (.*);$", pinned, re.M)
        assert servers == [
            (f"127.0.0.1:{first}", "max_fails=1 fail_timeout=5s"),
            (f"127.0.0.1:{other}", "max_fails=1 fail_timeout=5s backup"),
        ]
    # every answer names the replica that gave it; none when no replica answered
    cookie = _block(conf, "map $ttdn_replica $ttdn_route_cookie")
    assert re.search(r'""\s+"";', cookie)
    assert '"ttdn_route=$ttdn_replica; Path=/; HttpOnly; SameSite=Lax"' in cookie
    assert "add_header Set-Cookie $ttdn_route_cookie always;" in conf
    assert conf.count("proxy_pass http://$ttdn_upstream;") == 2  # pages and the websocket


def test_config_websocket_upgrade_and_error_page(tmp_path):
    conf = serve.nginx_config("127.0.0.1", 8600, [9001], tmp_path)
    assert "proxy_http_version 1.1;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Connection $connection_upgrade;" in conf
    upgrade = _block(conf, "map $http_upgrade $connection_upgrade")
    assert re.search(r"default\s+upgrade;", upgrade)
    # the Origin check of Streamlit compares Origin with Host: keep the port
    assert "proxy_set_header Host $http_host;" in conf
    stream = _block(conf, "location = /_stcore/stream")
    assert "proxy_pass http://$ttdn_upstream;" in stream
    assert "proxy_read_timeout 1d;" in stream
    assert "error_page 502 503 504 =503 /_ttdn/unavailable.html;" in conf
    page = _block(conf, "location = /_ttdn/unavailable.html")
    assert "internal;" in page
    assert f"alias {tmp_path}/unavailable.html;" in page
    assert 'Retry-After "15"' in page


def test_config_ipv6_listen_is_bracketed(tmp_path):
    assert "listen [::1]:8600;" in serve.nginx_config("::1", 8600, [9001], tmp_path)


def test_unavailable_page_in_both_languages():
    page = serve.unavailable_page()
    vi, en = page.index('lang="vi"><h1>'), page.index('lang="en"><h1>')
    assert vi < en  # Vietnamese first
    assert t("serve.unavailable.title", "vi") in page
    assert t("serve.unavailable.title", "en") in page
    assert t("serve.unavailable.body", "en", seconds=15) in page
    assert '<meta http-equiv="refresh" content="15">' in page
    assert '<meta charset="utf-8">' in page


@needs_nginx
def test_generated_config_passes_nginx_t(tmp_path):
    conf = serve.write_run_dir(tmp_path, "127.0.0.1", 8600, [9001, 9002])
    ok, message = serve.check_config(NGINX, conf)
    assert ok, message


class _Replica:
    """A stand-in replica: an HTTP server on 127.0.0.1 answering 200 with its name."""

    def __init__(self, port: int, name: str):
        import http.server
        import threading

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                body = name.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def _get(url: str, cookie: str | None = None) -> tuple[str, str, str]:
    """(body, X-TTDN-Replica, the route cookie set) of one request on a new connection."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with _NO_PROXY.open(request, timeout=5) as response:
        body = response.read().decode()
        set_cookie = response.headers.get("Set-Cookie") or ""
        return body, response.headers.get("X-TTDN-Replica", ""), set_cookie


@needs_nginx
def test_new_sessions_spread_evenly_and_stay_on_their_replica(tmp_path):
    port, p1, p2 = serve.free_ports(3)
    conf = serve.write_run_dir(tmp_path, "127.0.0.1", port, [p1, p2], access_log=False)
    replicas = {"1": _Replica(p1, "one"), "2": _Replica(p2, "two")}
    proc = serve.spawn(serve.Child("nginx", serve.nginx_command(NGINX, conf), tmp_path / "log"))
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 10
        while not serve.probe(url, 1):
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
        # 20 browsers without the cookie (new sessions), each on a new connection
        cookies: dict[str, str] = {}
        split = {"1": 0, "2": 0}
        for k in range(20):
            body, replica, set_cookie = _get(url)
            assert body == {"1": "one", "2": "two"}[replica]
            assert set_cookie.startswith(f"ttdn_route={replica}; Path=/; HttpOnly")
            split[replica] += 1
            cookies[f"browser {k}"] = f"ttdn_route={replica}"
        assert 8 <= split["1"] <= 12 and split["1"] + split["2"] == 20, split
        # sticky: each browser's later requests reach the replica its cookie names
        for cookie in cookies.values():
            for _ in range(3):
                body, replica, _ = _get(url, cookie)
                assert cookie == f"ttdn_route={replica}"
        # an old cookie of the former scheme (a request id) or a replica number that no
        # longer exists: treated as none
        for stale in ("ttdn_route=0f3a9c2e7b1d4a6f8e5c3b2a1d0f9e8c", "ttdn_route=7"):
            body, replica, set_cookie = _get(url, stale)
            assert replica in ("1", "2") and set_cookie.startswith(f"ttdn_route={replica};")
        # replica 1 down: its browsers reach replica 2, and their cookie now names it
        replicas["1"].stop()
        body, replica, set_cookie = _get(url, "ttdn_route=1")
        assert (body, replica) == ("two", "2")
        assert set_cookie.startswith("ttdn_route=2;")
    finally:
        serve.stop_processes([proc], grace=5)
        for replica in replicas.values():
            with contextlib.suppress(Exception):
                replica.stop()


@needs_nginx
def test_no_replica_up_gives_the_bilingual_page_not_a_bare_502(tmp_path):
    port, dead = serve.free_ports(2)
    conf = serve.write_run_dir(tmp_path, "127.0.0.1", port, [dead])
    child = serve.Child("nginx", serve.nginx_command(NGINX, conf), tmp_path / "nginx.log")
    proc = serve.spawn(child)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                _NO_PROXY.open(f"http://127.0.0.1:{port}/kham-pha?nam=2020", timeout=2)
                raise AssertionError("expected an error status")
            except urllib.error.HTTPError as error:
                status, headers, body = error.code, error.headers, error.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        assert status == 503
        assert headers["Retry-After"] == "15"
        assert headers["Content-Type"].startswith("text/html")
        assert t("serve.unavailable.title", "vi") in body
        assert t("serve.unavailable.title", "en") in body
        workers = descendants(proc.pid)
        assert workers  # nginx's workers, to check they go too
    finally:
        serve.stop_processes([proc], grace=5)
    assert not alive([proc.pid, *workers])


# processes ----------------------------------------------------------------------


def test_stop_processes_ends_the_whole_group(tmp_path):
    """A child that ignores SIGTERM and has children of its own: all gone after stop."""
    script = "trap '' TERM; sleep 60 & sleep 60 & wait"
    child = serve.Child("stubborn", ["sh", "-c", script], tmp_path / "c.log")
    proc = serve.spawn(child)
    deadline = time.monotonic() + 5
    while len(descendants(proc.pid)) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    grandchildren = descendants(proc.pid)
    began = time.monotonic()
    serve.stop_processes([proc], grace=1)
    assert time.monotonic() - began < 8
    assert proc.returncode is not None
    # SIGKILL is delivered, not waited for: a grandchild may take a moment to be torn down
    deadline = time.monotonic() + 3
    while alive([proc.pid, *grandchildren]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive([proc.pid, *grandchildren])


def test_child_dies_with_the_supervisor(tmp_path):
    """PR_SET_PDEATHSIG: a supervisor killed with SIGKILL does not leave its children."""
    code = (
        "import sys, time; from pathlib import Path; from ttdn import serve\n"
        f"c = serve.Child('x', ['sleep', '60'], Path({str(tmp_path / 'x.log')!r}))\n"
        "p = serve.spawn(c); print(p.pid, flush=True); time.sleep(60)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    child_pid = int(parent.stdout.readline())
    assert alive([child_pid])
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while alive([child_pid]):
        assert time.monotonic() < deadline, "the child outlived its supervisor"
        time.sleep(0.05)


class FakeProc:
    _next_pid = 1000

    def __init__(self):
        FakeProc._next_pid += 1
        self.pid = FakeProc._next_pid
        self.code = None

    def poll(self):
        return self.code


class Harness:
    """A supervisor on a fake clock, fake processes and a scripted health check."""

    def __init__(self, names=("replica 1", "replica 2"), **options):
        self.now = 0.0
        self.spawned: list[tuple[str, FakeProc]] = []
        self.stopped: list[FakeProc] = []
        self.healthy: dict[str, bool] = {}
        self.cpu = 0.0  # CPU seconds every fake process has used (constant: not busy)
        self.logs: list[str] = []
        self.children = [
            serve.Child(name, ["x"], "/dev/null", health_url=name if "replica" in name else None)
            for name in names
        ]
        self.sup = serve.Supervisor(
            self.children,
            spawn=self._spawn,
            probe=lambda url: self.healthy.get(url, True),
            stop=self._stop,
            cpu=lambda pid: self.cpu,
            clock=lambda: self.now,
            log=self.logs.append,
            **options,
        )

    def _spawn(self, child):
        proc = FakeProc()
        self.spawned.append((child.name, proc))
        return proc

    def _stop(self, procs):
        for proc in procs:
            proc.code = -15
            self.stopped.append(proc)

    def at(self, seconds: float) -> None:
        self.now = seconds
        self.sup.tick()

    def starts(self, name: str) -> int:
        return sum(1 for n, _ in self.spawned if n == name)

    def child(self, name: str) -> serve.Child:
        return next(c for c in self.children if c.name == name)


def test_supervisor_starts_everything_then_restarts_a_dead_replica_at_once():
    h = Harness()
    h.at(0)
    assert [n for n, _ in h.spawned] == ["replica 1", "replica 2"]
    h.child("replica 1").proc.code = -9  # killed
    h.at(1)
    assert h.starts("replica 1") == 2 and h.starts("replica 2") == 1
    assert any("replica 1 exited with code -9" in line for line in h.logs)
    assert h.child("replica 1").proc.poll() is None


def test_supervisor_backs_off_when_a_replica_keeps_dying():
    h = Harness(names=("replica 1",), backoff_max=30, window=60)
    h.at(0)
    # exits at t=1, 2, 4 …: restarts at once, then after 1 s, 2 s, 4 s
    h.child("replica 1").proc.code = 1
    h.at(1)
    assert h.starts("replica 1") == 2  # first exit: at once
    h.child("replica 1").proc.code = 1
    h.at(2)  # second exit within the window: wait 1 s
    assert h.starts("replica 1") == 2
    h.at(2.9)
    assert h.starts("replica 1") == 2
    h.at(3.0)
    assert h.starts("replica 1") == 3
    h.child("replica 1").proc.code = 1
    h.at(3.5)  # third: wait 2 s
    h.at(5.4)
    assert h.starts("replica 1") == 3
    h.at(5.5)
    assert h.starts("replica 1") == 4
    # after a quiet minute the count starts over: at once again
    h.child("replica 1").proc.code = 1
    h.at(200)
    assert h.starts("replica 1") == 5


def test_supervisor_kills_and_restarts_a_replica_that_stops_answering():
    h = Harness(names=("replica 1",), check_every=5, unhealthy_after=4, start_grace=90)
    h.at(0)
    h.at(1)  # first check: healthy
    assert h.child("replica 1").healthy
    first = h.child("replica 1").proc
    h.healthy["replica 1"] = False  # hung: the process lives, health fails
    for moment in (6, 11, 16):
        h.at(moment)
    assert h.stopped == [] and h.starts("replica 1") == 1  # 3 failures: not yet
    h.at(21)  # 4th failure in a row: killed and started again at once
    assert h.stopped == [first]
    assert h.starts("replica 1") == 2
    assert h.child("replica 1").proc is not first
    assert any("failed 4 health checks in a row" in line for line in h.logs)


def test_supervisor_leaves_a_busy_replica_alone_for_a_while():
    """Slow health answers while the process burns CPU: reruns queued, not a hang."""
    h = Harness(names=("replica 1",), check_every=5, unhealthy_after=4, busy_cpu=1.0, busy_limit=60)
    h.at(0)
    h.at(1)  # healthy
    h.healthy["replica 1"] = False
    for moment in (6, 11, 16, 21, 26, 31):  # failing, but 2 s of CPU more each time
        h.cpu += 2.0
        h.at(moment)
    assert h.stopped == [] and h.starts("replica 1") == 1
    assert any("busy" in line and "not restarted" in line for line in h.logs)
    h.healthy["replica 1"] = True  # it caught up: the streak ends
    h.at(36)
    h.healthy["replica 1"] = False
    for moment in (41, 46, 51, 56):  # a new streak, and this time no CPU used: hung
        h.at(moment)
    assert len(h.stopped) == 1 and h.starts("replica 1") == 2


def test_supervisor_kills_a_busy_replica_after_the_busy_limit():
    h = Harness(names=("replica 1",), check_every=5, unhealthy_after=4, busy_cpu=1.0, busy_limit=60)
    h.at(0)
    h.at(1)
    h.healthy["replica 1"] = False
    moment = 1
    while not h.stopped:
        moment += 5
        h.cpu += 2.0
        h.at(moment)
        assert moment < 100
    assert moment - 6 >= 60  # failing (and busy) since t=6


def test_supervisor_gives_a_starting_replica_its_grace():
    h = Harness(names=("replica 1",), check_every=5, unhealthy_after=2, start_grace=30)
    h.healthy["replica 1"] = False  # never healthy: a slow start
    h.at(0)
    for moment in range(1, 30, 5):
        h.at(moment)
    assert h.stopped == []
    h.at(31)  # past the grace, still failing
    assert len(h.stopped) == 1


def test_supervisor_gives_up_on_nginx_that_keeps_exiting():
    h = Harness(names=("replica 1", "nginx"), give_up_after={"nginx": 3}, window=60)
    h.at(0)
    for moment in (1, 3, 6):
        h.child("nginx").proc.code = 1  # e.g. its port is taken
        h.at(moment)
        h.at(moment + 1.5)
    assert h.sup.failed and "nginx exited 3 times" in h.sup.failed
    assert h.child("nginx").proc is None  # not started again
    h.sup.stop()
    assert h.child("replica 1").proc is None and len(h.stopped) == 1


def test_supervisor_stop_stops_every_child():
    h = Harness(names=("replica 1", "replica 2", "nginx"))
    h.at(0)
    procs = [c.proc for c in h.children]
    h.sup.stop()
    assert h.stopped == procs
    assert all(c.proc is None for c in h.children)


# the reconnect notice -------------------------------------------------------------


def test_previous_session_id_from_the_subprotocol_header():
    assert previous_session_id(None) is None
    assert previous_session_id("streamlit") is None
    assert previous_session_id("streamlit, PLACEHOLDER_AUTH_TOKEN") is None
    assert previous_session_id("streamlit, 2|ab|cd, 9f1c-old") == "9f1c-old"
    assert previous_session_id("streamlit, , 9f1c-old") == "9f1c-old"


def test_reloaded_only_on_the_first_run_of_a_replacement_session():
    assert reloaded(True, "old-id", "new-id")
    assert not reloaded(True, "same-id", "same-id")  # resumed on the same replica
    assert not reloaded(True, None, "new-id")  # a first load or a reload by the user
    assert not reloaded(False, "old-id", "new-id")  # later runs of that session


# docs ---------------------------------------------------------------------------


def test_deploy_doc_is_in_the_readme_and_matches_the_generated_config(tmp_path):
    root = serve.ROOT
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "| `docs/deploy.md` |" in readme
    doc = (root / "docs" / "deploy.md").read_text(encoding="utf-8")
    conf = serve.nginx_config("127.0.0.1", 8600, [9001], tmp_path)
    for directive in (
        "least_conn;",
        "proxy_pass http://$ttdn_upstream;",
        "proxy_set_header Host $http_host;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "add_header Set-Cookie $ttdn_route_cookie always;",
        "error_page 502 503 504 =503 /_ttdn/unavailable.html;",
        "proxy_read_timeout 1d;",
    ):
        assert directive in conf and directive in doc, directive
    for section in ("systemd", "compose", "TLS", "one replica per core", "Several machines"):
        assert section in doc, section
