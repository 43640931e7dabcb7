"""`make bench-load`: many concurrent sessions over Streamlit's own websocket protocol.

    python -m ttdn.bench.load_ws [--quick] [--levels 1,10,25,50,100] [--targets ...]

No browser: each session is an asyncio task that speaks what Streamlit's frontend speaks
on ws://host/_stcore/stream (subprotocol "streamlit"; binary protobuf frames, BackMsg
up and ForwardMsg down, the classes shipped in streamlit.proto):

1. open: connect, send BackMsg.rerun_script (query string, page_name = the page's
   url path), read ForwardMsg until script_finished;
2. then `--changes` times: wait a think time, send rerun_script with another filter
   in the query string (nam=…, tinh=…, chude=…, as a link or the back button would),
   read until script_finished.

A rerun's time is from sending the BackMsg to script_finished. A session is *lost* when
its websocket closes or a run does not finish within --timeout; an *error* is an
exception or error box drawn by the page. Everything runs on 127.0.0.1.

Targets (each started fresh, over the 'national' dataset of ttdn.bench):
  ttdn-1     app.py, one `streamlit run` process, no proxy
  ttdn-2     app.py, `python -m ttdn.serve --replicas 2` (nginx, sticky cookie)
  bare-1     ttdn/bench/bare_app.py (one Plotly chart, same DuckDB file), one process
  bare-2     bare_app.py behind ttdn.serve --replicas 2

Hostile clients (on ttdn-1 and ttdn-2): malformed frames (garbage bytes, a text frame,
a valid BackMsg naming a missing page with a 64 KB query string, a half-sent HTTP
upgrade) and 1,000 websocket connections opened and dropped without a close frame.
After each: does /_stcore/health answer, does a normal session open the home page
without error, did a replica restart, how much memory did the server keep.

Results go to bench-load.json at the repository root and a table on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# the Streamlit imports (protos, filters) outside a server warn about a missing runtime
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

from ttdn import ROOT  # noqa: E402
from ttdn.bench import percentile  # noqa: E402

RESULTS = ROOT / "bench-load.json"
BARE_APP = Path(__file__).with_name("bare_app.py")
PAGES = ["tong-quan", "chu-de", "don-vi", "kinh-phi", "tien-do"]  # app.py url paths
LEVELS = (1, 10, 25, 50, 100)
TARGETS = ("ttdn-1", "ttdn-2", "bare-1", "bare-2")
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# the protocol -------------------------------------------------------------------


@dataclass
class RunReport:
    seconds: float = 0.0
    status: str = ""
    elements: dict = field(default_factory=dict)  # element type → count
    errors: list = field(default_factory=list)
    texts: list = field(default_factory=list)  # (type, text) of metrics / markdown / toasts


class Lost(Exception):
    """The websocket closed or a run did not finish in time."""


class StreamlitSession:
    """One browser tab's worth of Streamlit protocol."""

    def __init__(self, base_url: str, page_name: str = "", timeout: float = 120.0):
        parts = urllib.parse.urlsplit(base_url)
        self.ws_url = f"ws://{parts.netloc}/_stcore/stream"
        self.page_name = page_name
        self.timeout = timeout
        self.ws = None
        self.session_id = ""
        self.replica = ""

    async def connect(self, previous_session_id: str | None = None) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: F401 (import cost here)

        protocols = ["streamlit"]
        if previous_session_id:  # what the frontend sends when it reconnects
            protocols += ["PLACEHOLDER_AUTH_TOKEN", previous_session_id]
        self.ws = await connect(
            self.ws_url,
            subprotocols=protocols,  # the server selects the first
            max_size=2**28,
            open_timeout=self.timeout,
            close_timeout=2,
            proxy=None,
            ping_interval=None,
        )
        self.replica = self.ws.response.headers.get("X-TTDN-Replica", "")

    async def run(self, query_string: str = "") -> RunReport:
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        back = BackMsg()
        back.rerun_script.query_string = query_string
        back.rerun_script.page_name = self.page_name
        report = RunReport()
        began = time.perf_counter()
        try:
            await self.ws.send(back.SerializeToString())
            async with asyncio.timeout(self.timeout):
                while True:
                    data = await self.ws.recv()
                    msg = ForwardMsg()
                    msg.ParseFromString(data)
                    kind = msg.WhichOneof("type")
                    if kind == "new_session":
                        self.session_id = msg.new_session.initialize.session_id
                    elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                        element = msg.delta.new_element
                        what = element.WhichOneof("type")
                        report.elements[what] = report.elements.get(what, 0) + 1
                        if what == "exception":
                            report.errors.append(
                                f"{element.exception.type}: {element.exception.message}"[:300]
                            )
                        elif what == "alert" and element.alert.format == Alert.ERROR:
                            report.errors.append(element.alert.body[:300])
                        elif what == "metric":
                            report.texts.append(
                                ("metric", element.metric.label, element.metric.body)
                            )
                        elif what == "toast":
                            report.texts.append(("toast", element.toast.body))
                        elif what == "markdown" and len(report.texts) < 200:
                            report.texts.append(("markdown", element.markdown.body[:200]))
                    elif kind == "script_finished":
                        if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            continue
                        report.status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                        if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                            report.errors.append("compile error")
                        break
        except (ConnectionClosed, TimeoutError, OSError) as error:
            raise Lost(f"{type(error).__name__}: {error}"[:300]) from error
        report.seconds = time.perf_counter() - began
        return report

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()


# sessions -----------------------------------------------------------------------


def filter_queries(db: Path, count: int = 60) -> list[str]:
    """Query strings of `count` different filter states present in the data."""
    from ttdn.bench.pages import filter_states, options
    from ttdn.ui.filters import Filters, encode

    out = []
    for state in filter_states(options(db), count):
        filters = Filters(**{k: tuple(v) for k, v in state.items()})
        out.append(urllib.parse.urlencode({"lang": "vi", **encode(filters)}, doseq=True))
    return out


@dataclass
class SessionResult:
    open_s: float | None = None
    reruns: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    lost: str | None = None
    replica: str = ""


async def one_session(
    index: int,
    base_url: str,
    page: str,
    queries: list[str],
    changes: int,
    think: float,
    start_delay: float,
    timeout: float,
    rng: random.Random,
) -> SessionResult:
    result = SessionResult()
    await asyncio.sleep(start_delay)
    session = StreamlitSession(base_url, page, timeout)
    began = time.perf_counter()
    try:
        await session.connect()
        result.replica = session.replica
        report = await session.run("lang=vi")
        result.open_s = time.perf_counter() - began
        result.errors += report.errors
        for k in range(changes):
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            report = await session.run(queries[(index * changes + k) % len(queries)])
            result.reruns.append(report.seconds)
            result.errors += report.errors
    except Lost as error:
        result.lost = str(error)
    except Exception as error:  # a handshake refused etc.: the session is lost too
        result.lost = f"{type(error).__name__}: {error}"[:300]
    finally:
        await session.close()
    return result


def _ms(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    return round(percentile(values, 50) * 1000, 1), round(percentile(values, 95) * 1000, 1)


async def run_level(
    base_url: str,
    sessions: int,
    pages: list[str],
    queries: list[str],
    changes: int,
    think: float,
    ramp: float,
    timeout: float,
    seed: int = 5,
) -> dict:
    rng = random.Random(seed)
    began = time.perf_counter()
    results = await asyncio.gather(
        *(
            one_session(
                i,
                base_url,
                pages[i % len(pages)],
                queries,
                changes,
                think,
                ramp * i / max(1, sessions),
                timeout,
                random.Random(rng.random()),
            )
            for i in range(sessions)
        )
    )
    opens = [r.open_s for r in results if r.open_s is not None]
    reruns = [s for r in results for s in r.reruns]
    open_p50, open_p95 = _ms(opens)
    rerun_p50, rerun_p95 = _ms(reruns)
    per_replica: dict[str, int] = {}
    for r in results:
        if r.replica:
            per_replica[r.replica] = per_replica.get(r.replica, 0) + 1
    errors = [e for r in results for e in r.errors]
    lost = [r.lost for r in results if r.lost]
    return {
        "sessions": sessions,
        "reruns": len(reruns),
        "rerun_p50_ms": rerun_p50,
        "rerun_p95_ms": rerun_p95,
        "open_p50_ms": open_p50,
        "open_p95_ms": open_p95,
        "errors": len(errors),
        "lost_sessions": len(lost),
        "error_samples": sorted(set(errors))[:3],
        "lost_samples": sorted(set(lost))[:3],
        "sessions_per_replica": dict(sorted(per_replica.items())),
        "wall_s": round(time.perf_counter() - began, 1),
    }


# hostile clients ----------------------------------------------------------------


async def _malformed(base_url: str, timeout: float) -> dict:
    """Frames no frontend sends. Each case: did the server close this connection (as it
    should) and keep running."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    cases = {}
    ws_url = StreamlitSession(base_url).ws_url

    async def one(name: str, payload) -> None:
        try:
            async with connect(
                ws_url,
                subprotocols=["streamlit"],
                open_timeout=timeout,
                proxy=None,
                ping_interval=None,
            ) as ws:
                await ws.send(payload)
                try:
                    async with asyncio.timeout(10):
                        while True:
                            await ws.recv()
                except ConnectionClosed as closed:
                    cases[name] = f"closed by server ({closed.rcvd.code if closed.rcvd else '-'})"
                except TimeoutError:
                    cases[name] = "kept open (no reply in 10 s)"
        except Exception as error:
            cases[name] = f"{type(error).__name__}: {error}"[:200]

    await one("garbage bytes", os.urandom(4096))
    await one("text frame", "not a protobuf")
    await one("truncated protobuf", b"\x22\xff\xff\xff\x0f")
    # a valid BackMsg with nonsense inside: the app must answer, not crash
    weird = BackMsg()
    weird.rerun_script.page_name = "../../../../etc/passwd"
    weird.rerun_script.query_string = "nam=" + "9" * 65536 + "&tinh=%00%ff&donvi=" + "x" * 1000
    try:
        session = StreamlitSession(base_url, "../../../../etc/passwd", timeout)
        await session.connect()
        report = await session.run(weird.rerun_script.query_string)
        cases["valid BackMsg, missing page, 64 KB query"] = (
            f"answered: {report.status}, {len(report.errors)} error boxes"
        )
        await session.close()
    except Exception as error:
        cases["valid BackMsg, missing page, 64 KB query"] = f"{type(error).__name__}: {error}"[:200]
    # half an HTTP upgrade, then silence and a drop
    host, port = urllib.parse.urlsplit(base_url).hostname, urllib.parse.urlsplit(base_url).port
    try:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(b"GET /_stcore/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n")
        await writer.drain()
        await asyncio.sleep(1)
        writer.transport.abort()
        cases["half an HTTP upgrade, dropped"] = "sent and dropped"
    except Exception as error:
        cases["half an HTTP upgrade, dropped"] = f"{type(error).__name__}: {error}"[:200]
    return cases


async def _open_and_drop(base_url: str, count: int, parallel: int, budget: float) -> dict:
    """`count` websocket handshakes, each dropped at once without a close frame (the
    transport aborted), `parallel` at a time, within `budget` seconds."""
    ws_url = StreamlitSession(base_url).ws_url
    opened = failed = 0
    samples: set[str] = set()
    gate = asyncio.Semaphore(parallel)
    deadline = time.monotonic() + budget

    async def one() -> None:
        nonlocal opened, failed
        if time.monotonic() > deadline:
            return
        async with gate:
            try:
                ws = await connect(
                    ws_url,
                    subprotocols=["streamlit"],
                    open_timeout=30,
                    proxy=None,
                    ping_interval=None,
                )
                opened += 1
                ws.transport.abort()
            except Exception as error:
                failed += 1
                samples.add(f"{type(error).__name__}: {error}"[:120])

    began = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(count)))
    return {
        "connections": count,
        "opened": opened,
        "failed": failed,
        "failure_samples": sorted(samples)[:3],
        "seconds": round(time.perf_counter() - began, 1),
    }


def _health(base_url: str, timeout: float = 10.0) -> bool:
    try:
        with _NO_PROXY.open(base_url + "/_stcore/health", timeout=timeout) as response:
            return response.status == 200
    except Exception:
        return False


async def _normal_session(base_url: str, timeout: float) -> str:
    session = StreamlitSession(base_url, "tong-quan", timeout)
    try:
        await session.connect()
        report = await session.run("lang=vi")
        if report.errors:
            return f"errors: {report.errors[:2]}"
        return "ok" if report.elements.get("plotly_chart") else "no chart"
    except Exception as error:
        return f"{type(error).__name__}: {error}"[:200]
    finally:
        await session.close()


async def hostile(server: Server, drops: int, timeout: float) -> list[dict]:
    rows = []
    for case in ("malformed frames", f"{drops} connections opened and dropped"):
        rss_before = server.rss_mb()
        starts_before = server.starts()
        began = time.perf_counter()
        if case == "malformed frames":
            detail = await _malformed(server.url, timeout)
        else:
            detail = await _open_and_drop(server.url, drops, parallel=50, budget=300)
        seconds = round(time.perf_counter() - began, 1)
        await asyncio.sleep(1)
        healthy = await asyncio.to_thread(_health, server.url)
        normal = await _normal_session(server.url, timeout)
        rows.append(
            {
                "target": server.name,
                "case": case,
                "detail": detail,
                "seconds": seconds,
                "health_after": healthy,
                "normal_session_after": normal,
                "replica_restarts": server.starts() - starts_before,
                "rss_mb_before": rss_before,
                "rss_mb_after": server.rss_mb(),
                "ok": healthy and normal == "ok" and server.starts() == starts_before,
            }
        )
    return rows


# servers ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int | None) -> float | None:
    if not pid:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


class Server:
    """A target under test: one `streamlit run`, or `python -m ttdn.serve` (nginx)."""

    def __init__(self, name: str, app: Path, replicas: int, db: Path, run_dir: Path):
        self.name, self.app, self.replicas, self.db = name, app, replicas, db
        self.run_dir = run_dir / name
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, wait: float = 120.0) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "TTDN_DB": str(self.db)}
        env.pop("TTDN_RAISE", None)
        if self.replicas == 0:  # one process, no proxy
            from ttdn.serve import replica_command

            command = replica_command(self.app, self.port)
        else:
            command = [
                sys.executable,
                "-m",
                "ttdn.serve",
                "--replicas",
                str(self.replicas),
                "--port",
                str(self.port),
                "--app",
                str(self.app),
                "--db",
                str(self.db),
                "--run-dir",
                str(self.run_dir),
                "--no-access-log",
            ]
        with open(self.run_dir / "server.log", "ab") as out:
            self.proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.run_dir}/server.log")
            if self._ready():
                return
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} did not become healthy in {wait:.0f} s")

    def _state(self) -> dict:
        try:
            return json.loads((self.run_dir / "state.json").read_text())
        except (OSError, ValueError):
            return {}

    def _ready(self) -> bool:
        if self.replicas:
            children = [
                c for c in self._state().get("children", []) if c["name"].startswith("replica")
            ]
            if len(children) != self.replicas or not all(c["healthy"] for c in children):
                return False
        return _health(self.url, 2)

    def pids(self) -> list[int]:
        if not self.replicas:
            return [self.proc.pid] if self.proc else []
        return [
            c["pid"]
            for c in self._state().get("children", [])
            if c["name"].startswith("replica") and c["pid"]
        ]

    def starts(self) -> int:
        if not self.replicas:
            return 1 if self.proc and self.proc.poll() is None else 0
        return sum(
            c["starts"]
            for c in self._state().get("children", [])
            if c["name"].startswith("replica")
        )

    def rss_mb(self) -> float | None:
        values = [_rss_mb(p) for p in self.pids()]
        return round(sum(v for v in values if v), 1) if any(values) else None

    def events(self) -> list[str]:
        """The supervisor's log lines about exits, kills, restarts and busy replicas."""
        try:
            lines = (self.run_dir / "server.log").read_text(errors="replace").splitlines()
        except OSError:
            return []
        words = ("exited", "killed", "restarted", "busy", "giving up")
        return [
            line for line in lines if line.startswith("[serve") and any(w in line for w in words)
        ]

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGINT if self.replicas else signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None


def _cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


# main ---------------------------------------------------------------------------


def _fmt(value) -> str:
    return "" if value is None else (f"{value:,.0f}" if isinstance(value, float) else str(value))


def table(rows: list[dict]) -> str:
    head = [
        "target",
        "sessions",
        "rerun p50",
        "rerun p95",
        "open p50",
        "open p95",
        "err",
        "lost",
        "per replica",
        "cpu %",
        "cpu ms/run",
        "client cpu %",
    ]
    body = [
        [
            r["target"],
            str(r["sessions"]),
            _fmt(r["rerun_p50_ms"]),
            _fmt(r["rerun_p95_ms"]),
            _fmt(r["open_p50_ms"]),
            _fmt(r["open_p95_ms"]),
            str(r["errors"]),
            str(r["lost_sessions"]),
            ",".join(f"{k}:{v}" for k, v in r["sessions_per_replica"].items()),
            _fmt(r.get("server_cpu_percent")),
            _fmt(r.get("server_cpu_ms_per_run")),
            _fmt(r.get("client_cpu_percent")),
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    lines = [" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.rjust(w) for c, w in zip(b, widths, strict=True)) for b in body]
    return "\n".join(lines)


def checks(rows: list[dict], hostile_rows: list[dict]) -> list[dict]:
    out = []
    found = {(r["target"], r["sessions"]): r for r in rows}
    r = found.get(("ttdn-2", 25))
    if r:
        out.append(
            {
                "target": "2 replicas, 25 sessions: rerun p95 ≤ 1,000 ms",
                "value": r["rerun_p95_ms"],
                "ok": r["rerun_p95_ms"] is not None
                and r["rerun_p95_ms"] <= 1000
                and not r["lost_sessions"],
            }
        )
    for target in ("ttdn-1", "ttdn-2"):
        r = found.get((target, 100))
        if r:
            out.append(
                {
                    "target": f"{target}, 100 sessions: no error, no lost session",
                    "value": f"{r['errors']} errors, {r['lost_sessions']} lost",
                    "ok": r["errors"] == 0 and r["lost_sessions"] == 0,
                }
            )
    for h in hostile_rows:
        out.append(
            {
                "target": f"{h['target']}: {h['case']} — still healthy, a normal session works",
                "value": f"health {h['health_after']}, session {h['normal_session_after']}",
                "ok": h["ok"],
            }
        )
    return out


async def _bench(args, db: Path, run_dir: Path, events: dict) -> tuple[list[dict], list[dict]]:
    queries = filter_queries(db)
    rows: list[dict] = []
    hostile_rows: list[dict] = []
    apps = {"ttdn": ROOT / "app.py", "bare": BARE_APP}
    for target in args.targets:
        kind, replicas = target.split("-")
        server = Server(target, apps[kind], 0 if replicas == "1" else int(replicas), db, run_dir)
        print(f"… {target}: starting", file=sys.stderr, flush=True)
        server.start()
        try:
            pages = PAGES if kind == "ttdn" else [""]
            # warm-up: one session per page, not timed (imports, first queries)
            await run_level(server.url, len(pages), pages, queries, 1, 0.0, 0.0, args.timeout)
            for level in args.levels:
                pids = server.pids()
                cpu_before, began = _cpu_seconds(pids), time.perf_counter()
                client_before = sum(os.times()[:2])
                row = await run_level(
                    server.url,
                    level,
                    pages,
                    queries,
                    args.changes,
                    args.think,
                    args.ramp,
                    args.timeout,
                )
                busy = _cpu_seconds(pids) - cpu_before
                wall = time.perf_counter() - began
                row = {
                    "target": target,
                    **row,
                    "server_cpu_percent": round(100 * busy / wall, 0),
                    # replicas' CPU (all threads: scripts, DuckDB, event loop) per script
                    # run (each session's open and its reruns): the load-free cost figure
                    "server_cpu_ms_per_run": round(
                        1000 * busy / max(1, row["reruns"] + level - row["lost_sessions"]), 1
                    ),
                    "client_cpu_percent": round(
                        100 * (sum(os.times()[:2]) - client_before) / wall, 0
                    ),
                    "server_rss_mb": server.rss_mb(),
                }
                rows.append(row)
                print(table([row]).splitlines()[-1], file=sys.stderr, flush=True)
                await asyncio.sleep(args.pause)
            if kind == "ttdn" and args.drops:
                print(f"… {target}: hostile clients", file=sys.stderr, flush=True)
                hostile_rows += await hostile(server, args.drops, args.timeout)
        finally:
            server.stop()
            events[target] = server.events()
    return rows, hostile_rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ttdn.bench.load_ws", description=__doc__)
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)))
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--changes", type=int, default=3, help="filter changes per session")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between a session's reruns"
    )
    parser.add_argument("--ramp", type=float, default=2.0, help="seconds to start all sessions")
    parser.add_argument("--timeout", type=float, default=120.0, help="per run, seconds")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between levels")
    parser.add_argument("--drops", type=int, default=1000, help="hostile connections (0: skip)")
    parser.add_argument("--dataset", default="national", help="a dataset of ttdn.bench")
    parser.add_argument("--quick", action="store_true", help="levels 1,10,25; 200 drops")
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args(argv)
    if args.quick:
        args.levels, args.drops = "1,10,25", min(args.drops, 200)
    args.levels = [int(n) for n in args.levels.split(",") if n]
    args.targets = [t for t in args.targets.split(",") if t]
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown targets {unknown}; known: {', '.join(TARGETS)}")
    from ttdn.bench import build_info, dataset

    db = dataset(args.dataset)
    load_before = os.getloadavg()
    began = time.perf_counter()
    run_dir = Path(tempfile.gettempdir()) / "ttdn-bench-load"  # logs kept until the next run
    shutil.rmtree(run_dir, ignore_errors=True)
    events: dict[str, list[str]] = {}
    rows, hostile_rows = asyncio.run(_bench(args, db, run_dir, events))
    result = {
        "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
        "command": "python -m ttdn.bench.load_ws "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        },
        "caveat": "Times are wall clock on the machine as it was; the client runs on the same "
        "cores as the servers. Another load on the machine (see loadavg) inflates them.",
        "dataset": {"name": args.dataset, "path": str(db), **build_info(args.dataset)},
        "settings": {
            "levels": args.levels,
            "changes_per_session": args.changes,
            "think_s_mean": args.think,
            "think": "uniform 0.5×–1.5× the mean between a session's reruns",
            "ramp_s": args.ramp,
            "timeout_s": args.timeout,
            "pages": PAGES,
            "rerun": "BackMsg rerun_script sent → ForwardMsg script_finished received",
            "open": "websocket connect → script_finished of the first run",
        },
        "results": rows,
        "hostile": hostile_rows,
        "supervisor_events": events,
        "logs": str(run_dir),
        "checks": checks(rows, hostile_rows),
        "seconds": round(time.perf_counter() - began, 1),
    }
    Path(args.out).write_text(
        json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    print(table(rows))
    for check in result["checks"]:
        print(f"{'ok ' if check['ok'] else 'NO '} {check['target']}: {check['value']}")
    print(f"→ {args.out} ({result['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
