"""Đơn vị: which units carry the most work (activities led, activities cooperated
on, duties assigned) per canonical unit and per province; which units work
together (lead → cooperating pairs). Collective wording ("Các sở, ban, ngành")
and unknown units are shown apart, never split into invented members."""

import pandas as pd
import streamlit as st

from ttdn.ui import charts, drill, export
from ttdn.ui.context import has_data, num, run, tr
from ttdn.ui.filters import describe, filter_bar

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
TYPE_ORDER = [
    "trung ương",
    "ubnd",
    "sở",
    "ban",
    "báo chí",
    "lực lượng vũ trang",
    "đoàn thể",
    "đơn vị trực thuộc",
    "nhóm",
    "khác",
]
TYPE_COLORS = {
    "trung ương": "#8c564b",
    "ubnd": "#d62728",
    "sở": "#1f77b4",
    "ban": "#9467bd",
    "báo chí": "#17becf",
    "lực lượng vũ trang": "#2ca02c",
    "đoàn thể": "#e377c2",
    "đơn vị trực thuộc": "#bcbd22",
    "nhóm": "#7f7f7f",
    "khác": "#c7c7c7",
}
TYPE_PATTERNS = {"nhóm": "x", "khác": "."}


TYPE_LABELS: dict[str, str] = {}  # filled once per run (tr is not free)


def type_label(unit_type: str) -> str:
    if unit_type not in TYPE_LABELS:
        try:
            TYPE_LABELS[unit_type] = tr(f"units.type.{unit_type}")
        except KeyError:
            TYPE_LABELS[unit_type] = str(unit_type)
    return TYPE_LABELS[unit_type]


def role_names(*roles: str) -> dict:
    return {r: ROLE[r] for r in roles}


def ranking(frame: pd.DataFrame, roles: tuple[str, ...], total: str, key: str, file: str):
    """Stacked bars per unit (top TOP by `total`), one segment per role; returns the event."""
    top = frame.head(TOP)
    if len(frame) > TOP:
        st.caption(tr("units.top", shown=TOP, total=len(frame)))
    long = pd.DataFrame(
        {
            "unit_canonical": list(top["unit_canonical"]) * len(roles),
            "role": [r for r in roles for _ in range(len(top))],
            "count": [v for r in roles for v in top[r]],
        }
    )
    long = long[long["count"] > 0]
    fig = charts.stacked_bars(
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
    return charts.show(fig, key=key, name=file)


def unit_drill(key: str, event, frame: pd.DataFrame, roles: tuple[str, ...], query: str):
    drill.section(
        filters,
        key=key,
        event=event,
        fields=["d_units", "d_roles"],
        query=query,
        choices={
            f"{u} · {ROLE[r]}": {"d_units": [u], "d_roles": [r]}
            for u, *counts in zip(*(frame[c] for c in ("unit_canonical", *roles)), strict=True)
            for r, n in zip(roles, counts, strict=True)
            if n > 0
        },
        describe=lambda pick: " · ".join(
            pick.get("d_units", []) + [ROLE.get(r, r) for r in pick.get("d_roles", [])]
        ),
    )


ROLE = {r: tr(f"units.role.{r}") for r in ("lead", "cooperating", "executing")}
st.title(tr("units.title"))
filters = filter_bar()
if not has_data():
    st.info(tr("units.empty_db"))
    st.stop()
st.caption(describe(filters) or tr("units.caption_all"))

params = filters.params()
counts = run("filter_counts", **params)
if counts.empty or int(counts["plans"].iloc[0]) == 0:
    st.info(tr("units.no_match"))
    st.stop()
activities = int(counts["activities"].iloc[0])
roles_frame = run("units_activity_roles", **params)  # the first tab's chart and the cards
kinds = roles_frame["kind"].value_counts()

cards = st.columns(4)
cards[0].metric(tr("units.kpi.plans"), num(counts["plans"].iloc[0]), border=True)
cards[1].metric(tr("units.kpi.activities"), num(activities), border=True)
cards[2].metric(tr("units.kpi.named_units"), num(kinds.get("named", 0)), border=True)
cards[3].metric(
    tr("units.kpi.collective"),
    num(kinds.get("collective", 0)),
    border=True,
    help=tr("units.kpi.collective_help"),
)
if activities == 0:
    st.info(tr("units.no_activities"))


def section_roles() -> None:
    """Activities led and cooperated on, per named unit."""
    st.subheader(tr("units.s1.title"))
    named = roles_frame[roles_frame["kind"] == "named"]
    st.caption(tr("units.s1.caption"))
    event = None
    if named.empty:
        charts.empty(tr("units.s1.empty"))
    else:
        event = ranking(
            named, ("lead", "cooperating"), "activities", "units_roles", tr("units.s1.file")
        )
    export.buttons(
        roles_frame,
        tr("units.s1.file"),
        key="units_roles_export",
        labels=LABELS,
        columns=[
            "unit_canonical",
            "unit_type",
            "kind",
            "lead",
            "cooperating",
            "activities",
            "plans",
        ],
    )
    with st.container(border=True):
        unit_drill("units_drill_roles", event, named, ("lead", "cooperating"), "drill_activities")


def section_duties() -> None:
    """Duties assigned, per named unit."""
    st.subheader(tr("units.s2.title"))
    duties_frame = run("units_duties", **params)
    named_duties = duties_frame[duties_frame["kind"] == "named"]
    st.caption(tr("units.s2.caption"))
    event = None
    if named_duties.empty:
        charts.empty(tr("units.s2.empty"))
    else:
        event = ranking(
            named_duties,
            ("lead", "cooperating", "executing"),
            "duties",
            "units_duties",
            tr("units.s2.file"),
        )
    export.buttons(
        duties_frame,
        tr("units.s2.file"),
        key="units_duties_export",
        labels=LABELS,
        columns=[
            "unit_canonical",
            "unit_type",
            "kind",
            "lead",
            "cooperating",
            "executing",
            "duties",
            "plans",
        ],
    )
    with st.container(border=True):
        unit_drill(
            "units_drill_duties",
            event,
            named_duties,
            ("lead", "cooperating", "executing"),
            "drill_assignments",
        )


def section_provinces() -> None:
    """Per province."""
    st.subheader(tr("units.s3.title"))
    st.caption(tr("units.s3.caption"))
    by_province = run("units_by_province", **params)
    lead_rows = by_province[by_province["lead"] > 0]
    event = None
    if lead_rows.empty:
        charts.empty(tr("units.s3.empty"))
    else:
        per_type = lead_rows.groupby(["province", "unit_type"], as_index=False, sort=False)[
            "lead"
        ].sum()
        order = list(
            per_type.groupby("province", sort=False)["lead"]
            .sum()
            .sort_values(ascending=False)
            .index
        )
        types = sorted(
            set(per_type["unit_type"]),
            key=lambda t: (TYPE_ORDER.index(t) if t in TYPE_ORDER else len(TYPE_ORDER), t),
        )
        fig = charts.stacked_bars(
            per_type,
            category="province",
            value="lead",
            series="unit_type",
            series_names={t: type_label(t) for t in types},
            colors=TYPE_COLORS,
            patterns=TYPE_PATTERNS,
            custom=["province", "unit_type"],
            order=order,
            value_title=tr("units.axis.lead_mentions"),
        )
        event = charts.show(fig, key="units_by_province", name=tr("units.s3.file"))
    with st.container(border=True):
        drill.section(
            filters,
            key="units_drill_province",
            event=event,
            fields=["d_provinces", "d_unit_types"],
            extra={"d_roles": ["lead"]},
            choices={
                f"{p} · {type_label(t)}": {"d_provinces": [p], "d_unit_types": [t]}
                for p, t in dict.fromkeys(
                    zip(lead_rows["province"], lead_rows["unit_type"], strict=True)
                )
            },
            describe=lambda pick: " · ".join(
                pick.get("d_provinces", []) + [type_label(t) for t in pick.get("d_unit_types", [])]
            ),
        )
    top_named = by_province[(by_province["kind"] == "named") & (by_province["activities"] > 0)]
    top_named = top_named.assign(rank=top_named.groupby("province").cumcount() + 1)
    top_named = top_named[top_named["rank"] <= 3]
    if len(top_named):
        st.markdown(f"**{tr('units.s3.top_title')}**")
        shown = top_named[
            ["province", "rank", "unit_canonical", "lead", "cooperating", "activities"]
        ]
        st.dataframe(
            shown.rename(columns={c: export.header(c, LABELS) for c in shown.columns}),
            hide_index=True,
            width="stretch",
            height=min(420, 38 + 35 * len(shown)),
        )
    export.buttons(
        by_province,
        tr("units.s3.file"),
        key="units_by_province_export",
        labels=LABELS,
        columns=[
            "province",
            "unit_canonical",
            "unit_type",
            "kind",
            "lead",
            "cooperating",
            "activities",
            "rank",
        ],
    )


def section_pairs() -> None:
    """Who works with whom."""
    st.subheader(tr("units.s4.title"))
    st.caption(tr("units.s4.caption"))
    pairs = run("units_pairs", **params)
    named_pairs = pairs[(pairs["lead_kind"] == "named") & (pairs["coop_kind"] == "named")]
    event = None
    if named_pairs.empty:
        charts.empty(tr("units.s4.empty"))
    else:
        top = named_pairs.head(TOP_PAIRS)
        if len(named_pairs) > TOP_PAIRS:
            st.caption(tr("units.top_pairs", shown=TOP_PAIRS, total=len(named_pairs)))
        top = top.assign(
            pair=[f"{a} → {b}" for a, b in zip(top["lead_unit"], top["coop_unit"], strict=True)]
        )
        fig = charts.stacked_bars(
            top,
            category="pair",
            value="activities",
            custom=["lead_unit", "coop_unit"],
            value_title=tr("units.axis.activities"),
            label_width=52,
        )
        event = charts.show(fig, key="units_pairs", name=tr("units.s4.file"))
    export.buttons(
        pairs,
        tr("units.s4.file"),
        key="units_pairs_export",
        labels=LABELS,
        columns=[
            "lead_unit",
            "lead_type",
            "lead_kind",
            "coop_unit",
            "coop_type",
            "coop_kind",
            "activities",
            "plans",
        ],
    )
    with st.container(border=True):
        drill.section(
            filters,
            key="units_drill_pairs",
            event=event,
            fields=["d_leads", "d_coops"],
            choices={
                f"{a} → {b}": {"d_leads": [a], "d_coops": [b]}
                for a, b in zip(named_pairs["lead_unit"], named_pairs["coop_unit"], strict=True)
            },
            describe=lambda pick: " → ".join(
                ", ".join(pick.get(k, [])) for k in ("d_leads", "d_coops")
            ),
        )


def apart(kind: str) -> None:
    """Collective wording or unknown units, each apart: activities, then duties."""
    st.subheader(tr(f"units.{kind}.title"))
    duties_frame = run("units_duties", **params)
    acts = roles_frame[roles_frame["kind"] == kind]
    duties = duties_frame[duties_frame["kind"] == kind]
    st.caption(tr(f"units.{kind}.caption"))
    no_lead = 0
    if kind == "unknown":
        summary = run("units_summary", **params).iloc[0]
        no_lead = int(summary["no_lead"])
        cards = st.columns(3)
        cards[0].metric(
            tr("units.kpi.named_lead"),
            num(summary["named_lead"]),
            border=True,
            help=tr("units.kpi.named_lead_help"),
        )
        cards[1].metric(
            tr("units.kpi.other_lead_only"),
            num(summary["other_lead_only"]),
            border=True,
            help=tr("units.kpi.other_lead_only_help"),
        )
        cards[2].metric(
            tr("units.kpi.no_lead"), num(no_lead), border=True, help=tr("units.kpi.no_lead_help")
        )
    if no_lead:
        st.markdown(tr("units.unknown.no_lead", count=num(no_lead)))
    if acts.empty and duties.empty and not no_lead:
        charts.empty(tr(f"units.{kind}.empty"))
        return
    event = None
    if not acts.empty:
        event = ranking(
            acts, ("lead", "cooperating"), "activities", f"units_{kind}", tr(f"units.{kind}.file")
        )
        export.buttons(
            acts,
            tr(f"units.{kind}.file"),
            key=f"units_{kind}_export",
            labels=LABELS,
            columns=["unit_canonical", "unit_type", "lead", "cooperating", "activities", "plans"],
        )
    choices = {
        f"{u} · {ROLE[r]}": {"d_units": [u], "d_roles": [r]}
        for u, lead, coop in zip(
            acts["unit_canonical"], acts["lead"], acts["cooperating"], strict=True
        )
        for r, n in (("lead", lead), ("cooperating", coop))
        if n > 0
    }
    if no_lead:
        choices = {
            tr("units.unknown.no_lead_choice"): {"d_no_unit": True, "d_roles": ["lead"]},
            **choices,
        }
    if choices:
        with st.container(border=True):
            drill.section(
                filters,
                key=f"units_drill_{kind}",
                event=event,
                fields=["d_units", "d_roles"] if event is not None else [],
                choices=choices,
                describe=lambda pick: " · ".join(
                    pick.get("d_units", []) + [ROLE.get(r, r) for r in pick.get("d_roles", [])]
                ),
            )
    if not duties.empty:
        st.markdown(f"**{tr('units.apart.duties')}**")
        roles = ("lead", "cooperating", "executing")
        event = ranking(duties, roles, "duties", f"units_{kind}_duties", tr(f"units.{kind}.file"))
        export.buttons(
            duties,
            tr(f"units.{kind}.file") + "_" + tr("units.s2.file"),
            key=f"units_{kind}_duties_export",
            labels=LABELS,
            columns=["unit_canonical", "unit_type", *roles, "duties", "plans"],
        )
        with st.container(border=True):
            unit_drill(f"units_drill_{kind}_duties", event, duties, roles, "drill_assignments")


# only the open tab runs its queries (the URL keeps which one: ?donvi_xem=...)
tabs = st.tabs(
    [
        tr(f"units.tab.{name}")
        for name in ("roles", "duties", "provinces", "pairs", "collective", "unknown")
    ],
    key="donvi_xem",
    on_change="rerun",
    bind="query-params",
)
sections = (
    section_roles,
    section_duties,
    section_provinces,
    section_pairs,
    lambda: apart("collective"),
    lambda: apart("unknown"),
)
for tab, section in zip(tabs, sections, strict=True):
    with tab:
        if tab.open is not False:
            section()
