"""`make serve REPLICAS=N PORT=P`: N Streamlit processes behind nginx, supervised.

    python -m ttdn.serve --replicas 2 --port 8600 [--host 127.0.0.1] [--db PATH]
                         [--app asgi.py] [--run-dir DIR] [--nginx /usr/sbin/nginx]

- N replicas: `streamlit run asgi.py` (app.py) on free ports of 127.0.0.1 only, all reading the
  same database file (TTDN_DB). ttdn.db reopens the file when a load swaps it, so each
  replica sees the new snapshot on its next rerun with no restart.
- nginx (from apt) in front, configured from a file generated into the run directory:
  sticky sessions by a cookie the proxy sets itself (``ttdn_route``, naming the replica
  that answered; a browser without it goes to the replica with the fewest connections,
  ``least_conn``, so new sessions spread evenly), the websocket upgrade for /_stcore/stream, passive health
  checks (max_fails / fail_timeout, the next replica on a refused connection) and a
  Vietnamese / English page (HTTP 503) when no replica answers, instead of a bare 502.
- A supervisor loop restarts a replica (or nginx) that exits, and one that stops
  answering /_stcore/health, with a backoff when it keeps dying.
- SIGINT (Ctrl-C), SIGTERM and SIGHUP stop everything: every child runs in its own
  process group, gets SIGTERM, then SIGKILL after a grace period, and is reaped. Each
  child also gets SIGTERM from the kernel if this process dies (PR_SET_PDEATHSIG).

The run directory (default: $TMPDIR/ttdn-serve-PORT) keeps nginx.conf, the error page,
the logs of every child and state.json (the pids and ports, rewritten on every change).
See docs/deploy.md for the reasons behind each choice.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import html
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ttdn import ROOT
from ttdn.i18n import t

ROUTE_COOKIE = "ttdn_route"
REPLICA_HEADER = "X-TTDN-Replica"
UNAVAILABLE_PATH = "/_ttdn/unavailable.html"
HEALTH_PATH = "/_stcore/health"
STREAM_PATH = "/_stcore/stream"
REFRESH_SECONDS = 15
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def log(message: str) -> None:
    print(f"[serve {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ports --------------------------------------------------------------------------


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """`count` distinct ports free on host right now (held open together so none repeats)."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind((host, 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def port_is_free(port: int, host: str) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


# configuration ------------------------------------------------------------------


def unavailable_page() -> str:
    """The page nginx returns when no replica answers: both languages, Vietnamese first,
    reloading itself every REFRESH_SECONDS (the text comes from ttdn/strings.csv)."""

    def block(lang: str) -> str:
        title = html.escape(t("serve.unavailable.title", lang))
        body = html.escape(t("serve.unavailable.body", lang, seconds=REFRESH_SECONDS))
        return f'<section lang="{lang}"><h1>{title}</h1><p>{body}</p></section>'

    title = html.escape(f"{t('serve.unavailable.title', 'vi')} / TTĐN")
    return (
        "<!doctype html>\n"
        '<html lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{REFRESH_SECONDS}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;"
        "padding:0 1rem;color:#262730}h1{font-size:1.4rem}section+section{margin-top:2rem;"
        "padding-top:1rem;border-top:1px solid #ddd;color:#555}</style>"
        f"</head><body>{block('vi')}{block('en')}</body></html>\n"
    )


def nginx_config(
    listen_host: str,
    listen_port: int,
    replica_ports: list[int],
    run_dir: Path,
    workers: int | str = "auto",
    access_log: bool = True,
) -> str:
    """nginx.conf for the proxy (a full file, nothing read from /etc/nginx)."""
    run = Path(run_dir)
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in replica_ports
    )
    # the last address tried is the one that answered (a retried request lists several)
    replica_names = "\n".join(
        f'        "~(^|\\s)127\\.0\\.0\\.1:{p}$" "{i}";'
        for i, p in enumerate(replica_ports, start=1)
    )
    routes = "\n".join(f'        "{i}" ttdn_replica_{i};' for i in range(1, len(replica_ports) + 1))
    pinned = "\n".join(
        f"    upstream ttdn_replica_{i} {{\n"
        + "".join(
            f"        server 127.0.0.1:{q} max_fails=1 fail_timeout=5s"
            + ("" if q == p else " backup")
            + ";\n"
            for q in [p, *(q for q in replica_ports if q != p)]
        )
        + "        keepalive 16;\n    }"
        for i, p in enumerate(replica_ports, start=1)
    )
    temp = "\n".join(
        f"    {kind}_temp_path {run}/tmp/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    access = f"access_log {run}/nginx-access.log combined buffer=64k flush=2s;"
    listen = f"[{listen_host}]" if ":" in listen_host else listen_host
    # Started by root, nginx would run its workers as `nobody`, who may not enter the run
    # directory (e.g. under a 0700 temp dir): run them as the user who ran `make serve`,
    # as nginx does anyway for any other user.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""# Generated by ttdn.serve at every start; edits are overwritten.
daemon off;
{user}worker_processes {workers};
worker_rlimit_nofile 16384;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;

events {{
    worker_connections 8192;
}}

http {{
    {access if access_log else "access_log off;"}
{temp}
    server_tokens off;
    default_type application/octet-stream;

    # Sticky sessions, spread evenly. Streamlit keeps a session's state in the process that
    # holds its websocket, so every request of one browser must reach the same replica. All
    # clients behind one NAT (or every test client on 127.0.0.1) share an address, so
    # ip_hash would pin them all to one replica. A request without the cookie goes to the
    # balanced group (least connections, counted across the workers: new sessions spread
    # evenly); every answer names the replica that gave it in the cookie; a request with
    # the cookie goes to that replica's own group, where the others are only its backup
    # (used while it is down; the cookie then names the one that answered).
    # Which replica answered (1..N), for the cookie, operators and tests; empty when none did.
    map $upstream_addr $ttdn_replica {{
{replica_names}
        default "";
    }}
    map $cookie_{ROUTE_COOKIE} $ttdn_upstream {{
{routes}
        default ttdn_replicas;
    }}
    map $ttdn_replica $ttdn_route_cookie {{
        ""      "";
        default "{ROUTE_COOKIE}=$ttdn_replica; Path=/; HttpOnly; SameSite=Lax";
    }}
    # Websocket upgrade for /_stcore/stream; plain requests keep upstream keepalive.
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ""      "";
    }}

    upstream ttdn_replicas {{
        zone ttdn_replicas 64k;
        least_conn;
{servers}
        keepalive 32;
    }}
{pinned}

    server {{
        listen {listen}:{listen_port};
        client_max_body_size 200m;

        proxy_http_version 1.1;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_connect_timeout 3s;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 0;

        add_header Set-Cookie $ttdn_route_cookie always;
        add_header {REPLICA_HEADER} $ttdn_replica always;

        # No replica answered (all down, starting or refusing): a clear page, not a bare 502.
        error_page 502 503 504 =503 {UNAVAILABLE_PATH};

        location / {{
            proxy_pass http://$ttdn_upstream;
        }}

        location = {STREAM_PATH} {{
            proxy_pass http://$ttdn_upstream;
            proxy_buffering off;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
        }}

        location = {UNAVAILABLE_PATH} {{
            internal;
            alias {run}/unavailable.html;
            default_type text/html;
            charset utf-8;
            add_header Cache-Control "no-store" always;
            add_header Retry-After "{REFRESH_SECONDS}" always;
        }}
    }}
}}
"""


def write_run_dir(
    run_dir: Path, listen_host: str, listen_port: int, replica_ports: list[int], **options
) -> Path:
    """Write nginx.conf and the error page into run_dir; return the config's path."""
    run = Path(run_dir)
    (run / "tmp").mkdir(parents=True, exist_ok=True)
    page = run / "unavailable.html"
    page.write_text(unavailable_page(), encoding="utf-8")
    conf = run / "nginx.conf"
    conf.write_text(
        nginx_config(listen_host, listen_port, replica_ports, run, **options), encoding="utf-8"
    )
    return conf


def find_nginx(explicit: str | None = None) -> str | None:
    if explicit:
        return explicit if Path(explicit).exists() else None
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx", "/usr/local/sbin/nginx"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def nginx_command(nginx: str, conf: Path) -> list[str]:
    run = conf.parent
    return [nginx, "-p", str(run), "-c", str(conf), "-e", str(run / "nginx-error.log")]


def check_config(nginx: str, conf: Path) -> tuple[bool, str]:
    done = subprocess.run(
        [*nginx_command(nginx, conf), "-t", "-q"], capture_output=True, text=True, timeout=30
    )
    return done.returncode == 0, (done.stderr or done.stdout).strip()


def replica_command(app: Path, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--browser.gatherUsageStats",
        "false",
    ]


# processes ----------------------------------------------------------------------


def _die_with_parent() -> None:  # pragma: no cover - runs in the child after fork
    """Ask the kernel to send SIGTERM to this child when the supervisor dies (Linux)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def spawn(child: Child) -> subprocess.Popen:
    """Start a child in its own process group (so a stop reaches its own children too),
    output to its log file."""
    log_file = open(child.log_path, "ab")  # noqa: SIM115 - handed to the child
    try:
        return subprocess.Popen(
            child.command,
            cwd=child.cwd,
            env=child.env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
    finally:
        log_file.close()


def probe(url: str, timeout: float = 5.0) -> bool:
    """True when url answers 200 within timeout."""
    try:
        with _NO_PROXY.open(url, timeout=timeout) as response:
            return response.status == 200
    except Exception:
        return False


def cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) a process has used so far, from /proc; None if unknown."""
    if not pid:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _signal_group(proc, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def stop_processes(procs: list, grace: float = 10.0) -> None:
    """SIGTERM every process group, wait up to `grace` seconds, SIGKILL what is left, and
    reap. nginx's master stops its workers on SIGTERM; the group kill catches strays."""
    live = [p for p in procs if p is not None]
    for proc in live:
        _signal_group(proc, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in live:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(max(0.0, deadline - time.monotonic()))
    for proc in live:
        _signal_group(proc, signal.SIGKILL)  # the group may hold children even if the
        with contextlib.suppress(subprocess.TimeoutExpired):  # leader has exited
            proc.wait(5)


@dataclass
class Child:
    """One supervised process: a replica (with a health URL) or nginx."""

    name: str
    command: list[str]
    log_path: Path
    env: dict | None = None
    cwd: Path | None = None
    health_url: str | None = None
    port: int | None = None
    proc: object = None  # subprocess.Popen (or a fake in tests)
    started_at: float = 0.0
    next_start: float = 0.0
    next_check: float = 0.0
    healthy: bool = False
    failures: int = 0  # consecutive failed health checks
    failing_since: float = 0.0  # when this streak of failures began
    cpu_at_failure: float | None = None  # the child's CPU time then
    busy_logged: bool = False
    starts: int = 0
    exits: list[float] = field(default_factory=list)  # recent exit times (for the backoff)

    @property
    def pid(self) -> int | None:
        return getattr(self.proc, "pid", None)


class Supervisor:
    """Keeps every child running. Call tick() in a loop; stop() ends everything.

    - a child that exited is started again: at once the first time, then after 1, 2, 4 …
      seconds (capped at backoff_max) while it keeps exiting within `window` seconds;
    - a child with a health URL that fails `unhealthy_after` checks in a row (checked
      every `check_every` seconds) is killed and restarted, once it has been healthy or
      has had `start_grace` seconds to start, unless it is busy rather than hung: a
      replica that used at least `busy_cpu` seconds of CPU since its checks began to
      fail is working through a queue of reruns (killing it would drop every session
      on it), and is left alone until it has failed for `busy_limit` seconds;
    - give_up_after: a child (e.g. nginx on a taken port) that exits this many times
      within `window` makes `failed` true, and the caller stops.
    """

    def __init__(
        self,
        children: list[Child],
        spawn: Callable[[Child], object] = spawn,
        probe: Callable[[str], bool] = probe,
        stop: Callable[[list], None] = stop_processes,
        cpu: Callable[[int | None], float | None] = cpu_seconds,
        clock: Callable[[], float] = time.monotonic,
        log: Callable[[str], None] = log,
        check_every: float = 5.0,
        unhealthy_after: int = 4,
        start_grace: float = 90.0,
        busy_cpu: float = 1.0,
        busy_limit: float = 300.0,
        backoff_max: float = 30.0,
        window: float = 60.0,
        give_up_after: dict[str, int] | None = None,
        on_change: Callable[[], None] | None = None,
    ):
        self.children = children
        self._spawn, self._probe, self._stop, self._cpu = spawn, probe, stop, cpu
        self._clock, self._log = clock, log
        self.busy_cpu = busy_cpu
        self.busy_limit = busy_limit
        self.check_every = check_every
        self.unhealthy_after = unhealthy_after
        self.start_grace = start_grace
        self.backoff_max = backoff_max
        self.window = window
        self.give_up_after = give_up_after or {}
        self.on_change = on_change or (lambda: None)
        self.failed: str | None = None

    def start(self, child: Child, now: float) -> None:
        child.proc = self._spawn(child)
        child.started_at = now
        child.next_check = now + 1.0
        child.healthy = False
        child.failures = 0
        child.starts += 1
        if child.starts > 1:
            self._log(f"{child.name} restarted (pid {child.pid}, start #{child.starts})")
        self.on_change()

    def _exited(self, child: Child, now: float, why: str) -> None:
        self._log(f"{child.name} {why}")
        child.proc = None
        child.healthy = False
        child.exits = [t for t in child.exits if now - t < self.window] + [now]
        recent = len(child.exits)
        limit = self.give_up_after.get(child.name)
        if limit and recent >= limit:
            self.failed = f"{child.name} exited {recent} times within {self.window:.0f} s"
        delay = 0.0 if recent <= 1 else min(self.backoff_max, 2.0 ** (recent - 2))
        child.next_start = now + delay
        self.on_change()

    def tick(self) -> None:
        now = self._clock()
        for child in self.children:
            if child.proc is not None:
                self._watch(child, now)
            if child.proc is None and now >= child.next_start and not self.failed:
                self.start(child, now)

    def _watch(self, child: Child, now: float) -> None:
        code = child.proc.poll()
        if code is not None:
            self._exited(child, now, f"exited with code {code}")
            return
        if child.health_url and now >= child.next_check:
            child.next_check = now + self.check_every
            if self._probe(child.health_url):
                if not child.healthy:
                    self._log(f"{child.name} healthy (pid {child.pid})")
                    child.healthy = True
                    self.on_change()
                child.failures = 0
                return
            if child.failures == 0:
                child.failing_since = now
                child.cpu_at_failure = self._cpu(child.pid)
                child.busy_logged = False
            child.failures += 1
            may_judge = child.healthy or now - child.started_at >= self.start_grace
            if child.failures < self.unhealthy_after or not may_judge:
                return
            used = self._cpu(child.pid)
            busy = (
                used is not None
                and child.cpu_at_failure is not None
                and used - child.cpu_at_failure >= self.busy_cpu
            )
            if busy and now - child.failing_since < self.busy_limit:
                if not child.busy_logged:
                    self._log(
                        f"{child.name} is slow to answer its health check but busy "
                        f"({used - child.cpu_at_failure:.1f} s of CPU): not restarted"
                    )
                    child.busy_logged = True
                return
            self._stop([child.proc])
            self._exited(child, now, f"failed {child.failures} health checks in a row; killed")

    def stop(self) -> None:
        procs = [c.proc for c in self.children if c.proc is not None]
        self._stop(procs)
        for child in self.children:
            child.proc = None
            child.healthy = False
        self.on_change()

    def all_healthy(self) -> bool:
        return all(c.proc is not None and (c.healthy or not c.health_url) for c in self.children)


# main ---------------------------------------------------------------------------


def write_state(path: Path, url: str, children: list[Child], run_dir: Path) -> None:
    state = {
        "url": url,
        "pid": os.getpid(),
        "run_dir": str(run_dir),
        "children": [
            {
                "name": c.name,
                "pid": c.pid,
                "port": c.port,
                "healthy": c.healthy,
                "starts": c.starts,
            }
            for c in children
        ],
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ttdn.serve", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes (≥ 1)")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's public port")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the proxy's listen address (0.0.0.0 to serve the network; see docs/deploy.md)",
    )
    parser.add_argument("--db", help="database file (default: TTDN_DB or data/ttdn.duckdb)")
    parser.add_argument(
        "--app", default=str(ROOT / "asgi.py"), help="the Streamlit script (asgi.py serves app.py)"
    )
    parser.add_argument("--run-dir", help="config, logs, state.json (default: a temp dir)")
    parser.add_argument("--nginx", help="nginx binary (default: found on PATH or /usr/sbin)")
    parser.add_argument("--no-access-log", action="store_true", help="for load tests")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")

    nginx = find_nginx(args.nginx)
    if nginx is None:
        print(
            "nginx not found. `make serve` installs it with apt; or: apt-get install nginx",
            file=sys.stderr,
        )
        return 2
    if not port_is_free(args.port, args.host):
        print(f"port {args.port} on {args.host} is in use; choose another PORT", file=sys.stderr)
        return 2
    app = Path(args.app).resolve()
    run_dir = Path(
        args.run_dir or Path(tempfile.gettempdir()) / f"ttdn-serve-{args.port}"
    ).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    ports = free_ports(args.replicas)
    conf = write_run_dir(run_dir, args.host, args.port, ports, access_log=not args.no_access_log)
    ok, message = check_config(nginx, conf)
    if not ok:
        print(f"nginx rejected {conf}:\n{message}", file=sys.stderr)
        return 2

    env = dict(os.environ)
    if args.db or env.get("TTDN_DB"):  # absolute: the replicas run in the app's folder
        env["TTDN_DB"] = str(Path(args.db or env["TTDN_DB"]).resolve())
    # One cookie secret for all replicas: XSRF tokens (uploads) stay valid when a
    # session moves to another replica.
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    env.pop("TTDN_RAISE", None)
    children = [
        Child(
            name=f"replica {i}",
            command=replica_command(app, port),
            log_path=run_dir / f"replica-{i}.log",
            env={**env, "TTDN_REPLICA": str(i)},
            cwd=app.parent,
            health_url=f"http://127.0.0.1:{port}{HEALTH_PATH}",
            port=port,
        )
        for i, port in enumerate(ports, start=1)
    ]
    children.append(
        Child(
            name="nginx",
            command=nginx_command(nginx, conf),
            log_path=run_dir / "nginx.log",
            port=args.port,
        )
    )
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    url = f"http://{shown_host}:{args.port}"
    state = run_dir / "state.json"
    supervisor = Supervisor(
        children,
        give_up_after={"nginx": 5},
        on_change=lambda: write_state(state, url, children, run_dir),
    )

    stopping: list[str] = []

    def on_signal(signum, frame):  # only a flag: a spawn is never cut in half
        stopping.append(signal.Signals(signum).name)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    log(
        f"{args.replicas} replica(s) on 127.0.0.1:{','.join(map(str, ports))}, "
        f"nginx on {args.host}:{args.port}; run dir {run_dir}"
    )
    db_shown = env.get("TTDN_DB") or "data/ttdn.duckdb"
    log(f"database {db_shown}; Ctrl-C stops everything")
    code = 0
    ready = False
    try:
        while not stopping:
            supervisor.tick()
            if supervisor.failed:
                log(f"giving up: {supervisor.failed} (see {run_dir}/nginx-error.log)")
                code = 1
                break
            if not ready and supervisor.all_healthy():
                ready = True
                log(f"ready: {url}")
            time.sleep(0.5)
        if stopping:
            log(f"{stopping[0]}: stopping")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup
        supervisor.stop()
        log("stopped; no process left")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
