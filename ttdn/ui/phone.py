"""Narrow screens (a 390 px phone): the page's CSS, sent once per run by app.py (in the one
style element of ttdn.ui.chrome.translate).

- KPI cards (a row of st.metric columns): 3 per row, 2 per row when there are 4 (Streamlit
  stacks columns full-width under 640 px: six cards took three screens before the first
  chart), with a smaller value font so that 1.234.567 still fits.
- Heatmap cell numbers are hidden (cells ~25 px wide: the numbers overlapped); the colour
  stays and a tap shows the value.
- Tổng quan's head keeps its place while it is on its way (a minimum height).
- Nothing else is hidden: the charts' legends sit under the plot and name at most 8 themes
  plus "khác" by their short names, so they stay shorter than the plot (tests/e2e).
"""

from __future__ import annotations

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
# A table wider than a phone scrolls sideways: ttdn.ui.table.show_table writes a line under
# it ("swipe for more columns"), shown on narrow screens only, and the grid's scrollbar is
# drawn (Streamlit leaves it transparent until hovered, which a phone never is).
_SWIPE = """
  [data-testid="stElementContainer"]:has(.ttdn-swipe) { display: none; }
  .ttdn-swipe { font-size: .8rem; color: rgba(49, 51, 63, .6); margin-top: -.6rem; }
"""
# A card's label and its ⓘ: Streamlit lays them out in a grid that squeezes the label to
# less than its longest word ("Tỉnh/thành" ran into the icon in a 110 px card). On a phone
# the label never shrinks below its longest word and the icon follows it, or wraps under it.
_LABEL_NARROW = """
  [data-testid="stMetricLabel"] {
    display: flex !important; flex-wrap: wrap !important; align-items: center;
    column-gap: .25rem; max-width: 100%; }
  [data-testid="stMetricLabel"] > div:first-child {
    flex: 0 1 auto !important; min-width: min-content !important; max-width: 100%; }
  [data-testid="stMetricLabel"] > div:first-child > div { min-width: min-content; }
  [data-testid="stMetricLabel"] > span { flex: 0 0 auto !important; margin-left: 0 !important; }
  /* the card's inner box had 15 px a side of padding: 64 of 114 px left for the label */
  [data-testid="stMetric"] > div { padding: 0 !important; }
"""
# A segmented control (Xếp hạng theo, Tô màu theo) scrolled sideways with no scrollbar:
# its last choices were cut at the screen's edge. On a phone its buttons wrap.
_SEGMENTS_NARROW = """
  [data-testid="stButtonGroup"] > div {
    flex-wrap: wrap !important; overflow-x: visible !important; row-gap: .3rem; }
"""
_SWIPE_NARROW = """
  /* a phone shows the table's toolbar (eye, search, full screen) at all times, 44 px above
     the table over a 16 px gap: it covered the end of what came before (a chart's legend) */
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]):not(:has(
    [data-testid="stElementContainer"])) { margin-top: 1.75rem; }
  [data-testid="stElementContainer"]:has(.ttdn-swipe) { display: block; }
  [data-testid="stDataFrame"] .dvn-scroller {
    scrollbar-color: rgba(49, 51, 63, .35) transparent !important; }
"""
# Tổng quan's head (cards, brief, what stands out) is filled after its chart on a page just
# opened (ttdn.ui.pacing): its place is kept, a little less than its least height measured
# (desktop 516-698 px, a 390 px phone 872-1,055 px), so the chart below does not jump.
HOME_HEAD_KEY = "home_head"
HEAD_MIN_PX, HEAD_MIN_NARROW_PX = 500, 840
_HEAD = f".st-key-{HOME_HEAD_KEY} {{ min-height: {HEAD_MIN_PX}px; }}"
_HEAD_NARROW = f".st-key-{HOME_HEAD_KEY} {{ min-height: {HEAD_MIN_NARROW_PX}px; }}"
CSS = f"""<style>{_CARDS_WRAP}{_SWIPE}{_HEAD}
@media (max-width: {NARROW_PX}px) {{{_SWIPE_NARROW}{_LABEL_NARROW}{_SEGMENTS_NARROW}{_HEAD_NARROW}
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
