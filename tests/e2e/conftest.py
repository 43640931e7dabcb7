"""Browser tests: `streamlit run asgi.py` (app.py, as `make run` serves it) on a free port against a database built
for the session, driven by headless Chromium (Debian's, not a Playwright download)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ttdn.screenshots import CHROMIUM_ARGS

APP = Path(__file__).resolve().parents[2]
SCREENSHOTS = APP / "tests" / "screenshots"
ARGS = CHROMIUM_ARGS  # the same flags as make screenshots


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": ARGS,
    }


@pytest.fixture(scope="session")
def default_db(tmp_path_factory) -> Path:
    """The five seed plans, built the way `make run` builds them."""
    db = tmp_path_factory.mktemp("e2e") / "default.duckdb"
    subprocess.run(
        [sys.executable, "-m", "ttdn", "build-default", "--db", str(db)], cwd=APP, check=True
    )
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db: Path):
    port = _free_port()
    env = {**os.environ, "TTDN_DB": str(db)}
    env.pop("TTDN_FIRST_CHART_PAUSE_MS", None)  # a page pauses after its chart, as it is served
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "asgi.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=APP,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url, deadline = f"http://127.0.0.1:{port}", time.time() + 60
    while True:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).status == 200:
                return proc, url
        except OSError:
            pass
        if time.time() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("streamlit did not become healthy")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def app_url(default_db):
    proc, url = start_app(default_db)
    yield url
    proc.terminate()
    proc.wait(10)


def wait_for_app(page) -> None:
    """Wait until the script run finished and nothing is loading."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=30000
    )
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30000
    )
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
