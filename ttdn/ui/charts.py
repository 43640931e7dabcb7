"""Consistent Plotly styling for the analysis pages.

- ``style(fig, bars=n)``: Vietnamese number separators in VI (``1.234,5``), a
  height that fits the number of bars, compact margins, legend on top.
- ``wrap(text)`` / ``short(text)``: readable long labels (the full text goes in
  the hover: pass it as ``hover_name`` or ``custom_data``).
- ``show(fig, key, name)``: ``st.plotly_chart`` with a PNG export button in the
  toolbar (no Plotly logo) and, with ``select=True``, click / box selection
  that reruns the page (read the returned event with ``ttdn.ui.drill``).
- ``empty(message)``: the message shown instead of an empty chart.
- ``theme_colors(codes)``: one stable colour per theme on every page.
"""

from __future__ import annotations

import re
import textwrap

import plotly.graph_objects as go
import streamlit as st

from ttdn.ui.context import lang, tr

BAR_PX = 26  # height of one bar (category) in a horizontal bar chart
BASE_PX = 140  # title, axis and legend
MIN_PX, MAX_PX = 280, 2400
FONT = "Noto Sans, Segoe UI, Arial, sans-serif"

# 24 distinguishable colours (Plotly's Dark24 minus near-duplicates, then Set3)
PALETTE = (
    "#2E91E5",
    "#E15F99",
    "#1CA71C",
    "#FB0D0D",
    "#DA16FF",
    "#B68100",
    "#750D86",
    "#EB663B",
    "#511CFB",
    "#00A08B",
    "#FB00D1",
    "#FC0080",
    "#B2828D",
    "#6C7C32",
    "#778AAE",
    "#862A16",
    "#A777F1",
    "#620042",
    "#1616A7",
    "#DA60CA",
    "#6C4516",
    "#0D2A63",
    "#AF0038",
    "#222A2A",
)
ASSIGNED_PATTERN = {"manual": "", "auto": "/"}


def separators() -> str:
    """Plotly ``separators``: decimal then thousands (VI: 1.234,5; EN: 1,234.5)."""
    return ",." if lang() == "vi" else ".,"


def bar_height(n: int, per_bar: int = BAR_PX, base: int = BASE_PX) -> int:
    """A chart height in pixels that fits n bars (categories) without squashing them."""
    return int(min(MAX_PX, max(MIN_PX, base + per_bar * max(int(n), 1))))


def wrap(text, width: int = 32, lines: int = 3) -> str:
    """Wrap a long label onto at most `lines` lines (joined with <br>), '…' when cut."""
    value = re.sub(r"\s+", " ", str(text or "")).strip()
    parts = textwrap.wrap(value, width=width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(1, width - 1)].rstrip() + "…"
    return "<br>".join(parts)


def short(text, limit: int = 48) -> str:
    """Cut a label at a word boundary to at most `limit` characters, with '…'."""
    value = re.sub(r"\s+", " ", str(text or "")).strip()
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def theme_colors(codes) -> dict[str, str]:
    """A fixed colour per theme code (sorted codes → palette), the same on every chart."""
    ordered = sorted({str(c) for c in codes})
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(ordered)}


def style(
    fig: go.Figure, bars: int | None = None, height: int | None = None, legend: bool = True
) -> go.Figure:
    """Apply the common layout: separators, font, margins, legend and height."""
    layout = dict(
        separators=separators(),
        font={"family": FONT, "size": 13},
        margin={"l": 8, "r": 8, "t": 56, "b": 8},
        hoverlabel={"align": "left", "font": {"family": FONT}},
        title={"x": 0, "xanchor": "left", "font": {"size": 16}},
        showlegend=legend,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "xanchor": "left",
            "title": {"side": "top left"},
        },
    )
    if height is None and bars is not None:
        height = bar_height(bars)
    if height is not None:
        layout["height"] = int(height)
    fig.update_layout(**{k: v for k, v in layout.items() if v is not None})
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def config(name: str) -> dict:
    """Plotly config: PNG export from the toolbar under a readable file name."""
    filename = re.sub(r"[^\w.-]+", "_", str(name), flags=re.UNICODE).strip("_") or "chart"
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d"],
    }


def show(fig: go.Figure, key: str, name: str | None = None, select: bool = True):
    """Draw a figure; with select=True a click or box selection reruns the page and
    the event (``event.selection.points``) is returned for ``ttdn.ui.drill``."""
    options = {"key": key, "config": config(name or key), "width": "stretch"}
    if select:
        return st.plotly_chart(fig, on_select="rerun", selection_mode=("points", "box"), **options)
    st.plotly_chart(fig, **options)
    return None


def empty(message: str | None = None) -> None:
    """Say why there is nothing to draw (never an empty chart)."""
    st.info(message or tr("charts.empty"), icon=":material/info:")
