"""Chủ đề: which themes each plan, province and year covers, with how many
activities; where themes are missing; how coverage changes over the years.
Manual links (written in the workbook) and automatic ones (classified from the
text) are told apart: hatched bars are automatic, and a switch counts manual only.
The specs, choices and tables come from ttdn.ui.themes_view."""

import streamlit as st

from ttdn.ui import charts, drill, export
from ttdn.ui import themes_view as view
from ttdn.ui.context import has_data, num, run, tr
from ttdn.ui.filters import describe, filter_bar

st.title(tr("themes.title"))
filters = filter_bar()
if not has_data():
    st.info(tr("themes.empty_db"))
    st.stop()

st.caption(describe(filters) or tr("themes.caption_all"))
manual_only = st.toggle(
    tr("themes.manual_only"), key="themes_manual_only", help=tr("themes.manual_only_help")
)
params = {**filters.params(), "manual_only": manual_only}
extra = {"d_assigned": "manual"} if manual_only else {}
colors = charts.theme_colors(run("filter_options_themes")["theme_code"])

counts = run("filter_counts", **filters.params())
if counts.empty or int(counts["plans"].iloc[0]) == 0:
    st.info(tr("themes.no_match"))
    st.stop()
activities = int(counts["activities"].iloc[0])
by_theme = run("themes_by_theme", **params)
themes = view.Themes.of(by_theme, colors)
name = themes.column

cards = st.columns(4)
cards[0].metric(tr("themes.kpi.activities"), num(activities), border=True)
cards[1].metric(tr("themes.kpi.covered"), f"{len(themes.ranked)}/{len(by_theme)}", border=True)
cards[2].metric(tr("themes.kpi.manual"), num(by_theme["manual"].sum()), border=True)
cards[3].metric(
    tr("themes.kpi.auto"), num(by_theme["auto"].sum()), border=True, help=tr("themes.kpi.auto_help")
)
if activities == 0:
    st.info(tr("themes.no_activities"))

# only the open tab runs its queries (the URL keeps which one: ?chude_xem=...)
tab_theme, tab_where, tab_years = st.tabs(
    [tr("themes.tab.theme"), tr("themes.tab.where"), tr("themes.tab.years")],
    key="chude_xem",
    on_change="rerun",
    bind="query-params",
)


def section_theme() -> None:
    """Activities per theme, manual vs automatic links."""
    st.subheader(tr("themes.s1.title"))
    st.caption(tr("themes.s1.caption"))
    event = None
    if themes.ranked.empty:
        charts.empty(tr("themes.s1.empty"))
    else:
        fig = view.theme_spec(themes)
        event = charts.show(fig, key="themes_by_theme", name=tr("themes.s1.file"))
    if themes.missing:
        st.caption(tr("themes.s1.missing", themes="; ".join(themes.missing)))
    export.buttons(
        by_theme,
        tr("themes.s1.file"),
        key="themes_by_theme_export",
        labels=view.LABELS,
        columns=view.EXPORT_THEMES,
    )
    with st.container(border=True):
        drill.section(
            filters,
            key="themes_drill_theme",
            event=event,
            fields=["d_themes", "d_assigned"],
            extra=extra,
            choices=view.theme_choices(themes),
            describe=lambda pick: view.describe_theme_pick(themes, pick),
        )


def section_where() -> None:
    """Province × theme or plan × theme, and the gaps."""
    st.subheader(tr("themes.s2.title"))
    by = st.session_state.get("themes_by") or "province"
    matrix = run("themes_by_plan" if by == "plan" else "themes_by_province", **params)
    rows = view.Rows.by(by)
    lines = view.matrix_rows(matrix, rows)
    st.segmented_control(
        tr("themes.s2.by"),
        ["province", "plan"],
        default="province",
        key="themes_by",
        format_func=lambda v: tr(f"themes.s2.by_{v}"),
        required=True,
    )
    names = view.row_names(matrix, rows)
    event = None
    if view.nonzero(matrix).empty:
        charts.empty(tr("themes.s2.empty"))
    else:
        total = len(view.active_rows(lines))
        if total > view.MAX_BARS:
            st.caption(tr("themes.s2.top", shown=view.MAX_BARS, total=total))
        fig = view.matrix_spec(matrix, rows, themes)
        event = charts.show(fig, key=f"themes_matrix_{by}", name=tr(f"themes.s2.file_{by}"))
    with st.container(border=True):
        drill.section(
            filters,
            key=f"themes_drill_{by}",
            event=event,
            fields=[rows.field, "d_themes"],
            extra=extra,
            choices=view.matrix_choices(matrix, rows, themes),
            describe=lambda pick: view.describe_matrix_pick(names, rows, themes, pick),
        )

    st.markdown(f"**{tr('themes.s2.gaps')}**")
    st.caption(tr("themes.s2.gaps_caption"))
    if len(lines) <= view.MAX_HEAT:
        fig = view.gap_spec(matrix, rows, themes)
        charts.show(
            fig, key=f"themes_gaps_{by}", name=tr(f"themes.s2.gaps_file_{by}"), select=False
        )
    else:
        st.caption(tr("themes.s2.too_many", total=len(lines), max=view.MAX_HEAT))
    table = view.gap_table(matrix, rows, name)
    st.dataframe(
        export.with_headers(table, view.LABELS),
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * len(table)),
        column_config={
            export.header("missing", view.LABELS): st.column_config.TextColumn(width="large")
        },
    )
    empty_rows = view.empty_rows(matrix, rows)
    if empty_rows:
        st.caption(tr("themes.s2.no_activity_rows", rows="; ".join(empty_rows)))
    export.buttons(
        matrix,
        tr(f"themes.s2.file_{by}"),
        key=f"themes_matrix_{by}_export",
        labels=view.LABELS,
        columns=view.matrix_export_columns(rows, name),
    )


def section_years() -> None:
    """Coverage over the years."""
    st.subheader(tr("themes.s3.title"))
    by_year = run("themes_by_year", **params)
    metric = st.segmented_control(
        tr("themes.s3.metric"),
        ["activities", "share"],
        default="activities",
        key="themes_year_metric",
        required=True,
        format_func=lambda v: tr(f"themes.s3.metric_{v}"),
    )
    event = None
    if view.nonzero(by_year).empty:
        charts.empty(tr("themes.s3.empty"))
    elif metric != "share":
        fig = view.years_spec(by_year, themes)
        event = charts.show(fig, key="themes_by_year", name=tr("themes.s3.file"))
    else:
        st.caption(tr("themes.s3.share_caption"))
        fig = view.share_spec(by_year, themes)
        charts.show(fig, key="themes_share_by_year", name=tr("themes.s3.file"), select=False)
    export.buttons(
        by_year,
        tr("themes.s3.file"),
        key="themes_by_year_export",
        labels=view.LABELS,
        columns=view.EXPORT_YEARS,
    )
    with st.container(border=True):
        drill.section(
            filters,
            key="themes_drill_year",
            event=event,
            fields=["d_years", "d_themes"],
            extra=extra,
            choices=view.year_choices(by_year, themes),
            describe=lambda pick: view.describe_year_pick(themes, pick),
        )


with tab_theme:
    if tab_theme.open is not False:
        section_theme()
with tab_where:
    if tab_where.open:
        section_where()
with tab_years:
    if tab_years.open:
        section_years()
