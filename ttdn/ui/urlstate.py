"""A page's own view choices in the link, in words that do not depend on the language.

The filter bar keeps the filters in the URL (ttdn.ui.filters); this keeps the rest of what
a reader chose on a page — the open tab, a segmented control, a switch — so that a copied
link reproduces the view and switching language keeps it::

    ?chude_xem=years            the open tab, by its key (themes.tab.years), not its label
    ?chude_do=share             a segmented control's option (its value, never its label)
    ?chude_tay=1                a switch that is on (absent: off)

A link written before keys were used (``?chude_xem=Theo năm``, ``?chude_xem=By year``)
still opens the tab: a tab's label in either language, with or without diacritics, is
read as its key. A value that names nothing is ignored: the default is shown, and a notice
above the widget says what was ignored (`?chude_xem=zzz`), once, for the link that said it.

Usage, around a widget whose options are language-independent values::

    metric = st.segmented_control(..., options=["count", "share"],
                                  default=urlstate.initial("chude_do", ["count", "share"],
                                                           "count", "themes_metric"),
                                  key="themes_metric")
    urlstate.keep("chude_do", metric, "count")
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ttdn.i18n import LANGS, t
from ttdn.text import fold_key

_WRITTEN = "_ttdn_url_{}"  # the value this session last wrote under a URL key
_SAID = "_ttdn_url_ignored"  # (key, value) of links already said to name nothing
ON = {"1", "true", "yes", "co", "on", "bat"}
OFF = {"0", "false", "no", "khong", "off", "tat"}


def _read(url_key: str) -> str | None:
    value = st.query_params.get(url_key)
    return value if isinstance(value, str) else None


def parse(raw: str | None, options: Sequence, labels: dict | None = None):
    """The option a URL value names: the option itself (as text, case and diacritics
    ignored) or one of its labels in any language (`labels`: option → [label, ...])."""
    if raw is None:
        return None
    wanted = fold_key(str(raw))
    for option in options:
        if fold_key(str(option)) == wanted:
            return option
    for option, names in (labels or {}).items():
        if any(fold_key(str(name)) == wanted for name in names):
            return option
    return None


def is_new(url_key: str, raw: str | None) -> bool:
    """The URL holds a value this session did not write (a link was opened)."""
    return raw is not None and raw != st.session_state.get(_WRITTEN.format(url_key))


def ignored(url_key: str, raw: str) -> None:
    """Say that a link's value names no choice (never a silent default); once, though a
    page may read the same key twice in a run."""
    from ttdn.ui.context import tr
    from ttdn.ui.filters import ignored_items
    from ttdn.ui.safe import md

    said = st.session_state.setdefault(_SAID, set())
    if (url_key, raw) in said:
        return
    said.add((url_key, raw))
    items = md(ignored_items([(url_key, raw)]))
    st.warning(tr("urlstate.ignored", items=items), icon=":material/link_off:")


def initial(url_key: str, options: Sequence, default, widget_key: str, labels=None):
    """The value a widget should show: the link's when the link is new, else the widget's
    own state (a reader's click), else the link's, else `default`. Sets the widget's state
    when a new link names another value than the one it holds."""
    raw = _read(url_key)
    from_url = parse(raw, options, labels)
    if raw is not None and from_url is None and is_new(url_key, raw):
        ignored(url_key, raw)
    held = st.session_state.get(widget_key)
    if from_url is not None and is_new(url_key, raw):
        if widget_key in st.session_state and held != from_url:
            st.session_state[widget_key] = from_url
        return from_url
    if held in options:
        return held
    return from_url if from_url is not None else default


def keep(url_key: str, value, default=None) -> None:
    """Write a choice into the URL (removed when it is the default or nothing)."""
    if value is None or value == default or value is False:
        if url_key in st.query_params:
            del st.query_params[url_key]
        st.session_state[_WRITTEN.format(url_key)] = None
        return
    text = "1" if value is True else str(value)
    if st.query_params.get(url_key) != text:
        st.query_params[url_key] = text
    st.session_state[_WRITTEN.format(url_key)] = text


def switch(url_key: str, widget_key: str) -> None:
    """Before drawing a switch (st.toggle(key=widget_key), no value=): a new link's value
    ("1", "true", "có" → on, anything else → off) becomes its state."""
    raw = _read(url_key)
    if raw is not None and is_new(url_key, raw):
        st.session_state[widget_key] = fold_key(raw) in ON
        if fold_key(raw) not in ON | OFF:
            ignored(url_key, raw)


def tab_labels(keys: Sequence[str], prefix: str) -> dict[str, list[str]]:
    """Each tab key's label in every language (to read old links and stale state)."""
    return {key: [t(f"{prefix}.tab.{key}", language) for language in LANGS] for key in keys}


def segmented(url_key: str, label: str, options: Sequence, *, default, key: str, **kwargs):
    """st.segmented_control whose choice is kept in the URL under `url_key` (by value)."""
    value = st.segmented_control(
        label, options, default=initial(url_key, options, default, key), key=key, **kwargs
    )
    keep(url_key, value, default)
    return value


def toggle(url_key: str, label: str, *, key: str, **kwargs) -> bool:
    """st.toggle kept in the URL under `url_key` ("1" when on, absent when off)."""
    switch(url_key, key)
    value = st.toggle(label, key=key, **kwargs)
    keep(url_key, bool(value))
    return bool(value)
