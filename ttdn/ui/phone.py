"""Narrow screens (a 390 px phone): the page's CSS, injected once per run from app.py.

- KPI cards (a row of st.metric columns): 3 per row, 2 per row when there are 4 (Streamlit
  stacks columns full-width under 640 px: six cards took three screens before the first
  chart), with a smaller value font so that 1.234.567 still fits.
- Heatmap cell numbers are hidden (cells ~25 px wide: the numbers overlapped); the colour
  stays and a tap shows the value.
- Nothing else is hidden: the charts' legends sit under the plot and name at most 8 themes
  plus "khác" by their short names, so they stay shorter than the plot (tests/e2e).
"""

from __future__ import annotations

import streamlit as st

NARROW_PX = 640  # Streamlit's own breakpoint for stacking columns

_ROW = '[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])'
_FOUR = (
    '[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"]:nth-child(4):last-child'
    ' [data-testid="stMetric"])'
)
# At every width: a card's label wraps and its value is never cut with "…" (Streamlit
# truncates both to one line: "Không có ngày / khôn…", "51.…" on a desktop).
_CARDS_WRAP = """
  [data-testid="stMetricLabel"] .stMarkdownEllipsis,
  [data-testid="stMetricLabel"] .stMarkdownEllipsis p,
  [data-testid="stMetricValue"] .stMarkdownEllipsis,
  [data-testid="stMetricValue"] .stMarkdownEllipsis p {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
    word-break: normal !important; overflow-wrap: normal !important; line-height: 1.2; }
  [data-testid="stMetricLabel"], [data-testid="stMetricLabel"] > div {
    height: auto !important; overflow: visible !important; }
  /* six cards a row leave ~120 px each at 1280 px: the value shrinks rather than "51.…" */
  [data-testid="stMetricValue"] > div { font-size: clamp(1.45rem, 2.4vw, 2.25rem); }
"""
CSS = f"""<style>{_CARDS_WRAP}
@media (max-width: {NARROW_PX}px) {{
  {_ROW} {{ flex-direction: row !important; flex-wrap: wrap !important; gap: .5rem !important; }}
  {_ROW} > [data-testid="stColumn"] {{
    flex: 1 1 calc(33.333% - .5rem) !important; min-width: calc(33.333% - .5rem) !important;
    width: calc(33.333% - .5rem) !important; }}
  {_FOUR} > [data-testid="stColumn"] {{
    flex-basis: calc(50% - .5rem) !important; min-width: calc(50% - .5rem) !important;
    width: calc(50% - .5rem) !important; }}
  [data-testid="stMetric"] {{ padding: .45rem .55rem !important; }}
  [data-testid="stMetricValue"] > div {{ font-size: 1.45rem !important; }}
  [data-testid="stMetricValue"] .stMarkdownEllipsis,
  [data-testid="stMetricValue"] .stMarkdownEllipsis p {{
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
    line-height: 1.15; }}
  /* heatmap cells are too narrow for their numbers on a phone: colour and tap tell them */
  [data-testid="stPlotlyChart"] .heatmap-label {{ display: none; }}
  [data-testid="stMetricLabel"] p {{ font-size: .78rem !important; }}
  [data-testid="stMetricLabel"] .stMarkdownEllipsis,
  [data-testid="stMetricLabel"] .stMarkdownEllipsis p {{
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
    word-break: normal !important; overflow-wrap: normal !important; line-height: 1.2; }}
}}
</style>"""

# A segmented control's options stay in one line that scrolls sideways (Streamlit's own
# overflow-x: auto, no scrollbar on a phone): "Nêu kinh phí" of Xếp hạng and the tile map's
# "Số kế hoạch" were cut at the screen's edge with nothing to say there is more. They wrap.
# (inside the one <style>: st.html keeps only the first)
_CONTROLS_WRAP = f"""@media (max-width: {NARROW_PX}px) {{
  [data-testid="stButtonGroup"] [role="radiogroup"] {{ flex-wrap: wrap !important; row-gap: .25rem; }}
}}"""
CSS = CSS.replace("</style>", _CONTROLS_WRAP + "</style>")


def inject() -> None:
    """Add the narrow-screen CSS to the page (call once per run, from app.py)."""
    st.html(CSS)
