"""A page that a reader opens is sent in two parts: everything up to its first chart, then
a short pause, then the rest.

Why: the browser lays out every element that has arrived before it draws a chart (React
renders what came in one pass, and Plotly draws after that pass), so a page sent in one
burst showed its first chart only once all of it (cards, highlights, the tile map, the
filter bar) was laid out: 1.9× the time of a bare Streamlit page with one chart on the
national home page. Sent first and given a moment, the chart is drawn while the rest is
still on its way; the whole page is ready at about the same time as before (see
docs/deploy.md, "Browser speed").

When: the first run of a page in a session (a new tab, a link, the navigation), once, right
after its first chart (ttdn.ui.charts.show), before the deferred filter bar. A rerun of the
same page (a filter, a click, the language switch) does not pause: its elements are already
in the browser. The pause is TTDN_FIRST_CHART_PAUSE_MS milliseconds (default 300; 0 turns it
off, as the tests do). The server thread sleeps; it holds no lock and uses no CPU."""

from __future__ import annotations

import contextlib
import os
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

PAUSE_ENV = "TTDN_FIRST_CHART_PAUSE_MS"
DEFAULT_PAUSE_MS = 300
_LAST_PAGE = "_ttdn_pacing_page"  # the page of the session's last run
_DUE = "_ttdn_pacing_due"  # this run opened its page and has not paused yet
_LATER = "_ttdn_pacing_later"  # what the page draws after its first chart (later)


def pause_ms() -> int:
    """The pause in milliseconds (TTDN_FIRST_CHART_PAUSE_MS; a bad value is the default)."""
    raw = os.environ.get(PAUSE_ENV, "").strip()
    try:
        return max(0, int(raw)) if raw else DEFAULT_PAUSE_MS
    except ValueError:
        return DEFAULT_PAUSE_MS


def start(page_key: str) -> None:
    """At the start of a run (app.py): whether this run opens `page_key` (its url path)."""
    st.session_state[_DUE] = st.session_state.get(_LAST_PAGE) != page_key
    st.session_state[_LAST_PAGE] = page_key
    st.session_state.pop(_LATER, None)  # left by a run that stopped


def page_scope(page):
    """A context in which widgets are drawn as widgets of `page` (app.py, after page.run()):
    Streamlit's widget ids include the page's script hash, and drawn outside it the same
    control would be another widget than in a run that drew it inside the page. (This uses
    Streamlit's private run_with_active_hash; tests/test_filters.py fails if it goes.)"""
    ctx = get_script_run_ctx() if page is not None else None
    if ctx is None or not hasattr(page, "_script_hash"):
        return contextlib.nullcontext()
    return ctx.run_with_active_hash(page._script_hash)


def finish(page=None) -> None:
    """At the end of a run (app.py), also one that failed: what the page deferred and did
    not draw (no chart, or it stopped early) is drawn now, in the page's scope; and a page
    that drew no chart does not leave a pause due for a later partial run (a fragment)."""
    st.session_state.pop(_DUE, None)
    with page_scope(page):
        flush()


def later(draw) -> None:
    """Have `draw` (no arguments; it draws into a container the page made in its place)
    called after the page's first chart and its pause: the page's controls and cards above
    the chart, whose values the page already read from session state. Drawn at the latest
    by flush() before a page stops, or by finish() at the end of the run."""
    st.session_state.setdefault(_LATER, []).append(draw)


def flush() -> None:
    """Draw what later() deferred, once."""
    for draw in st.session_state.pop(_LATER, None) or ():
        draw()


def after_first_chart() -> None:
    """After a chart: pause once if this run opened its page (see the module docstring)."""
    if st.session_state.pop(_DUE, False):
        ms = pause_ms()
        if ms:
            time.sleep(ms / 1000)
    flush()
