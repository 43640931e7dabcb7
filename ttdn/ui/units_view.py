"""The Đơn vị (Units) page's logic, without drawing: chart specs, drill choices, labels
and the frames it shows. Every function takes frames from the units_* queries (or plain
values) and returns a spec dict, a string, a dict or a frame; app_pages/units.py draws them.

Collective wording ("Các sở, ban, ngành") and unknown units are kept as their own kind,
never split into invented members."""

from __future__ import annotations

import pandas as pd

from ttdn.i18n import t
from ttdn.ui import charts
from ttdn.ui.context import lang, tr

LABELS = {
    "unit_canonical": "units.col.unit",
    "unit_type": "units.col.unit_type",
    "kind": "units.col.kind",
    "lead": "units.col.lead",
    "cooperating": "units.col.cooperating",
    "executing": "units.col.executing",
    "activities": "units.col.activities",
    "duties": "units.col.duties",
    "plans": "units.col.plans",
    "province": "col.province",
    "rank": "units.col.rank",
    "lead_unit": "units.col.lead_unit",
    "lead_type": "units.col.lead_type",
    "coop_unit": "units.col.coop_unit",
    "coop_type": "units.col.coop_type",
    "lead_kind": "units.col.lead_kind",
    "coop_kind": "units.col.coop_kind",
}
TOP = 25  # units in a ranking chart
TOP_PAIRS = 20
TOP_PER_PROVINCE = 3  # named units listed per province
ROLES = ("lead", "cooperating", "executing")
ACTIVITY_ROLES = ("lead", "cooperating")  # an activity names lead and cooperating units
TYPE_COLORS = {  # unit type → colour, in the order charts list the types
    "trung ương": "#8c564b",
    "ubnd": "#d62728",
    "sở": "#1f77b4",
    "ban": "#9467bd",
    "báo chí": "#17becf",
    "lực lượng vũ trang": "#2ca02c",
    "đoàn thể": "#e377c2",
    "đơn vị trực thuộc": "#bcbd22",
    "nội bộ": "#ff7f0e",
    "nhóm": "#7f7f7f",
    "khác": "#c7c7c7",
}
TYPE_ORDER = list(TYPE_COLORS)  # legend and stacking order: as the colours are listed
TYPE_PATTERNS = {"nhóm": "x", "khác": "."}

# columns of the downloads, per tab
EXPORT_ROLES = [
    "unit_canonical",
    "unit_type",
    "kind",
    "lead",
    "cooperating",
    "activities",
    "plans",
]
EXPORT_DUTIES = ["unit_canonical", "unit_type", "kind", *ROLES, "duties", "plans"]
EXPORT_PROVINCES = [
    "province",
    "unit_canonical",
    "unit_type",
    "kind",
    "lead",
    "cooperating",
    "activities",
    "rank",
]
EXPORT_PAIRS = [
    "lead_unit",
    "lead_type",
    "lead_kind",
    "coop_unit",
    "coop_type",
    "coop_kind",
    "activities",
    "plans",
]
EXPORT_APART = ["unit_canonical", "unit_type", "lead", "cooperating", "activities", "plans"]
EXPORT_APART_DUTIES = ["unit_canonical", "unit_type", *ROLES, "duties", "plans"]


def type_label(unit_type: str, language: str | None = None) -> str:
    """The unit type as shown (units.type.* in the catalog; the code itself if none)."""
    try:
        return t(f"units.type.{unit_type}", language or lang())
    except KeyError:
        return str(unit_type)


def type_rank(unit_type: str) -> tuple:
    """Sort key: the TYPE_ORDER position, unknown types after them by name."""
    return (TYPE_ORDER.index(unit_type) if unit_type in TYPE_ORDER else len(TYPE_ORDER), unit_type)


def role_names(*roles: str) -> dict:
    """Role code → its label, in the order given (the legend's order)."""
    return {r: tr(f"units.role.{r}") for r in roles}


def of_kind(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The rows of one kind of unit: named, collective or unknown."""
    return frame[frame["kind"] == kind]


def ranking_spec(frame: pd.DataFrame, roles: tuple[str, ...], total: str) -> dict:
    """Stacked bars per unit (the first TOP rows: the queries order by `total`), one
    segment per role; customdata = [unit, role, unit] for the drill-down."""
    top = frame.head(TOP)
    long = pd.DataFrame(
        {
            "unit_canonical": list(top["unit_canonical"]) * len(roles),
            "role": [r for r in roles for _ in range(len(top))],
            "count": [v for r in roles for v in top[r]],
        }
    )
    long = long[long["count"] > 0]
    return charts.stacked_bars(
        long,
        category="unit_canonical",
        value="count",
        series="role",
        series_names=role_names(*roles),
        colors=charts.ROLE_COLORS,
        custom=["unit_canonical", "role"],
        order=list(top["unit_canonical"]),
        value_title=tr(f"units.axis.{total}"),
        label_width=40,
    )


def role_choices(frame: pd.DataFrame, roles: tuple[str, ...]) -> dict:
    """Drill choices "unit · role" for every unit and role with a count above zero."""
    names = role_names(*roles)
    return {
        f"{u} · {names[r]}": {"d_units": [u], "d_roles": [r]}
        for u, *counts in zip(*(frame[c] for c in ("unit_canonical", *roles)), strict=True)
        for r, n in zip(roles, counts, strict=True)
        if n > 0
    }


def describe_role_pick(pick: dict) -> str:
    names = role_names(*ROLES)
    return " · ".join(pick.get("d_units", []) + [names.get(r, r) for r in pick.get("d_roles", [])])


def apart_choices(acts: pd.DataFrame, no_lead: int) -> dict:
    """Drill choices of the collective / unknown tabs: activities without any lead unit
    first (when there are some), then "unit · role"."""
    choices = role_choices(acts, ACTIVITY_ROLES)
    if no_lead:
        choices = {
            tr("units.unknown.no_lead_choice"): {"d_no_unit": True, "d_roles": ["lead"]},
            **choices,
        }
    return choices


def lead_rows(by_province: pd.DataFrame) -> pd.DataFrame:
    """Rows of units_by_province where the unit leads at least one activity."""
    return by_province[by_province["lead"] > 0]


def province_spec(leads: pd.DataFrame) -> dict:
    """Lead mentions per province (most first), stacked by unit type in TYPE_ORDER;
    customdata = [province, unit type, province]."""
    per_type = leads.groupby(["province", "unit_type"], as_index=False, sort=False)["lead"].sum()
    order = list(
        per_type.groupby("province", sort=False)["lead"].sum().sort_values(ascending=False).index
    )
    types = sorted(set(per_type["unit_type"]), key=type_rank)
    return charts.stacked_bars(
        per_type,
        category="province",
        value="lead",
        series="unit_type",
        series_names={u: type_label(u) for u in types},
        colors=TYPE_COLORS,
        patterns=TYPE_PATTERNS,
        custom=["province", "unit_type"],
        order=order,
        value_title=tr("units.axis.lead_mentions"),
    )


def province_choices(leads: pd.DataFrame) -> dict:
    """Drill choices "province · unit type", in the rows' order, each once."""
    return {
        f"{p} · {type_label(u)}": {"d_provinces": [p], "d_unit_types": [u]}
        for p, u in dict.fromkeys(zip(leads["province"], leads["unit_type"], strict=True))
    }


def describe_province_pick(pick: dict) -> str:
    return " · ".join(
        pick.get("d_provinces", []) + [type_label(u) for u in pick.get("d_unit_types", [])]
    )


def top_per_province(by_province: pd.DataFrame, top: int = TOP_PER_PROVINCE) -> pd.DataFrame:
    """The first `top` named units with activities in each province (the query orders them),
    ranked 1…top, with their lead / cooperating / activity counts."""
    named = by_province[(by_province["kind"] == "named") & (by_province["activities"] > 0)]
    named = named.assign(rank=named.groupby("province").cumcount() + 1)
    named = named[named["rank"] <= top]
    return named[["province", "rank", "unit_canonical", "lead", "cooperating", "activities"]]


def named_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """Lead → cooperating pairs where both units are named."""
    return pairs[(pairs["lead_kind"] == "named") & (pairs["coop_kind"] == "named")]


def pairs_spec(pairs: pd.DataFrame) -> dict:
    """Activities per "lead → cooperating" pair (the first TOP_PAIRS rows);
    customdata = [lead unit, cooperating unit, pair]."""
    top = pairs.head(TOP_PAIRS)
    top = top.assign(
        pair=[f"{a} → {b}" for a, b in zip(top["lead_unit"], top["coop_unit"], strict=True)]
    )
    return charts.stacked_bars(
        top,
        category="pair",
        value="activities",
        custom=["lead_unit", "coop_unit"],
        value_title=tr("units.axis.activities"),
        label_width=52,
    )


def pair_choices(pairs: pd.DataFrame) -> dict:
    return {
        f"{a} → {b}": {"d_leads": [a], "d_coops": [b]}
        for a, b in zip(pairs["lead_unit"], pairs["coop_unit"], strict=True)
    }


def describe_pair_pick(pick: dict) -> str:
    return " → ".join(", ".join(pick.get(k, [])) for k in ("d_leads", "d_coops"))
