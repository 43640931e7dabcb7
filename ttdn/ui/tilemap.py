"""A province map that needs no network: one equal square tile per province of the 34 of
2025, laid out roughly as on a map of Vietnam (data/reference/province_tiles.csv, placed
by hand; see docs/tilemap.md). Drawn with plain Plotly markers on a fixed pixel grid —
no geo layer, no topojson, no map tiles, nothing fetched.

- ``tiles()``: the layout (province_2025, short_vi, short_en, row, col).
- ``tile_spec(frame, measure, ...)``: the figure as a Plotly spec dict (pure, testable).
- ``render_tile_map(frame, measure, ...)``: draws it; clicking a tile with data sets the
  province filter to that province (34-province view, ``tinh2025=1&tinh=...``).
- ``tile_map_section(filters)``: the home page's block (title, measure picker, map,
  note on central bodies); what it shows is computed once per database snapshot, filters,
  measure and language (``map_view``, st.cache_data keyed on the file's signature).

``frame`` has one row per province of 2025 (column ``province``) and a column per measure
(``plans``, ``activities``, ``themes`` and ``themes_total`` from
queries/tilemap_by_province.sql); provinces not in it are drawn grey ("no data").
Central bodies ("Trung ương") have no tile: the section says how many plans they hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import streamlit as st

from ttdn import REFERENCE_DIR
from ttdn.i18n import fmt_int, t
from ttdn.reference import CENTRAL
from ttdn.text import nfc, vi_sort_key
from ttdn.ui import urlstate
from ttdn.ui.charts import FONT, Spec, config
from ttdn.ui.context import db, lang, run, tr
from ttdn.ui.filters import options, select_provinces
from ttdn.ui.table import Prepared, prepare, show_prepared

TILES_FILE = REFERENCE_DIR / "province_tiles.csv"
MEASURES = ("activities", "themes", "plans")
TILE_PX = 46  # one tile, in pixels (the figure has a fixed size so the squares stay square)
GAP_PX = 4
MARGIN = {"l": 4, "r": 4, "t": 8, "b": 4}
EMPTY_COLOR = "#d9d9d9"
SELECTED_LINE = "#e8590c"
SCALE = [[0, "#deebf7"], [0.5, "#6baed6"], [1, "#08306b"]]
KEY = "tile_map"
MEASURE_KEY = "tile_measure"
# the archipelagos, as every map of Vietnam shows them: (catalog key, col, row)
ISLANDS = (("tilemap.hoang_sa", 5.9, 8.4), ("tilemap.truong_sa", 5.6, 15.6))


@lru_cache(maxsize=1)
def tiles() -> pd.DataFrame:
    frame = pd.read_csv(TILES_FILE, dtype=str, keep_default_na=False, encoding="utf-8")
    frame = frame.map(nfc)
    frame["row"] = frame["row"].astype(int)
    frame["col"] = frame["col"].astype(int)
    return frame


def measure_label(measure: str, language: str = "vi") -> str:
    try:
        return t(f"tilemap.measure.{measure}", language)
    except KeyError:
        return measure


def _label(short: str) -> str:
    """Two lines for a two-word name ("Hà<br>Tĩnh"), so it fits the tile."""
    words = short.split()
    if len(words) < 2:
        return short
    half = (len(words) + 1) // 2
    return " ".join(words[:half]) + "<br>" + " ".join(words[half:])


def _value_text(row: dict, measure: str, language: str) -> str:
    value = row.get(measure)
    if value is None or value != value:
        return t("tilemap.no_data", language)
    text = fmt_int(value, language) if float(value).is_integer() else f"{value:.1f}"
    if measure == "themes" and row.get("themes_total"):
        text += f"/{fmt_int(row['themes_total'], language)}"
    return text


def tile_spec(
    frame: pd.DataFrame,
    measure: str,
    *,
    language: str = "vi",
    selected=(),
    label: str | None = None,
) -> dict:
    """The tile map as a Plotly spec dict: a grey trace for the provinces without data and
    a coloured one for the others (customdata = [province, name, value text])."""
    layout_tiles = tiles()
    label = label or measure_label(measure, language)
    short = "short_en" if language == "en" else "short_vi"
    rows = {}
    if frame is not None and not frame.empty and measure in frame.columns:
        rows = {r["province"]: r for r in frame.to_dict("records") if r["province"] != CENTRAL}
    chosen = set(selected)
    data_pts, empty_pts = [], []
    for tile in layout_tiles.itertuples():
        row = rows.get(tile.province_2025)
        value = None if row is None else row.get(measure)
        has = value is not None and value == value
        point = {
            "x": tile.col,
            "y": tile.row,
            "text": _label(getattr(tile, short)),
            "custom": [
                tile.province_2025,
                tile.province_2025 if language == "vi" else tile.short_en,
                _value_text(row or {}, measure, language),
            ],
            "value": float(value) if has else None,
            "selected": tile.province_2025 in chosen,
        }
        (data_pts if has else empty_pts).append(point)
    ncols = int(layout_tiles["col"].max()) + 2  # a last column for the archipelagos
    nrows = int(layout_tiles["row"].max()) + 1
    width = ncols * TILE_PX + MARGIN["l"] + MARGIN["r"]
    height = nrows * TILE_PX + MARGIN["t"] + MARGIN["b"]
    hover = "<b>%{customdata[1]}</b><br>" + label + ": %{customdata[2]}<extra></extra>"
    values = [p["value"] for p in data_pts]
    top = max(values, default=0) or 1

    def trace(points, colors, text_colors, extra=None) -> dict:
        return {
            "type": "scatter",
            "mode": "markers+text",
            "x": [p["x"] for p in points],
            "y": [p["y"] for p in points],
            "text": [p["text"] for p in points],
            "customdata": [p["custom"] for p in points],
            "textfont": {"size": 9, "color": text_colors},
            "textposition": "middle center",
            "hovertemplate": hover,
            "marker": {
                "symbol": "square",
                "size": TILE_PX - GAP_PX,
                "color": colors,
                "line": {
                    "width": [3 if p["selected"] else 0 for p in points],
                    "color": SELECTED_LINE,
                },
                **(extra or {}),
            },
            # a clicked tile must not dim the others
            "selected": {"marker": {"opacity": 1}},
            "unselected": {"marker": {"opacity": 1}},
            "showlegend": False,
        }

    def ink(value: float) -> str:
        return "#ffffff" if value / top > 0.55 else "#1f2933"

    traces = [
        trace(empty_pts, EMPTY_COLOR, "#6b7280"),
        trace(
            data_pts,
            values,
            [ink(v) for v in values],
            {
                "colorscale": SCALE,
                "cmin": 0,  # counts: the scale starts at zero, small gaps stay small
                "cmax": top,
                "showscale": bool(data_pts),
                "colorbar": {
                    "title": {"text": label, "side": "top", "font": {"size": 11}},
                    "orientation": "v",
                    "x": 0.02,
                    "xanchor": "left",
                    "y": 0.42,
                    "yanchor": "middle",
                    "len": 0.22,
                    "thickness": 10,
                    "tickfont": {"size": 10},
                    "tickformat": ",d",
                },
            },
        ),
    ]
    annotations = [
        {
            "x": x,
            "y": y,
            "text": t(key, language),
            "showarrow": False,
            "font": {"size": 9, "color": "#6b7280"},
        }
        for key, x, y in ISLANDS
    ]
    axis = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    return {
        "data": traces,
        "layout": {
            "width": width,
            "height": height,
            "autosize": False,
            "margin": MARGIN,
            "separators": ",." if language == "vi" else ".,",
            "font": {"family": FONT},
            "xaxis": {**axis, "range": [-0.5, ncols - 0.5]},
            "yaxis": {**axis, "range": [nrows - 0.5, -0.5]},
            "plot_bgcolor": "rgba(0,0,0,0)",
            "paper_bgcolor": "rgba(0,0,0,0)",
            "hoverlabel": {"align": "left"},
            "annotations": annotations,
            "dragmode": "pan",
            "clickmode": "event+select",
            "hovermode": "closest",
        },
    }


def clicked_province(event, clickable) -> str | None:
    """The province of the first clicked tile in a plotly_chart selection event, if it is
    one of `clickable` (the provinces with data)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points or []:
        custom = point.get("customdata") if isinstance(point, dict) else None
        if custom and custom[0] in set(clickable):
            return custom[0]
    return None


def _on_click(key: str, clickable: tuple[str, ...]) -> None:
    province = clicked_province(st.session_state.get(key), clickable)
    if province:
        select_provinces([province], mode="2025")


def render_tile_map(
    frame: pd.DataFrame,
    measure: str,
    *,
    key: str = KEY,
    selected=(),
    label: str | None = None,
) -> None:
    """Draw the tile map of `frame` coloured by `measure`; a click on a tile with data sets
    the province filter (34-province view) to that province and reruns the page."""
    language = lang()
    spec = tile_spec(frame, measure, language=language, selected=selected, label=label)
    _draw(spec, _clickable(frame, measure), key)


def _clickable(frame: pd.DataFrame, measure: str) -> tuple[str, ...]:
    if frame is None or frame.empty or measure not in frame.columns:
        return ()
    return tuple(p for p, v in zip(frame["province"], frame[measure], strict=True) if v == v)


def _draw(spec: dict, clickable: tuple[str, ...], key: str) -> None:
    st.plotly_chart(
        Spec(spec),
        key=key,
        config={**config("ban-do-tinh"), "scrollZoom": False},
        width="content",
        on_select=lambda: _on_click(key, clickable),
        selection_mode="points",
    )


@lru_cache(maxsize=1)
def _tile_provinces() -> frozenset:
    return frozenset(tiles()["province_2025"])


def ranking(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The provinces with tiles and data, most first (name order among equals)."""
    if frame is None or frame.empty or measure not in frame.columns:
        return pd.DataFrame(columns=["province", measure])
    provinces, values = frame["province"].tolist(), frame[measure].tolist()
    keep = _tile_provinces()
    kept = [
        i
        for i, (p, v) in enumerate(zip(provinces, values, strict=True))
        if p in keep and v is not None and v == v
    ]
    order = sorted(kept, key=lambda i: (-float(values[i]), vi_sort_key(provinces[i])))
    return frame[["province", measure]].iloc[order].reset_index(drop=True)


def selected_2025(filters) -> tuple[str, ...]:
    """The chosen provinces as provinces of 2025 (whatever the filter's province mode)."""
    if filters.province_mode == "2025":
        return tuple(filters.provinces)
    to_2025 = options().to_2025
    return tuple(dict.fromkeys(to_2025.get(p, p) for p in filters.provinces))


@dataclass(frozen=True)
class MapView:
    """What the home page's map block shows, computed once per database snapshot, filters
    (but the provinces, which only mark tiles), measure and language."""

    spec: dict
    clickable: tuple[str, ...]
    central: tuple[str, str] | None  # central bodies' plans and activities, as text
    missing: int  # tiles without a figure
    table: pd.DataFrame | None  # the figures (numbers), most first
    prepared: Prepared | None = None  # the table as drawn (formats, widths: once)


def map_view(filters, measure: str, language: str) -> MapView:
    return _map_view(
        db().signature,
        tuple(filters.years),
        tuple(filters.levels),
        tuple(filters.themes),
        tuple(filters.units),
        measure,
        language,
        selected_2025(filters),
    )


@st.cache_data(max_entries=256, show_spinner=False)
def _map_view(signature, years, levels, themes, units, measure, language, selected) -> MapView:
    frame = run(
        "tilemap_by_province",
        years=list(years),
        levels=list(levels),
        themes=list(themes),
        units=list(units),
    )
    records = frame.to_dict("records") if measure in frame.columns else []
    by_province = {r["province"]: r for r in records}
    central = by_province.get(CENTRAL) if not frame.empty else None
    missing = sum(  # tiles whose province has no figure
        1
        for p in tiles()["province_2025"]
        if p not in by_province
        or by_province[p][measure] is None
        or by_province[p][measure] != by_province[p][measure]
    )
    ranked = ranking(frame, measure)
    table = None
    if not ranked.empty:  # the map's figures, most first: numbers (they sort as numbers;
        # show_table draws them 1.234 / 1,234), the themes' total in the header
        label = measure_label(measure, language)
        if measure == "themes" and records and records[0].get("themes_total"):
            total = fmt_int(records[0]["themes_total"], language)
            label = t("tilemap.themes_of", language, label=label, n=total)
        table = pd.DataFrame({
            t("col.province_2025", language): ranked["province"],
            label: pd.to_numeric(ranked[measure]),
        })  # fmt: skip
    return MapView(
        spec=tile_spec(frame, measure, language=language, selected=selected),
        clickable=_clickable(frame, measure),
        central=(
            (fmt_int(central["plans"], language), fmt_int(central["activities"], language))
            if central is not None
            else None
        ),
        missing=missing,
        table=table,
        prepared=prepare(table, language) if table is not None else None,
    )


def tile_map_section(filters) -> None:
    """The home page block: title, measure picker, the map and a note on central bodies."""
    language = lang()
    st.subheader(tr("tilemap.title"))
    left, right = st.columns([2, 3])
    with right:
        measure = (
            urlstate.segmented(
                "bando",
                tr("tilemap.measure"),
                MEASURES,
                default=MEASURES[0],
                key=MEASURE_KEY,
                format_func=lambda m: measure_label(m, language),
            )
            or MEASURES[0]
        )
        view = map_view(filters, measure, language)
        st.caption(tr("tilemap.caption"))
        if view.central is not None:
            plans, activities = view.central
            st.caption(tr("tilemap.central", plans=plans, activities=activities))
        if view.missing:
            st.caption(tr("tilemap.missing", n=fmt_int(view.missing, language)))
        if view.table is not None:
            shown = view.prepared
            show_prepared(shown, hide_index=True, height=min(35 * (shown.rows + 1) + 3, 560))
    with left:
        _draw(view.spec, view.clickable, KEY)
