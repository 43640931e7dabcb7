"""Tổng quan: KPI cards, activities by plan and theme, where the data comes from."""

import plotly.express as px
import streamlit as st

from ttdn.ui.context import day, has_data, lang, num, run, tr
from ttdn.ui.palette import theme_colors

st.title(tr("home.title"))

if not has_data():
    st.info(tr("home.empty"))
    st.stop()

kpis = run("home_kpis").iloc[0]
cards = ["plans", "provinces", "years", "activities", "units", "themes"]
for column, key in zip(st.columns(len(cards)), cards, strict=True):
    column.metric(
        tr(f"home.kpi.{key}"), num(kpis[key]), help=tr(f"home.kpi.{key}.help"), border=True
    )

counts = run("activities_by_plan_theme")
theme_col = "theme_vi" if lang() == "vi" else "theme_en"
fig = px.bar(
    counts,
    x="activities",
    y="plan_label",
    color=theme_col,
    orientation="h",
    labels={
        "activities": tr("home.chart.count"),
        "plan_label": tr("home.chart.plan"),
        theme_col: tr("home.chart.theme"),
    },
    title=tr("home.chart.title"),
    color_discrete_map=theme_colors(),
)
height = max(160 + 60 * counts["plan_id"].nunique(), 140 + 21 * counts["theme_code"].nunique())
fig.update_layout(
    height=height,
    legend_title_text=tr("home.chart.theme"),
    yaxis={"categoryorder": "category descending"},
    separators=",." if lang() == "vi" else ".,",
)
st.plotly_chart(fig, use_container_width=True, config={"displaylogo": False})
st.caption(tr("home.chart.caption"))

st.subheader(tr("home.sources.title"))
st.caption(tr("home.sources.caption"))
sources = run("plan_sources")
shown = sources[
    ["plan_id", "number", "issuer", "year", "issued_date", "signer", "activities", "source_file"]
].copy()
shown["issued_date"] = shown["issued_date"].map(day)
shown.columns = [tr(f"col.{c}") for c in shown.columns]
st.dataframe(shown, hide_index=True, use_container_width=True)
