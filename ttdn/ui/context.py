"""Per-session context for pages: language, translation, database, queries."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from ttdn import queries
from ttdn.db import ReadOnlyDatabase, default_db_path
from ttdn.i18n import LANGS, fmt_date, fmt_int, t


@functools.cache
def database(path: str) -> ReadOnlyDatabase:
    """One per process and path (as st.cache_resource would keep it, without its
    argument hashing on each of the dozen calls of a rerun)."""
    return ReadOnlyDatabase(path)


def db() -> ReadOnlyDatabase:
    return database(str(default_db_path()))


def lang() -> str:
    value = st.session_state.get("lang")
    if value is None:
        value = st.query_params.get("lang", "vi")
    return value if value in LANGS else "vi"


def tr(key: str, **values) -> str:
    return t(key, lang(), **values)


def num(value) -> str:
    return fmt_int(value, lang())


def name_column(language: str | None = None) -> str:
    """The reference tables' name column (name_vi / name_en) in the current (or given)
    language."""
    return "name_en" if (language or lang()) == "en" else "name_vi"


def day(value) -> str:
    return fmt_date(value, lang())


def sheet_label(name: str) -> str:
    """A workbook sheet as the reader knows it: 'activities' is 'Hoạt động' in Vietnamese."""
    from ttdn.ingest.columns import sheet_for_name

    sheet = sheet_for_name(str(name))
    if sheet is None:
        return str(name)
    return sheet.label_vi if lang() == "vi" else sheet.key


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(name: str, frozen: tuple, signature) -> pd.DataFrame:
    with db().borrowed(queries.prepare) as con:
        if con is None:
            return pd.DataFrame()
        return queries.run(
            con, name, {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
        )


def run(name: str, **values) -> pd.DataFrame:
    """Run a named query with bound parameters; cached until the database file changes."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))
    return _cached(name, frozen, db().signature)


def has_data() -> bool:
    signature = db().signature
    if signature is None:
        return False
    frame = _cached("home_kpis", (), signature)
    return not frame.empty and int(frame.iloc[0]["plans"]) > 0


def is_synthetic() -> bool:
    if not has_data():
        return False
    frame = _cached("synthetic_flag", (), db().signature)
    return bool(not frame.empty and frame.iloc[0]["synthetic"])
