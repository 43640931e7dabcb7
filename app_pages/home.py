"""Tổng quan: KPI cards, activities by plan and theme, where the data comes from."""

import streamlit as st

from ttdn.ui import charts, export
from ttdn.ui.brief_ui import brief_download_button
from ttdn.ui.context import day, has_data, lang, num, run, tr
from ttdn.ui.filters import describe, filter_bar
from ttdn.ui.tilemap import tile_map_section

MAX_PLAN_BARS = 30  # more plans than this: one bar per province
KPIS = ["plans", "provinces", "years", "activities", "units", "themes"]
SOURCE_COLUMNS = [
    "plan_id",
    "number",
    "issuer",
    "year",
    "issued_date",
    "signer",
    "activities",
    "source_file",
]

COUNT_LABELS = {
    "plan_label": "home.chart.plan",
    "activities": "home.chart.count",
    "theme_code": "themes.col.code",
    "theme_vi": "themes.col.name_vi",
    "theme_en": "themes.col.name_en",
}

st.title(tr("home.title"))
filters = filter_bar()
if not has_data():
    st.info(tr("home.empty"))
    st.stop()
caption = describe(filters)
if caption:
    st.caption(caption)

kpis = run("home_kpis", **filters.params()).iloc[0]
for column, key in zip(st.columns(len(KPIS)), KPIS, strict=True):
    column.metric(
        tr(f"home.kpi.{key}"), num(kpis[key]), help=tr(f"home.kpi.{key}.help"), border=True
    )
if int(kpis["plans"]) == 0:
    st.info(tr("home.no_match"))
    st.stop()
brief_download_button(filters)

by_plan = int(kpis["plans"]) <= MAX_PLAN_BARS
query = "activities_by_plan_theme" if by_plan else "activities_by_province_theme"
counts = run(query, **filters.params())
if counts.empty:
    charts.empty(tr("home.no_activities"))
else:
    st.subheader(tr("home.chart.title" if by_plan else "home.chart.title_province"))
    name = "theme_vi" if lang() == "vi" else "theme_en"
    codes = run("filter_options_themes")["theme_code"]
    fig = charts.stacked_bars(
        counts,
        category="plan_label",
        value="activities",
        series="theme_code",
        series_names=dict(zip(counts["theme_code"], counts[name], strict=False)),
        colors=charts.theme_colors(codes),
        value_title=tr("home.chart.count"),
    )
    charts.style(fig, bars=counts["plan_label"].nunique())
    charts.show(fig, key="home_chart", name="tong-quan", select=False)
    st.caption(tr("home.chart.caption"))
    export.buttons(
        counts.drop(columns=["plan_id"], errors="ignore"),
        "hoat-dong-theo-ke-hoach-chu-de",
        key="home_counts",
        labels=COUNT_LABELS,
    )

st.subheader(tr("home.sources.title"))
st.caption(tr("home.sources.caption"))
sources = run("plan_sources", **filters.plan_params())[SOURCE_COLUMNS].copy()
shown = sources.assign(issued_date=sources["issued_date"].map(day))
shown.columns = [tr(f"col.{c}") for c in shown.columns]
st.dataframe(shown, hide_index=True, width="stretch")
export.buttons(sources, "nguon-du-lieu", key="home_sources")

tile_map_section(filters)
