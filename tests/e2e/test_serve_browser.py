"""`make serve REPLICAS=2` end to end: nginx in front of two Streamlit replicas.

One server for the module, started as `make serve` starts it (python -m ttdn.serve);
the tests run in file order on it:
1. a browser opens a page through the proxy and sees a chart; every request of that
   browser went to one replica (the sticky cookie);
2. that replica is killed: the supervisor starts it again, the browser reconnects on
   its own, and at the user's next action the page reruns in a new session and says
   that the view was reloaded;
3. a plan is loaded into the database while serving: sessions on both replicas see it
   on their next rerun, with no restart;
4. SIGINT (Ctrl-C) stops everything and no process of ours is left.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import APP, screenshot, wait_for_app
from tests.processes import alive, descendants
from ttdn.i18n import t
from ttdn.serve import find_nginx

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        find_nginx() is None, reason="nginx is not installed (`make nginx` installs it with apt)"
    ),
]
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _state(run_dir: Path) -> dict:
    try:
        return json.loads((run_dir / "state.json").read_text())
    except (OSError, ValueError):
        return {}


def _replicas(run_dir: Path) -> dict[str, dict]:
    return {c["name"]: c for c in _state(run_dir).get("children", []) if c["name"] != "nginx"}


def _health(url: str) -> bool:
    try:
        with _NO_PROXY.open(url + "/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def served(default_db, tmp_path_factory):
    """`make serve REPLICAS=2 PORT=<free>` on a copy of the default database."""
    tmp = tmp_path_factory.mktemp("serve")
    db = tmp / "ttdn.duckdb"
    shutil.copy(default_db, db)
    run_dir = tmp / "run"
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ttdn.serve",
            "--replicas",
            "2",
            "--port",
            str(port),
            "--db",
            str(db),
            "--run-dir",
            str(run_dir),
        ],
        cwd=APP,
        env={k: v for k, v in os.environ.items() if k != "TTDN_RAISE"},
        stdout=open(tmp / "serve.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        replicas = _replicas(run_dir)
        if len(replicas) == 2 and all(r["healthy"] for r in replicas.values()) and _health(url):
            break
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("make serve did not come up:\n" + (tmp / "serve.log").read_text())
        time.sleep(0.3)
    yield {"proc": proc, "url": url, "run_dir": run_dir, "db": db, "tmp": tmp}
    if proc.poll() is None:  # a failed test left it running
        proc.send_signal(signal.SIGINT)
        proc.wait(30)


def test_a_page_through_the_proxy_shows_a_chart_and_sticks_to_one_replica(page, served):
    seen: set[str] = set()
    page.on("response", lambda r: seen.add(r.headers.get("x-ttdn-replica", "")))
    page.goto(served["url"] + "/chu-de")
    wait_for_app(page)
    page.wait_for_selector(CHART, timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    seen.discard("")
    assert len(seen) == 1, seen  # page, scripts, health pings: all on one replica
    assert cookies.get("ttdn_route") == next(iter(seen))  # the cookie names that replica
    screenshot(page, "serve-themes")


def test_a_dead_replica_is_restarted_and_the_page_says_it_reloaded(page, served):
    url, run_dir = served["url"], served["run_dir"]
    page.goto(url + "/chu-de")
    wait_for_app(page)
    page.wait_for_selector(CHART, timeout=30000)
    mine = page.request.get(url + "/_stcore/health").headers["x-ttdn-replica"]
    victim = _replicas(run_dir)[f"replica {mine}"]
    with page.expect_websocket(timeout=60000):  # the frontend reconnects by itself ...
        os.kill(victim["pid"], signal.SIGKILL)
    wait_for_app(page)
    # ... but reruns nothing until the user acts (it keeps the last view): act
    page.get_by_role("radio", name="English").click()
    toast = page.locator('[data-testid="stToast"]')
    toast.wait_for(timeout=30000)
    # the new session's language comes from the URL (lang=vi), the click may not count
    text = toast.inner_text()
    assert t("serve.reloaded", "vi") in text or t("serve.reloaded", "en") in text, text
    wait_for_app(page)
    page.wait_for_selector(CHART, timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "serve-reloaded")
    deadline = time.monotonic() + 60
    while True:
        restarted = _replicas(run_dir)[f"replica {mine}"]
        if restarted["starts"] == 2 and restarted["healthy"]:
            break
        assert time.monotonic() < deadline, restarted
        time.sleep(0.5)
    assert restarted["pid"] != victim["pid"]


def _new_plan(tmp: Path) -> Path:
    """A copy of a seed plan under another plan_id, as a folder of CSV files."""
    source = APP / "data" / "plans" / "DL-2024-143"
    target = tmp / "DL-2024-999"
    shutil.copytree(source, target)
    for csv in target.glob("*.csv"):
        csv.write_text(
            csv.read_text(encoding="utf-8").replace("DL-2024-143", "DL-2024-999"),
            encoding="utf-8",
        )
    return target


def test_a_load_while_serving_reaches_every_replica_without_restart(served):
    from ttdn.bench.load_ws import StreamlitSession

    url = served["url"]

    def plans(report) -> str:
        return next(text[2] for text in report.texts if text[:2] == ("metric", "Kế hoạch"))

    async def scenario():
        sessions = []
        for _ in range(24):  # random cookies: open sessions until both replicas hold one
            session = StreamlitSession(url, "tong-quan", timeout=60)
            await session.connect()
            report = await session.run("lang=vi")
            assert plans(report) == "5"
            sessions.append(session)
            if len({s.replica for s in sessions}) == 2:
                break
        assert {s.replica for s in sessions} == {"1", "2"}
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "ttdn", "load", "--db", str(served["db"]),
             str(_new_plan(served["tmp"]))],
            cwd=APP,
            capture_output=True,
            text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        after = []
        for session in sessions:  # the same sessions, their next rerun
            after.append((session.replica, plans(await session.run("lang=vi"))))
            await session.close()
        return after

    before = {name: r["starts"] for name, r in _replicas(served["run_dir"]).items()}
    # (the browser tests' Playwright keeps an event loop on this thread: use another)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        after = pool.submit(asyncio.run, scenario()).result(timeout=300)
    assert {count for _, count in after} == {"6"}, after
    starts = {name: r["starts"] for name, r in _replicas(served["run_dir"]).items()}
    assert starts == before  # no replica was restarted to see the new data


def test_ctrl_c_stops_everything(served):
    proc = served["proc"]
    ours = descendants(proc.pid)
    names = {open(f"/proc/{pid}/cmdline").read().split("\0")[0] for pid in ours}
    assert len(ours) >= 5, names  # 2 replicas, nginx master and its workers
    proc.send_signal(signal.SIGINT)
    assert proc.wait(30) == 0
    assert not alive(ours)
    assert not _health(served["url"])
    log = (served["tmp"] / "serve.log").read_text()
    assert "SIGINT: stopping" in log and "no process left" in log
