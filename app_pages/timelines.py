"""Tiến độ: activities by the quarter or month they fall due; what falls due in a chosen
quarter; one plan's activities on a time axis (recurring ones apart); how late in the year
each plan was issued; and the activities without dates or with a timeframe that was not
understood, listed and flagged rather than dropped. Only the open tab runs."""

import datetime as dt
import zlib

import pandas as pd
import streamlit as st

from ttdn.ui import charts, drill, export
from ttdn.ui.context import day, has_data, lang, num, run, tr
from ttdn.ui.filters import describe, filter_bar

LABELS = {
    "period": "timelines.col.period",
    "period_start": "timelines.col.period_start",
    "period_end": "timelines.col.period_end",
    "year": "col.year",
    "quarter": "timelines.col.quarter",
    "month": "timelines.col.month",
    "activities": "timelines.col.activities",
    "plans": "timelines.col.plans",
    "days_from_year_start": "timelines.col.days",
    "dated": "timelines.col.dated",
    "recurring": "timelines.col.recurring",
    "undated": "timelines.col.undated",
    "issued": "timelines.col.issued",
    "before_year": "timelines.col.before_year",
    "first_quarter": "timelines.col.first_quarter",
    "after_first_quarter": "timelines.col.after_first_quarter",
    "min_days": "timelines.col.min_days",
    "median_days": "timelines.col.median_days",
    "max_days": "timelines.col.max_days",
    "flag_label": "timelines.col.flag",
    "dates_from": "timelines.col.dates_from",
    "timeframe_parsed": "timelines.col.timeframe_parsed",
    "activity_id": "drill.col.activity_id",
    "title": "drill.col.title",
    "timeframe": "drill.col.timeframe",
    "start_date": "drill.col.start",
    "end_date": "drill.col.end",
    "lead_units": "drill.col.lead",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
ISSUED_COLORS = {
    "before_year": "#2ca02c",
    "first_quarter": "#1f77b4",
    "after_first_quarter": "#d62728",
}
YEAR_COLORS = ("#2E91E5", "#1B5E9E")
GANTT_COLORS = {"timeframe": "#2E91E5", "workbook": "#7F3C8D"}


def iso(values) -> list[str]:
    return [pd.Timestamp(v).strftime("%Y-%m-%d") for v in values]


def period_label(start, grain: str, short: bool = False) -> str:
    """Quý III/2020 · Q3 2020 (short: III/2020); Tháng 6/2021 · Jun 2021 (short: 06/2021)."""
    start = pd.Timestamp(start)
    suffix = "_short" if short else ""
    if grain == "month":
        month_en = MONTHS_EN[start.month - 1]
        return tr(f"timelines.month{suffix}", month=start.month, month_en=month_en, year=start.year)
    quarter = (start.month - 1) // 3 + 1
    return tr(f"timelines.quarter{suffix}", q=ROMAN[quarter], n=quarter, year=start.year)


def plan_label(row) -> str:
    number = (
        row["number"] if isinstance(row["number"], str) and row["number"] else tr("drill.no_number")
    )
    return tr("timelines.s3.plan_label", province=row["province"], year=row["year"], number=number)


def date_format() -> str:
    return "%d/%m/%Y" if lang() == "vi" else "%d %b %Y"


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
    help=tr(
        "timelines.kpi.flagged_help",
        unparsed=num(summary["unparsed"]),
        no_dates=num(summary["no_dates"]),
        tab=tr("timelines.tab.flagged"),
    ),
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
    frame = frame.assign(
        period=[period_label(s, grain) for s in frame["period_start"]],
        tick=[period_label(s, grain, short=True) for s in frame["period_start"]],
        due_from=iso(frame["period_start"]),
        due_to=iso(frame["period_end"]),
        color=[YEAR_COLORS[y % 2] for y in frame["year"]],  # years told apart
    )
    fig = charts.stacked_bars(
        frame,
        category="tick",
        value="activities",
        bar_colors="color",
        custom=["due_from", "due_to", "period"],
        horizontal=False,
        order=list(frame["tick"]),
        value_title=tr("timelines.col.activities"),
        category_title=tr(f"timelines.s1.grain_{grain}"),
        label_width=14,
    )
    fig["layout"]["height"] = 420
    fig["layout"]["xaxis"]["tickangle"] = -45 if len(frame) > 16 else 0
    for trace in fig["data"]:
        trace["hovertemplate"] = "%{customdata[2]}: %{y:,d}<extra></extra>"
    if frame["activities"].max() <= 8:  # whole numbers only on a small count axis
        fig["layout"]["yaxis"]["dtick"] = 1
    event = charts.show(fig, key=f"timelines_by_{grain}", name=tr("timelines.s1.file"))
    export.buttons(
        frame,
        tr("timelines.s1.file"),
        key="timelines_by_period_export",
        labels=LABELS,
        columns=["period", "period_start", "period_end", "activities", "plans"],
    )
    labels = dict(zip(frame["due_from"], frame["period"], strict=True))
    with st.container(border=True):
        drill.section(
            filters,
            key=f"timelines_drill_{grain}",
            event=event,
            fields=["d_due_from", "d_due_to", None],
            query="timelines_drill",
            extra={"d_recurring": "no"},
            choices={
                p: {"d_due_from": f, "d_due_to": t}
                for p, f, t in zip(frame["period"], frame["due_from"], frame["due_to"], strict=True)
            },
            describe=lambda pick: labels.get(pick.get("d_due_from"), str(pick.get("d_due_from"))),
        )


# 2. what falls due in a chosen quarter ------------------------------------------------------
def due_tab() -> None:
    st.subheader(tr("timelines.s2.title"))
    st.caption(tr("timelines.s2.caption"))
    quarters = run("timelines_by_period", **params, grain="quarter")
    if quarters.empty:
        charts.empty(tr("timelines.s1.empty"))
        return
    starts = iso(quarters["period_start"])
    ends = dict(zip(starts, iso(quarters["period_end"]), strict=True))
    counts = dict(zip(starts, quarters["activities"], strict=True))
    today = dt.date.today()
    current = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1).isoformat()
    chosen = st.selectbox(
        tr("timelines.s2.pick"),
        starts,
        index=starts.index(current) if current in starts else len(starts) - 1,
        key="timelines_due_quarter",
        format_func=lambda s: tr(
            "timelines.s2.option", quarter=period_label(s, "quarter"), n=num(counts.get(s, 0))
        ),
    )
    if chosen not in ends:
        return
    frame = run(
        "timelines_drill", **params, d_due_from=chosen, d_due_to=ends[chosen], d_recurring="no"
    )
    if frame.empty:
        st.info(tr("timelines.s2.empty"))
        return
    total = int(frame["total"].iloc[0])
    if total > len(frame):
        st.caption(tr("timelines.s5.limited", shown=num(len(frame)), total=num(total)))
    else:
        st.caption(tr("timelines.s2.count", n=num(total)))
    st.dataframe(
        pd.DataFrame(
            {
                tr("timelines.col.due"): frame["end_date"].map(day),
                tr("drill.col.province"): frame["province"],
                tr("drill.col.plan"): [plan_label(r) for r in plan_rows(frame)],
                tr("drill.col.activity_id"): frame["activity_id"],
                tr("drill.col.title"): frame["title"],
                tr("drill.col.timeframe"): frame["timeframe"],
                tr("drill.col.lead"): frame["lead_units"].fillna(""),
            }
        ),
        hide_index=True,
        width="stretch",
        height=min(560, 38 + 35 * len(frame)),
    )
    export.buttons(
        frame,
        f"{tr('timelines.s2.file')}_{chosen}",
        key="timelines_due_export",
        labels={**drill.DRILL_LABELS, "end_date": "timelines.col.due"},
        columns=[
            "end_date",
            "start_date",
            "province",
            "plan_id",
            "plan_number",
            "issuer",
            "year",
            "activity_id",
            "title",
            "description",
            "timeframe",
            "lead_units",
            "cooperating_units",
            "source_file",
            "source_sheet",
            "source_row",
        ],
    )


def plan_rows(frame: pd.DataFrame) -> list[dict]:
    """Rows shaped for plan_label() from a drill frame (plan_number → number)."""
    return [
        {"number": n, "province": p, "year": y}
        for n, p, y in zip(frame["plan_number"], frame["province"], frame["year"], strict=True)
    ]


# 3. one plan on a time axis -------------------------------------------------------------------
def gantt(rows: pd.DataFrame) -> dict:
    starts = pd.to_datetime(rows["start_date"])
    ends = pd.to_datetime(rows["end_date"])
    labels = [
        f"{a} · {charts.short(t, 56)}"
        for a, t in zip(rows["activity_id"], rows["title"], strict=True)
    ]
    traces = []
    for source in ("timeframe", "workbook"):
        mask = (rows["dates_from"] == source).to_numpy()
        if not mask.any():
            continue
        sub = rows[mask]
        start, end = starts[mask], ends[mask]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "base": iso(start),
                "x": [int(d) * 86_400_000 for d in ((end - start).dt.days + 1)],
                "y": [lab for lab, m in zip(labels, mask, strict=True) if m],
                "name": tr("timelines.s3.dated" if source == "timeframe" else "timelines.s3.from_workbook"),
                "marker": {"color": GANTT_COLORS[source]},
                "customdata": [
                    [p, a, t or "", tf or "", day(s), day(e)]
                    for p, a, t, tf, s, e in zip(
                        sub["plan_id"], sub["activity_id"], sub["title"], sub["timeframe"],
                        sub["start_date"], sub["end_date"], strict=True,
                    )
                ],
                "hovertemplate": "<b>%{customdata[1]}</b> %{customdata[2]}<br>%{customdata[3]}"
                "<br>%{customdata[4]} – %{customdata[5]}<extra></extra>",
            }
        )  # fmt: skip
    spec = {
        "data": traces,
        "layout": {
            "barmode": "overlay",
            "xaxis": {
                "type": "date",
                "title": {"text": tr("timelines.s3.axis")},
                "tickformat": "%m/%Y" if lang() == "vi" else "%b %Y",
                "hoverformat": date_format(),
            },
            "yaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": list(reversed(labels)),
            },
        },
    }
    return charts.style(spec, height=charts.bar_height(len(rows), per_bar=20))


def plan_tab() -> None:
    st.subheader(tr("timelines.s3.title"))
    plans = run("timelines_plans", **params)
    if plans.empty:
        charts.empty()
        return
    labels = {r["plan_id"]: plan_label(r) for r in plans.to_dict("records")}
    plan_id = st.selectbox(
        tr("timelines.s3.pick"), list(labels), key="timelines_plan", format_func=labels.get
    )
    if plan_id is None:
        return
    rows = run("timelines_plan", **params, plan_id=plan_id)
    if rows.empty:
        st.info(tr("timelines.s3.no_activities"))
        return
    dated = rows[~rows["recurring"] & rows["end_date"].notna()]
    recurring = rows[rows["recurring"]]
    flagged_rows = rows[
        ~rows["timeframe_parsed"] | (rows["start_date"].isna() & rows["end_date"].isna())
    ]
    st.caption(
        tr(
            "timelines.s3.caption",
            dated=num(len(dated)),
            recurring=num(len(recurring)),
            flagged=num(len(flagged_rows)),
        )
    )
    event = None
    if dated.empty:
        st.info(tr("timelines.s3.no_dated"))
    else:
        event = charts.show(gantt(dated), key="timelines_gantt", name=tr("timelines.s3.file"))
    export.buttons(
        rows,
        f"{tr('timelines.s3.file')}_{plan_id}",
        key="timelines_plan_export",
        labels=LABELS,
        columns=[
            "activity_id",
            "title",
            "timeframe",
            "start_date",
            "end_date",
            "recurring",
            "timeframe_parsed",
            "dates_from",
            "lead_units",
        ],
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
            pd.DataFrame(
                {
                    tr("drill.col.activity_id"): part["activity_id"],
                    tr("drill.col.title"): part["title"],
                    tr("drill.col.timeframe"): part["timeframe"],
                    tr("drill.col.lead"): part["lead_units"],
                }
            ),
            hide_index=True,
            width="stretch",
            height=min(320, 38 + 35 * len(part)),
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
        days = [int(d) for d in dated["days_from_year_start"]]
        kinds = list(dated["issued_when"])
        records = dated.to_dict("records")
        traces = []
        for kind in ISSUED_COLORS:
            idx = [i for i, k in enumerate(kinds) if k == kind]
            if not idx:
                continue
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": tr(f"timelines.col.{kind}"),
                    "x": [days[i] for i in idx],
                    "y": [
                        records[i]["year"]
                        + ((zlib.crc32(records[i]["plan_id"].encode()) % 1000) / 1000 - 0.5) * 0.6
                        for i in idx
                    ],
                    "customdata": [
                        [
                            records[i]["plan_id"],
                            plan_label(records[i]),
                            day(records[i]["issued_date"]),
                        ]
                        for i in idx
                    ],
                    "marker": {"color": ISSUED_COLORS[kind], "size": 9, "opacity": 0.75},
                    "hovertemplate": "%{customdata[1]}<br>"
                    + tr("timelines.s4.hover", date="%{customdata[2]}", days="%{x:,d}")
                    + "<extra></extra>",
                }
            )
        years = sorted(set(dated["year"]))
        spec = {
            "data": traces,
            "layout": {
                "xaxis": {"title": {"text": tr("timelines.s4.axis_days")}, "zeroline": False},
                "yaxis": {
                    "title": {"text": tr("timelines.s4.axis_year")},
                    "tickvals": years,
                    "ticktext": [str(y) for y in years],
                    "range": [max(years) + 0.6, min(years) - 0.6],
                },
                "shapes": [
                    {"type": "line", "x0": x, "x1": x, "yref": "paper", "y0": 0, "y1": 1,
                     "line": {"color": "#888", "dash": "dot", "width": 1}}
                    for x in (0, 90)
                ],
                "annotations": [
                    {"x": x, "y": 1, "yref": "paper", "text": text, "showarrow": False,
                     "yanchor": "bottom", "font": {"size": 11, "color": "#555"}}
                    for x, text in ((0, tr("timelines.s4.jan1")), (90, tr("timelines.s4.q1_end")))
                ],
            },
        }  # fmt: skip
        spec = charts.style(spec, height=max(320, 120 + 48 * len(years)))
        event = charts.show(spec, key="timelines_issued", name=tr("timelines.s4.file"))
    missing = plans[plans["issued_date"].isna()]
    if not missing.empty:
        names = [plan_label(r) for r in missing.head(20).to_dict("records")]
        more = " …" if len(missing) > 20 else ""
        st.caption(tr("timelines.s4.no_date", n=num(len(missing)), plans="; ".join(names) + more))
    export.buttons(
        plans,
        tr("timelines.s4.file"),
        key="timelines_issued_export",
        labels=LABELS,
        columns=[
            "plan_id",
            "number",
            "province",
            "year",
            "issuer",
            "issued_date",
            "days_from_year_start",
            "activities",
        ],
    )
    by_year = run("timelines_issued_by_year", **params)
    if not by_year.empty:
        columns = [
            "year",
            "plans",
            "issued",
            "before_year",
            "first_quarter",
            "after_first_quarter",
            "min_days",
            "median_days",
            "max_days",
        ]
        shown = by_year[columns].astype(object).map(lambda v: "–" if pd.isna(v) else num(v))
        shown["year"] = by_year["year"].astype(str)
        st.dataframe(
            shown.rename(columns={c: export.header(c, LABELS) for c in columns}),
            hide_index=True,
            width="stretch",
        )
        export.buttons(
            by_year,
            tr("timelines.s4.file_year"),
            key="timelines_issued_year_export",
            labels=LABELS,
            columns=columns,
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
    frame = frame.assign(flag_label=frame["flag"].map(lambda f: tr(f"timelines.flag.{f}")))
    total = int(frame["total"].iloc[0])
    if total > len(frame):
        st.caption(tr("timelines.s5.limited", shown=num(len(frame)), total=num(total)))
    st.dataframe(
        pd.DataFrame(
            {
                tr("timelines.col.flag"): frame["flag_label"],
                tr("drill.col.timeframe"): frame["timeframe"],
                tr("drill.col.province"): frame["province"],
                tr("col.year"): frame["year"].astype(str),
                tr("drill.col.activity_id"): frame["activity_id"],
                tr("drill.col.title"): frame["title"],
                tr("drill.col.source"): [
                    tr("drill.source_fmt", file=f, sheet=s, row=r)
                    for f, s, r in zip(
                        frame["source_file"],
                        frame["source_sheet"],
                        frame["source_row"],
                        strict=True,
                    )
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        height=min(480, 38 + 35 * len(frame)),
    )
    export.buttons(
        frame,
        tr("timelines.s5.file"),
        key="timelines_flagged_export",
        labels={**drill.DRILL_LABELS, **LABELS},
        columns=[
            "flag_label",
            "plan_id",
            "plan_number",
            "issuer",
            "province",
            "year",
            "activity_id",
            "title",
            "timeframe",
            "source_file",
            "source_sheet",
            "source_row",
        ],
    )


for key, render in zip(
    tab_keys, (periods_tab, due_tab, plan_tab, issued_tab, flagged_tab), strict=True
):
    with tabs[key]:
        if tabs[key].open is not False:
            render()
