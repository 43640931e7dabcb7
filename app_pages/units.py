"""Đơn vị: which units carry the most work (activities led, activities cooperated
on, duties assigned) per canonical unit and per province; which units work
together (lead → cooperating pairs). Collective wording ("Các sở, ban, ngành")
and unknown units are shown apart, never split into invented members.
The specs, choices and labels come from ttdn.ui.units_view."""

from dataclasses import replace

import streamlit as st

from ttdn.ui import charts, export, section
from ttdn.ui import units_view as view
from ttdn.ui.context import num, run, tr
from ttdn.ui.section import Drill, Export, Section
from ttdn.ui.table import show_table


def ranking(
    key: str, frame, roles: tuple[str, ...], total: str, file: str, query: str, drill_key: str
) -> Section:
    """Stacked bars per unit (top view.TOP by `total`), one segment per role, and the
    activities (or duties) behind a bar."""
    return Section(
        key=key,
        data=frame,
        figure=lambda rows: view.ranking_spec(rows, roles, total),
        file=file,
        before=lambda rows: (
            [tr("units.top", shown=view.TOP, total=len(rows))] if len(rows) > view.TOP else []
        ),
        drill=Drill(
            drill_key,
            ["d_units", "d_roles"],
            query=query,
            choices=lambda rows: view.role_choices(rows, roles),
            describe=view.describe_role_pick,
        ),
    )


filters = section.page("units")
params = filters.params()
counts = run("filter_counts", **params)
if counts.empty or int(counts["plans"].iloc[0]) == 0:
    st.info(tr("units.no_match"))
    section.stop()
activities = int(counts["activities"].iloc[0])
roles_frame = run("units_activity_roles", **params)  # the first tab's chart and the cards
kinds = roles_frame["kind"].value_counts()

cards = st.columns(4)
cards[0].metric(tr("units.kpi.plans"), num(counts["plans"].iloc[0]), border=True)
cards[1].metric(tr("units.kpi.activities"), num(activities), border=True)
cards[2].metric(
    tr("units.kpi.named_units"),
    num(kinds.get("named", 0)),
    border=True,
    help=tr("units.kpi.named_units_help"),
)
cards[3].metric(
    tr("units.kpi.collective"),
    num(kinds.get("collective", 0)),
    border=True,
    help=tr("units.kpi.collective_help"),
)
if activities == 0:
    st.info(tr("units.no_activities"))


def section_ranked(n: int, name: str, frame, roles: tuple[str, ...], total: str, query: str):
    """Section `n` of the page (texts units.sN.*, keys units_NAME): named units ranked by
    `total`, one segment per role, the rows behind a bar from `query`."""
    spec = ranking(
        f"units_{name}",
        view.of_kind(frame, "named"),
        roles,
        total,
        tr(f"units.s{n}.file"),
        query,
        f"units_drill_{name}",
    )
    columns = view.EXPORT_ROLES if name == "roles" else view.EXPORT_DUTIES
    section.render(
        replace(
            spec,
            title=tr(f"units.s{n}.title"),
            caption=tr(f"units.s{n}.caption"),
            empty=tr(f"units.s{n}.empty"),
            export=Export(labels=view.LABELS, columns=columns, frame=lambda *_: frame),
        ),
        filters,
    )


def section_roles() -> None:
    """Activities led and cooperated on, per named unit."""
    section_ranked(1, "roles", roles_frame, view.ACTIVITY_ROLES, "activities", "drill_activities")


def section_duties() -> None:
    """Duties assigned, per named unit."""
    duties = run("units_duties", **params)
    section_ranked(2, "duties", duties, view.ROLES, "duties", "drill_assignments")


def section_provinces() -> None:
    """Per province."""
    st.subheader(tr("units.s3.title"))
    st.caption(tr("units.s3.caption"))
    by_province = run("units_by_province", **params)
    section.render(
        Section(
            key="units_by_province",
            data=by_province,
            shown=view.lead_rows,
            figure=view.province_spec,
            empty=tr("units.s3.empty"),
            file=tr("units.s3.file"),
            drill=Drill(
                "units_drill_province",
                ["d_provinces", "d_unit_types"],
                extra={"d_roles": ["lead"]},
                choices=view.province_choices,
                describe=view.describe_province_pick,
            ),
        ),
        filters,
    )
    shown = view.top_per_province(by_province)
    if len(shown):
        st.markdown(f"**{tr('units.s3.top_title')}**")
        show_table(
            export.with_headers(shown, view.LABELS),
            hide_index=True,
            width="stretch",
            height=min(420, 38 + 35 * len(shown)),
        )
    export.buttons(
        by_province,
        tr("units.s3.file"),
        key="units_by_province_export",
        labels=view.LABELS,
        columns=view.EXPORT_PROVINCES,
    )


def section_pairs() -> None:
    """Who works with whom."""
    section.render(
        Section(
            key="units_pairs",
            title=tr("units.s4.title"),
            caption=tr("units.s4.caption"),
            query="units_pairs",
            params=params,
            shown=view.named_pairs,
            figure=view.pairs_spec,
            empty=tr("units.s4.empty"),
            file=tr("units.s4.file"),
            before=lambda pairs: (
                [tr("units.top_pairs", shown=view.TOP_PAIRS, total=len(pairs))]
                if len(pairs) > view.TOP_PAIRS
                else []
            ),
            export=Export(labels=view.LABELS, columns=view.EXPORT_PAIRS),
            drill=Drill(
                "units_drill_pairs",
                ["d_leads", "d_coops"],
                choices=view.pair_choices,
                describe=view.describe_pair_pick,
            ),
        ),
        filters,
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
    file = tr(f"units.{kind}.file")
    spec = ranking(
        f"units_{kind}",
        acts,
        view.ACTIVITY_ROLES,
        "activities",
        file,
        "drill_activities",
        f"units_drill_{kind}",
    )
    choices = view.apart_choices(acts, no_lead)
    section.render(
        replace(
            spec,
            figure=None if acts.empty else spec.figure,
            export=None if acts.empty else Export(labels=view.LABELS, columns=view.EXPORT_APART),
            drill=replace(spec.drill, choices=choices) if choices else None,
        ),
        filters,
    )
    if not duties.empty:
        st.markdown(f"**{tr('units.apart.duties')}**")
        spec = ranking(
            f"units_{kind}_duties",
            duties,
            view.ROLES,
            "duties",
            file,
            "drill_assignments",
            f"units_drill_{kind}_duties",
        )
        export_spec = Export(
            labels=view.LABELS,
            columns=view.EXPORT_APART_DUTIES,
            file=file + "_" + tr("units.s2.file"),
        )
        section.render(replace(spec, export=export_spec), filters)


# only the open tab runs its queries (the URL keeps which one: ?donvi_xem=...)
section.tabs(
    ("roles", "duties", "provinces", "pairs", "collective", "unknown"),
    "units",
    {
        "roles": section_roles,
        "duties": section_duties,
        "provinces": section_provinces,
        "pairs": section_pairs,
        "collective": lambda: apart("collective"),
        "unknown": lambda: apart("unknown"),
    },
    key="donvi_xem",
    bind="query-params",
)
