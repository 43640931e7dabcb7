"""Chủ đề: which themes each plan, province and year covers, with how many
activities; where themes are missing; how coverage changes over the years.
Manual links (written in the workbook) and automatic ones (classified from the
text) are told apart: hatched bars are automatic, and a switch counts manual only."""

import pandas as pd
import streamlit as st

from ttdn.ui import charts, drill, export
from ttdn.ui.context import has_data, lang, num, run, tr
from ttdn.ui.filters import describe, filter_bar

LABELS = {
    "theme_code": "themes.col.code",
    "name_vi": "themes.col.name_vi",
    "name_en": "themes.col.name_en",
    "manual": "themes.col.manual",
    "auto": "themes.col.auto",
    "activities": "themes.col.activities",
    "plans": "themes.col.plans",
    "province": "col.province",
    "plan_label": "themes.col.plan",
    "row_activities": "themes.col.row_activities",
    "year_plans": "themes.col.year_plans",
    "share": "themes.col.share",
    "missing": "themes.col.missing",
    "missing_count": "themes.col.missing_count",
}
MAX_BARS = 40  # rows in the province/plan bar chart
MAX_HEAT = 60  # rows in the gap heatmap

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
name = "name_en" if lang() == "en" else "name_vi"
colors = charts.theme_colors(run("filter_options_themes")["theme_code"])

counts = run("filter_counts", **filters.params())
if counts.empty or int(counts["plans"].iloc[0]) == 0:
    st.info(tr("themes.no_match"))
    st.stop()
activities = int(counts["activities"].iloc[0])
by_theme = run("themes_by_theme", **params)
theme_names = dict(zip(by_theme["theme_code"], by_theme[name], strict=True))
theme_color = {theme_names[c]: colors.get(c) for c in theme_names}
ranked = by_theme[by_theme["activities"] > 0]  # the query orders by activities
theme_order = list(ranked[name]) + [n for n in by_theme[name] if n not in set(ranked[name])]

cards = st.columns(4)
cards[0].metric(tr("themes.kpi.activities"), num(activities), border=True)
cards[1].metric(tr("themes.kpi.covered"), f"{len(ranked)}/{len(by_theme)}", border=True)
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


def theme_text(pick: dict) -> list[str]:
    return [theme_names.get(c, c) for c in pick.get("d_themes", [])]


def section_theme() -> None:
    """Activities per theme, manual vs automatic links."""
    st.subheader(tr("themes.s1.title"))
    st.caption(tr("themes.s1.caption"))
    event = None
    if ranked.empty:
        charts.empty(tr("themes.s1.empty"))
    else:
        long = pd.DataFrame(
            {
                "theme_code": list(ranked["theme_code"]) * 2,
                name: list(ranked[name]) * 2,
                "assigned": ["manual"] * len(ranked) + ["auto"] * len(ranked),
                "count": list(ranked["manual"]) + list(ranked["auto"]),
            }
        )
        long = long[long["count"] > 0]
        long["color"] = long["theme_code"].map(colors)
        fig = charts.stacked_bars(
            long,
            category=name,
            value="count",
            series="assigned",
            series_names={"manual": tr("themes.manual"), "auto": tr("themes.auto")},
            patterns=charts.ASSIGNED_PATTERN,
            bar_colors="color",
            custom=["theme_code", "assigned"],
            order=list(ranked[name]),
            value_title=tr("themes.axis.activities"),
        )
        event = charts.show(fig, key="themes_by_theme", name=tr("themes.s1.file"))
    missing = [n for n in theme_order if n not in set(ranked[name])]
    if missing:
        st.caption(tr("themes.s1.missing", themes="; ".join(missing)))
    export.buttons(
        by_theme,
        tr("themes.s1.file"),
        key="themes_by_theme_export",
        labels=LABELS,
        columns=["theme_code", "name_vi", "name_en", "manual", "auto", "activities", "plans"],
    )
    with st.container(border=True):
        drill.section(
            filters,
            key="themes_drill_theme",
            event=event,
            fields=["d_themes", "d_assigned"],
            extra=extra,
            choices={
                n: {"d_themes": [c]}
                for c, n in zip(ranked["theme_code"], ranked[name], strict=True)
            },
            describe=lambda pick: " · ".join(
                theme_text(pick)
                + ([tr(f"themes.{pick['d_assigned']}")] if pick.get("d_assigned") else [])
            ),
        )


def section_where() -> None:
    """Province × theme or plan × theme, and the gaps."""
    st.subheader(tr("themes.s2.title"))
    by = st.session_state.get("themes_by") or "province"
    matrix = run("themes_by_plan" if by == "plan" else "themes_by_province", **params)
    row_key, row_label, drill_field = (
        ("plan_id", "plan_label", "d_plans")
        if by == "plan"
        else ("province", "province", "d_provinces")
    )
    rows = matrix.drop_duplicates(row_key)
    st.segmented_control(
        tr("themes.s2.by"),
        ["province", "plan"],
        default="province",
        key="themes_by",
        format_func=lambda v: tr(f"themes.s2.by_{v}"),
        required=True,
    )
    nonzero = matrix[matrix["activities"] > 0]
    row_names = dict(zip(rows[row_key], rows[row_label], strict=True))
    event = None
    if nonzero.empty:
        charts.empty(tr("themes.s2.empty"))
    else:
        totals = rows[rows["row_activities"] > 0].sort_values("row_activities", ascending=False)
        order = list(totals[row_label])[:MAX_BARS]
        if len(totals) > MAX_BARS:
            st.caption(tr("themes.s2.top", shown=MAX_BARS, total=len(totals)))
        shown = nonzero[nonzero[row_label].isin(set(order))] if len(totals) > MAX_BARS else nonzero
        fig = charts.stacked_bars(
            shown,
            category=row_label,
            value="activities",
            series=name,
            series_names={n: n for n in theme_order},
            colors=theme_color,
            custom=[row_key, "theme_code"],
            order=order,
            value_title=tr("themes.axis.activities"),
            label_width=28,
        )
        event = charts.show(fig, key=f"themes_matrix_{by}", name=tr(f"themes.s2.file_{by}"))
    ranked_cells = nonzero.sort_values("activities", ascending=False).head(drill.MAX_CHOICES + 1)
    with st.container(border=True):
        drill.section(
            filters,
            key=f"themes_drill_{by}",
            event=event,
            fields=[drill_field, "d_themes"],
            extra=extra,
            choices={
                f"{row_names.get(r)} · {theme_names.get(c, c)}": {drill_field: [r], "d_themes": [c]}
                for r, c in zip(ranked_cells[row_key], ranked_cells["theme_code"], strict=True)
            },
            describe=lambda pick: " · ".join(
                [str(row_names.get(v, v)) for v in pick.get(drill_field, [])] + theme_text(pick)
            ),
        )

    st.markdown(f"**{tr('themes.s2.gaps')}**")
    st.caption(tr("themes.s2.gaps_caption"))
    if len(rows) <= MAX_HEAT:
        fig = charts.gap_heatmap(
            matrix,
            x=row_label,
            y=name,
            z="activities",
            x_order=list(rows[row_label]),
            y_order=theme_order,
            z_title=tr("themes.axis.activities"),
        )
        charts.show(
            fig, key=f"themes_gaps_{by}", name=tr(f"themes.s2.gaps_file_{by}"), select=False
        )
    else:
        st.caption(tr("themes.s2.too_many", total=len(rows), max=MAX_HEAT))
    gaps: dict = {}
    for r, n, a in zip(matrix[row_key], matrix[name], matrix["activities"], strict=True):
        if a == 0:
            gaps.setdefault(r, []).append(n)
    table = rows.assign(
        missing=["; ".join(gaps.get(r, [])) for r in rows[row_key]],
        missing_count=[len(gaps.get(r, [])) for r in rows[row_key]],
    )
    columns = [row_label, "row_activities", "missing_count", "missing"]
    if by == "plan":
        columns = ["plan_label", "issuer", "year", "row_activities", "missing_count", "missing"]
    st.dataframe(
        table[columns].rename(columns={c: export.header(c, LABELS) for c in columns}),
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * len(table)),
        column_config={
            export.header("missing", LABELS): st.column_config.TextColumn(width="large")
        },
    )
    empty_rows = [
        str(v) for v, a in zip(rows[row_label], rows["row_activities"], strict=True) if a == 0
    ]
    if empty_rows:
        st.caption(tr("themes.s2.no_activity_rows", rows="; ".join(empty_rows)))
    export.buttons(
        matrix,
        tr(f"themes.s2.file_{by}"),
        key=f"themes_matrix_{by}_export",
        labels=LABELS,
        columns=[row_label, "row_activities", "theme_code", name, "activities", "manual"],
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
    years_nonzero = by_year[by_year["activities"] > 0]
    year_order = [str(y) for y in sorted(set(by_year["year"]))]
    event = None
    if years_nonzero.empty:
        charts.empty(tr("themes.s3.empty"))
    elif metric != "share":
        fig = charts.stacked_bars(
            years_nonzero.assign(year_label=years_nonzero["year"].astype(str)),
            category="year_label",
            value="activities",
            series=name,
            series_names={n: n for n in theme_order},
            colors=theme_color,
            custom=["year", "theme_code"],
            horizontal=False,
            order=year_order,
            value_title=tr("themes.axis.activities"),
            category_title=tr("themes.axis.year"),
        )
        fig["layout"]["height"] = 480
        event = charts.show(fig, key="themes_by_year", name=tr("themes.s3.file"))
    else:
        st.caption(tr("themes.s3.share_caption"))
        fig = charts.gap_heatmap(
            by_year.assign(year_label=by_year["year"].astype(str)),
            x="year_label",
            y=name,
            z="share",
            x_order=year_order,
            y_order=theme_order,
            z_title=tr("themes.col.share"),
            percent=True,
            zero_text="0%",
        )
        charts.show(fig, key="themes_share_by_year", name=tr("themes.s3.file"), select=False)
    export.buttons(
        by_year,
        tr("themes.s3.file"),
        key="themes_by_year_export",
        labels=LABELS,
        columns=[
            "year",
            "theme_code",
            "name_vi",
            "name_en",
            "activities",
            "plans",
            "year_plans",
            "share",
        ],
    )
    with st.container(border=True):
        drill.section(
            filters,
            key="themes_drill_year",
            event=event,
            fields=["d_years", "d_themes"],
            extra=extra,
            choices={
                f"{y} · {theme_names.get(c, c)}": {"d_years": [int(y)], "d_themes": [c]}
                for y, c in zip(years_nonzero["year"], years_nonzero["theme_code"], strict=True)
            },
            describe=lambda pick: " · ".join(
                [str(y) for y in pick.get("d_years", [])] + theme_text(pick)
            ),
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
