"""Chủ đề: which themes each plan, province and year covers, with how many
activities; where themes are missing; how coverage changes over the years.
Manual links (written in the workbook) and automatic ones (classified from the
text) are told apart: hatched bars are automatic, and a switch counts manual only.
The specs, choices and tables come from ttdn.ui.themes_view."""

import streamlit as st

from ttdn.ui import charts, export, section, urlstate
from ttdn.ui import themes_view as view
from ttdn.ui.context import num, run, tr
from ttdn.ui.section import Drill, Export, Section
from ttdn.ui.table import show_table

filters = section.page("themes")
manual_only = urlstate.toggle(
    "chude_thucong",
    tr("themes.manual_only"),
    key="themes_manual_only",
    help=tr("themes.manual_only_help"),
)
params = {**filters.params(), "manual_only": manual_only}
extra = {"d_assigned": "manual"} if manual_only else {}

counts = run("filter_counts", **filters.params())
if counts.empty or int(counts["plans"].iloc[0]) == 0:
    st.info(tr("themes.no_match"))
    section.stop()
activities = int(counts["activities"].iloc[0])
by_theme = run("themes_by_theme", **params)
themes = view.Themes.of(by_theme)  # the top 8 in colour, the same on every chart here
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


def section_theme() -> None:
    """Activities per theme, manual vs automatic links."""
    section.render(
        Section(
            key="themes_by_theme",
            title=tr("themes.s1.title"),
            caption=tr("themes.s1.caption"),
            data=by_theme,
            shown=lambda _: themes.ranked,
            figure=lambda _: view.theme_spec(themes),
            empty=tr("themes.s1.empty"),
            file=tr("themes.s1.file"),
            after=lambda *_: (
                [tr("themes.s1.missing", themes="; ".join(themes.missing))]
                if themes.missing
                else []
            ),
            export=Export(labels=view.LABELS, columns=view.EXPORT_THEMES),
            drill=Drill(
                "themes_drill_theme",
                ["d_themes", "d_assigned"],
                extra=extra,
                choices=view.theme_choices(themes),
                describe=lambda pick: view.describe_theme_pick(themes, pick),
            ),
        ),
        filters,
    )


def section_where() -> None:
    """Province × theme or plan × theme, and the gaps."""
    st.subheader(tr("themes.s2.title"))
    by = urlstate.initial("chude_theo", ["province", "plan"], "province", "themes_by")
    matrix = run("themes_by_plan" if by == "plan" else "themes_by_province", **params)
    rows = view.Rows.by(by)
    lines = view.matrix_rows(matrix, rows)
    urlstate.segmented(
        "chude_theo",
        tr("themes.s2.by"),
        ["province", "plan"],
        default="province",
        key="themes_by",
        format_func=lambda v: tr(f"themes.s2.by_{v}"),
        required=True,
    )
    names = view.row_names(matrix, rows)
    total = len(view.active_rows(lines))
    section.render(
        Section(
            key=f"themes_matrix_{by}",
            data=matrix,
            shown=view.nonzero,
            figure=lambda _: view.matrix_spec(matrix, rows, themes),
            empty=tr("themes.s2.empty"),
            file=tr(f"themes.s2.file_{by}"),
            before=lambda _: (
                [tr("themes.s2.top", shown=view.MAX_BARS, total=total)]
                if total > view.MAX_BARS
                else []
            ),
            drill=Drill(
                f"themes_drill_{by}",
                [rows.field, "d_themes"],
                extra=extra,
                choices=view.matrix_choices(matrix, rows, themes),
                describe=lambda pick: view.describe_matrix_pick(names, rows, themes, pick),
            ),
        ),
        filters,
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
    show_table(
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
    metric = urlstate.segmented(
        "chude_do",
        tr("themes.s3.metric"),
        ["activities", "share"],
        default="activities",
        key="themes_year_metric",
        required=True,
        format_func=lambda v: tr(f"themes.s3.metric_{v}"),
    )
    share = metric == "share"
    section.render(
        Section(
            key="themes_share_by_year" if share else "themes_by_year",
            data=by_year,
            shown=view.nonzero,
            figure=lambda _: (view.share_spec if share else view.years_spec)(by_year, themes),
            select=not share,
            empty=tr("themes.s3.empty"),
            file=tr("themes.s3.file"),
            before=lambda _: [tr("themes.s3.share_caption")] if share else [],
            export=Export(
                labels=view.LABELS, columns=view.EXPORT_YEARS, key="themes_by_year_export"
            ),
            drill=Drill(
                "themes_drill_year",
                ["d_years", "d_themes"],
                extra=extra,
                choices=view.year_choices(by_year, themes),
                describe=lambda pick: view.describe_year_pick(themes, pick),
            ),
        ),
        filters,
    )


# only the open tab runs its queries (the URL keeps which one: ?chude_xem=...)
section.tabs(
    ("theme", "where", "years"),
    "themes",
    {"theme": section_theme, "where": section_where, "years": section_years},
    key="chude_xem",
    bind="query-params",
)
