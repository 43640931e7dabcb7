"""Garbage collection in a server process with many sessions.

Streamlit runs a full collection (``gc.collect(2)``, option ``runner.postScriptGC``) after
every script run. A full collection walks every object the process tracks, and most of them
are the modules imported once (Streamlit, pandas, Plotly, pyarrow, ttdn: about 140,000
objects) that never become garbage. Under load (make bench-load, 25 sessions) that walk was
more than half of a rerun's server CPU time (about 95 of 180 ms), paid with the GIL held,
so every other session waited for it. A bare one-chart page pays it too (about 75 ms).

``freeze_once()``, called at the end of app.py's run, moves every object alive after the
first run of a server process into the permanent generation (``gc.freeze()``), once:
later collections, Streamlit's after each run included, walk only what was made after it
(sessions, caches, the frames of a run), which are collected as before.

Not under AppTest (tests run many apps in one process, and objects frozen there would
never be collected): only in a real Streamlit server.

With the freeze, ``switch_interval()`` shortens the GIL's switch interval (see there).
"""

from __future__ import annotations

import gc
import os
import sys
import threading

_lock = threading.Lock()
_frozen = False


def in_server() -> bool:
    """True inside a Streamlit server (AppTest installs a stand-in Runtime)."""
    try:
        from streamlit import runtime
        from streamlit.runtime import Runtime

        return runtime.exists() and type(runtime.get_instance()) is Runtime
    except Exception:
        return False


def freeze_once(server: bool | None = None) -> bool:
    """Freeze the objects alive now, once per process, in a server; True when it did."""
    global _frozen
    if _frozen or not (in_server() if server is None else server):
        return False
    with _lock:
        if _frozen:
            return False
        gc.collect()  # what is garbage now is not kept forever
        gc.freeze()
        _frozen = True
    switch_interval()
    return True


SWITCH_INTERVAL = 0.001  # seconds; Python's default is 0.005


def switch_interval() -> float | None:
    """How often Python hands the GIL to another thread (sys.setswitchinterval), set once
    per server process (with the freeze): SWITCH_INTERVAL, or TTDN_SWITCH_INTERVAL in
    seconds ("0" or "off": Python's default). None when left as it was.

    A rerun releases the GIL hundreds of times (a socket write per element, DuckDB calls,
    file stats) and each time may wait up to the interval to get it back while another
    session's script or the event loop (which sends every element) holds it. At 0.001
    the server's CPU per run is the same, and a rerun's time at 25 sessions in one process
    halved in three paired runs of make bench-load (p50 2.26/2.17/1.97 s → 1.12/1.16/0.94 s,
    p95 3.50/3.07/2.78 → 2.91/2.18/2.57 s)."""
    value = os.environ.get("TTDN_SWITCH_INTERVAL", "").strip().lower()
    if value in ("0", "off", "none"):
        return None
    try:
        seconds = float(value) if value else SWITCH_INTERVAL
    except ValueError:
        seconds = SWITCH_INTERVAL
    if seconds <= 0:
        return None
    sys.setswitchinterval(seconds)
    return seconds
