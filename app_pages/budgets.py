"""Kinh phí: the money written (cards in tỷ / triệu đồng; by province and year, the first
tab); which sources fund the plans; which plans name no source or only one
"nếu có" (if any); the amounts written, in đồng, by province and year; each plan's
budget lines. Only the open tab runs, so a filter change stays fast.
Labels, tables and chart specs come from ttdn.ui.budgets_view; each tab is a
ttdn.ui.section spec."""

import streamlit as st

from ttdn.ui import budgets_view as view
from ttdn.ui import export, section, urlstate
from ttdn.ui.context import name_column, num, run, tr
from ttdn.ui.section import Drill, Export, Section
from ttdn.ui.table import show_table

filters = section.page("budgets")
params = filters.params()
status = run("budgets_status", **params)
if status.empty:
    st.info(tr("budgets.no_match"))
    section.stop()

name = name_column()
status_names = view.status_names()
counts = view.status_counts(status)
# the money first, in tỷ / triệu đồng (the exact amount in the help), then the plans
for card, (label, value, help_text) in zip(st.columns(2), view.money_cards(status), strict=True):
    card.metric(label, value, help=help_text, border=True)
cards = st.columns(4)
cards[0].metric(tr("budgets.kpi.plans"), num(status["plans"].sum()), border=True)
cards[1].metric(tr("budgets.kpi.stated"), num(counts["stated"]), border=True)
cards[2].metric(tr("budgets.kpi.conditional"), num(counts["conditional"]), border=True)
cards[3].metric(tr("budgets.kpi.none"), num(counts["none"]), border=True)


def source_notes(sources, used) -> list[str]:
    unused = view.unused_sources(sources, name)
    listed = view.activity_sources(sources, name)
    return [
        tr("budgets.s1.unused", sources="; ".join(unused)) if unused and not used.empty else "",
        tr("budgets.s1.activities", sources=listed) if listed else "",
    ]


# 1. which sources fund the plans --------------------------------------------------------------
def sources_tab() -> None:
    section.render(
        Section(
            key="budgets_by_source",
            title=tr("budgets.s1.title"),
            caption=tr("budgets.s1.caption"),
            query="budgets_by_source",
            params=params,
            shown=view.used_sources,
            figure=lambda used: view.sources_chart(used, name),
            empty=tr("budgets.s1.empty"),
            file=tr("budgets.s1.file"),
            after=source_notes,
            export=Export(
                labels=view.LABELS,
                columns=lambda rows: [c for c in view.LABELS if c in rows.columns],
            ),
            drill=Drill(
                "budgets_drill_source",
                ["d_plan_sources"],
                choices=lambda used: view.source_choices(used, name),
                describe_from=lambda sources: view.source_describer(sources, name),
                needs_rows=True,
            ),
        ),
        filters,
    )


# 2. plans naming no source or only "nếu có" ------------------------------------------------
def status_tab() -> None:
    section.render(
        Section(
            key="budgets_status",
            title=tr("budgets.s2.title"),
            caption=tr("budgets.s2.caption"),
            data=status,
            prepare=view.status_frame,
            figure=view.status_chart,
            file=tr("budgets.s2.file"),
            export=Export(labels=view.LABELS, columns=view.STATUS_COLUMNS),
            drill=Drill(
                "budgets_drill_status",
                ["d_years", "d_plans"],
                choices=view.status_choices,
                describe=lambda pick: ", ".join(str(y) for y in pick.get("d_years", [])),
            ),
        ),
        filters,
    )


# 3. amounts by province and year --------------------------------------------------------------
def amounts_tab() -> None:
    section.header(tr("budgets.s3.title"), tr("budgets.s3.caption"))
    amounts = run("budgets_amounts", **params)
    kind = urlstate.segmented(
        "kinhphi_loai",
        tr("budgets.s3.kind"),
        ["plan", "activity"],
        default=view.default_kind(amounts),
        key="budgets_amount_kind",
        required=True,
        format_func=lambda k: tr(f"budgets.s3.kind_{k}"),
    )
    shown = view.positive_amounts(amounts, kind)
    top, order, provinces = view.top_provinces(shown, kind) if len(shown) else (shown, [], 0)
    section.render(
        Section(
            key=f"budgets_amounts_{kind}",
            data=amounts,
            shown=lambda _: top,
            figure=lambda rows: view.amounts_chart(rows, order, kind),
            empty=tr("budgets.s3.empty"),
            file=tr("budgets.s3.file"),
            before=lambda _: (
                [tr("budgets.s3.top", shown=view.MAX_BARS, total=provinces)]
                if provinces > view.MAX_BARS
                else []
            ),
            export=Export(
                labels=view.LABELS, columns=view.AMOUNTS_COLUMNS, key="budgets_amounts_export"
            ),
            drill=Drill(
                f"budgets_drill_amounts_{kind}",
                ["d_provinces", "d_years", None],
                extra={"d_with_amount": True} if kind == "activity" else {"d_plan_amount": True},
                choices=view.amount_choices,
                describe=view.describe_amount,
                needs_rows=True,
            ),
        ),
        filters,
    )


# 4. each plan's budget --------------------------------------------------------------------------
def plans_tab() -> None:
    st.subheader(tr("budgets.s4.title"))
    chosen = urlstate.segmented(
        "kinhphi_tt",
        tr("budgets.s4.show"),
        ["all", *view.STATUSES],
        default="all",
        key="budgets_plans_status",
        required=True,
        format_func=lambda s: tr("budgets.s4.all") if s == "all" else status_names[s],
    )
    table = view.plans_of(run("budgets_plans", **params), chosen)
    if table.empty:
        st.info(tr("budgets.s4.empty"))
        return
    shown = view.plans_table(table)
    show_table(shown, hide_index=True, width="stretch", height=view.height(len(shown)))
    export.buttons(
        view.plans_export_frame(table),
        tr("budgets.s4.file"),
        key="budgets_plans_export",
        labels=view.LABELS,
        columns=view.PLANS_COLUMNS,
    )


# the money first (amounts by province and year) when plans write any; else which plans
# name no source
section.tabs(
    ("amounts", "status", "sources", "plans")
    if view.has_amounts(status)
    else ("status", "sources", "amounts", "plans"),
    "budgets",
    {"status": status_tab, "sources": sources_tab, "amounts": amounts_tab, "plans": plans_tab},
    key="budgets_tab",
    url="kinhphi_xem",
)
