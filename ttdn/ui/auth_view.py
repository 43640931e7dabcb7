"""Sign-in form, signed-in line with sign-out, and the optional gate for viewers."""

from __future__ import annotations

import streamlit as st

from ttdn import auth
from ttdn.ui.context import day, tr


def sign_in_form() -> None:
    """OIDC button when [auth] is configured, else the local account form. Messages for
    a wrong password, a locked account and an expired session."""
    if st.session_state.pop(auth.EXPIRED_KEY, False):
        st.warning(tr("auth.expired"), icon=":material/schedule:")
    if auth.oidc_configured():
        try:
            logged_in = bool(st.user.is_logged_in)
        except Exception:
            logged_in = False
        if logged_in:  # signed in with the provider, but no role here
            st.warning(tr("auth.no_role", name=st.user.get("email") or "?"))
            st.button(tr("auth.sign_out"), on_click=st.logout, key="auth_oidc_out")
        else:
            st.button(tr("auth.oidc_button"), on_click=st.login, key="auth_oidc_in")
        return
    if not auth.list_users():
        st.info(tr("auth.no_accounts"))
        return
    with st.form("auth_form"):
        st.subheader(tr("auth.title"))
        name = st.text_input(tr("auth.name"), key="auth_name")
        password = st.text_input(tr("auth.password"), type="password", key="auth_password")
        submitted = st.form_submit_button(tr("auth.submit"), type="primary")
    if submitted:
        result = auth.verify(name, password)
        if result.ok:
            auth.start_session(st.session_state, result.user)
            st.rerun()
        elif result.reason == "locked":
            until = result.locked_until
            st.error(tr("auth.locked", until=f"{until:%H:%M} {day(until)}"))
        else:
            st.error(tr("auth.wrong"))


def signed_in_line(user: auth.User) -> None:
    """Who is signed in, and a sign-out button (sidebar)."""
    with st.sidebar:
        st.caption(tr("auth.signed_in", name=user.name, role=user.role))
        if user.via == "oidc":
            st.button(tr("auth.sign_out"), on_click=st.logout, key="auth_sign_out")
        elif st.button(tr("auth.sign_out"), key="auth_sign_out"):
            auth.end_session(st.session_state)
            st.rerun()


def viewer_gate() -> None:
    """In app.py before st.navigation: when sign-in is required, stop here without a
    session (any role)."""
    user = auth.current_user()
    if user is not None and user.role:
        signed_in_line(user)
        return
    if auth.require_login():
        st.title(tr("app.title"))
        st.info(tr("auth.required"))
        sign_in_form()
        st.stop()


def editor_or_stop() -> auth.User:
    """The editor of this run; otherwise the sign-in form and st.stop()."""
    user = auth.has_role("editor")
    if user is not None:
        return user
    current = auth.current_user()
    if current is not None:
        st.warning(tr("auth.not_editor", name=current.name, role=current.role))
    else:
        st.info(tr("auth.need_editor"), icon=":material/lock:")
        sign_in_form()
    st.stop()


def refuse_unless_editor() -> auth.User | None:
    """Right before an action: the editor, or an error shown and None."""
    user = auth.has_role("editor")
    if user is None:
        st.error(tr("auth.refused"))
    return user
