"""The "Tải báo cáo tóm tắt" button: the leaders' brief (ttdn.brief) of the current
filters — or of several sets side by side — as a .docx download.

Usage on a page::

    from ttdn.ui.brief_ui import brief_download_button

    brief_download_button(filters)                    # the current filters
    brief_download_button(filters_a, others=[filters_b])   # a comparison

The file is made only when the button is clicked (Streamlit's deferred download data),
so drawing the page costs nothing.
"""

from __future__ import annotations

import streamlit as st

from ttdn.ui.context import db, lang, tr


def _make(database, params: list[dict], language: str) -> bytes:
    """Runs outside the page script (on the click): no session state here."""
    from ttdn import queries
    from ttdn.brief import Entity, build_brief

    con = database.cursor()
    with con:
        queries.prepare(con)
        return build_brief(con, [Entity(p) for p in params], language)


def brief_download_button(filters, *, others=(), key: str = "brief_download") -> None:
    """A download button for the brief of `filters` (a ttdn.ui.filters.Filters), with
    `others` (more Filters) side by side when given."""
    language, database = lang(), db()
    params = [f.params() for f in (filters, *others)]
    st.download_button(
        tr("brief.download"),
        data=lambda: _make(database, params, language),
        file_name=f"{tr('brief.file')}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key=key,
        help=tr("brief.download_help"),
        icon=":material/description:",
        on_click="ignore",
    )
