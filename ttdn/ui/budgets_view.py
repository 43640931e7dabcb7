"""The Kinh phí page's pure logic: money and status labels, captions, drill choices, the
tables it shows and the Plotly spec dicts it draws, built from the budgets_* query frames.
Nothing here draws (no ``st.*`` calls): app_pages/budgets.py runs the queries and draws."""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from ttdn import REFERENCE_DIR
from ttdn.i18n import fmt_int, fmt_number, t
from ttdn.ui import charts
from ttdn.ui.context import lang, num, tr

LABELS = {
    "budget_code": "budgets.col.budget_code",
    "name_vi": "budgets.col.name_vi",
    "name_en": "budgets.col.name_en",
    "plans": "budgets.col.plans",
    "plans_firm": "budgets.col.plans_firm",
    "plans_conditional": "budgets.col.plans_conditional",
    "lines": "budgets.col.lines",
    "plans_with_amount": "budgets.col.plans_with_amount",
    "amount_vnd": "budgets.col.amount_vnd",
    "activities": "budgets.col.activities",
    "activities_with_amount": "budgets.col.activities_with_amount",
    "activity_amount_vnd": "budgets.col.activity_amount_vnd",
    "status": "budgets.col.status",
    "status_label": "budgets.col.status",
    "sources": "budgets.col.sources",
    "sources_vi": "budgets.col.sources_vi",
    "sources_en": "budgets.col.sources_en",
    "notes": "budgets.col.notes",
    "plan_amount_vnd": "budgets.col.plan_amount_vnd",
    "year": "budgets.col.year",
    "plan_ids": "budgets.col.plan_ids",
}
STATUSES = ("none", "conditional", "stated")
STATUS_COLORS = {"none": "#d62728", "conditional": "#f5a623", "stated": "#2ca02c"}
SOURCE_COLOR = "#2E91E5"  # firm and conditional alike; conditional is hatched
MAX_BARS = 40
NO_SOURCE = "khong_neu"  # the budget code of "no source named"

# the columns, in order, each table's CSV / XLSX export has
STATUS_COLUMNS = [
    "year",
    "status_label",
    "plans",
    "plans_with_amount",
    "amount_vnd",
    "activities_with_amount",
    "activity_amount_vnd",
    "plan_ids",
]
AMOUNTS_COLUMNS = [
    "province",
    "year",
    "plan_amount_vnd",
    "plans_with_amount",
    "activity_amount_vnd",
    "activities_with_amount",
]
PLANS_COLUMNS = [
    "plan_id",
    "number",
    "province",
    "year",
    "issuer",
    "status_label",
    "sources",
    "sources_vi",
    "sources_en",
    "notes",
    "amount_vnd",
    "activities",
    "activities_with_amount",
    "activity_amount_vnd",
]


def money(value) -> str:
    """1.234.567 đ (VI) or 1,234,567 VND (EN); '–' when there is no amount."""
    if value is None or pd.isna(value):
        return "–"
    return tr("budgets.money", amount=num(value))


# (threshold in đồng, string key of the unit): the largest unit the amount reaches
MONEY_UNITS = ((10**12, "budgets.money_trillion"), (10**9, "budgets.money_billion"),
               (10**6, "budgets.money_million"))  # fmt: skip


def money_short(value, language: str | None = None, cell: bool = False) -> str:
    """An amount for a card: 1,5 tỷ đồng · 850 triệu đồng · 1,2 nghìn tỷ đồng (VI); VND 1.5
    billion · VND 850 million (EN). One decimal under 100 units (none when it is ,0), whole
    units above; under a million the amount in full. '–' when there is none. cell=True: the
    short unit of a heatmap cell (1,5 tỷ · VND 1.5 bn)."""
    language = language or lang()
    if value is None or pd.isna(value):
        return "–"
    value = float(value)
    for size, key in MONEY_UNITS:
        if abs(value) >= size:
            units = value / size
            decimals = 1 if abs(units) < 100 and round(units, 1) != round(units) else 0
            key = f"{key}_cell" if cell else key
            return t(key, language, amount=fmt_number(units, language, decimals))
    return t("budgets.money_dong", language, amount=fmt_int(value, language))


def has_amounts(status: pd.DataFrame) -> bool:
    """Whether any plan or activity (of budgets_status) writes an amount."""
    return bool(status["plans_with_amount"].sum() or status["activities_with_amount"].sum())


def money_cards(status: pd.DataFrame) -> list[tuple[str, str, str]]:
    """The two money cards (label, value, help) from budgets_status: the total written in the
    plans' Budget sections and the total written against activities (kept apart: the same
    money may be in both)."""
    plans = int(status["plans_with_amount"].sum())
    activities = int(status["activities_with_amount"].sum())
    plan_total = status["amount_vnd"].dropna().sum() if plans else None
    activity_total = status["activity_amount_vnd"].dropna().sum() if activities else None
    return [
        (
            tr("budgets.kpi.amount"),
            money_short(plan_total),
            tr("budgets.kpi.amount_help", amount=money(plan_total), plans=num(plans)),
        ),
        (
            tr("budgets.kpi.activity_amount"),
            money_short(activity_total),
            tr(
                "budgets.kpi.activity_amount_help",
                amount=money(activity_total),
                activities=num(activities),
            ),
        ),
    ]


def whole_ticks(spec: dict, axis: str, top) -> dict:
    """Counts: ticks on whole numbers only (Plotly would put 0,5 steps on a small axis)."""
    if top is not None and top <= 8:
        spec["layout"][f"{axis}axis"]["dtick"] = 1
    return spec


def status_names() -> dict[str, str]:
    """Budget status code → its name (no source / only 'nếu có' / stated)."""
    return {s: tr(f"budgets.status.{s}") for s in STATUSES}


def status_counts(status: pd.DataFrame) -> dict[str, int]:
    """Plans per status (every status present, 0 when none), from budgets_status."""
    counts = status.groupby("status")["plans"].sum()
    return {s: counts.get(s, 0) for s in STATUSES}


def amount_caption(status: pd.DataFrame) -> str:
    """The totals written in plans and in activities (kept apart), or that there are none."""
    stated_plans = int(status["plans_with_amount"].sum())
    activity_amount = status["activity_amount_vnd"].dropna()
    activities_with_amount = int(status["activities_with_amount"].sum())
    if not (stated_plans or activities_with_amount):
        return tr("budgets.no_amounts")
    return tr(
        "budgets.amount_caption",
        amount=money(status["amount_vnd"].sum()) if stated_plans else "–",
        plans=num(stated_plans),
        activity_amount=money(activity_amount.sum()) if len(activity_amount) else "–",
        activities=num(activities_with_amount),
    )


def height(rows: int, most: int = 560) -> int:
    """A table height that fits `rows` rows, at most `most` pixels."""
    return min(most, 38 + 35 * rows)


# 1. which sources fund the plans --------------------------------------------------------------
def used_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """The budgets_by_source rows some plan names."""
    return sources[sources["plans"] > 0]


def sources_chart(used: pd.DataFrame, name: str) -> dict:
    """Bars of plans per source, firm and 'nếu có' (conditional, hatched) stacked."""
    long = pd.DataFrame(
        {
            "budget_code": list(used["budget_code"]) * 2,
            name: list(used[name]) * 2,
            "kind": ["firm"] * len(used) + ["conditional"] * len(used),
            "count": list(used["plans_firm"]) + list(used["plans_conditional"]),
        }
    )
    fig = charts.stacked_bars(
        long[long["count"] > 0],
        category=name,
        value="count",
        series="kind",
        series_names={"firm": tr("budgets.firm"), "conditional": tr("budgets.conditional")},
        colors={"firm": SOURCE_COLOR, "conditional": SOURCE_COLOR},
        patterns={"conditional": "/"},
        custom=["budget_code"],
        order=list(used[name]),
        value_title=tr("budgets.axis.plans"),
    )
    return whole_ticks(fig, "x", used["plans"].max())


def unused_sources(sources: pd.DataFrame, name: str) -> list[str]:
    """The names of the sources no plan names (not counting 'no source named')."""
    return [
        n
        for c, n, p in zip(sources["budget_code"], sources[name], sources["plans"], strict=True)
        if p == 0 and c != NO_SOURCE
    ]


def activity_sources(sources: pd.DataFrame, name: str) -> str:
    """'Source (n); …' for the sources named on activities, '' when none is."""
    by_activity = sources[sources["activities"] > 0]
    return "; ".join(
        f"{n} ({num(a)})" for n, a in zip(by_activity[name], by_activity["activities"], strict=True)
    )


def source_choices(used: pd.DataFrame, name: str) -> dict[str, dict]:
    """Drill choices: source name → the plans naming that source."""
    return {
        n: {"d_plan_sources": [c]} for c, n in zip(used["budget_code"], used[name], strict=True)
    }


def source_describer(sources: pd.DataFrame, name: str):
    """describe() for a drill pick of sources: their names."""
    names = dict(zip(sources["budget_code"], sources[name], strict=True))
    return lambda pick: "; ".join(names.get(c, c) for c in pick.get("d_plan_sources", []))


# 2. plans naming no source or only "nếu có" ------------------------------------------------
def status_frame(status: pd.DataFrame) -> pd.DataFrame:
    """budgets_status with plan_ids as lists, the year as text and the status named."""
    return status.assign(
        plan_ids=status["plan_ids"].map(list),
        year_label=status["year"].astype(str),
        status_label=status["status"].map(status_names()),
    )


def status_chart(frame: pd.DataFrame) -> dict:
    """Vertical bars of plans per year (a status_frame), stacked by budget status; a year
    without plans keeps its place on the axis."""
    years = charts.year_range(frame["year"])
    fig = charts.stacked_bars(
        frame,
        category="year_label",
        value="plans",
        series="status",
        series_names=status_names(),
        colors=STATUS_COLORS,
        custom=["year", "plan_ids"],
        horizontal=False,
        order=years,
        value_title=tr("budgets.axis.plans"),
        category_title=tr("budgets.axis.year"),
    )
    fig["layout"]["height"] = 420
    return whole_ticks(fig, "y", frame.groupby("year")["plans"].sum().max())


def status_choices(frame: pd.DataFrame) -> dict[str, dict]:
    """Drill choices: 'year · status' → that year's plans, for the statuses lacking money."""
    names = status_names()
    return {
        tr("budgets.s2.choice", year=y, status=names[s]): {"d_years": [int(y)], "d_plans": ids}
        for y, s, ids in zip(frame["year"], frame["status"], frame["plan_ids"], strict=True)
        if s != "stated"
    }


# 3. amounts by province and year --------------------------------------------------------------
def default_kind(amounts: pd.DataFrame) -> str:
    """Amounts written in plans if there are any (or nothing at all), else in activities."""
    plan_total = int(amounts["plan_amount_vnd"].sum()) if not amounts.empty else 0
    return "plan" if plan_total or amounts.empty else "activity"


def amount_column(kind: str) -> str:
    return "plan_amount_vnd" if kind == "plan" else "activity_amount_vnd"


def positive_amounts(amounts: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The budgets_amounts rows with an amount of that kind."""
    value = amount_column(kind)
    return amounts[amounts[value] > 0] if not amounts.empty else amounts


def top_provinces(shown: pd.DataFrame, kind: str) -> tuple[pd.DataFrame, list[str], int]:
    """(the rows of the MAX_BARS provinces with the most money, those provinces largest
    first, how many provinces there were) from positive_amounts rows."""
    value = amount_column(kind)
    totals = shown.groupby("province", sort=False)[value].sum().sort_values(ascending=False)
    order = list(totals.index[:MAX_BARS])
    shown = shown[shown["province"].isin(set(order))]
    return shown, order, len(totals)


def amounts_chart(shown: pd.DataFrame, order: list[str], kind: str) -> dict:
    """Provinces (largest first) × years: each cell says the amount (1,5 tỷ · 850 tr) on one
    sequential blue scale (log: amounts span orders of magnitude), empty where nothing is
    written; the exact amount in đồng in the hover. customdata = [province, year, exact]
    (on the cells, and on the invisible markers a click selects, for the drill-down). (Stacked bars coloured by year needed ten blues no one could tell
    apart.)"""
    value = amount_column(kind)
    years = sorted({int(y) for y in shown["year"]})
    cells = {
        (p, int(y)): float(v)
        for p, y, v in zip(shown["province"], shown["year"], shown[value], strict=True)
        if v is not None and v == v and v > 0
    }
    z = [[math.log10(cells[(p, y)]) if (p, y) in cells else None for y in years] for p in order]
    text = [[money_short(cells[(p, y)], cell=True) if (p, y) in cells else "" for y in years]
            for p in order]  # fmt: skip
    custom = [[[p, y, money(cells.get((p, y)))] for y in years] for p in order]
    labels = {p: charts.short(p, 28) for p in order}
    hover = "%{customdata[0]} · %{customdata[1]}<br>%{customdata[2]}<extra></extra>"
    filled = [(p, y) for p in order for y in years if (p, y) in cells]
    spec = {
        "data": [
            {
                "type": "heatmap",
                "x": [str(y) for y in years],
                "y": [labels[p] for p in order],
                "z": z,
                "text": text,
                "texttemplate": "%{text}",
                "textfont": {"size": 11},
                "customdata": custom,
                "colorscale": [[0, "#deebf7"], [0.5, "#6baed6"], [1, "#08306b"]],
                "showscale": False,
                "xgap": 2,
                "ygap": 2,
                "hoverinfo": "skip",
            },
            {
                # one invisible square per filled cell: Streamlit reports clicks on points,
                # not on heatmap cells; the chosen cell gets a red frame
                "type": "scatter",
                "mode": "markers",
                "x": [str(y) for _, y in filled],
                "y": [labels[p] for p, _ in filled],
                "customdata": [[p, y, money(cells[(p, y)])] for p, y in filled],
                "marker": {"symbol": "square-open", "size": 24, "color": "#d62728",
                           "opacity": 0, "line": {"width": 2}},
                "selected": {"marker": {"opacity": 1}},
                "unselected": {"marker": {"opacity": 0}},
                "hovertemplate": hover,
                "showlegend": False,
            },
        ],
        "layout": {
            "xaxis": {"type": "category", "side": "top", "title": {"text": ""},
                      "categoryorder": "array", "categoryarray": [str(y) for y in years]},
            "yaxis": {"type": "category", "autorange": "reversed",
                      "categoryorder": "array", "categoryarray": [labels[p] for p in order]},
            "plot_bgcolor": "white",
        },
    }  # fmt: skip
    return charts.style(spec, height=charts.bar_height(len(order), per_bar=30), legend=False)


def amount_choices(shown: pd.DataFrame) -> dict[str, dict]:
    """Drill choices: 'province · year' → that province and year."""
    return {
        f"{p} · {y}": {"d_provinces": [p], "d_years": [int(y)]}
        for p, y in zip(shown["province"], shown["year"], strict=True)
    }


def describe_amount(pick: dict) -> str:
    """describe() for a drill pick of amounts: 'provinces · years'."""
    return " · ".join(
        [
            ", ".join(pick.get("d_provinces", [])),
            ", ".join(map(str, pick.get("d_years", []))),
        ]
    )


# 4. each plan's budget --------------------------------------------------------------------------
def plans_of(plans: pd.DataFrame, chosen: str) -> pd.DataFrame:
    """budgets_plans rows of one status, or all of them ('all')."""
    return plans if chosen == "all" else plans[plans["status"] == chosen]


@lru_cache(maxsize=1)
def _budget_code_names() -> dict[str, dict[str, str]]:
    """data/reference/budget_codes.csv: code -> {"vi": name, "en": name}."""
    codes = pd.read_csv(REFERENCE_DIR / "budget_codes.csv", dtype=str)
    return {r.budget_code: {"vi": r.name_vi, "en": r.name_en} for r in codes.itertuples()}


def written_sources(text) -> str:
    """A plan's sources as written; a source written as a bare budget code
    (du_toan_rieng) reads as that code's name in the page language."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    names = _budget_code_names()
    return "; ".join(
        names[part.strip()][lang()] if part.strip() in names else part
        for part in str(text).split("; ")
    )


def plans_table(table: pd.DataFrame) -> pd.DataFrame:
    """Each plan's budget as shown: status named, amounts in đồng, sources in the page
    language."""
    names = status_names()
    sources = "sources_en" if lang() == "en" else "sources_vi"
    return pd.DataFrame(
        {
            tr("col.plan_id"): table["plan_id"],
            tr("col.province"): table["province"],
            tr("col.year"): table["year"].astype(str),
            tr("budgets.col.status"): table["status"].map(names),
            tr("budgets.col.sources"): table["sources"].map(written_sources),
            tr(f"budgets.col.{sources}"): table[sources].fillna(""),
            tr("budgets.col.amount_vnd"): table["amount_vnd"].map(money),
            tr("budgets.col.activities"): table["activities"].map(num),
            tr("budgets.col.activity_amount_vnd"): table["activity_amount_vnd"].map(money),
            tr("budgets.col.notes"): table["notes"].fillna(""),
        }
    )


def plans_export_frame(table: pd.DataFrame) -> pd.DataFrame:
    """budgets_plans rows with the status named, for the export."""
    return table.assign(status_label=table["status"].map(status_names()))
