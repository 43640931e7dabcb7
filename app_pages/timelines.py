"""Tiến độ: what is known of the activities' dates, by plan (first when most have none:
dated, assumed, recurring, undated; then the dated ones on a time axis); activities by the quarter or month they fall due; what falls due in a chosen
quarter; one plan's activities on a time axis (recurring ones apart); how late in the year
each plan was issued; and the activities without dates or with a timeframe that was not
understood, listed and flagged rather than dropped. Only the open tab runs.
Labels, tables and chart specs come from ttdn.ui.timelines_view."""

import datetime as dt

import pandas as pd
import streamlit as st

from ttdn.ui import charts, export, section, urlstate
from ttdn.ui import timelines_view as view
from ttdn.ui.context import num, run, tr
from ttdn.ui.section import Drill, Export, Section
from ttdn.ui.table import show_table

filters = section.page("timelines")
params = filters.params()
summary = run("timelines_summary", **params).iloc[0]
activities = int(summary["activities"])
flagged = int(summary["unparsed"]) + int(summary["no_dates"])
if activities == 0:
    if run("timelines_plans", **params).empty:
        st.info(tr("timelines.no_match"))
        section.stop()
    st.info(tr("timelines.no_activities"))

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


# 0. what is known of the dates, by plan; then the dated ones on a time axis -----------------
def known_tab() -> None:
    section.render(
        Section(
            key="timelines_known",
            title=tr("timelines.s0.title"),
            caption=view.known_caption(summary),
            query="timelines_plans",
            params=params,
            prepare=view.known_frame,
            shown=lambda frame: frame[frame["activities"] > 0],
            figure=view.known_chart,
            empty=tr("timelines.no_activities"),
            file=tr("timelines.s0.file"),
            export=Export(
                labels=view.LABELS, columns=["plan_id", "plan_label", "kind_label", "activities"]
            ),
            drill=Drill(
                "timelines_drill_known",
                ["d_plans", None],
                extra={"d_order": "due"},
                describe=lambda pick: ", ".join(pick.get("d_plans", [])),
                needs_rows=True,
            ),
        ),
        filters,
    )
    st.subheader(tr("timelines.s0.gantt"))
    plans = run("timelines_plans", **params)
    with_dates = [p for p, n in zip(plans["plan_id"], plans["dated"], strict=True) if n]
    parts = [run("timelines_plan", **params, plan_id=p) for p in with_dates]
    dated = pd.concat([view.split_plan(part)[0] for part in parts]) if parts else pd.DataFrame()
    if dated.empty:
        charts.empty(tr("timelines.s0.gantt_none"))
        return
    if len(dated) > view.MAX_GANTT:
        st.caption(tr("timelines.s0.gantt_more", shown=num(view.MAX_GANTT), total=num(len(dated))))
        dated = dated.head(view.MAX_GANTT)
    # short labels: a phone keeps room for the bars (the hover has the whole title)
    spec = view.gantt(dated, label=30)
    charts.show(spec, key="timelines_known_gantt", name=tr("timelines.s3.file"), select=False)


# 1. by quarter or month ----------------------------------------------------------------------
DUE = {"d_recurring": "no", "d_order": "due"}  # drill: dated activities, soonest due first


def periods_tab() -> None:
    st.subheader(tr("timelines.s1.title"))
    st.caption(
        tr("timelines.s1.caption", recurring=num(summary["recurring"]), flagged=num(flagged))
    )
    grain = urlstate.segmented(
        "tiendo_ky",
        tr("timelines.s1.grain"),
        ["quarter", "month"],
        default="quarter",
        key="timelines_grain",
        required=True,
        format_func=lambda g: tr(f"timelines.s1.grain_{g}"),
    )
    section.render(
        Section(
            key=f"timelines_by_{grain}",
            query="timelines_by_period",
            params={**params, "grain": grain},
            prepare=lambda frame: view.periods_frame(frame, grain) if len(frame) else frame,
            figure=lambda frame: view.periods_chart(frame, grain),
            empty=tr("timelines.s1.empty"),
            stop_when_empty=True,
            file=tr("timelines.s1.file"),
            export=Export(key="timelines_by_period_export", **view.PERIOD_EXPORT),
            drill=Drill(
                f"timelines_drill_{grain}",
                ["d_due_from", "d_due_to", None],
                extra=DUE,
                choices=view.period_choices,
                describe_from=view.period_describer,
            ),
        ),
        filters,
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
    frame = run("drill_activities", **params, **DUE, d_due_from=chosen, d_due_to=ends[chosen])
    if frame.empty:
        st.info(tr("timelines.s2.empty"))
        return
    st.caption(view.due_caption(frame))
    show_table(
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
    section.render(
        Section(
            key="timelines_gantt",
            data=rows,
            shown=lambda _: dated,
            figure=view.gantt,
            empty=tr("timelines.s3.no_dated"),
            file=tr("timelines.s3.file"),
            export=Export(
                file=f"{tr('timelines.s3.file')}_{plan_id}",
                key="timelines_plan_export",
                **view.PLAN_EXPORT,
            ),
            drill=Drill(
                "timelines_drill_gantt",
                ["d_plans", "d_activity_ids"],
                extra={"d_order": "due"},
                describe=lambda pick: ", ".join(pick.get("d_activity_ids", [])),
                needs_rows=True,
            ),
        ),
        filters,
    )
    for title, part in (("recurring", recurring), ("flagged", flagged_rows)):
        if part.empty:
            continue
        st.markdown(f"**{tr(f'timelines.s3.{title}', n=num(len(part)))}**")
        show_table(
            view.activity_table(part),
            hide_index=True,
            width="stretch",
            height=view.table_height(len(part), 320),
        )


# 4. how late in the year each plan was issued -------------------------------------------
def issued_tab() -> None:
    st.subheader(tr("timelines.s4.title"))
    st.caption(tr("timelines.s4.caption"))
    drawn = section.render(
        Section(
            key="timelines_issued",
            query="timelines_plans",
            params=params,
            shown=lambda plans: plans[plans["issued_date"].notna()],
            figure=view.issued_chart,
            empty=tr("timelines.s4.empty"),
            file=tr("timelines.s4.file"),
            after=lambda plans, _: [issued_missing(plans)],
            export=Export(key="timelines_issued_export", **view.ISSUED_EXPORT),
        ),
        filters,
    )
    by_year = run("timelines_issued_by_year", **params)
    if not by_year.empty:
        show_table(view.by_year_table(by_year), hide_index=True, width="stretch")
        export.buttons(
            by_year,
            tr("timelines.s4.file_year"),
            key="timelines_issued_year_export",
            **view.BY_YEAR_EXPORT,
        )
    if drawn.event is not None:
        drill = Drill(
            "timelines_drill_issued",
            ["d_plans"],
            extra={"d_order": "due"},
            describe=lambda pick: ", ".join(pick.get("d_plans", [])),
        )
        section.show_drill(drill, filters, drawn.event, drawn.shown, mark=drawn.mark)


def issued_missing(plans) -> str:
    missing = plans[plans["issued_date"].isna()]
    if missing.empty:
        return ""
    return tr("timelines.s4.no_date", n=num(len(missing)), plans=view.plan_names(missing))


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
    frame = run("drill_activities", **params, d_undated=True, d_order="due")
    if frame.empty:
        st.info(tr("timelines.s5.empty"))
        return
    frame = view.flagged_frame(frame)
    if limited := view.limited_caption(frame):
        st.caption(limited)
    show_table(
        view.flagged_table(frame),
        hide_index=True,
        width="stretch",
        height=view.table_height(len(frame), 480),
    )
    export.buttons(
        frame, tr("timelines.s5.file"), key="timelines_flagged_export", **view.FLAGGED_EXPORT
    )


# when most activities have no dates, the page opens on what is known of them
ORDER = ("periods", "due", "plan", "issued", "flagged")
section.tabs(
    ("known", *ORDER) if view.mostly_undated(summary) else (*ORDER, "known"),
    "timelines",
    {
        "known": known_tab,
        "periods": periods_tab,
        "due": due_tab,
        "plan": plan_tab,
        "issued": issued_tab,
        "flagged": flagged_tab,
    },
    key="timelines_tab",
    url="tiendo_xem",
)
