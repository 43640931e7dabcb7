"""Xếp hạng: provinces ranked by a measure the user chooses, for one year, coloured by
quartile group (as PCI / PAPI), with the change from the year before.
Logic in ttdn.ui.ranking_view."""

import streamlit as st

from ttdn.ui import charts, compliance_view, export, section
from ttdn.ui import ranking_view as view
from ttdn.ui.context import has_data, run, tr
from ttdn.ui.filters import describe, filter_bar
from ttdn.ui.safe import md
from ttdn.ui.table import show_table

MEASURE_KEY, YEAR_KEY = "chiso", "namxh"  # in the URL


def _year_or_none(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


st.title(tr("ranking.title"))
filters = filter_bar(defer=True)  # its widgets come after the chart
if not has_data():
    st.info(tr("ranking.empty_db"))
    section.stop()
st.caption(describe(filters) or tr("ranking.caption_all"))
years = [int(y) for y in run("ranking_years", **filters.plan_params())["year"]]
if not years:
    st.info(tr("ranking.no_match"))
    section.stop()

wanted_measure = st.query_params.get(MEASURE_KEY)
wanted_year = st.query_params.get(YEAR_KEY)
if wanted_measure and wanted_measure not in view.MEASURES:
    st.warning(tr("ranking.unknown_measure", value=md(wanted_measure)), icon=":material/warning:")
if wanted_year and view.year_choice(years, wanted_year) != _year_or_none(wanted_year):
    st.warning(tr("ranking.unknown_year", value=md(wanted_year)), icon=":material/warning:")
if st.session_state.get("rank_measure") not in view.MEASURES:
    st.session_state["rank_measure"] = (
        wanted_measure if wanted_measure in view.MEASURES else "activities"
    )
if st.session_state.get("rank_year") not in years:
    st.session_state["rank_year"] = view.year_choice(years, st.query_params.get(YEAR_KEY))
left, right = st.columns([3, 1])
measure = left.segmented_control(
    tr("ranking.measure"),
    list(view.MEASURES),
    key="rank_measure",
    required=True,
    format_func=lambda m: tr(f"ranking.measure_short.{m}"),  # five fit a 1280 px row
)
year = right.selectbox(tr("ranking.year"), years, key="rank_year")
st.query_params[MEASURE_KEY] = measure
st.query_params[YEAR_KEY] = str(year)
st.caption(tr(f"ranking.measure.{measure}.help"))

params = {k: v for k, v in filters.params().items() if k != "years"}
measures = run("ranking_measures", year=year, **params)
themes_total = int(measures["themes_total"].iloc[0]) if not measures.empty else 19
scores = None
if measure == "compliance":
    plan_filters = {k: v for k, v in filters.plan_params().items() if k != "years"}
    plans = run("compliance_plans", years=[year - 1, year], **plan_filters)
    scores = view.compliance_scores(compliance_view.all_results(), plans)
ranked = view.rank(view.measure_values(measures, measure, scores), year)
if ranked.empty:
    charts.empty(tr("ranking.empty_year", year=year))
    section.stop()

title = tr(f"ranking.measure.{measure}")
st.subheader(tr("ranking.chart_title", measure=title, year=year))
charts.show(
    view.chart(ranked, measure, title, themes_total),
    key="ranking_chart",
    name=tr("ranking.file"),
    select=False,
)
shown = view.table(ranked, measure, themes_total)
show_table(
    shown[view.TABLE_COLUMNS].rename(columns=view.table_headers(measure, themes_total)),
    hide_index=True,
    width="stretch",
    height=min(36 * (len(shown) + 1), 640),
)
export.buttons(
    ranked,
    tr("ranking.file"),
    key="ranking_export",
    labels=view.LABELS,
    columns=view.EXPORT_COLUMNS,
)
