"""The one filter bar, the same on every analysis page, kept in the URL.

Usage on a page::

    from ttdn.ui.filters import filter_bar

    filters = filter_bar()                      # draws the bar in the sidebar
    frame = run("my_query", **filters.params())  # years, provinces, province_mode,
                                                 # levels, themes, units

``filter_bar()`` returns a frozen :class:`Filters`; ``params()`` gives the
parameters every query built on the ``f_plans`` / ``f_activities`` macros
declares, ``is_empty()`` says whether nothing is filtered.

Query string (hand-synced with ``st.query_params``; ``lang`` and any other
parameter are left alone; an empty filter removes its key)::

    nam=2020,2021          years (a range 2016-2020 is read too)
    tinh=Hà Tĩnh,Hà Nội    provinces: canonical names as written, or the 34
                           provinces after 2025 when tinh2025=1
    tinh2025=1             province_mode '2025' (absent: 'written')
    cap=tỉnh,trung ương    issuer levels
    chude=tap_huan,so_hoa  theme codes
    donvi=Sở Ngoại vụ&donvi=Các sở, ban, ngành
                           canonical unit names, one repeated key per unit
                           (unit names contain commas)

A copied link or a reload reproduces the view; moving to another page keeps
the filters (the last state is kept in session state and written back to the
URL when navigation dropped it). A link is read the way people write it: case,
diacritics and spacing do not matter ("?tinh=Ha Tinh"), province aliases count ("TP HCM"),
a theme may be named; what matches nothing is ignored and a notice lists it.

Widget keys (for AppTest: ``at.multiselect(key="flt_years")`` ...)::

    flt_years      multiselect of int years
    flt_p2025      toggle: provinces as the 34 after 2025
    flt_provinces  multiselect of province names (depends on flt_p2025)
    flt_levels     multiselect of issuer levels ('trung ương', 'tỉnh', 'sở', 'huyện')
    flt_themes     multiselect of theme codes (labels in the current language)
    flt_units      multiselect of canonical unit names
    flt_clear      button: clear every filter
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from ttdn.i18n import t
from ttdn.text import fold_key, vi_sort_key
from ttdn.ui import pacing
from ttdn.ui.context import db, lang, run, tr
from ttdn.ui.safe import md

# query-string keys
Q_YEARS, Q_PROVINCES, Q_MODE, Q_LEVELS, Q_THEMES, Q_UNITS = (
    "nam",
    "tinh",
    "tinh2025",
    "cap",
    "chude",
    "donvi",
)
QUERY_KEYS = (Q_YEARS, Q_PROVINCES, Q_MODE, Q_LEVELS, Q_THEMES, Q_UNITS)

# widget keys
K_YEARS, K_MODE, K_PROVINCES, K_LEVELS, K_THEMES, K_UNITS, K_CLEAR = (
    "flt_years",
    "flt_p2025",
    "flt_provinces",
    "flt_levels",
    "flt_themes",
    "flt_units",
    "flt_clear",
)
WIDGET_KEYS = (K_YEARS, K_MODE, K_PROVINCES, K_LEVELS, K_THEMES, K_UNITS)

_STATE = "_ttdn_filters"  # last state written to the URL (encoded form)
_CHANGED = "_ttdn_filters_changed"  # set by the widgets' on_change
_IGNORED = "_ttdn_filters_ignored"  # (key, value) of the last link that matched nothing
_PENDING = "_ttdn_filters_pending"  # a deferred bar: its place and what it draws


@dataclass(frozen=True)
class Filters:
    years: tuple[int, ...] = ()
    provinces: tuple[str, ...] = ()
    province_mode: str = "written"  # 'written' | '2025'
    levels: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    units: tuple[str, ...] = ()

    def params(self) -> dict:
        """Keyword arguments for ``run(name, **filters.params())``."""
        return {
            "years": list(self.years),
            "provinces": list(self.provinces),
            "province_mode": self.province_mode,
            "levels": list(self.levels),
            "themes": list(self.themes),
            "units": list(self.units),
        }

    def plan_params(self) -> dict:
        """Only the parameters of ``f_plans`` (years, provinces, province_mode, levels)."""
        params = self.params()
        del params["themes"], params["units"]
        return params

    def is_empty(self) -> bool:
        return not (self.years or self.provinces or self.levels or self.themes or self.units)

    def query(self) -> dict[str, str | list[str]]:
        """The query-string form (only the keys that filter something)."""
        return encode(self)


def encode(filters: Filters) -> dict[str, str | list[str]]:
    out: dict[str, str | list[str]] = {}
    if filters.years:
        out[Q_YEARS] = ",".join(str(y) for y in filters.years)
    if filters.provinces:
        out[Q_PROVINCES] = ",".join(filters.provinces)
    if filters.province_mode == "2025":
        out[Q_MODE] = "1"
    if filters.levels:
        out[Q_LEVELS] = ",".join(filters.levels)
    if filters.themes:
        out[Q_THEMES] = ",".join(filters.themes)
    if filters.units:
        out[Q_UNITS] = list(filters.units) if len(filters.units) > 1 else filters.units[0]
    return out


def _split(values: list[str], comma: bool = True) -> list[str]:
    out: list[str] = []
    for value in values:
        parts = value.split(",") if comma else [value]
        for part in parts:
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def _years(values: list[str], rejected: list[str] | None = None) -> list[int]:
    out: list[int] = []
    for part in _split(values):
        try:
            if "-" in part[1:]:
                lo, hi = (int(x) for x in part.split("-", 1))
                years = range(min(lo, hi), max(lo, hi) + 1) if abs(hi - lo) <= 100 else []
            else:
                years = [int(part)]
        except ValueError:
            years = []
        if not years and rejected is not None:
            rejected.append(part)
        out.extend(y for y in years if y not in out)
    return out


def decode(params) -> Filters:
    """Filters from a query-params mapping (``st.query_params`` or a dict of str / list)."""
    return decode_reporting(params)[0]


def decode_reporting(params) -> tuple[Filters, list[tuple[str, str]]]:
    """decode(), and the (key, value) pairs that could not be read (a year 'abc')."""

    def get_all(key: str) -> list[str]:
        if hasattr(params, "get_all"):
            return [str(v) for v in params.get_all(key)]
        value = params.get(key)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]

    mode_values = get_all(Q_MODE)
    mode = (
        "2025"
        if mode_values
        and mode_values[-1].strip().lower() in ("1", "true", "yes", "co", "có", "2025")
        else "written"
    )
    bad_years: list[str] = []
    years = tuple(sorted(_years(get_all(Q_YEARS), bad_years)))
    return Filters(
        years=years,
        provinces=tuple(_split(get_all(Q_PROVINCES))),
        province_mode=mode,
        levels=tuple(_split(get_all(Q_LEVELS))),
        themes=tuple(_split(get_all(Q_THEMES))),
        units=tuple(_split(get_all(Q_UNITS), comma=False)),
    ), [(Q_YEARS, y) for y in bad_years]


# options ----------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    years: tuple[int, ...] = ()
    provinces_written: tuple[str, ...] = ()
    provinces_2025: tuple[str, ...] = ()
    to_2025: dict = field(default_factory=dict)  # written → 2025
    levels: tuple[str, ...] = ()
    themes: dict = field(default_factory=dict)  # code → (name_vi, name_en), in VI order
    units: tuple[str, ...] = ()

    def provinces(self, mode: str) -> tuple[str, ...]:
        return self.provinces_2025 if mode == "2025" else self.provinces_written


def options() -> Options:
    """Filter choices from the data (named queries; empty when there is no database).
    Built once per database version and language-independent, shared by all sessions."""
    return _options(db().signature)


@st.cache_resource(max_entries=4, show_spinner=False)
def _options(signature) -> Options:
    years = run("filter_options_years")
    provinces = run("filter_options_provinces")
    levels = run("filter_options_levels")
    themes = run("filter_options_themes")
    units = run("filter_options_units")
    if provinces.empty:
        written, p2025, to_2025 = (), (), {}
    else:
        written = tuple(dict.fromkeys(provinces["province"]))
        p2025 = tuple(sorted(set(provinces["province_2025"]), key=vi_sort_key))
        to_2025 = dict(zip(provinces["province"], provinces["province_2025"], strict=True))
    return Options(
        years=tuple(int(y) for y in years["year"]) if not years.empty else (),
        provinces_written=written,
        provinces_2025=p2025,
        to_2025=to_2025,
        levels=tuple(levels["issuer_level"]) if not levels.empty else (),
        themes={r.theme_code: (r.name_vi, r.name_en) for r in themes.itertuples()}
        if not themes.empty
        else {},
        units=tuple(units["unit_canonical"]) if not units.empty else (),
    )


def sanitize(filters: Filters, opts: Options) -> Filters:
    """Drop values that are not among the options."""
    provinces = set(opts.provinces(filters.province_mode))
    return Filters(
        years=tuple(y for y in filters.years if y in set(opts.years)),
        provinces=tuple(p for p in filters.provinces if p in provinces),
        province_mode=filters.province_mode,
        levels=tuple(v for v in filters.levels if v in set(opts.levels)),
        themes=tuple(v for v in filters.themes if v in opts.themes),
        units=tuple(v for v in filters.units if v in set(opts.units)),
    )


def resolve(filters: Filters, opts: Options, reference=None) -> tuple[Filters, list]:
    """Match what a link says to the options the way people write it, and say what was
    ignored: case, diacritics and spacing do not matter ("Ha Tinh" = "Hà Tĩnh"), province
    aliases count ("TP HCM" = "TP Hồ Chí Minh"), a theme may be given by its name and a level
    without diacritics. Returns the filters and the (key, value) pairs that matched nothing."""
    ignored: list[tuple[str, str]] = []

    def pick(key: str, values, choices, extra=None) -> tuple:
        by_key = {fold_key(str(c)): c for c in choices}
        for alias, target in (extra or {}).items():
            by_key.setdefault(fold_key(alias), target)
        out = []
        for value in values:
            found = value if value in choices else by_key.get(fold_key(str(value)))
            if found is None and key == Q_PROVINCES and reference is not None:
                canonical, in_2025 = reference.match_province(str(value))
                found = in_2025 if filters.province_mode == "2025" else canonical
                found = found if found in choices else None
            if found is None:
                ignored.append((key, str(value)))
            elif found not in out:
                out.append(found)
        return tuple(out)

    theme_names = {n: code for code, names in opts.themes.items() for n in names}
    if reference is not None:  # the short names the charts show ("Chuyển đổi số") count too
        from ttdn.reference import theme_short_names

        for language in ("vi", "en"):
            for code, short in theme_short_names(language).items():
                if code in opts.themes:
                    theme_names.setdefault(short, code)
    years = tuple(y for y in filters.years if y in set(opts.years))
    ignored.extend((Q_YEARS, str(y)) for y in filters.years if y not in set(opts.years))
    resolved = Filters(
        years=years,
        provinces=pick(Q_PROVINCES, filters.provinces, opts.provinces(filters.province_mode)),
        province_mode=filters.province_mode,
        levels=pick(Q_LEVELS, filters.levels, opts.levels),
        themes=pick(Q_THEMES, filters.themes, list(opts.themes), theme_names),
        units=pick(Q_UNITS, filters.units, opts.units),
    )
    return resolved, ignored


@st.cache_resource(show_spinner=False)
def _reference():
    from ttdn.reference import load_reference

    return load_reference()


def province_matcher():
    """Reference.match_province of the shared reference data: a page's own links ("?ss_tinh=")
    read province names the way the filter bar does ("Ha Tinh", "TP HCM")."""
    return _reference().match_province


def level_label(code: str, language: str | None = None) -> str:
    try:
        return t(f"filters.level.{code}", language or lang())
    except KeyError:
        return str(code)


def theme_label(code: str, opts: Options, language: str | None = None) -> str:
    names = opts.themes.get(code)
    if not names:
        return str(code)
    return names[1] if (language or lang()) == "en" else names[0]


# state ------------------------------------------------------------------------


def _url_state() -> dict:
    params = st.query_params
    return {key: params.get_all(key) for key in QUERY_KEYS if params.get_all(key)}


def _normal(encoded: dict) -> dict:
    return {k: (v if isinstance(v, list) else [v]) for k, v in encoded.items()}


def _seed_widgets(filters: Filters) -> None:
    ss = st.session_state
    ss[K_YEARS] = list(filters.years)
    ss[K_MODE] = filters.province_mode == "2025"
    ss[K_PROVINCES] = list(filters.provinces)
    ss[K_LEVELS] = list(filters.levels)
    ss[K_THEMES] = list(filters.themes)
    ss[K_UNITS] = list(filters.units)


def _from_widgets() -> Filters:
    ss = st.session_state
    return Filters(
        years=tuple(sorted(ss.get(K_YEARS) or [])),
        provinces=tuple(ss.get(K_PROVINCES) or []),
        province_mode="2025" if ss.get(K_MODE) else "written",
        levels=tuple(ss.get(K_LEVELS) or []),
        themes=tuple(ss.get(K_THEMES) or []),
        units=tuple(ss.get(K_UNITS) or []),
    )


def _mark_changed() -> None:
    """on_change of every filter widget: this rerun comes from the user's hand."""
    st.session_state[_CHANGED] = True


def _on_mode_change() -> None:
    """Carry the chosen provinces over when the province mode is switched."""
    _mark_changed()
    opts = options()
    chosen = st.session_state.get(K_PROVINCES) or []
    if st.session_state.get(K_MODE):  # written → 2025
        mapped = [opts.to_2025.get(p) for p in chosen]
    else:  # 2025 → every written province inside
        mapped = [w for w in opts.provinces_written if opts.to_2025.get(w) in set(chosen)]
    st.session_state[K_PROVINCES] = list(dict.fromkeys(p for p in mapped if p))


def _on_clear() -> None:
    _mark_changed()
    _seed_widgets(Filters())


def _sync_in(opts: Options) -> None:
    """Decide where this run's filter values come from and put them into the widgets.

    - a new session (a link, a reload) or a URL changed outside the app (back/forward):
      the URL;
    - a rerun caused by a filter widget (its on_change ran): the widgets;
    - any other rerun, including the first run on another page (Streamlit gives the
      widgets of a new page their defaults): the last state.
    """
    ss = st.session_state
    url = _url_state()
    last = ss.get(_STATE)
    changed = ss.pop(_CHANGED, False)
    if last is None or (url and url != last):
        target, ignored = decode_reporting(url)
        target, unmatched = resolve(target, opts, _reference())
        ss[_IGNORED] = ignored + unmatched
    else:
        if changed:  # the reader has taken over from the link: its notice is done
            ss.pop(_IGNORED, None)
        target = _from_widgets() if changed else decode(last)
        target = sanitize(target, opts)
    if not changed or target != _from_widgets():
        # (a widget of a newly shown page starts from its default even when session
        # state still holds the old value under its key, so seed every time)
        _seed_widgets(target)


def _sync_out(filters: Filters) -> None:
    encoded = _normal(encode(filters))
    st.session_state[_STATE] = encoded
    if _url_state() == encoded:
        return
    params = st.query_params
    for key in QUERY_KEYS:
        if key not in encoded and key in params:
            del params[key]
    for key, values in encoded.items():
        params[key] = values if len(values) > 1 else values[0]


# the bar ----------------------------------------------------------------------


def filter_bar(defer: bool = False) -> Filters:
    """Draw the filter bar in the sidebar and return the chosen filters.

    With defer=True the bar keeps its place at the top of the sidebar but its widgets are
    sent after the page's first chart (or at the end of the run, or before the page stops:
    `draw_pending`). Five drop-down lists, a switch and a button are many elements for the
    browser to mount, and sent first they were mounted before the first chart; their values
    are in session state already, so the filters do not wait for them."""
    opts = options()
    language = lang()  # fixed for the formatters (AppTest calls them outside the run)
    _sync_in(opts)
    mode_2025 = bool(st.session_state.get(K_MODE))
    filters = _from_widgets()
    if defer:
        st.session_state[_PENDING] = (st.sidebar.container(), opts, language, mode_2025)
    else:
        with st.sidebar:
            _draw(opts, language, mode_2025, filters)
    _sync_out(filters)
    ignored = st.session_state.get(_IGNORED) or []
    if ignored:
        st.warning(
            tr("filters.ignored", items=md(ignored_items(ignored))), icon=":material/link_off:"
        )
    return filters


def draw_pending(page=None) -> None:
    """Draw the widgets of a bar made with defer=True, in its place, once per run (nothing
    when there is none): called after the first chart (ttdn.ui.charts.show), before a page
    stops (ttdn.ui.section.stop) and at the end of every run (app.py, with the page run).

    Given `page` (app.py, after page.run()), the widgets are drawn as widgets of that page
    (ttdn.ui.pacing.page_scope)."""
    pending = st.session_state.pop(_PENDING, None)
    if pending is None:
        return
    slot, opts, language, mode_2025 = pending
    with pacing.page_scope(page), slot:
        _draw(opts, language, mode_2025, _from_widgets())


def forget_pending() -> None:
    """At the start of a run: a bar left undrawn by the last run (it stopped) is not this
    run's."""
    st.session_state.pop(_PENDING, None)


def _draw(opts: Options, language: str, mode_2025: bool, filters: Filters) -> None:
    st.markdown(f"**{tr('filters.title')}**")
    common = {"placeholder": tr("filters.all"), "on_change": _mark_changed}
    st.multiselect(tr("filters.years"), opts.years, key=K_YEARS, **common)
    st.toggle(
        tr("filters.p2025"),
        key=K_MODE,
        help=tr("filters.p2025_help"),
        on_change=_on_mode_change,
    )
    st.multiselect(
        tr("filters.provinces_2025") if mode_2025 else tr("filters.provinces"),
        opts.provinces("2025" if mode_2025 else "written"),
        key=K_PROVINCES,
        **common,
    )
    st.multiselect(
        tr("filters.levels"),
        opts.levels,
        key=K_LEVELS,
        format_func=lambda code: level_label(code, language),
        **common,
    )
    st.multiselect(
        tr("filters.themes"),
        list(opts.themes),
        key=K_THEMES,
        format_func=lambda code: theme_label(code, opts, language),
        **common,
    )
    st.multiselect(tr("filters.units"), opts.units, key=K_UNITS, **common)
    st.button(
        tr("filters.clear"),
        key=K_CLEAR,
        on_click=_on_clear,
        disabled=filters.is_empty() and filters.province_mode == "written",
        icon=":material/filter_alt_off:",
    )


IGNORED_SHOWN, IGNORED_WIDTH = 8, 40  # a notice lists at most 8 values of 40 characters


def ignored_items(ignored: list[tuple[str, str]]) -> str:
    """'nam=abc; tinh=XYZ' for the notice, kept short: a 10 kB value or a range of a hundred
    years in a link must not fill the screen (the rest is counted: '… (+92)')."""
    shown = [
        f"{key}={value if len(value) <= IGNORED_WIDTH else value[: IGNORED_WIDTH - 1] + '…'}"
        for key, value in ignored[:IGNORED_SHOWN]
    ]
    more = len(ignored) - IGNORED_SHOWN
    return "; ".join(shown) + (f"; … (+{more})" if more > 0 else "")


def describe(filters: Filters, opts: Options | None = None) -> str:
    """One line saying what is filtered, for a caption (markdown): every value from the data
    is escaped, so a unit or province name is shown as written; '' when nothing."""
    from ttdn.ui.safe import md

    text = _describe(filters, opts)
    return md(text) if text else ""


def _describe(filters: Filters, opts: Options | None = None) -> str:
    opts = opts or options()
    parts = []
    if filters.years:
        parts.append(f"{tr('filters.years')}: {', '.join(str(y) for y in filters.years)}")
    if filters.provinces:
        label = tr(
            "filters.provinces_2025" if filters.province_mode == "2025" else "filters.provinces"
        )
        parts.append(f"{label}: {', '.join(filters.provinces)}")
    if filters.levels:
        parts.append(f"{tr('filters.levels')}: {', '.join(map(level_label, filters.levels))}")
    if filters.themes:
        names = ", ".join(theme_label(c, opts) for c in filters.themes)
        parts.append(f"{tr('filters.themes')}: {names}")
    if filters.units:
        parts.append(f"{tr('filters.units')}: {'; '.join(filters.units)}")
    return " · ".join(parts)


def select_provinces(provinces, mode: str = "2025") -> None:
    """Set the province filter from a callback (e.g. a click on the tile map), the way the
    filter widgets do: the widgets' state changes and the next run writes it to the URL.
    Call it from an on_change / on_select callback (before the widgets are drawn)."""
    ss = st.session_state
    if (mode == "2025") != bool(ss.get(K_MODE)):
        ss[K_MODE] = mode == "2025"
    ss[K_PROVINCES] = list(dict.fromkeys(provinces))
    _mark_changed()
