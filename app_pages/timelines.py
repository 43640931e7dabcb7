"""Tiến độ: activities by the quarter or month they fall due; what falls due in a chosen
quarter; one plan's activities on a time axis (recurring ones apart); how late in the year
each plan was issued; and the activities without dates or with a timeframe that was not
understood, listed and flagged rather than dropped. Only the open tab runs.
Labels, tables and chart specs come from ttdn.ui.timelines_view."""

import datetime as dt

import streamlit as st

from ttdn.ui import charts, drill, export
from ttdn.ui import timelines_view as view
from ttdn.ui.context import has_data, num, run, tr
from ttdn.ui.filters import describe, filter_bar

st.title(tr("timelines.title"))
filters = filter_bar()
if not has_data():
    st.info(tr("timelines.empty_db"))
    st.stop()
st.caption(describe(filters) or tr("timelines.caption_all"))
params = filters.params()
summary = run("timelines_summary", **params).iloc[0]
activities = int(summary["activities"])
flagged = int(summary["unparsed"]) + int(summary["no_dates"])
if activities == 0:
    if run("timelines_plans", **params).empty:
        st.info(tr("timelines.no_match"))
        st.stop()
    st.info(tr("timelines.no_activities"))

tab_keys = ("periods", "due", "plan", "issued", "flagged")
cards = st.columns(4)
cards[0].metric(tr("timelines.kpi.activities"), num(activities), border=True)
cards[1].metric(tr("timelines.kpi.dated"), num(summary["dated"]), border=True)
cards[2].metric(tr("timelines.kpi.recurring"), num(summary["recurring"]), border=True)
cards[3].metric(
    tr("timelines.kpi.flagged"),
    num(flagged),
    border=True,
    help=view.flagged_help(summary),
)
tabs = dict(
    zip(
        tab_keys,
        st.tabs(
            [tr(f"timelines.tab.{k}") for k in tab_keys], key="timelines_tab", on_change="rerun"
        ),
        strict=True,
    )
)


# 1. by quarter or month ----------------------------------------------------------------------
def periods_tab() -> None:
    st.subheader(tr("timelines.s1.title"))
    st.caption(
        tr("timelines.s1.caption", recurring=num(summary["recurring"]), flagged=num(flagged))
    )
    grain = st.segmented_control(
        tr("timelines.s1.grain"),
        ["quarter", "month"],
        default="quarter",
        key="timelines_grain",
        required=True,
        format_func=lambda g: tr(f"timelines.s1.grain_{g}"),
    )
    frame = run("timelines_by_period", **params, grain=grain)
    if frame.empty:
        charts.empty(tr("timelines.s1.empty"))
        return
    frame = view.periods_frame(frame, grain)
    fig = view.periods_chart(frame, grain)
    event = charts.show(fig, key=f"timelines_by_{grain}", name=tr("timelines.s1.file"))
    export.buttons(
        frame, tr("timelines.s1.file"), key="timelines_by_period_export", **view.PERIOD_EXPORT
    )
    with st.container(border=True):
        drill.section(
            filters,
            key=f"timelines_drill_{grain}",
            event=event,
            fields=["d_due_from", "d_due_to", None],
            query="timelines_drill",
            extra={"d_recurring": "no"},
            choices=view.period_choices(frame),
            describe=view.period_describer(frame),
        )


# 2. what falls due in a chosen quarter ------------------------------------------------------
def due_tab() -> None:
    st.subheader(tr("timelines.s2.title"))
    st.caption(tr("timelines.s2.caption"))
    quarters = run("timelines_by_period", **params, grain="quarter")
    if quarters.empty:
        charts.empty(tr("timelines.s1.empty"))
        return
    starts = view.iso(quarters["period_start"])
    ends = dict(zip(starts, view.iso(quarters["period_end"]), strict=True))
    counts = dict(zip(starts, quarters["activities"], strict=True))
    chosen = st.selectbox(
        tr("timelines.s2.pick"),
        starts,
        index=view.default_quarter(starts, dt.date.today()),
        key="timelines_due_quarter",
        format_func=lambda s: view.quarter_option(s, counts),
    )
    if chosen not in ends:
        return
    frame = run(
        "timelines_drill", **params, d_due_from=chosen, d_due_to=ends[chosen], d_recurring="no"
    )
    if frame.empty:
        st.info(tr("timelines.s2.empty"))
        return
    st.caption(view.due_caption(frame))
    st.dataframe(
        view.due_table(frame),
        hide_index=True,
        width="stretch",
        height=view.table_height(len(frame), 560),
    )
    export.buttons(
        frame, f"{tr('timelines.s2.file')}_{chosen}", key="timelines_due_export", **view.DUE_EXPORT
    )


# 3. one plan on a time axis -------------------------------------------------------------------
def plan_tab() -> None:
    st.subheader(tr("timelines.s3.title"))
    plans = run("timelines_plans", **params)
    if plans.empty:
        charts.empty()
        return
    labels = {r["plan_id"]: view.plan_label(r) for r in plans.to_dict("records")}
    plan_id = st.selectbox(
        tr("timelines.s3.pick"), list(labels), key="timelines_plan", format_func=labels.get
    )
    if plan_id is None:
        return
    rows = run("timelines_plan", **params, plan_id=plan_id)
    if rows.empty:
        st.info(tr("timelines.s3.no_activities"))
        return
    dated, recurring, flagged_rows = view.split_plan(rows)
    st.caption(view.plan_caption(dated, recurring, flagged_rows))
    event = None
    if dated.empty:
        st.info(tr("timelines.s3.no_dated"))
    else:
        event = charts.show(view.gantt(dated), key="timelines_gantt", name=tr("timelines.s3.file"))
    export.buttons(
        rows,
        f"{tr('timelines.s3.file')}_{plan_id}",
        key="timelines_plan_export",
        **view.PLAN_EXPORT,
    )
    if event is not None:
        with st.container(border=True):
            drill.section(
                filters,
                key="timelines_drill_gantt",
                event=event,
                fields=["d_plans", "d_activity_ids"],
                query="timelines_drill",
                describe=lambda pick: ", ".join(pick.get("d_activity_ids", [])),
            )
    for title, part in (("recurring", recurring), ("flagged", flagged_rows)):
        if part.empty:
            continue
        st.markdown(f"**{tr(f'timelines.s3.{title}', n=num(len(part)))}**")
        st.dataframe(
            view.activity_table(part),
            hide_index=True,
            width="stretch",
            height=view.table_height(len(part), 320),
        )


# 4. how late in the year each plan was issued -------------------------------------------
def issued_tab() -> None:
    st.subheader(tr("timelines.s4.title"))
    st.caption(tr("timelines.s4.caption"))
    plans = run("timelines_plans", **params)
    dated = plans[plans["issued_date"].notna()]
    event = None
    if dated.empty:
        charts.empty(tr("timelines.s4.empty"))
    else:
        spec = view.issued_chart(dated)
        event = charts.show(spec, key="timelines_issued", name=tr("timelines.s4.file"))
    missing = plans[plans["issued_date"].isna()]
    if not missing.empty:
        names = view.plan_names(missing)
        st.caption(tr("timelines.s4.no_date", n=num(len(missing)), plans=names))
    export.buttons(
        plans, tr("timelines.s4.file"), key="timelines_issued_export", **view.ISSUED_EXPORT
    )
    by_year = run("timelines_issued_by_year", **params)
    if not by_year.empty:
        st.dataframe(view.by_year_table(by_year), hide_index=True, width="stretch")
        export.buttons(
            by_year,
            tr("timelines.s4.file_year"),
            key="timelines_issued_year_export",
            **view.BY_YEAR_EXPORT,
        )
    if event is not None:
        with st.container(border=True):
            drill.section(
                filters,
                key="timelines_drill_issued",
                event=event,
                fields=["d_plans"],
                query="timelines_drill",
                describe=lambda pick: ", ".join(pick.get("d_plans", [])),
            )


# 5. without dates, or a timeframe not understood ----------------------------------------
def flagged_tab() -> None:
    st.subheader(tr("timelines.s5.title"))
    st.caption(tr("timelines.s5.caption"))
    if flagged == 0:
        st.info(tr("timelines.s5.empty"))
        return
    cards = st.columns(2)
    cards[0].metric(tr("timelines.flag.unparsed"), num(summary["unparsed"]), border=True)
    cards[1].metric(tr("timelines.flag.no_dates"), num(summary["no_dates"]), border=True)
    frame = run("timelines_drill", **params, d_undated=True)
    if frame.empty:
        st.info(tr("timelines.s5.empty"))
        return
    frame = view.flagged_frame(frame)
    if limited := view.limited_caption(frame):
        st.caption(limited)
    st.dataframe(
        view.flagged_table(frame),
        hide_index=True,
        width="stretch",
        height=view.table_height(len(frame), 480),
    )
    export.buttons(
        frame, tr("timelines.s5.file"), key="timelines_flagged_export", **view.FLAGGED_EXPORT
    )


for key, render in zip(
    tab_keys, (periods_tab, due_tab, plan_tab, issued_tab, flagged_tab), strict=True
):
    with tabs[key]:
        if tabs[key].open is not False:
            render()
