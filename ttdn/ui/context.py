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
    if value is None:  # a link's ?lang=, as people write it: EN, en-US, English
        value = str(st.query_params.get("lang", "vi")).strip().lower()[:2]
    return value if value in LANGS else "vi"


def unknown_link_lang() -> str | None:
    """A link's ?lang= that names no language of the app (?lang=fr): said in a notice, not
    silently shown in Vietnamese."""
    raw = st.query_params.get("lang")
    if raw is None or str(raw).strip().lower()[:2] in LANGS:
        return None
    return str(raw)


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
    database = db()
    return _flags(str(database.path), database.signature)[0]


def is_synthetic() -> bool:
    database = db()
    return _flags(str(database.path), database.signature)[1]


@functools.lru_cache(maxsize=8)
def _flags(path: str, signature) -> tuple[bool, bool]:
    """(has data, is synthetic) of one database snapshot: asked on every rerun of every
    page, kept without st.cache_data's copy of the frames (the signature is the key, so a
    load that replaces the file is seen on the next rerun)."""
    if signature is None:
        return False, False
    frame = _cached("home_kpis", (), signature)
    data = not frame.empty and int(frame.iloc[0]["plans"]) > 0
    if not data:
        return False, False
    flag = _cached("synthetic_flag", (), signature)
    return True, bool(not flag.empty and flag.iloc[0]["synthetic"])
