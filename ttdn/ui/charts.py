"""Consistent, fast Plotly charts for the analysis pages.

- ``stacked_bars(...)`` / ``gap_heatmap(...)``: the two chart shapes the pages
  use, built as plain Plotly JSON specs (dicts), which is several times faster
  than building validated ``go.Figure`` objects on every rerun.
- ``style(fig_or_spec, bars=n)``: Vietnamese number separators in VI
  (``1.234,5``), a height that fits the number of bars, compact margins, the
  legend under the plot (the toolbar sits top right). Works on a ``go.Figure`` too
  (for pages that use plotly express). A legend of more than LEGEND_IN_PLOT entries
  is drawn by ``show`` as HTML chips under the chart, which wrap on a phone.
- ``wrap(text)`` / ``short(text)``: readable long labels (the full text goes in
  the hover).
- ``show(fig_or_spec, key, name)``: ``st.plotly_chart`` with PNG export in the
  toolbar (no Plotly logo, a readable file name) and, with ``select=True``,
  click / box selection that reruns the page; returns the selection event
  for ``ttdn.ui.drill``.
- ``empty(message)``: the message shown instead of an empty chart.
- ``theme_colors(ranked)``: the page's top 8 themes in 8 distinguishable colours, the
  rest grey; ``fold_other(...)`` folds the rest into one "khác" per bar (totals kept).
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import streamlit as st
from plotly.basedatatypes import BaseFigure

from ttdn.i18n import fmt_int, fmt_number
from ttdn.ui import pacing
from ttdn.ui.context import lang, tr

BAR_PX = 26  # height of one bar (category) in a horizontal bar chart
BASE_PX = 140  # title, axis and legend
MIN_PX, MAX_PX = 280, 2400
# Streamlit's own bundled faces first ("Source Sans", "Source Code Pro", served by the app
# itself, so nothing is fetched and every reader gets the same glyphs): both cover
# Vietnamese. A system font the browser lacks would fall back to a serif face, or to one
# that draws "ố" as "ô´".
MAX_TEXT_CELLS = 150  # a heatmap with more cells shows no numbers in them (hover does)
FONT = '"Source Sans", "Source Sans Pro", "Noto Sans", "Segoe UI", Arial, sans-serif'
MONO_FONT = '"Source Code Pro", "Noto Sans Mono", monospace'

# Tableau 10 without its grey: nine colours told apart at a glance (one pink only). A chart
# names at most TOP_SERIES series (e.g. themes) in colour; the rest are folded into "khác"
# (other), drawn in OTHER_COLOR.
PALETTE = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
    "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F",
)  # fmt: skip
TOP_SERIES = 8
OTHER = "_other"  # the series key of "khác" / "other"
OTHER_COLOR = "#BAB0AC"
# a legend of more entries is drawn under the chart as HTML chips that wrap to the screen's
# width: plotly.js lays a horizontal legend out in columns no wider than the plot area, so on
# a 390 px phone (category labels take half of it) it became one entry a row, taller than
# the plot
LEGEND_IN_PLOT = 4
ASSIGNED_PATTERN = {"manual": "", "auto": "/"}
ROLE_COLORS = {"lead": "#1f77b4", "cooperating": "#ff7f0e", "executing": "#2ca02c"}


class Spec(BaseFigure):
    """A figure given as a ready Plotly JSON dict: st.plotly_chart takes it as a figure
    without validating or deep-copying it (both cost more than the rest of a rerun)."""

    def __init__(self, spec: dict):  # noqa: D107 - no BaseFigure set-up on purpose
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def separators() -> str:
    """Plotly ``separators``: decimal then thousands (VI: 1.234,5; EN: 1,234.5)."""
    return ",." if lang() == "vi" else ".,"


def bar_height(n: int, per_bar: int = BAR_PX, base: int = BASE_PX) -> int:
    """A chart height in pixels that fits n bars (categories) without squashing them."""
    return int(min(MAX_PX, max(MIN_PX, base + per_bar * max(int(n), 1))))


def wrap(text, width: int = 32, lines: int = 3) -> str:
    """Wrap a long label onto at most `lines` lines (joined with <br>), '…' when cut. A word
    longer than `width` (a plan id such as "(HT-2020-WEB)") stays whole on its line: cut,
    two plans of one province and year read the same."""
    value = re.sub(r"\s+", " ", str(text if text is not None else "")).strip()
    if len(value) <= width:
        return value
    parts = textwrap.wrap(value, width=width, break_long_words=False, break_on_hyphens=False)
    parts = parts or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(1, width - 1)].rstrip() + "…"
    return "<br>".join(parts)


def short(text, limit: int = 48) -> str:
    """Cut a label at a word boundary to at most `limit` characters, with '…'."""
    value = re.sub(r"\s+", " ", str(text if text is not None else "")).strip()
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def theme_colors(ranked) -> dict[str, str]:
    """A colour per theme code, given the codes most used first (the page's themes_by_theme
    order): the TOP_SERIES first get the palette's colours, the others OTHER_COLOR (they are
    folded into "khác" on stacked charts). Every chart of a page shares it. OTHER gets
    OTHER_COLOR too."""
    ordered = list(dict.fromkeys(str(c) for c in ranked))
    colors = {code: PALETTE[i] if i < TOP_SERIES else OTHER_COLOR for i, code in enumerate(ordered)}
    colors[OTHER] = OTHER_COLOR
    return colors


def top_series(frame, series: str, value: str, keep: int = TOP_SERIES) -> list:
    """The `keep` series values with the largest total `value` (ties: first seen first)."""
    totals: dict = {}
    for key, amount in zip(frame[series], frame[value], strict=True):
        if amount is not None and amount == amount:
            totals[key] = totals.get(key, 0) + amount
    return sorted(totals, key=lambda k: -totals[k])[:keep]


def fold_other(
    frame,
    *,
    category: Sequence[str],
    series: str,
    value: str,
    keep: Sequence,
    members: str = "members",
    parts: str | None = None,
):
    """The rows of a stacked chart with every `series` value outside `keep` folded into one
    OTHER row per category (its `value` summed; the other columns of `category` kept). Each
    row gets `members`: the list of the series values it stands for (for the drill-down),
    and, when `parts` is given, that column: the (series value, value) pairs an OTHER row
    sums, largest first (what its hover lists; [] on the other rows). The totals per
    category stay equal."""
    import pandas as pd

    kept = set(keep)
    inside = frame[frame[series].isin(kept)].copy()
    inside[members] = [[k] for k in inside[series]]
    if parts:
        inside[parts] = [[] for _ in range(len(inside))]
    outside = frame[~frame[series].isin(kept)]
    if outside.empty:
        return inside
    category = list(dict.fromkeys(category))  # e.g. [province, province]: id and label alike
    groups = outside.groupby(category, sort=False, dropna=False)
    other = groups.agg(**{value: (value, "sum"), members: (series, lambda s: sorted(set(s)))})
    if parts:
        other[parts] = groups[[series, value]].apply(_parts)
    other = other.reset_index()
    other[series] = OTHER
    return pd.concat([inside, other], ignore_index=True)


def _parts(group) -> list:
    totals: dict = {}
    for key, amount in zip(group.iloc[:, 0], group.iloc[:, 1], strict=True):
        if amount is not None and amount == amount and amount:
            totals[key] = totals.get(key, 0) + amount
    return sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))


def parts_text(parts: list, names: dict, most: int = 12) -> str:
    """The hover lines of a "khác" segment: each folded series by name with its value,
    largest first ('' when there is none); beyond `most`, "…"."""
    if not parts:
        return ""
    lines = [f"{html.escape(str(names.get(k, k)))}: {fmt_int(v, lang())}" for k, v in parts]
    if len(lines) > most:
        lines = [*lines[:most], "…"]
    return "<br>" + "<br>".join(lines)


def _layout(bars: int | None, height: int | None, legend: bool) -> dict:
    layout = {
        "separators": separators(),
        "font": {"family": FONT, "size": 13},
        "margin": {"l": 8, "r": 8, "t": 44, "b": 8},
        "hoverlabel": {"align": "left", "font": {"family": FONT}},
        "title": {"x": 0, "xanchor": "left", "font": {"size": 16}},
        "showlegend": legend,
        # the legend goes under the plot: the toolbar (top right, on hover on a desktop and
        # always on a phone) would cover a legend on top
        "legend": {
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "xref": "container",  # the whole width, not only the plot's (labels take a third)
            "x": 0,
            "xanchor": "left",
            "traceorder": "normal",
            "font": {"size": 11},  # two short names a row on a 390 px phone
            "itemwidth": 30,
            "title": {"side": "top left"},
        },
    }
    if height is None and bars is not None:
        height = bar_height(bars)
    if height is not None:
        layout["height"] = int(height)
    return layout


def _merge(base: dict, extra: dict) -> dict:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def style(fig, bars: int | None = None, height: int | None = None, legend: bool = True):
    """Apply the common layout (separators, font, margins, legend, height) to a
    ``go.Figure`` or a spec dict; returns it."""
    layout = _layout(bars, height, legend)
    if isinstance(fig, dict):
        fig.setdefault("layout", {})
        # the chart's own settings (e.g. its title text) win over the defaults
        fig["layout"] = _merge(layout, fig["layout"])
        for axis in ("xaxis", "yaxis"):
            fig["layout"].setdefault(axis, {}).setdefault("automargin", True)
        return fig
    fig.update_layout(**layout)
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


_LOCALE_VI = Path(__file__).resolve().parent.parent / "assets" / "plotly_locale_vi.json"


@functools.cache
def _locale_vi() -> dict:
    """Plotly's Vietnamese locale (toolbar tooltips, month names, 1.234,5), shipped with the
    app and handed to plotly.js in the config: nothing is fetched."""
    locale = json.loads(_LOCALE_VI.read_text(encoding="utf-8"))
    return {"dictionary": locale["dictionary"], "format": locale["format"]}


def config(name: str, language: str | None = None) -> dict:
    """Plotly config: a reader's toolbar (download as PNG under a readable file name, zoom
    in/out, reset), tooltips in the UI language."""
    filename = re.sub(r"[^\w.-]+", "_", str(name), flags=re.UNICODE).strip("_") or "chart"
    out = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        # box select stays: it drills down to the activities
        "modeBarButtonsToRemove": ["lasso2d", "autoScale2d", "toggleSpikelines",
                                   "hoverClosestCartesian", "hoverCompareCartesian"],
    }  # fmt: skip
    if (language or lang()) == "vi":
        out["locale"] = "vi"
        out["locales"] = {"vi": _locale_vi()}
    return out


def show(fig, key: str, name: str | None = None, select: bool = True):
    """Draw a figure (``go.Figure`` or spec dict); with select=True a click or box
    selection reruns the page and the event (``event.selection.points``) is returned."""
    legend = None
    if isinstance(fig, dict):
        if "_legend" in fig:
            fig = dict(fig)
            legend = fig.pop("_legend")
        fig = Spec(fig)
    options = {"key": key, "config": config(name or key), "width": "stretch"}
    event = None
    if select:
        event = st.plotly_chart(fig, on_select="rerun", selection_mode=("points", "box"), **options)
    else:
        st.plotly_chart(fig, **options)
    if legend:
        st.html(legend_html(legend))
    from ttdn.ui.filters import draw_pending

    pacing.after_first_chart()  # a page just opened: the browser draws the chart first
    draw_pending()  # the filter bar's widgets, after the page's first chart (filter_bar)
    return event


def empty(message: str | None = None) -> None:
    """Say why there is nothing to draw (never an empty chart)."""
    st.info(message or tr("charts.empty"), icon=":material/info:")
    from ttdn.ui.filters import draw_pending

    pacing.flush()  # in the first chart's place: the controls deferred after it come now
    draw_pending()  # and the filter bar's widgets


def _clean(value):
    """JSON-safe scalar (numpy → Python, NaN → None)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _unique_labels(values: Sequence, width: int, lines: int = 2) -> dict:
    labels = {v: wrap(v, width, lines) for v in values}
    if len(set(labels.values())) < len(labels):  # wrapping made two labels equal
        labels = {v: str(v) for v in values}
    return labels


def stacked_bars(
    frame,
    *,
    category: str,
    value: str,
    series: str | None = None,
    series_names: dict | None = None,
    colors: dict | None = None,
    patterns: dict | None = None,
    bar_colors: str | None = None,
    custom: Sequence[str] = (),
    horizontal: bool = True,
    order: Sequence | None = None,
    title: str = "",
    value_title: str = "",
    category_title: str = "",
    label_width: int = 34,
    percent: bool = False,
    category_labels: dict | None = None,
    series_hover: dict | None = None,
    detail: str | None = None,
) -> dict:
    """Bars of `value` per `category`, stacked by `series` (one trace per series value,
    named by series_names and in its order, coloured by colors[series value] or per bar by
    the `bar_colors` column, hatched by patterns[series value]). Each bar carries
    customdata = [*custom, full category label] for the drill-down; long category labels
    are wrapped (or shown as category_labels[category], e.g. a short name), the full text is
    in the hover, with series_hover[series value] (e.g. a full name) before the number and
    the `detail` column's text after it (e.g. what a "khác" segment holds, see parts_text).
    Returns a spec dict for ``show``."""
    columns = {
        c: frame[c].tolist()
        for c in {category, value, *custom, *([detail] if detail else [])}
        | ({series} if series else set())
        | ({bar_colors} if bar_colors else set())
    }
    n = len(columns[category])
    categories = list(order) if order is not None else list(dict.fromkeys(columns[category]))
    labels = _unique_labels(categories, label_width)
    if category_labels:
        labels = {c: category_labels.get(c, labels[c]) for c in categories}
    keys = columns[series] if series else [None] * n
    groups: dict = {}
    for i in range(n):
        if columns[value][i] is None or columns[value][i] != columns[value][i]:
            continue
        groups.setdefault(keys[i], []).append(i)
    names = series_names or {}
    if series and names:
        rank = {k: j for j, k in enumerate(names)}
        ordered = sorted(groups, key=lambda k: rank.get(k, len(rank)))
    else:
        ordered = list(groups)
    axis = "x" if horizontal else "y"
    number = f"%{{{axis}:,.1f}}%" if percent else f"%{{{axis}:,d}}"
    traces = []
    last = len(custom)
    neutral = bar_colors is not None and bool(series)
    for key in ordered:
        rows = groups[key]
        name = names.get(key, str(key)) if series else value_title
        cats = [labels.get(columns[category][i], str(columns[category][i])) for i in rows]
        vals = [_clean(columns[value][i]) for i in rows]
        data = [[_clean(columns[c][i]) for c in custom] + [str(columns[category][i])] for i in rows]
        extra, label_at = "", last
        if detail and any(columns[detail][i] for i in rows):
            # the detail before the full label, which stays the last item
            for i, item in zip(rows, data, strict=True):
                item.insert(last, columns[detail][i] or "")
            extra, label_at = f"%{{customdata[{last}]}}", last + 1
        marker: dict = {}
        if bar_colors is not None:
            marker["color"] = [columns[bar_colors][i] for i in rows]
        elif colors and key in colors:
            marker["color"] = colors[key]
        if patterns and patterns.get(key):
            marker["pattern"] = {"shape": patterns[key], "solidity": 0.45}
        prefix = f"{(series_hover or {}).get(key, name)}: " if series else ""
        trace = {
            "type": "bar",
            "orientation": "h" if horizontal else "v",
            "x": vals if horizontal else cats,
            "y": cats if horizontal else vals,
            "name": name,
            "customdata": data,
            "marker": marker,
            "hovertemplate": f"%{{customdata[{label_at}]}}<br>{prefix}{number}{extra}<extra></extra>",
            "showlegend": bool(series) and not neutral,
        }
        if neutral:  # the bars and their grey legend swatch toggle together
            trace["legendgroup"] = str(key)
        traces.append(trace)
        if neutral:
            # per-bar colours: the legend shows the series (e.g. pattern) in neutral grey
            swatch = {**marker, "color": "#8a8f98"}
            traces.append({
                "type": "bar",
                "x": [None],
                "y": [None],
                "name": name,
                "marker": swatch,
                "legendgroup": str(key),
                "showlegend": True,
                "hoverinfo": "skip",
            })  # fmt: skip
    shown = [labels[c] for c in categories]
    cat_axis = {
        "title": {"text": category_title},
        "type": "category",
        "categoryorder": "array",
        "categoryarray": list(reversed(shown)) if horizontal else shown,
    }
    val_axis = {
        "title": {"text": value_title},
        "rangemode": "tozero",
        "tickformat": ",.0f" if percent else ",d",
        "ticksuffix": "%" if percent else "",
    }
    spec = {
        "data": traces,
        "layout": {
            "barmode": "stack",
            # a lone vertical bar should not fill the whole width
            "bargap": 0.2
            if horizontal or len(categories) > 3
            else 0.55 + 0.1 * (3 - len(categories)),
            "title": {"text": title},
            "xaxis": val_axis if horizontal else cat_axis,
            "yaxis": cat_axis if horizontal else val_axis,
        },
    }
    lines = max((label.count("<br>") + 1 for label in shown), default=1)
    per_bar = BAR_PX if lines == 1 else 16 + 13 * lines  # wrapped labels need taller bars
    height = bar_height(len(categories), per_bar=per_bar) if horizontal else None
    chips = series and not neutral and len(ordered) > LEGEND_IN_PLOT
    if chips:  # the legend goes under the chart as HTML (see LEGEND_IN_PLOT)
        spec["_legend"] = [
            {
                "name": trace["name"],
                "color": trace["marker"].get("color", OTHER_COLOR),
                "title": (series_hover or {}).get(key, trace["name"]),
            }
            for key, trace in zip(ordered, traces, strict=True)
        ]
    elif series and len(ordered) > 3 and height is not None:
        height += 22 * math.ceil(len(ordered) / 3)  # room for a legend of several rows
    present = {columns[category][i] for rows in groups.values() for i in rows}
    missing = [labels[c] for c in categories if c not in present]
    if missing:  # an ordered category without data (a year with no plan) keeps its place
        spec["data"].append({
            "type": "bar",
            "orientation": "h" if horizontal else "v",
            "x": [0] * len(missing) if horizontal else missing,
            "y": missing if horizontal else [0] * len(missing),
            "name": "",
            "showlegend": False,
            "hoverinfo": "skip",
        })  # fmt: skip
    return style(spec, height=height, legend=bool(series) and not chips)


def mark_of(fig) -> str:
    """What a reader clicks in a chart: "bar" (vertical bars), "hbar" (horizontal bars, a
    Gantt), "cell" (heatmap) or "point" (scatter, line)."""
    data = fig.get("data", []) if isinstance(fig, dict) else [t.to_plotly_json() for t in fig.data]
    traces = [t for t in data if t.get("customdata") is not None] or list(data)
    if not traces:
        return "bar"
    first = traces[0]
    kind = first.get("type") or "scatter"
    if kind == "heatmap":
        return "cell"
    if kind == "bar":
        return "hbar" if first.get("orientation") == "h" else "bar"
    return "point"


def year_range(years) -> list[str]:
    """Every year from the first to the last, as category labels: a year with no data
    keeps its gap on the axis (2020, 2021, 2023 do not look evenly spaced)."""
    found = sorted({int(y) for y in years if y is not None and y == y})
    return [str(y) for y in range(found[0], found[-1] + 1)] if found else []


def legend_html(items: Sequence[dict]) -> str:
    """A chart's legend as chips (colour swatch, short name; the full name on hover) that
    wrap to the width of the screen. Names are escaped."""
    chips = "".join(
        f'<span class="ttdn-legend-item" role="listitem" title="{html.escape(str(i["title"]))}">'
        f'<i style="background:{html.escape(str(i["color"]))}"></i>'
        f"{html.escape(str(i['name']))}</span>"
        for i in items
    )
    style = (
        "<style>.ttdn-legend{display:flex;flex-wrap:wrap;gap:.15rem .9rem;margin:-.4rem 0 .4rem 0;"
        "font-size:.8rem;line-height:1.3}.ttdn-legend-item{display:inline-flex;"
        "align-items:center;white-space:nowrap}.ttdn-legend-item i{display:inline-block;"
        "width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem}</style>"
    )
    return f'{style}<div class="ttdn-legend" role="list">{chips}</div>'


def _cell_text(value, percent: bool, language: str) -> str:
    if value is None:
        return ""
    if percent:
        return fmt_number(value, language, 1) + "%"
    return fmt_int(value, language)


def cell_lines(columns: int, rows: int, width: int = 2) -> dict:
    """White lines between the cells of a heatmap of columns × rows categories, as one path
    over the plot area (category i spans i/n to (i+1)/n of its axis)."""
    moves = [f"M{i / columns:.5f},0L{i / columns:.5f},1" for i in range(1, columns)]
    moves += [f"M0,{j / rows:.5f}L1,{j / rows:.5f}" for j in range(1, rows)]
    return {
        "type": "path",
        "path": "".join(moves) or "M0,0",
        "xref": "x domain",
        "yref": "y domain",
        "line": {"color": "white", "width": width},
        "layer": "above",
    }


def gap_heatmap(
    frame,
    *,
    x: str,
    y: str,
    z: str,
    x_order: Sequence | None = None,
    y_order: Sequence | None = None,
    title: str = "",
    x_title: str = "",
    y_title: str = "",
    z_title: str = "",
    zero_text: str = "0",
    percent: bool = False,
    label_width: int = 30,
    y_labels: dict | None = None,
    x_labels: dict | None = None,
) -> dict:
    """A heatmap where empty cells (z == 0 or missing) stand out in their own colour
    and say `zero_text`: the gaps. Rows are labelled y_labels[y] when given (e.g. a short
    name; the hover keeps the full one), columns x_labels[x]. Returns a spec dict for
    ``show``."""
    language = lang()
    xv, yv, zv = frame[x].tolist(), frame[y].tolist(), frame[z].tolist()
    xs = list(x_order) if x_order is not None else list(dict.fromkeys(xv))
    ys = list(y_order) if y_order is not None else list(dict.fromkeys(yv))
    xi = {v: j for j, v in enumerate(xs)}
    yi = {v: j for j, v in enumerate(ys)}
    grid = [[0.0] * len(xs) for _ in ys]
    for a, b, c in zip(xv, yv, zv, strict=True):
        if a in xi and b in yi and c is not None and c == c:
            grid[yi[b]][xi[a]] += float(c)
    many = len(xs) > 15  # narrow cells: labels unwrapped and steeper, numbers only on hover
    # a text in every cell of a big grid (34 provinces × 19 themes) takes the browser over a
    # second to lay out: beyond MAX_TEXT_CELLS the colour tells, the hover gives the value
    texts = len(xs) <= 24 and len(xs) * len(ys) <= MAX_TEXT_CELLS
    # two short lines rather than one long: a turned label stays inside the chart on a phone
    xl = {v: str(v) for v in xs} if many else _unique_labels(xs, 18)
    yl = _unique_labels(ys, label_width)
    if y_labels and len({y_labels.get(v, yl[v]) for v in ys}) == len(ys):
        yl = {v: y_labels.get(v, yl[v]) for v in ys}
    if x_labels and len({x_labels.get(v, xl[v]) for v in xs}) == len(xs):
        xl = {v: x_labels.get(v, xl[v]) for v in xs}
    zeros = [[1 if v == 0 else None for v in row] for row in grid]
    positive = [[(v if percent else int(v)) if v > 0 else None for v in row] for row in grid]
    custom = [[[str(cx), str(cy)] for cx in xs] for cy in ys]
    number = "%{z:,.1f}%" if percent else "%{z:,d}"
    common = {
        "type": "heatmap",
        "x": [xl[v] for v in xs],
        "y": [yl[v] for v in ys],
        "customdata": custom,
        # no xgap/ygap: with gaps Plotly paints every cell onto a canvas the size of the plot
        # and encodes it as a PNG (per trace, and again when automargin redraws); without,
        # one pixel per cell, scaled up crisp ("pixelated"). The white lines between the
        # cells are one path drawn over them (cell_lines)
    }
    traces = [
        {
            **common,
            "z": zeros,
            "colorscale": [[0, "#fde2e1"], [1, "#fde2e1"]],
            "showscale": False,
            "texttemplate": zero_text if texts else "",
            "textfont": {"color": "#b42318", "size": 11},
            "hovertemplate": f"%{{customdata[1]}}<br>%{{customdata[0]}}<br>{z_title}: "
            f"{zero_text}<extra></extra>",
        },
        {
            **common,
            "z": positive,
            "colorscale": [[0, "#dbe9f6"], [0.5, "#6baed6"], [1, "#08306b"]],
            "zmin": 0,
            # the numbers as text, none in the empty cells (a template would print its
            # suffix there, over the zero trace's label)
            "text": [[_cell_text(v, percent, language) for v in row] for row in positive],
            "texttemplate": "%{text}" if texts else "",
            "textfont": {"size": 10 if many else 11},
            "colorbar": {"title": {"text": z_title}, "thickness": 12},
            "hovertemplate": f"%{{customdata[1]}}<br>%{{customdata[0]}}<br>{z_title}: "
            f"{number}<extra></extra>",
        },
    ]
    spec = {
        "data": traces,
        "layout": {
            "title": {"text": title},
            "xaxis": {
                "title": {"text": x_title},
                "type": "category",
                "side": "top",
                # a few columns: level labels where they fit (a desktop), turned only when
                # they would overlap (a 390 px phone: three ~45 px columns); Plotly measures
                **(
                    {"tickangle": -60}
                    if many
                    else {"tickangle": "auto", "autotickangles": [0, -40, -90]}
                ),
            },
            "yaxis": {"title": {"text": y_title}, "type": "category", "autorange": "reversed"},
            "plot_bgcolor": "white",
            "shapes": [cell_lines(len(xs), len(ys))],
        },
    }
    return style(spec, height=bar_height(len(ys), per_bar=30, base=220), legend=False)
