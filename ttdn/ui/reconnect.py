"""A notice when a browser tab lost its server session and got a new one.

Streamlit's frontend reconnects its websocket by itself and, on a reconnect, sends the
id of the session it had as the third entry of the Sec-WebSocket-Protocol header
("streamlit, <xsrf token>, <last session id>"). A replica that still holds that session
resumes it (its session state is intact). A replica that does not (the old one died and
nginx sent the tab to another one, or it was restarted, or the session expired) starts
a new session: the first run of a session whose handshake names another session id is
exactly "the view was reloaded", and that is when the notice shows.

A first page load or a reload by the user sends no previous id, so no notice then.

When: Streamlit's frontend, once reconnected, keeps showing the last view and reruns
nothing until the user acts (a filter, the language, a page). That action is the new
session's first run: the view is rebuilt there (widget values come back from the
browser, filters from the URL), and that is when the notice shows.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from ttdn.ui.context import tr

_SEEN = "_ttdn_session_seen"


def previous_session_id(subprotocol_header: str | None) -> str | None:
    """The last session id the frontend sent in Sec-WebSocket-Protocol, if any."""
    if not subprotocol_header:
        return None
    entries = [value.strip() for value in subprotocol_header.split(",")]
    return entries[2] if len(entries) >= 3 and entries[2] else None


def reloaded(first_run: bool, previous: str | None, current: str | None) -> bool:
    return bool(first_run and previous and previous != current)


def notice_if_reloaded() -> None:
    """Call once per run from app.py: shows a toast on the first run of a session that
    replaced a lost one."""
    state = st.session_state
    if state.get(_SEEN):
        return
    state[_SEEN] = True
    header, current = None, None
    with contextlib.suppress(Exception):  # outside a server (AppTest) there is no handshake
        header = st.context.headers.get("Sec-WebSocket-Protocol")
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        current = ctx.session_id if ctx else None
    if reloaded(True, previous_session_id(header), current):
        st.toast(tr("serve.reloaded"), icon=":material/sync_problem:", duration="long")
