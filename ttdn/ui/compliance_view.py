"""The Đối chiếu hướng dẫn page's logic: the compliance results (computed once per database
and criteria file, then shared by every session and by the Ranking page), the per-plan
checklist, the province × criterion matrix and its Plotly spec, and the evidence texts.
Nothing here draws; app_pages/compliance.py does."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ttdn import compliance
from ttdn.i18n import fmt_int
from ttdn.ui import charts
from ttdn.ui.context import db, lang, tr
from ttdn.ui.table import vi_sheet

# plain glyphs (the emoji of a system font may be missing offline)
ICONS = {"met": "✔", "partly": "◐", "not_met": "✘", "n/a": "–"}
POINTS = {"met": 1.0, "partly": 0.5, "not_met": 0.0}  # n/a: no point, not counted
COLORS = [[0, "#d92d20"], [0.5, "#f5b800"], [1, "#12b76a"]]
LABELS = {
    "plan_id": "compliance.col.plan_id",
    "province": "compliance.col.province",
    "year": "compliance.col.year",
    "criterion_id": "compliance.col.criterion_id",
    "criterion": "compliance.col.criterion",
    "criterion_en": "compliance.col.criterion_en",
    "result": "compliance.col.result",
    "result_label": "compliance.col.result",
    "icon": "compliance.col.icon",
    "evidence": "compliance.col.evidence",
    "evidence_en": "compliance.col.evidence_en",
    "source": "compliance.col.source",
    "score": "compliance.col.score",
    "plans": "compliance.col.plans",
    "met": "compliance.col.met",
    "partly": "compliance.col.partly",
    "not_met": "compliance.col.not_met",
    "na": "compliance.col.na",
}
EXPORT_COLUMNS = [
    "plan_id",
    "province",
    "year",
    "criterion_id",
    "criterion",
    "criterion_en",
    "result",
    "evidence",
    "evidence_en",
    "source",
]


def _signature() -> tuple:
    files = (compliance.CRITERIA_FILE, compliance.LETTERS_FILE)
    return (db().signature, *(f.stat().st_mtime_ns if f.exists() else 0 for f in files))


@st.cache_resource(max_entries=2, show_spinner=False)
def _evaluate(signature) -> pd.DataFrame:
    con = db().cursor()
    if con is None:
        return pd.DataFrame(columns=compliance.COLUMNS)
    try:
        return compliance.evaluate(con)
    finally:
        con.close()


def all_results() -> pd.DataFrame:
    """Every plan × criterion (``compliance.evaluate``), computed once per database
    version and criteria file; ``attrs["problems"]`` lists the criteria skipped."""
    return _evaluate(_signature())


def for_plans(results: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """The results of the plans listed (compliance_plans), with their province and year."""
    if results.empty or plans.empty:
        return results.iloc[0:0].assign(province=[], year=[])
    keep = plans[["plan_id", "province", "year"]]
    return results.merge(keep, on="plan_id", how="inner")


def problems_text(results: pd.DataFrame, language: str | None = None) -> list[str]:
    """One warning line per criterion row skipped (broken rule)."""
    language = language or lang()
    out = []
    for p in results.attrs.get("problems", []):
        reason = p.en if language == "en" else p.vi
        out.append(
            tr("compliance.skipped", row=p.row, criterion=p.criterion_id or "?", reason=reason)
        )
    return out


def plan_label(row) -> str:
    number = f" — {row.number}" if isinstance(row.number, str) and row.number else ""
    return f"{row.province} {row.year}{number} ({row.plan_id})"


def plan_choices(plans: pd.DataFrame) -> dict[str, str]:
    """plan_id → its label, in the order of compliance_plans."""
    return {row.plan_id: plan_label(row) for row in plans.itertuples()}


def result_label(result: str, language: str | None = None) -> str:
    from ttdn.i18n import t

    return t(f"compliance.result.{result.replace('/', '')}", language or lang())


def checklist(results: pd.DataFrame, plan_id: str, language: str | None = None) -> pd.DataFrame:
    """The chosen plan's criteria: icon, criterion, result, evidence and source, in the
    language shown (criteria in criteria.csv order)."""
    language = language or lang()
    rows = results[results["plan_id"] == plan_id]
    return pd.DataFrame(
        {
            "icon": rows["result"].map(ICONS),
            "criterion": rows["criterion_en" if language == "en" else "criterion"],
            "result_label": rows["result"].map(lambda r: result_label(r, language)),
            "evidence": rows["evidence_en" if language == "en" else "evidence"],
            "source": rows["source"],
            "criterion_id": rows["criterion_id"],
            "result": rows["result"],
        }
    ).reset_index(drop=True)


def with_evidence(table: pd.DataFrame, plan_rows: pd.DataFrame) -> dict:
    """criterion_id → (its label with the result glyph, its evidence rows), for the criteria
    of one plan that have evidence rows (checklist order)."""
    out = {}
    for item, keys in zip(table.itertuples(), plan_rows["evidence_rows"], strict=True):
        if keys:
            out[item.criterion_id] = (f"{item.icon} {item.criterion} ({len(keys)})", keys)
    return out


def plan_score(results: pd.DataFrame, plan_id: str) -> dict:
    """met / partly / not_met / na counts and the score of one plan (as compliance.score)."""
    counts = results.loc[results["plan_id"] == plan_id, "result"].value_counts()
    out = {
        k: int(counts.get(r, 0))
        for k, r in (("met", "met"), ("partly", "partly"), ("not_met", "not_met"), ("na", "n/a"))
    }
    out["applicable"] = out["met"] + out["partly"] + out["not_met"]
    points = out["met"] + 0.5 * out["partly"]
    out["score"] = round(100 * points / out["applicable"], 1) if out["applicable"] else None
    return out


def score_text(score) -> str:
    if score is None:
        return "–"
    from ttdn.i18n import fmt_number

    return fmt_number(score, lang(), 1)


def evidence_lookup(rows: pd.DataFrame) -> dict:
    """(tbl, key) → the row (a namedtuple) of compliance_evidence."""
    return {(r.tbl, str(r.key)): r for r in rows.itertuples(index=False)}


def evidence_rows(lookup: dict, keys: list) -> list:
    """The full texts (rows of compliance_evidence) of the evidence rows [(tbl, plan_id,
    key)], in their order. Section headings are looked up among activities too, where
    they were kept before the sections table."""
    out = []
    for tbl, _, key in keys or []:
        row = lookup.get((tbl, str(key)))
        if row is None and tbl == "sections":
            row = lookup.get(("activities", str(key)))
        if row is not None:
            out.append(row)
    return out


def evidence_markdown(found: list) -> list[str]:
    """One line per evidence row: where it is (sheet, Excel row) and its full text."""
    names = {
        "legal_bases": "compliance.tbl.legal_bases",
        "plans": "compliance.tbl.plans",
        "activities": "compliance.tbl.activities",
        "sections": "compliance.tbl.sections",
        "assignments": "compliance.tbl.assignments",
        "budgets": "compliance.tbl.budgets",
    }
    out = []
    for row in found:
        label = tr(names.get(row.tbl, "compliance.tbl.activities"))
        key = f" {row.key}" if row.tbl in ("activities", "sections") else ""
        detail = f" — {row.detail}" if isinstance(row.detail, str) and row.detail else ""
        where = tr("compliance.where", sheet=vi_sheet(row.source_sheet), row=row.source_row)
        out.append(f"**{label}{key}** ({where}): {row.text}{detail}")
    return out


# the matrix --------------------------------------------------------------------------------


def matrix(results: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """Province × criterion: the share of points (met 1, partly ½) over that province's plans
    where the criterion applies (NaN when it applies to none), with the plan count and the
    results in words for the hover."""
    language = language or lang()
    columns = ["province", "criterion_id", "criterion", "value", "plans", "detail"]
    if results.empty:
        return pd.DataFrame(columns=columns)
    counts = (
        results.groupby(["province", "criterion_id", "result"], sort=False)
        .size()
        .unstack("result", fill_value=0)
        .reindex(columns=list(ICONS), fill_value=0)
    )
    arr = counts.to_numpy()  # columns: met, partly, not_met, n/a
    applicable = arr[:, 0] + arr[:, 1] + arr[:, 2]
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(applicable > 0, (arr[:, 0] + 0.5 * arr[:, 1]) / applicable, np.nan)
    labels = [result_label(r, language) for r in ICONS]
    detail = [
        ", ".join(f"{label} {n}" for label, n in zip(labels, row, strict=True) if n)
        for row in arr.tolist()
    ]
    out = pd.DataFrame(
        {
            "province": counts.index.get_level_values(0),
            "criterion_id": counts.index.get_level_values(1),
            "value": value,
            "plans": arr.sum(axis=1),
            "detail": detail,
        }
    )
    names = dict(criteria_order(results, language))
    out["criterion"] = out["criterion_id"].map(names)
    return out[columns]


def _glyph(value) -> str:
    if value is None:
        return ""
    return ICONS["met" if value == 1 else "not_met" if value == 0 else "partly"]


def matrix_chart(
    cells: pd.DataFrame, province_order: list, criteria: list[tuple[str, str]]
) -> dict:
    """A heatmap spec: red (not met) → amber (partly) → green (met); grey for not applicable."""
    ids = [c for c, _ in criteria]
    names = dict(criteria)
    index = {
        (p, c): (None if v != v else round(float(v), 3), d, int(n))
        for p, c, v, d, n in zip(
            cells["province"],
            cells["criterion_id"],
            cells["value"],
            cells["detail"],
            cells["plans"],
            strict=True,
        )
    }
    language = lang()
    empty = (None, "", 0)
    z, text, custom = [], [], []
    for province in province_order:
        row = [index.get((province, cid), empty) for cid in ids]
        z.append([v for v, _, _ in row])
        text.append([_glyph(v) for v, _, _ in row])
        custom.append(
            [
                [province, names[cid], d, fmt_int(n, language)]
                for cid, (_, d, n) in zip(ids, row, strict=True)
            ]
        )
    na = [[1 if v is None else None for v in row] for row in z]
    # the categories are the criterion ids (unique); the ticks show short names, which may
    # share a beginning ("Căn cứ Thông tư 22/2016…" / "… 02/2019…") without merging columns
    x = list(ids)
    ticks = [charts.short(names[c], 36) for c in ids]
    y = [str(p) for p in province_order]
    hover = (
        "%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}"
        f"<br>{tr('compliance.col.plans')}: %{{customdata[3]}}<extra></extra>"
    )
    spec = {
        "data": [
            {
                "type": "heatmap",
                "x": x,
                "y": y,
                "z": na,
                "customdata": custom,
                "colorscale": [[0, "#eaecf0"], [1, "#eaecf0"]],
                "showscale": False,
                "xgap": 2,
                "ygap": 2,
                "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}<br>"
                + tr("compliance.result.na")
                + "<extra></extra>",
            },
            {
                "type": "heatmap",
                "x": x,
                "y": y,
                "z": z,
                "customdata": custom,
                "colorscale": COLORS,
                "zmin": 0,
                "zmax": 1,
                "xgap": 2,
                "ygap": 2,
                "colorbar": {
                    "title": {"text": tr("compliance.matrix.scale")},
                    "thickness": 12,
                    "tickvals": [0, 0.5, 1],
                    "ticktext": [
                        tr("compliance.result.not_met"),
                        tr("compliance.result.partly"),
                        tr("compliance.result.met"),
                    ],
                },
                "hovertemplate": hover,
            },
            # the glyphs as their own text trace, placed by category like the cells: a
            # heatmap's own text was seen drawn in the wrong cells where z has gaps
            {
                "type": "scatter",
                "mode": "text",
                "x": [x[j] for i in range(len(y)) for j in range(len(x)) if text[i][j]],
                "y": [y[i] for i in range(len(y)) for j in range(len(x)) if text[i][j]],
                "text": [t for row in text for t in row if t],
                "textfont": {"color": "#1f2328", "size": 13},
                "hoverinfo": "skip",
                "showlegend": False,
                "visible": len(y) <= 40,
            },
        ],
        "layout": {
            "xaxis": {
                "type": "category",
                "side": "top",
                "tickangle": -40,
                "tickmode": "array",
                "tickvals": x,
                "ticktext": ticks,
            },
            "yaxis": {"type": "category", "autorange": "reversed"},
            "plot_bgcolor": "white",
        },
    }
    return charts.style(spec, height=charts.bar_height(len(y), per_bar=28, base=260), legend=False)


def matrix_export(results: pd.DataFrame) -> pd.DataFrame:
    """Every plan × criterion under the filters, for the download."""
    return results[EXPORT_COLUMNS]


def province_order(plans: pd.DataFrame) -> list:
    return list(dict.fromkeys(plans["province"]))


def criteria_order(results: pd.DataFrame, language: str | None = None) -> list[tuple[str, str]]:
    name = "criterion_en" if (language or lang()) == "en" else "criterion"
    first = results.drop_duplicates("criterion_id")
    return list(zip(first["criterion_id"], first[name], strict=True))
