"""The Xếp hạng page's logic: one measure per province for the chosen year, its rank, its
quartile group (coloured as the PCI and PAPI indexes do: group 1 is the best quarter) and
the change from the year before. Nothing here draws; app_pages/ranking.py does.

Measures (from queries/ranking_measures.sql, and the compliance results):

- ``activities``  activities of the province's plans that year;
- ``themes``      themes with at least one activity, out of all themes (19);
- ``led_timed``   share (%) of activities with both a lead unit and a timeframe;
- ``budget``      share (%) of the province's plans that state a budget source;
- ``compliance``  the mean compliance score (0–100) of the province's plans.

Rank: 1 is the highest value; ties share the best rank ("min"). Group: provinces sorted by
rank fall into four groups of (nearly) equal size, group = 1 + ⌊4 × (rank − 1) / n⌋, so tied
provinces are always in the same group.
"""

from __future__ import annotations

import math

import pandas as pd

from ttdn import compliance
from ttdn.i18n import fmt_int, fmt_number, t
from ttdn.ui import charts
from ttdn.ui.context import lang, tr

MEASURES = ("activities", "themes", "led_timed", "budget", "compliance")
GROUP_COLORS = {1: "#1a9850", 2: "#91cf60", 3: "#fc8d59", 4: "#d73027"}
LABELS = {
    "rank": "ranking.col.rank",
    "province": "ranking.col.province",
    "value": "ranking.col.value",
    "value_text": "ranking.col.value",
    "group": "ranking.col.group",
    "previous": "ranking.col.previous",
    "previous_text": "ranking.col.previous",
    "change": "ranking.col.change",
    "change_text": "ranking.col.change",
    "plans": "ranking.col.plans",
    "year": "ranking.col.year",
}
# value and previous stay numbers (right-aligned, sorted by value, formatted by show_table);
# their unit (%, /19) is in the header, see table_headers
TABLE_COLUMNS = [
    "rank",
    "province",
    "value_shown",
    "group",
    "previous_shown",
    "change_text",
    "plans",
]
EXPORT_COLUMNS = ["rank", "province", "year", "value", "group", "previous", "change", "plans"]


def measure_values(
    measures: pd.DataFrame, measure: str, scores: pd.DataFrame | None = None
) -> pd.DataFrame:
    """province, year, value, plans for one measure (rows of ranking_measures; scores:
    province, year, score for the compliance measure)."""
    if measure == "compliance":
        if scores is None or scores.empty:
            return pd.DataFrame(columns=["province", "year", "value", "plans"])
        return scores.rename(columns={"score": "value"})[["province", "year", "value", "plans"]]
    frame = measures.copy()
    if measure == "activities":
        frame["value"] = frame["activities"].astype(float)
    elif measure == "themes":
        frame["value"] = frame["themes"].astype(float)
    elif measure == "led_timed":
        frame["value"] = (
            100 * frame["led_and_timed"] / frame["activities"].where(frame["activities"] > 0)
        ).astype(float)
    elif measure == "budget":
        frame["value"] = (100 * frame["plans_budget"] / frame["plans"]).astype(float)
    else:
        raise ValueError(measure)
    return frame[["province", "year", "value", "plans"]]


def compliance_scores(results: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """The mean compliance score per province and year, over the plans listed
    (compliance_plans: plan_id, province, year) that have at least one criterion applying."""
    columns = ["province", "year", "score", "plans"]
    if results.empty or plans.empty:
        return pd.DataFrame(columns=columns)
    scores = compliance.score(results[results["plan_id"].isin(plans["plan_id"])])
    merged = scores.merge(plans[["plan_id", "province", "year"]], on="plan_id")
    merged = merged[merged["province"] != "Trung ương"].dropna(subset=["score"])
    if merged.empty:
        return pd.DataFrame(columns=columns)
    out = merged.groupby(["province", "year"], as_index=False).agg(
        score=("score", "mean"), plans=("plan_id", "nunique")
    )
    return out[columns]


def rank(values: pd.DataFrame, year: int) -> pd.DataFrame:
    """The provinces of `year` with a value: rank, quartile group, the value the year
    before and the change (NaN where the province has no value that year)."""
    columns = ["rank", "province", "year", "value", "group", "previous", "change", "plans"]
    now = values[(values["year"] == year) & values["value"].notna()]
    if now.empty:
        return pd.DataFrame(columns=columns)
    before = values[(values["year"] == year - 1) & values["value"].notna()].set_index("province")[
        "value"
    ]
    out = now.copy()
    out["rank"] = out["value"].rank(method="min", ascending=False).astype(int)
    n = len(out)
    out["group"] = [1 + math.floor(4 * (r - 1) / n) for r in out["rank"]]
    out["previous"] = out["province"].map(before)
    out["change"] = out["value"] - out["previous"]
    from ttdn.text import vi_sort_key

    out = out.assign(_name=out["province"].map(vi_sort_key)).sort_values(["rank", "_name"])
    return out.drop(columns="_name").reset_index(drop=True)[columns]


def fmt_value(value, measure: str, themes_total: int = 19, language: str | None = None) -> str:
    language = language or lang()
    if value is None or pd.isna(value):
        return "–"
    if measure == "activities":
        return fmt_int(value, language)
    if measure == "themes":
        return f"{fmt_int(value, language)}/{themes_total}"
    if measure in ("led_timed", "budget"):
        return f"{fmt_number(value, language, 1)}%"
    return fmt_number(value, language, 1)


def fmt_change(change, measure: str, language: str | None = None) -> str:
    """▲ 3 / ▼ 2,5 / = 0; '' when there is no value the year before."""
    language = language or lang()
    if change is None or pd.isna(change):
        return ""
    if abs(change) < 1e-9:
        return "= 0"
    arrow = "▲" if change > 0 else "▼"
    size = abs(change)
    text = (
        fmt_int(size, language)
        if measure in ("activities", "themes")
        else fmt_number(size, language, 1)
    )
    if measure in ("led_timed", "budget"):
        text += " điểm %" if language == "vi" else " pp"
    return f"{arrow} {text}"


def _shown_number(value, measure: str):
    """A value as the table holds it: a count stays whole, a share or score is rounded to
    one decimal (the table draws 55,0 / 55.0); None when there is none."""
    if value is None or pd.isna(value):
        return None
    if measure in ("activities", "themes"):
        return int(round(value))
    return round(float(value), 1)


def table_headers(measure: str, themes_total: int = 19) -> dict[str, str]:
    """Headers of the shown table: the value's unit in the header ("Giá trị (%)",
    "Giá trị (/19)") since the cells are numbers."""
    unit = {"themes": f" (/{themes_total})", "led_timed": " (%)", "budget": " (%)"}.get(measure, "")
    headers = {c: tr(LABELS[c]) for c in ("rank", "province", "group", "change_text", "plans")}
    headers["value_shown"] = tr("ranking.col.value") + unit
    headers["previous_shown"] = tr("ranking.col.previous") + unit
    return headers


def table(ranked: pd.DataFrame, measure: str, themes_total: int = 19) -> pd.DataFrame:
    """The ranking as shown: value and previous as numbers (value_shown, previous_shown),
    also as text (value_text, previous_text), change as text, group as 'Nhóm N'."""
    language = lang()  # once, not per cell
    out = ranked.copy()
    out["value_shown"] = pd.array(
        [_shown_number(v, measure) for v in out["value"]],
        dtype="Int64" if measure in ("activities", "themes") else "Float64",
    )
    out["previous_shown"] = pd.array(
        [_shown_number(v, measure) for v in out["previous"]],
        dtype="Int64" if measure in ("activities", "themes") else "Float64",
    )
    out["value_text"] = [fmt_value(v, measure, themes_total, language) for v in out["value"]]
    out["previous_text"] = [
        fmt_value(v, measure, themes_total, language) if pd.notna(v) else ""
        for v in out["previous"]
    ]
    out["change_text"] = [fmt_change(c, measure, language) for c in out["change"]]
    out["group"] = [group_label(g, language) for g in out["group"]]
    return out


def group_label(group: int, language: str | None = None) -> str:
    """'Nhóm 1 (cao nhất)', 'Nhóm 2', 'Nhóm 3', 'Nhóm 4 (thấp nhất)'."""
    n = int(group)
    key = {1: "ranking.group_top", 4: "ranking.group_bottom"}.get(n, "ranking.group")
    return t(key, language or lang(), n=n)


def chart(ranked: pd.DataFrame, measure: str, title: str, themes_total: int = 19) -> dict:
    """Horizontal bars, best at the top, one colour per quartile group (legend nhóm 1..4);
    each bar says its value and the change from the year before."""
    language = lang()  # once, not per bar
    traces = []
    for group in (1, 2, 3, 4):
        part = ranked[ranked["group"] == group]
        if part.empty:
            continue
        labels = [
            f"{fmt_value(v, measure, themes_total, language)} "
            f"{fmt_change(c, measure, language)}".strip()
            for v, c in zip(part["value"], part["change"], strict=True)
        ]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": group_label(group, language),
                "x": [float(v) for v in part["value"]],
                "y": part["province"].tolist(),
                "text": labels,
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": GROUP_COLORS[group]},
                "customdata": [[int(r)] for r in part["rank"]],
                "hovertemplate": "%{y}: %{text}<br>"
                + tr("ranking.col.rank")
                + " %{customdata[0]}<extra></extra>",
            }
        )
    upper = 100 if measure in ("led_timed", "budget", "compliance") else None
    if measure == "themes":
        upper = themes_total
    xaxis = {"title": {"text": title}, "rangemode": "tozero"}
    if upper is not None:
        xaxis["range"] = [0, upper * 1.15]
    spec = {
        "data": traces,
        "layout": {
            "barmode": "overlay",
            "xaxis": xaxis,
            "yaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": ranked["province"].tolist(),
                "autorange": "reversed",
            },
            "legend": {"title": {"text": tr("ranking.legend")}},
        },
    }
    return charts.style(spec, bars=len(ranked))


def year_choice(years: list[int], wanted) -> int | None:
    """The year to rank: the one asked for when it exists, else the latest."""
    if not years:
        return None
    try:
        wanted = int(wanted)
    except (TypeError, ValueError):
        wanted = None
    return wanted if wanted in years else max(years)
