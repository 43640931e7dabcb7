"""The Tiến độ page's pure logic: period and plan labels, the tables it shows and the
Plotly spec dicts it draws, built from query frames. Nothing here draws (no ``st.*``
calls): app_pages/timelines.py reads the filters, runs the queries and draws these."""

from __future__ import annotations

import datetime as dt
import zlib

import pandas as pd

from ttdn.ui import charts
from ttdn.ui.context import day, lang, num, tr
from ttdn.ui.drill import DRILL_LABELS
from ttdn.ui.export import header
from ttdn.ui.table import vi_sheet

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
    "plan_label": "drill.col.plan",
    "kind_label": "timelines.col.kind",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
ISSUED_COLORS = {
    "before_year": "#2ca02c",
    "first_quarter": "#1f77b4",
    "after_first_quarter": "#d62728",
}
YEAR_COLORS = ("#2E91E5", "#1B5E9E")
GANTT_COLORS = {"timeframe": "#2E91E5", "workbook": "#7F3C8D", "assumed": "#B0B0B0"}
GANTT_NAMES = {
    "timeframe": "timelines.s3.dated",
    "workbook": "timelines.s3.from_workbook",
    "assumed": "timelines.s3.assumed",
}
MAX_NAMED_PLANS = 20  # plans without an issue date named in the caption

# the columns, in order, each table's CSV / XLSX export has
PERIOD_COLUMNS = ["period", "period_start", "period_end", "activities", "plans"]
DUE_COLUMNS = [
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
]
PLAN_COLUMNS = [
    "activity_id",
    "title",
    "timeframe",
    "start_date",
    "end_date",
    "recurring",
    "timeframe_parsed",
    "dates_from",
    "lead_units",
]
ISSUED_COLUMNS = [
    "plan_id",
    "number",
    "province",
    "year",
    "issuer",
    "issued_date",
    "days_from_year_start",
    "activities",
]
BY_YEAR_COLUMNS = [
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
FLAGGED_COLUMNS = [
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
]
# export.buttons(..., **X_EXPORT): the headers and columns of each table's export
PERIOD_EXPORT = {"labels": LABELS, "columns": PERIOD_COLUMNS}
DUE_EXPORT = {"labels": {**DRILL_LABELS, "end_date": "timelines.col.due"}, "columns": DUE_COLUMNS}
PLAN_EXPORT = {"labels": LABELS, "columns": PLAN_COLUMNS}
ISSUED_EXPORT = {"labels": LABELS, "columns": ISSUED_COLUMNS}
BY_YEAR_EXPORT = {"labels": LABELS, "columns": BY_YEAR_COLUMNS}
FLAGGED_EXPORT = {"labels": {**DRILL_LABELS, **LABELS}, "columns": FLAGGED_COLUMNS}


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


def plan_rows(frame: pd.DataFrame) -> list[dict]:
    """Rows shaped for plan_label() from a drill frame (plan_number → number)."""
    return [
        {"number": n, "province": p, "year": y}
        for n, p, y in zip(frame["plan_number"], frame["province"], frame["year"], strict=True)
    ]


def date_format() -> str:
    return "%d/%m/%Y" if lang() == "vi" else "%d %b %Y"


def flagged_help(summary) -> str:
    """The help of the 'flagged' card: how many are not understood, how many have no dates."""
    return tr(
        "timelines.kpi.flagged_help",
        unparsed=num(summary["unparsed"]),
        no_dates=num(summary["no_dates"]),
        tab=tr("timelines.tab.flagged"),
    )


def limited_caption(frame: pd.DataFrame) -> str | None:
    """'shown of total' when a drill frame was cut at its row limit, else None."""
    total = int(frame["total"].iloc[0])
    if total > len(frame):
        return tr("timelines.s5.limited", shown=num(len(frame)), total=num(total))
    return None


def table_height(rows: int, most: int) -> int:
    """A table height that fits `rows` rows, at most `most` pixels."""
    return min(most, 38 + 35 * rows)


# 1. by quarter or month ----------------------------------------------------------------------
def periods_frame(frame: pd.DataFrame, grain: str) -> pd.DataFrame:
    """timelines_by_period with labels (full, short tick), ISO due dates and year colours."""
    return frame.assign(
        period=[period_label(s, grain) for s in frame["period_start"]],
        tick=[period_label(s, grain, short=True) for s in frame["period_start"]],
        due_from=iso(frame["period_start"]),
        due_to=iso(frame["period_end"]),
        color=[YEAR_COLORS[y % 2] for y in frame["year"]],  # years told apart
    )


MAX_AXIS_PERIODS = 240  # twenty years of months: beyond, only the periods with data


def axis_ticks(frame: pd.DataFrame, grain: str) -> list[str]:
    """The short labels of every period from the first to the last of a periods_frame: a
    quarter with nothing due keeps its place (I/2020, II/2020, III/2020, not I, III)."""
    if frame.empty:
        return []
    starts = pd.to_datetime(frame["period_start"])
    every = pd.date_range(starts.min(), starts.max(), freq="MS" if grain == "month" else "QS")
    if len(every) > MAX_AXIS_PERIODS:
        return list(frame["tick"])
    return [period_label(s, grain, short=True) for s in every]


def periods_chart(frame: pd.DataFrame, grain: str) -> dict:
    """Vertical bars of activities per period (a periods_frame), one colour per year; a
    period with nothing due is an empty place on the axis."""
    ticks = axis_ticks(frame, grain)
    fig = charts.stacked_bars(
        frame,
        category="tick",
        value="activities",
        bar_colors="color",
        custom=["due_from", "due_to", "period"],
        horizontal=False,
        order=ticks,
        value_title=tr("timelines.col.activities"),
        category_title=tr(f"timelines.s1.grain_{grain}"),
        label_width=14,
    )
    fig["layout"]["height"] = 420
    fig["layout"]["xaxis"]["tickangle"] = -45 if len(ticks) > 16 else 0
    for trace in fig["data"]:
        if "customdata" in trace:  # not the empty periods' place holder
            trace["hovertemplate"] = "%{customdata[2]}: %{y:,d}<extra></extra>"
    if frame["activities"].max() <= 8:  # whole numbers only on a small count axis
        fig["layout"]["yaxis"]["dtick"] = 1
    return fig


def period_choices(frame: pd.DataFrame) -> dict[str, dict]:
    """Drill choices of a periods_frame: period label → its due-date range."""
    return {
        p: {"d_due_from": f, "d_due_to": t}
        for p, f, t in zip(frame["period"], frame["due_from"], frame["due_to"], strict=True)
    }


def period_describer(frame: pd.DataFrame):
    """describe() for a drill pick of a periods_frame: the period's label."""
    labels = dict(zip(frame["due_from"], frame["period"], strict=True))
    return lambda pick: labels.get(pick.get("d_due_from"), str(pick.get("d_due_from")))


# 2. what falls due in a chosen quarter ------------------------------------------------------
def quarter_start(today: dt.date) -> str:
    """The first day of today's quarter, as ISO text."""
    return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1).isoformat()


def default_quarter(starts: list[str], today: dt.date) -> int:
    """The index of today's quarter among `starts`, else the latest one."""
    current = quarter_start(today)
    return starts.index(current) if current in starts else len(starts) - 1


def quarter_option(start: str, counts: dict) -> str:
    """'Quý III/2020 — 2 hoạt động': a quarter to pick and how many activities fall due in it."""
    return tr(
        "timelines.s2.option", quarter=period_label(start, "quarter"), n=num(counts.get(start, 0))
    )


def due_caption(frame: pd.DataFrame) -> str:
    """How many activities fall due (or 'shown of total' when the list was cut)."""
    return limited_caption(frame) or tr("timelines.s2.count", n=num(int(frame["total"].iloc[0])))


def due_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The activities due in a quarter (a drill_activities frame, d_order="due"), as shown."""
    return pd.DataFrame(
        {
            tr("timelines.col.due"): frame["end_date"].map(day),
            tr("drill.col.province"): frame["province"],
            tr("drill.col.plan"): [plan_label(r) for r in plan_rows(frame)],
            tr("drill.col.activity_id"): frame["activity_id"],
            tr("drill.col.title"): frame["title"],
            tr("drill.col.timeframe"): frame["timeframe"],
            tr("drill.col.lead"): frame["lead_units"].fillna(""),
        }
    )


# 3. one plan on a time axis -------------------------------------------------------------------
def split_plan(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One plan's activities: (dated, recurring, flagged — timeframe not understood or no
    dates at all)."""
    dated = rows[~rows["recurring"] & rows["end_date"].notna()]
    recurring = rows[rows["recurring"]]
    flagged = rows[
        ~rows["timeframe_parsed"] | (rows["start_date"].isna() & rows["end_date"].isna())
    ]
    return dated, recurring, flagged


def plan_caption(dated, recurring, flagged) -> str:
    """How many of the plan's activities are dated, recurring and flagged."""
    return tr(
        "timelines.s3.caption",
        dated=num(len(dated)),
        recurring=num(len(recurring)),
        flagged=num(len(flagged)),
    )


def _text(value) -> str:
    """A cell as hover text: missing (None or NaN from the query) is empty, never 'nan'."""
    return "" if value is None or pd.isna(value) else str(value)


def gantt(rows: pd.DataFrame, label: int = 56) -> dict:
    """Bars from start to end date per activity, labelled 'id · title' cut to `label`
    characters (the hover has the whole title)."""
    ends = pd.to_datetime(rows["end_date"])
    # "trước 30/6" has an end date only: drawn as a one-day mark at the deadline
    starts = pd.to_datetime(rows["start_date"]).fillna(ends)
    labels = [
        f"{a} · {charts.short(t, label)}"
        for a, t in zip(rows["activity_id"], rows["title"], strict=True)
    ]
    traces = []
    for source in GANTT_NAMES:
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
                "name": tr(GANTT_NAMES[source]),
                "marker": {"color": GANTT_COLORS[source]}
                | ({"pattern": {"shape": "/"}} if source == "assumed" else {}),
                "customdata": [
                    [p, a, _text(t), _text(tf), day(s), day(e)]
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


def activity_table(part: pd.DataFrame) -> pd.DataFrame:
    """A plan's recurring or flagged activities, as shown."""
    return pd.DataFrame(
        {
            tr("drill.col.activity_id"): part["activity_id"],
            tr("drill.col.title"): part["title"],
            tr("drill.col.timeframe"): part["timeframe"],
            tr("drill.col.lead"): part["lead_units"],
        }
    )


# 4. how late in the year each plan was issued -------------------------------------------
def jitter(year: int, plan_id: str) -> float:
    """The plan's year moved by a stable amount in [-0.3, 0.3) so that dots stay apart."""
    return year + ((zlib.crc32(plan_id.encode()) % 1000) / 1000 - 0.5) * 0.6


def issued_chart(dated: pd.DataFrame) -> dict:
    """Dots: days from 1 January to the issue date (x) per year (y), coloured by
    before the year / first quarter / later. `dated`: timelines_plans rows with a date."""
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
                "y": [jitter(records[i]["year"], records[i]["plan_id"]) for i in idx],
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
    return charts.style(spec, height=max(320, 120 + 48 * len(years)))


def plan_names(plans: pd.DataFrame, limit: int = MAX_NAMED_PLANS) -> str:
    """The first `limit` plans' labels joined with '; ', ' …' when there are more."""
    names = [plan_label(r) for r in plans.head(limit).to_dict("records")]
    more = " …" if len(plans) > limit else ""
    return "; ".join(names) + more


def by_year_table(by_year: pd.DataFrame) -> pd.DataFrame:
    """timelines_issued_by_year as shown, headers named. The figures stay numbers (a column
    sorts 200 before 1.000) and whole (the median of days rounded): show_table draws them
    1.234 and a gap as "—"."""
    shown = by_year[BY_YEAR_COLUMNS].copy()
    for column in BY_YEAR_COLUMNS:
        numbers = pd.to_numeric(shown[column], errors="coerce").astype("Float64").round()
        shown[column] = numbers.astype("Int64")
    return shown.rename(columns={c: header(c, LABELS) for c in BY_YEAR_COLUMNS})


# 5. without dates, or a timeframe not understood ----------------------------------------
def flagged_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A drill_activities frame of flagged activities with the flag named (flag_label)."""
    return frame.assign(flag_label=frame["flag"].map(lambda f: tr(f"timelines.flag.{f}")))


def flagged_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A flagged_frame as shown, with where each activity came from."""
    return pd.DataFrame(
        {
            tr("timelines.col.flag"): frame["flag_label"],
            tr("drill.col.timeframe"): frame["timeframe"],
            tr("drill.col.province"): frame["province"],
            tr("col.year"): frame["year"].astype(str),
            tr("drill.col.activity_id"): frame["activity_id"],
            tr("drill.col.title"): frame["title"],
            tr("drill.col.source"): [
                tr("drill.source_fmt", file=f, sheet=vi_sheet(s), row=r)
                for f, s, r in zip(
                    frame["source_file"],
                    frame["source_sheet"],
                    frame["source_row"],
                    strict=True,
                )
            ],
        }
    )


# 0. what is known about the dates, by plan (first when most activities have no dates) ----
KNOWN_KINDS = ("dated", "assumed", "recurring", "undated")
KNOWN_COLORS = {
    "dated": GANTT_COLORS["timeframe"],
    "assumed": "#9ecae1",
    "recurring": "#59A14F",
    "undated": "#BAB0AC",
}
MAX_GANTT = 80  # dated activities drawn on the overview's time axis


def mostly_undated(summary) -> bool:
    """True when fewer than half of the activities have dates: the page then opens on what is
    known (by plan) instead of a chart of the few dated ones."""
    return int(summary["activities"]) > 0 and 2 * int(summary["dated"]) < int(summary["activities"])


def known_frame(plans: pd.DataFrame) -> pd.DataFrame:
    """timelines_plans rows → one row per plan and kind: dated (from the text or the
    workbook), assumed (dates the text does not give), recurring, undated (everything else:
    no dates, or a timeframe not understood). The kinds of a plan add up to its activities."""
    rows = []
    for r in plans.to_dict("records"):
        counts = {
            "dated": int(r["dated"]) - int(r["assumed"]),
            "assumed": int(r["assumed"]),
            "recurring": int(r["recurring"]),
            "undated": int(r["activities"]) - int(r["dated"]) - int(r["recurring"]),
        }
        for kind in KNOWN_KINDS:
            name = tr(f"timelines.s0.kind.{kind}")
            rows.append((r["plan_id"], plan_label(r), kind, name, counts[kind]))
    columns = ["plan_id", "plan_label", "kind", "kind_label", "activities"]
    return pd.DataFrame(rows, columns=columns)


def known_chart(frame: pd.DataFrame) -> dict:
    """Bars per plan: its activities by what is known of their dates (a known_frame)."""
    shown = frame[frame["activities"] > 0]
    spec = charts.stacked_bars(
        shown,
        category="plan_label",
        value="activities",
        series="kind",
        series_names={k: tr(f"timelines.s0.kind.{k}") for k in KNOWN_KINDS},
        colors=KNOWN_COLORS,
        patterns={"assumed": "/"},
        custom=["plan_id", "kind"],
        order=list(dict.fromkeys(frame["plan_label"])),
        value_title=tr("timelines.col.activities"),
        label_width=30,
    )
    top = shown.groupby("plan_label")["activities"].sum().max() if len(shown) else 0
    if top and top <= 8:
        spec["layout"]["xaxis"]["dtick"] = 1
    return spec


def known_caption(summary) -> str:
    """'2 of 79 activities have dates (1 assumed); 15 recur; 62 have none.'"""
    return tr(
        "timelines.s0.caption",
        dated=num(summary["dated"]),
        activities=num(summary["activities"]),
        recurring=num(summary["recurring"]),
        undated=num(int(summary["activities"]) - int(summary["dated"]) - int(summary["recurring"])),
    )
