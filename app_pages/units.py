"""Đơn vị: which units carry the most work (activities led, activities cooperated
on, duties assigned) per canonical unit and per province; which units work
together (lead → cooperating pairs). Collective wording ("Các sở, ban, ngành")
and unknown units are shown apart, never split into invented members.
The specs, choices and labels come from ttdn.ui.units_view."""

import pandas as pd
import streamlit as st

from ttdn.ui import charts, drill, export
from ttdn.ui import units_view as view
from ttdn.ui.context import has_data, num, run, tr
from ttdn.ui.filters import describe, filter_bar


def ranking(frame: pd.DataFrame, roles: tuple[str, ...], total: str, key: str, file: str):
    """Stacked bars per unit (top view.TOP by `total`), one segment per role; returns the event."""
    if len(frame) > view.TOP:
        st.caption(tr("units.top", shown=view.TOP, total=len(frame)))
    return charts.show(view.ranking_spec(frame, roles, total), key=key, name=file)


def download(frame: pd.DataFrame, file: str, key: str, columns: list[str]) -> None:
    export.buttons(frame, file, key=key, labels=view.LABELS, columns=columns)


def unit_drill(key: str, event, frame: pd.DataFrame, roles: tuple[str, ...], query: str):
    drill.section(
        filters,
        key=key,
        event=event,
        fields=["d_units", "d_roles"],
        query=query,
        choices=view.role_choices(frame, roles),
        describe=view.describe_role_pick,
    )


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
    named = view.of_kind(roles_frame, "named")
    st.caption(tr("units.s1.caption"))
    event = None
    if named.empty:
        charts.empty(tr("units.s1.empty"))
    else:
        event = ranking(
            named, view.ACTIVITY_ROLES, "activities", "units_roles", tr("units.s1.file")
        )
    download(roles_frame, tr("units.s1.file"), "units_roles_export", view.EXPORT_ROLES)
    with st.container(border=True):
        unit_drill("units_drill_roles", event, named, view.ACTIVITY_ROLES, "drill_activities")


def section_duties() -> None:
    """Duties assigned, per named unit."""
    st.subheader(tr("units.s2.title"))
    duties_frame = run("units_duties", **params)
    named_duties = view.of_kind(duties_frame, "named")
    st.caption(tr("units.s2.caption"))
    event = None
    if named_duties.empty:
        charts.empty(tr("units.s2.empty"))
    else:
        event = ranking(named_duties, view.ROLES, "duties", "units_duties", tr("units.s2.file"))
    download(duties_frame, tr("units.s2.file"), "units_duties_export", view.EXPORT_DUTIES)
    with st.container(border=True):
        unit_drill("units_drill_duties", event, named_duties, view.ROLES, "drill_assignments")


def section_provinces() -> None:
    """Per province."""
    st.subheader(tr("units.s3.title"))
    st.caption(tr("units.s3.caption"))
    by_province = run("units_by_province", **params)
    leads = view.lead_rows(by_province)
    event = None
    if leads.empty:
        charts.empty(tr("units.s3.empty"))
    else:
        fig = view.province_spec(leads)
        event = charts.show(fig, key="units_by_province", name=tr("units.s3.file"))
    with st.container(border=True):
        drill.section(
            filters,
            key="units_drill_province",
            event=event,
            fields=["d_provinces", "d_unit_types"],
            extra={"d_roles": ["lead"]},
            choices=view.province_choices(leads),
            describe=view.describe_province_pick,
        )
    shown = view.top_per_province(by_province)
    if len(shown):
        st.markdown(f"**{tr('units.s3.top_title')}**")
        st.dataframe(
            export.with_headers(shown, view.LABELS),
            hide_index=True,
            width="stretch",
            height=min(420, 38 + 35 * len(shown)),
        )
    download(by_province, tr("units.s3.file"), "units_by_province_export", view.EXPORT_PROVINCES)


def section_pairs() -> None:
    """Who works with whom."""
    st.subheader(tr("units.s4.title"))
    st.caption(tr("units.s4.caption"))
    pairs = run("units_pairs", **params)
    named_pairs = view.named_pairs(pairs)
    event = None
    if named_pairs.empty:
        charts.empty(tr("units.s4.empty"))
    else:
        if len(named_pairs) > view.TOP_PAIRS:
            st.caption(tr("units.top_pairs", shown=view.TOP_PAIRS, total=len(named_pairs)))
        fig = view.pairs_spec(named_pairs)
        event = charts.show(fig, key="units_pairs", name=tr("units.s4.file"))
    download(pairs, tr("units.s4.file"), "units_pairs_export", view.EXPORT_PAIRS)
    with st.container(border=True):
        drill.section(
            filters,
            key="units_drill_pairs",
            event=event,
            fields=["d_leads", "d_coops"],
            choices=view.pair_choices(named_pairs),
            describe=view.describe_pair_pick,
        )


def apart(kind: str) -> None:
    """Collective wording or unknown units, each apart: activities, then duties."""
    st.subheader(tr(f"units.{kind}.title"))
    duties_frame = run("units_duties", **params)
    acts = view.of_kind(roles_frame, kind)
    duties = view.of_kind(duties_frame, kind)
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
    file = tr(f"units.{kind}.file")
    if not acts.empty:
        event = ranking(acts, view.ACTIVITY_ROLES, "activities", f"units_{kind}", file)
        download(acts, file, f"units_{kind}_export", view.EXPORT_APART)
    choices = view.apart_choices(acts, no_lead)
    if choices:
        with st.container(border=True):
            drill.section(
                filters,
                key=f"units_drill_{kind}",
                event=event,
                fields=["d_units", "d_roles"] if event is not None else [],
                choices=choices,
                describe=view.describe_role_pick,
            )
    if not duties.empty:
        st.markdown(f"**{tr('units.apart.duties')}**")
        event = ranking(duties, view.ROLES, "duties", f"units_{kind}_duties", file)
        download(
            duties,
            file + "_" + tr("units.s2.file"),
            f"units_{kind}_duties_export",
            view.EXPORT_APART_DUTIES,
        )
        with st.container(border=True):
            unit_drill(f"units_drill_{kind}_duties", event, duties, view.ROLES, "drill_assignments")


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
