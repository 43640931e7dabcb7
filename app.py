"""ttdn — entry point: page setup, language toggle and navigation."""

import logging
import os
from pathlib import Path

import streamlit as st

from ttdn.db import DatabaseUnreadable, default_db_path
from ttdn.ui import auth_view, chrome, filters, pacing, phone, urlstate
from ttdn.ui.context import is_synthetic, lang, tr, unknown_link_lang
from ttdn.ui.memory import freeze_once
from ttdn.ui.reconnect import notice_if_reloaded

ICON = Path(__file__).parent / "ttdn" / "assets" / "icon.png"

# the icon is a local file: a Material icon here would be fetched from the internet
st.set_page_config(page_title="TTĐN", page_icon=str(ICON), layout="wide")

if "lang" not in st.session_state:
    st.session_state.lang = lang()
    if unknown_link_lang() is not None:  # ?lang=fr: said, then shown in Vietnamese
        urlstate.ignored("lang", unknown_link_lang())
notice_if_reloaded()  # a replica died and this tab got a new session (docs/deploy.md)
with st.sidebar:
    # Streamlit's own words in VI, and every style sheet of the app in one element
    chrome.translate(st.session_state.lang or lang(), css=phone.CSS)
    st.segmented_control(
        tr("app.lang"),
        options=["vi", "en"],
        key="lang",
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
    )
if st.session_state.lang:
    st.query_params["lang"] = st.session_state.lang

auth_view.viewer_gate()  # sign-in first when the setting requires it for viewers too

pages = [
    # the default page is served at "/" (Streamlit gives it no path of its own), so the same
    # page is also registered, hidden, under its name: a link to /tong-quan opens it without
    # Streamlit's "Page not found" (page links to app_pages/home.py take the first, "/")
    st.Page(
        "app_pages/home.py",
        title=tr("nav.home"),
        icon=":material/home:",
        url_path="trang-chu",
        default=True,
    ),
    st.Page(
        "app_pages/home.py",
        title=tr("nav.home"),
        icon=":material/home:",
        url_path="tong-quan",
        visibility="hidden",
    ),
    st.Page(
        "app_pages/themes.py", title=tr("nav.themes"), icon=":material/sell:", url_path="chu-de"
    ),
    st.Page(
        "app_pages/units.py", title=tr("nav.units"), icon=":material/apartment:", url_path="don-vi"
    ),
    st.Page(
        "app_pages/budgets.py",
        title=tr("nav.budgets"),
        icon=":material/payments:",
        url_path="kinh-phi",
    ),
    st.Page(
        "app_pages/timelines.py",
        title=tr("nav.timelines"),
        icon=":material/event:",
        url_path="tien-do",
    ),
    st.Page(
        "app_pages/compare.py",
        title=tr("nav.compare"),
        icon=":material/compare_arrows:",
        url_path="so-sanh",
    ),
    st.Page(
        "app_pages/ranking.py",
        title=tr("nav.ranking"),
        icon=":material/leaderboard:",
        url_path="xep-hang",
    ),
    st.Page(
        "app_pages/compliance.py",
        title=tr("nav.compliance"),
        icon=":material/fact_check:",
        url_path="doi-chieu",
    ),
    st.Page(
        "app_pages/search.py", title=tr("nav.search"), icon=":material/search:", url_path="tra-cuu"
    ),
    st.Page(
        "app_pages/explore.py",
        title=tr("nav.explore"),
        icon=":material/query_stats:",
        url_path="kham-pha",
    ),
    st.Page(
        "app_pages/data.py", title=tr("nav.data"), url_path="du-lieu", icon=":material/upload_file:"
    ),
]
try:
    synthetic = is_synthetic()
except DatabaseUnreadable as error:  # TTDN_DB names a file DuckDB cannot open
    logging.getLogger("ttdn").warning("database unreadable: %s", error.detail)
    st.error(tr("loader.db_unreadable", name=default_db_path().name))
    st.stop()
if synthetic:
    st.warning(tr("app.synthetic_banner"))
page = st.navigation(pages)
if page.url_path == "tong-quan":  # the hidden alias of "/": mark Tổng quan as the open page
    st.html(
        "<style>[data-testid='stSidebarNavItems'] > li:first-child "
        "[data-testid='stSidebarNavLink']{background-color:rgba(169,169,162,0.25)}</style>"
    )
filters.forget_pending()  # a filter bar deferred by the last run, which stopped
pacing.start(page.url_path)  # a page opened: its first chart is sent before the rest
try:
    page.run()
    filters.draw_pending(page)
    pacing.finish(page)  # what the page deferred and did not draw
except Exception as error:  # a user never sees a traceback; the log keeps it
    if os.environ.get("TTDN_RAISE"):  # tests: fail loudly
        raise
    logging.getLogger("ttdn").exception("page failed")
    st.error(tr("app.error", error=f"{type(error).__name__}: {error}"), icon=":material/error:")
    filters.draw_pending(page)  # the reader can still change the filters
    pacing.finish(page)  # and the page's own controls
freeze_once()  # after the first run: later collections skip the modules (ttdn/ui/memory.py)
