"""Tổng quan: KPI cards, the leaders' brief, what stands out (ttdn.ui.highlights),
activities by plan and theme (at national scale: a province × theme heatmap of shares),
the province tile map, and a link to where the data comes from (the list of sources is on
the Dữ liệu page: a staff tool, and its grid was a quarter of the browser's work here)."""

import streamlit as st

from ttdn.ui import home_view as view
from ttdn.ui import pacing, phone, section, themes_view
from ttdn.ui.brief_ui import brief_download_button
from ttdn.ui.context import has_data, lang, num, run, tr
from ttdn.ui.filters import describe, filter_bar
from ttdn.ui.safe import md
from ttdn.ui.section import Export, Section
from ttdn.ui.tilemap import tile_map_section

KPIS = ["plans", "provinces", "years", "activities", "units", "themes"]
COUNT_LABELS = {
    "plan_label": "home.chart.plan",
    "activities": "home.chart.count",
    "theme_code": "themes.col.code",
    "theme_vi": "themes.col.name_vi",
    "theme_en": "themes.col.name_en",
}

st.title(tr("home.title"))
filters = filter_bar(defer=True)  # its widgets come after the first chart
if not has_data():
    st.info(tr("home.empty"))
    section.stop()  # the filter bar is drawn first
kpis = run("home_kpis", **filters.params()).iloc[0]
language = lang()


def draw_cards() -> None:
    caption = describe(filters)
    if caption:
        st.caption(caption)
    for column, key in zip(st.columns(len(KPIS)), KPIS, strict=True):
        # central bodies are not provinces: their plans are counted apart, in the help
        extra = {"central": num(kpis["central_plans"])} if key == "provinces" else {}
        column.metric(
            tr(f"home.kpi.{key}"),
            num(kpis[key]),
            help=tr(f"home.kpi.{key}.help", **extra),
            border=True,
        )


if int(kpis["plans"]) == 0:
    draw_cards()
    st.info(tr("home.no_match"))
    section.stop()  # the filter bar is drawn first
heatmap = int(kpis["plans"]) > view.MAX_PLAN_BARS  # national scale
overview = view.overview(filters, language, heatmap)  # computed once per snapshot


# the head sits above the chart but is filled after it: on a page just opened the chart is
# sent first and drawn while the rest is on its way (ttdn.ui.pacing); its place is kept
# (a minimum height, ttdn.ui.phone.CSS) so the chart does not jump when it is filled
head = st.container(key=phone.HOME_HEAD_KEY)


def draw_head() -> None:
    """The cards, the brief and what stands out."""
    with head:
        draw_cards()
        brief_download_button(filters)
        with st.container(border=True, key="home_highlights"):
            st.subheader(tr("highlights.title"))
            st.caption(tr("highlights.caption"))
            found = overview.highlights
            for index, item in enumerate(found):
                text, link = st.columns([6, 1], vertical_alignment="center")
                text.markdown(f"{index + 1}. {md(item.text)}")
                link.page_link(
                    item.file,
                    label=tr("highlights.view"),
                    query_params=item.params,
                    icon=":material/arrow_forward:",
                )
            if not found:
                st.caption(tr("highlights.none"))


pacing.later(draw_head)

# activities by plan and theme; at national scale, shares by province and theme -----------
if not heatmap:
    counts = run("activities_by_plan_theme", **filters.params())
    themes = themes_view.Themes.of(
        overview.themes, column="name_vi" if language == "vi" else "name_en"
    )

    spec = Section(
        key="home_chart",
        title=tr("home.chart.title"),
        data=counts,
        figure=lambda frame: view.plan_heatmap(frame, themes, tr("home.chart.count")),
        select=False,
        empty=tr("home.no_activities"),
        stop_when_empty=True,
        file="tong-quan",
        after=lambda *_: [tr("home.chart.gaps"), tr("home.chart.caption")],
        export=Export(
            frame=lambda frame, _: frame.drop(columns=["plan_id"], errors="ignore"),
            labels=COUNT_LABELS,
            file="hoat-dong-theo-ke-hoach-chu-de",
            key="home_counts",
        ),
    )
else:
    spec = Section(
        key="home_heatmap",
        title=tr("home.heatmap.title"),
        caption=tr("home.heatmap.caption"),
        data=overview.shares,
        shown=lambda frame: frame if overview.figure is not None else frame.iloc[:0],
        figure=lambda _: overview.figure,
        select=False,
        empty=tr("home.no_activities"),
        file=tr("home.heatmap.file"),
        export=Export(labels=view.SHARE_LABELS, columns=list(view.SHARE_LABELS)),
    )
section.render(spec, filters)

tile_map_section(filters)

st.page_link("app_pages/data.py", label=tr("home.sources.link"), icon=":material/table_view:")
