"""The So sánh (Compare) page's logic, without drawing: what is compared (kept in the URL),
the entities and their labels, the frames and chart specs shown side by side on one scale,
and the difference table. app_pages/compare.py draws them.

What can be compared (``mode``):

- ``province``: 2–4 provinces, as written or as the 34 of 2025 (the filter bar's toggle:
  Hưng Yên 2025 = Hưng Yên + Thái Bình);
- ``plan``: 2–4 plans;
- ``year``: one province across its years (all of them, or 2+ chosen).

Query string (language-independent keys; values as in the data)::

    ss=tinh | kehoach | nam     the mode (absent: tinh)
    ss_tinh=Hà Tĩnh,Đắk Lắk     provinces (in mode nam: the one province)
    ss_kh=HT-2020,DL-2024-143   plan ids
    ss_nam=2020,2021            mode nam: the years (absent: all)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ttdn.i18n import t
from ttdn.reference import theme_short_names
from ttdn.text import fold_key, vi_sort_key
from ttdn.ui import charts

MODES = ("province", "plan", "year")
URL_MODES = {"province": "tinh", "plan": "kehoach", "year": "nam"}
Q_MODE, Q_PROVINCES, Q_PLANS, Q_YEARS = "ss", "ss_tinh", "ss_kh", "ss_nam"
QUERY_KEYS = (Q_MODE, Q_PROVINCES, Q_PLANS, Q_YEARS)
MAX_ENTITIES = 4
KINDS = ("theme", "unit", "legal")
QUARTERS = ("1", "2", "3", "4", "recurring", "none")
ENTITY_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2")
MEDIAN = "__median__"  # the reference column's key
NO_REFERENCE = pd.DataFrame({"theme_code": [], "share": []})  # theme_grid without the median

LABEL_COLUMN = {"units": "unit_type", "budgets": "budget", "quarters": "quarter"}
EXPORT = {
    "units": ["entity", "unit_type", "activities", "total", "share"],
    "budgets": ["entity", "budget_code", "budget", "plans", "total", "share", "amount_vnd"],
    "quarters": ["entity", "quarter", "activities", "total", "share"],
}
LABELS = {
    "entity": "compare.col.entity",
    "theme_code": "themes.col.code",
    "theme": "compare.col.theme",
    "activities": "compare.col.activities",
    "total": "compare.col.total",
    "share": "compare.col.share",
    "median": "compare.col.median",
    "unit_type": "compare.col.unit_type",
    "budget_code": "compare.col.budget_code",
    "budget": "compare.col.budget",
    "plans": "compare.col.plans",
    "amount_vnd": "compare.col.amount",
    "basis": "compare.col.basis",
    "reference": "compare.col.reference",
    "quarter": "compare.col.quarter",
    "kind": "compare.col.kind",
    "item": "compare.col.item",
    "has": "compare.col.has",
    "lacks": "compare.col.lacks",
    "count": "compare.col.count",
}


# what is compared ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Choice:
    mode: str = "province"
    provinces: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class Unknown:
    """Values in the URL that are not in the data (or cannot be read)."""

    provinces: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    mode: str = ""

    def __bool__(self) -> bool:
        return bool(self.provinces or self.plans or self.years or self.mode)


def _values(params: Mapping, key: str) -> list[str]:
    getter = getattr(params, "get_all", None)
    raw = getter(key) if getter else params.get(key, [])
    if isinstance(raw, str):
        raw = [raw]
    out: list[str] = []
    for value in raw or []:
        out += [v.strip() for v in str(value).split(",") if v.strip()]
    return list(dict.fromkeys(out))


def decode(params: Mapping) -> tuple[Choice, Unknown]:
    """The choice in a query-params mapping; what cannot be read goes to Unknown."""
    modes = {v: k for k, v in URL_MODES.items()}
    raw_mode = (_values(params, Q_MODE) or ["tinh"])[0]
    mode = modes.get(raw_mode, "province")
    years, bad_years = [], []
    for value in _values(params, Q_YEARS):
        (years if value.isdigit() else bad_years).append(value)
    choice = Choice(
        mode,
        tuple(_values(params, Q_PROVINCES)),
        tuple(_values(params, Q_PLANS)),
        tuple(int(y) for y in years),
    )
    return choice, Unknown(years=tuple(bad_years), mode="" if raw_mode in modes else raw_mode)


def encode(choice: Choice) -> dict[str, str]:
    """The query-string form (only the keys in use)."""
    out = {Q_MODE: URL_MODES[choice.mode]} if choice.mode != "province" else {}
    if choice.mode in ("province", "year") and choice.provinces:
        out[Q_PROVINCES] = ",".join(choice.provinces)
    if choice.mode == "plan" and choice.plans:
        out[Q_PLANS] = ",".join(choice.plans)
    if choice.mode == "year" and choice.years:
        out[Q_YEARS] = ",".join(str(y) for y in choice.years)
    return out


def _matched(values, known: list[str], match_province=None) -> tuple[list[str], list[str]]:
    """(the known names the values mean, the values that mean none), read the way people
    write a link: case, diacritics and spacing aside ("ha tinh"), a province by its alias
    ("TP HCM") when `match_province` (Reference.match_province) is given."""
    by_key = {fold_key(k): k for k in known}
    good: list[str] = []
    bad: list[str] = []
    for value in values:
        found = value if value in known else by_key.get(fold_key(value))
        if found is None and match_province is not None:
            found = next((n for n in match_province(value) if n in known), None)
        if found is None:
            bad.append(value)
        elif found not in good:
            good.append(found)
    return good, bad


def validate(
    choice: Choice,
    provinces: list[str],
    plans: list[str],
    years_of: Mapping[str, list[int]],
    match_province=None,
) -> tuple[Choice, Unknown]:
    """Keep what is in the data (at most MAX_ENTITIES; one province in mode year); names are
    matched as in _matched."""
    good_p, bad = _matched(choice.provinces, provinces, match_province)
    bad_p = tuple(bad)
    good_k, bad = _matched(choice.plans, plans)
    bad_k = tuple(bad) if choice.mode == "plan" else ()
    bad_y: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    if choice.mode == "year":
        good_p = good_p[:1]
        if good_p:
            have = set(years_of.get(good_p[0], []))
            years = tuple(y for y in choice.years if y in have)
            bad_y = tuple(str(y) for y in choice.years if y not in have)
    else:
        good_p = good_p[:MAX_ENTITIES]
    return (
        Choice(choice.mode, tuple(good_p), tuple(good_k[:MAX_ENTITIES]), years),
        Unknown(bad_p, bad_k, bad_y),
    )


def options(plans: pd.DataFrame) -> tuple[list[str], dict[str, list[int]], dict[str, str]]:
    """From plan_sources rows: the provinces (Vietnamese order), each province's years, and
    each plan's label (plain Python: this runs on every rerun)."""
    years: dict[str, set[int]] = {}
    labels: dict[str, str] = {}
    for plan_id, number, province, year in zip(
        plans["plan_id"].tolist(),
        plans["number"].tolist(),
        plans["province"].tolist(),
        plans["year"].tolist(),
        strict=True,
    ):
        years.setdefault(province, set()).add(int(year))
        row = {"plan_id": plan_id, "number": number, "province": province, "year": year}
        labels[plan_id] = plan_label(row)
    provinces = sorted(years, key=vi_sort_key)
    return provinces, {p: sorted(y) for p, y in years.items()}, labels


def entity_keys(choice: Choice, years_of: Mapping[str, list[int]]) -> list[str]:
    """The keys the compare_* queries take (c_keys), in the order chosen."""
    if choice.mode == "plan":
        return list(choice.plans)
    if choice.mode == "year":
        if not choice.provinces:
            return []
        years = choice.years or tuple(sorted(years_of.get(choice.provinces[0], [])))
        return [str(y) for y in years]
    return list(choice.provinces)


def query_params(
    choice: Choice, filters_params: dict, keys: list[str], plan_provinces: list[str] = ()
) -> dict:
    """Parameters of the compare_* queries: the filter bar's, except that the comparison
    chooses the provinces (and, in mode year, the years) itself. The provinces are narrowed
    to those of the entities (in mode plan: `plan_provinces`, the chosen plans' provinces),
    so that every query reads only their plans."""
    params = {**filters_params, "c_mode": choice.mode, "c_keys": keys}
    if choice.mode == "province":
        params["provinces"] = list(keys)
    elif choice.mode == "year":
        params["provinces"] = list(choice.provinces)
        params["years"] = []
    else:
        params["provinces"] = sorted(set(plan_provinces))
    return params


def reference_params(params: dict) -> dict:
    """Parameters of compare_theme_reference: only those it reads (so that its cache entry
    is shared by every theme, unit and province filter)."""
    return {k: params[k] for k in ("years", "levels", "province_mode") if k in params}


# entities -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entity:
    key: str
    label: str
    plans: tuple[str, ...] = ()
    activities: int = 0
    color: str = ENTITY_COLORS[0]


@dataclass
class Entities:
    items: list[Entity] = field(default_factory=list)

    @property
    def labels(self) -> dict[str, str]:
        return {e.key: e.label for e in self.items}

    @property
    def plans(self) -> dict[str, list[str]]:
        return {e.key: list(e.plans) for e in self.items}

    def __len__(self) -> int:
        return len(self.items)


def plan_label(row: Mapping) -> str:
    number = row.get("plan_number") or row.get("number")
    number = number if isinstance(number, str) and number.strip() else row.get("plan_id")
    return f"{row.get('province')} {row.get('year')} ({number})"


def entities(
    frame: pd.DataFrame, choice: Choice, keys: list[str], totals: Mapping[str, int] | None = None
) -> Entities:
    """The compared entities with plans (compare_entities rows), in the order chosen, with
    their activity counts (`totals`, from split())."""
    by_entity: dict[str, list[dict]] = {}
    for row in frame.to_dict("records"):
        by_entity.setdefault(row["entity"], []).append(row)
    items = []
    for key in keys:
        rows = by_entity.get(key)
        if not rows:
            continue
        first = rows[0]
        if choice.mode == "plan":
            label = plan_label(first)
        elif choice.mode == "year":
            label = f"{first['province']} {key}"
        else:
            label = key
        color = ENTITY_COLORS[len(items) % len(ENTITY_COLORS)]
        plans = tuple(r["plan_id"] for r in rows)
        items.append(Entity(key, label, plans, int((totals or {}).get(key, 0)), color))
    return Entities(items)


@dataclass
class Counts:
    """compare_activities split into the frames the sections draw (shares 0–1)."""

    totals: dict[str, int]
    themes: pd.DataFrame  # entity, theme_code, name_vi, name_en, activities, total, share
    units: pd.DataFrame  # entity, unit_type (None: no lead unit), activities, total, share
    quarters: pd.DataFrame  # entity, quarter, activities, total, share
    unit_names: pd.DataFrame  # entity, unit_canonical, activities


def split(frame: pd.DataFrame, theme_names: pd.DataFrame) -> Counts:
    """compare_activities rows → Counts; every theme of `theme_names` (theme_code, name_vi,
    name_en) for every entity with activities, 0 where it has none. (Plain Python: the
    frames are a few hundred rows, and pandas' merges cost more than the queries.)"""
    rows: dict[str, list[tuple[str, str, int]]] = {}
    for entity, dimension, key, n in zip(
        frame["entity"], frame["dimension"], frame["key"], frame["activities"], strict=True
    ):
        rows.setdefault(dimension, []).append((entity, key, int(n)))
    totals = {e: n for e, _, n in rows.get("total", [])}

    def shared(dimension: str, column: str, none=None) -> pd.DataFrame:
        found = rows.get(dimension, [])
        return pd.DataFrame(
            {
                "entity": [e for e, _, _ in found],
                column: [k if k != "" else none for _, k, _ in found],
                "activities": [n for _, _, n in found],
                "total": [totals.get(e, 0) for e, _, _ in found],
                "share": [n / totals[e] if totals.get(e) else 0.0 for e, _, n in found],
            }
        )

    counted = {(e, k): n for e, k, n in rows.get("theme", [])}
    codes = list(theme_names["theme_code"])
    vi, en = list(theme_names["name_vi"]), list(theme_names["name_en"])
    grid = [(e, i) for e in totals for i in range(len(codes))]
    themes = pd.DataFrame(
        {
            "entity": [e for e, _ in grid],
            "theme_code": [codes[i] for _, i in grid],
            "name_vi": [vi[i] for _, i in grid],
            "name_en": [en[i] for _, i in grid],
            "activities": [counted.get((e, codes[i]), 0) for e, i in grid],
            "total": [totals[e] for e, _ in grid],
        }
    )
    themes["share"] = [
        n / t if t else 0.0 for n, t in zip(themes["activities"], themes["total"], strict=True)
    ]
    names = rows.get("unit", [])
    unit_names = pd.DataFrame(
        {
            "entity": [e for e, _, _ in names],
            "unit_canonical": [k for _, k, _ in names],
            "activities": [n for _, _, n in names],
        }
    )
    return Counts(
        totals, themes, shared("lead_type", "unit_type"), shared("quarter", "quarter"), unit_names
    )


def missing_keys(keys: list[str], found: Entities) -> list[str]:
    """Chosen entities without any plan under the filters."""
    have = {e.key for e in found.items}
    return [k for k in keys if k not in have]


# 1. theme coverage ----------------------------------------------------------------------------
def theme_grid(
    themes: pd.DataFrame, reference: pd.DataFrame, found: Entities, lang: str
) -> pd.DataFrame:
    """Long frame entity × theme of shares in percent, with the median of all provinces as
    one more column (entity MEDIAN). Themes ordered by their mean share, highest first."""
    name = "name_en" if lang == "en" else "name_vi"
    labels = found.labels
    records = [
        {
            "entity": e,
            "label": labels[e],
            "theme_code": code,
            "theme": theme,
            "activities": n,
            "total": total,
            "share": round(float(share) * 100, 1),
        }
        for e, code, theme, n, total, share in zip(
            themes["entity"].tolist(),
            themes["theme_code"].tolist(),
            themes[name].tolist(),
            themes["activities"].tolist(),
            themes["total"].tolist(),
            themes["share"].tolist(),
            strict=True,
        )
        if e in labels
    ]
    if not records:
        return pd.DataFrame(
            columns=["entity", "label", "theme_code", "theme", "activities", "total", "share"]
        )
    names = {r["theme_code"]: r["theme"] for r in records}
    median = t("compare.median", lang)
    records += [
        {
            "entity": MEDIAN,
            "label": median,
            "theme_code": code,
            "theme": names.get(code, code),
            "activities": None,
            "total": None,
            "share": round(float(share) * 100, 1),
        }
        for code, share in zip(
            reference["theme_code"].tolist(), reference["share"].tolist(), strict=True
        )
    ]
    sums: dict[str, list[float]] = {}
    for r in records:
        if r["entity"] != MEDIAN:
            sums.setdefault(r["theme_code"], []).append(r["share"])
    mean = {code: sum(v) / len(v) for code, v in sums.items()}
    order = {code: i for i, code in enumerate(sorted(mean, key=lambda c: -mean[c]))}
    records.sort(key=lambda r: order.get(r["theme_code"], len(order)))
    return pd.DataFrame({column: [r[column] for r in records] for column in records[0]})


def theme_heatmap(grid: pd.DataFrame, found: Entities, lang: str) -> dict:
    """Themes down (by their short names; the hover has the full ones), one column per
    entity and the median."""
    labels = [e.label for e in found.items] + [t("compare.median", lang)]
    short = theme_short_names(lang)
    rows = {n: short.get(c, n) for c, n in zip(grid["theme_code"], grid["theme"], strict=True)}
    return charts.gap_heatmap(
        grid,
        x="label",
        y="theme",
        z="share",
        x_order=labels,
        y_order=list(dict.fromkeys(grid["theme"])),
        z_title=t("compare.share_pct", lang),
        zero_text="0",
        percent=True,
        y_labels=rows,
    )


def theme_export(grid: pd.DataFrame) -> pd.DataFrame:
    """Wide: one row per theme, one column per entity (share %) and the median."""
    table: dict[tuple[str, str], dict] = {}
    for code, theme, label, share in zip(
        grid["theme_code"], grid["theme"], grid["label"], grid["share"], strict=True
    ):
        table.setdefault((code, theme), {"theme_code": code, "theme": theme})[label] = share
    return pd.DataFrame(list(table.values()))


def theme_choices(grid: pd.DataFrame, found: Entities) -> dict[str, dict]:
    """Drill list: entity · theme, where the entity has activities with the theme."""
    plans = found.plans
    out = {}
    rows = grid[(grid["entity"] != MEDIAN) & (grid["activities"].fillna(0) > 0)]
    for r in rows.itertuples():
        out[f"{r.label} · {r.theme} ({int(r.activities)})"] = {
            "d_plans": plans[r.entity],
            "d_themes": [r.theme_code],
        }
    return out


# side-by-side bars (units, budgets, quarters) ----------------------------------------------
def grouped_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    order: list[str],
    found: Entities,
    value: str = "share",
    count: str = "activities",
    value_title: str = "",
    count_title: str = "",
) -> dict:
    """Horizontal bars, one colour per entity, side by side per category, on one scale
    (`value` is a share 0–1, shown in percent)."""
    traces = []
    for entity in found.items:
        rows = frame[frame["entity"] == entity.key].set_index(category)
        xs = [float(rows[value].get(c, 0) or 0) * 100 for c in order]
        ns = [int(rows[count].get(c, 0) or 0) for c in order]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": entity.label,
                "y": [charts.wrap(c, 30, 2) for c in order],
                "x": [round(x, 1) for x in xs],
                "customdata": [[c, n] for c, n in zip(order, ns, strict=True)],
                "marker": {"color": entity.color},
                "text": [f"{x:,.0f}%" if x else "" for x in xs],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": f"{entity.label}<br>%{{customdata[0]}}<br>{value_title}: "
                f"%{{x:,.1f}}%<br>{count_title}: %{{customdata[1]:,d}}<extra></extra>",
            }
        )
    spec = {
        "data": traces,
        "layout": {
            "barmode": "group",
            "xaxis": {"title": {"text": value_title}, "ticksuffix": "%", "rangemode": "tozero"},
            "yaxis": {"type": "category", "autorange": "reversed"},
        },
    }
    return charts.style(spec, bars=len(order) * max(1, len(found)))


def unit_rows(units: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """compare_units with the type named (no lead unit → its own line, last)."""
    from ttdn.ui.units_view import TYPE_ORDER, type_label

    none = t("compare.no_lead", lang)
    frame = units.assign(
        unit_type=[
            none if not isinstance(v, str) else type_label(v, lang) for v in units["unit_type"]
        ]
    )
    present = set(frame["unit_type"])
    order = [type_label(c, lang) for c in TYPE_ORDER if type_label(c, lang) in present]
    order += sorted(present - set(order) - {none}) + ([none] if none in present else [])
    return frame, order


def budget_rows(budgets: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    name = "name_en" if lang == "en" else "name_vi"
    frame = budgets.assign(budget=budgets[name])
    order = (
        frame.groupby("budget")["share"].mean().sort_values(ascending=False, kind="stable").index
    )
    return frame, list(order)


def quarter_rows(quarters: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    names = {q: t(f"compare.quarter.{q}", lang) for q in QUARTERS}
    frame = quarters.assign(quarter=quarters["quarter"].map(names))
    present = set(frame["quarter"])
    return frame, [names[q] for q in QUARTERS if names[q] in present]


def budget_choices(budgets: pd.DataFrame, found: Entities, lang: str) -> dict[str, dict]:
    name = "name_en" if lang == "en" else "name_vi"
    labels, plans = found.labels, found.plans
    return {
        f"{labels[r['entity']]} · {r[name]}": {
            "d_plans": plans[r["entity"]],
            "d_plan_sources": [r["budget_code"]],
        }
        for r in budgets.to_dict("records")
        if r["entity"] in labels
    }


def unit_choices(units: pd.DataFrame, found: Entities, lang: str) -> dict[str, dict]:
    from ttdn.ui.units_view import type_label

    labels, plans = found.labels, found.plans
    out = {}
    for r in units.to_dict("records"):
        if r["entity"] not in labels:
            continue
        kind = r["unit_type"]
        if isinstance(kind, str):
            pick = {"d_plans": plans[r["entity"]], "d_unit_types": [kind], "d_roles": ["lead"]}
            what = type_label(kind, lang)
        else:
            pick = {"d_plans": plans[r["entity"]], "d_no_unit": True, "d_roles": ["lead"]}
            what = t("compare.no_lead", lang)
        out[f"{labels[r['entity']]} · {what} ({int(r['activities'])})"] = pick
    return out


# 4. legal bases ----------------------------------------------------------------------------
def legal_table(legal: pd.DataFrame, found: Entities, lang: str) -> pd.DataFrame:
    """One row per legal basis, one column per entity: ✓ where its plans cite it."""
    yes, no = "✓", "—"
    bases = legal.drop_duplicates("basis")[["basis", "reference"]]
    cited = {(r.entity, r.basis) for r in legal.itertuples()}
    table = pd.DataFrame(
        {
            t("compare.col.basis", lang): bases["basis"],
            t("compare.col.reference", lang): bases["reference"],
        }
    )
    for entity in found.items:
        table[entity.label] = [yes if (entity.key, b) in cited else no for b in bases["basis"]]
    return table.reset_index(drop=True)


# the difference table ----------------------------------------------------------------------
def differences(
    grid: pd.DataFrame,
    units: pd.DataFrame,
    legal: pd.DataFrame,
    found: Entities,
    lang: str,
) -> pd.DataFrame:
    """What one entity has and another lacks: a row per (kind, item, entity that has it)
    when at least one other compared entity lacks it. `grid` is theme_grid(); `units`
    compare_unit_names; `legal` compare_legal. `lacks` lists the entities lacking it;
    `count` is the activities (themes, units) or plans (legal bases) behind it; `key` and
    `entity` lead to the evidence."""
    labels = found.labels
    present: list[tuple[str, str, str, str, int]] = []  # kind, key, item, entity, count
    themes = grid[(grid["entity"] != MEDIAN) & (grid["activities"].fillna(0) > 0)]
    for r in themes.to_dict("records"):
        present.append(("theme", r["theme_code"], r["theme"], r["entity"], int(r["activities"])))
    for r in units.to_dict("records"):
        present.append(
            ("unit", r["unit_canonical"], r["unit_canonical"], r["entity"], int(r["activities"]))
        )
    for r in legal.to_dict("records"):
        present.append(("legal", r["basis"], r["reference"], r["entity"], int(r["plans"])))
    has: dict[tuple[str, str], set[str]] = {}
    for kind, key, _, entity, _ in present:
        has.setdefault((kind, key), set()).add(entity)
    rows = []
    order = {e.key: i for i, e in enumerate(found.items)}
    for kind, key, item, entity, count in present:
        if entity not in labels:
            continue
        lacking = [e.label for e in found.items if e.key not in has[(kind, key)]]
        if lacking:
            rows.append(
                {
                    "kind": kind,
                    "kind_label": t(f"compare.kind.{kind}", lang),
                    "item": item,
                    "key": key,
                    "entity": entity,
                    "has": labels[entity],
                    "lacks": "; ".join(lacking),
                    "count": count,
                    "_k": KINDS.index(kind),
                    "_e": order[entity],
                }
            )
    columns = ["kind", "kind_label", "item", "key", "entity", "has", "lacks", "count"]
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows).sort_values(
        ["_k", "_e", "count", "item"], ascending=[True, True, False, True], kind="stable"
    )
    return frame[columns].reset_index(drop=True)


def evidence_pick(row: Mapping, found: Entities) -> dict | None:
    """Drill parameters of the activities behind a difference row (None: a legal basis,
    whose evidence is the cited text itself)."""
    plans = found.plans.get(row["entity"], [])
    if row["kind"] == "theme":
        return {"d_plans": plans, "d_themes": [row["key"]]}
    if row["kind"] == "unit":
        return {"d_plans": plans, "d_units": [row["key"]]}
    return None


def legal_evidence(legal: pd.DataFrame, entity: str, basis: str) -> list[dict]:
    rows = legal[(legal["entity"] == entity) & (legal["basis"] == basis)]
    return [dict(e) for cell in rows["evidence"] for e in cell]
