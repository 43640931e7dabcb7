"""Dữ liệu (Data): the list of sources (every plan loaded, its file, number and dates, with
CSV/Excel downloads: for every viewer), then load workbooks and plan documents, history,
downloads, delete and undo. Shown to everyone in the navigation; without an editor session
the tools are only the sign-in form (ttdn/ui/auth_view.editor_or_stop stops the run before
any action exists)."""

import streamlit as st

from ttdn.ui import auth_view, data_view
from ttdn.ui.context import tr

st.title(tr("data.title"))
data_view.sources_section()
auth_view.editor_or_stop()
st.caption(tr("data.intro"))
workbook, document, plans, log = st.tabs(
    [tr("data.tab.workbook"), tr("data.tab.document"), tr("data.tab.plans"), tr("data.tab.history")]
)
with workbook:
    data_view.workbook_section()
with document:
    data_view.document_section()
with plans:
    data_view.plans_section()
with log:
    data_view.history_section()
