"""Kinh phí: which sources fund the plans; which plans name no source or only one
"nếu có" (if any); the amounts written, in đồng, by province and year; each plan's
budget lines. Only the open tab runs, so a filter change stays fast.
Labels, tables and chart specs come from ttdn.ui.budgets_view."""

import streamlit as st

from ttdn.ui import budgets_view as view
from ttdn.ui import charts, drill, export
from ttdn.ui.context import has_data, name_column, num, run, tr
from ttdn.ui.filters import describe, filter_bar

st.title(tr("budgets.title"))
filters = filter_bar()
if not has_data():
    st.info(tr("budgets.empty_db"))
    st.stop()
st.caption(describe(filters) or tr("budgets.caption_all"))
params = filters.params()
status = run("budgets_status", **params)
if status.empty:
    st.info(tr("budgets.no_match"))
    st.stop()

name = name_column()
status_names = view.status_names()
counts = view.status_counts(status)
cards = st.columns(4)
cards[0].metric(tr("budgets.kpi.plans"), num(status["plans"].sum()), border=True)
cards[1].metric(tr("budgets.kpi.stated"), num(counts["stated"]), border=True)
cards[2].metric(tr("budgets.kpi.conditional"), num(counts["conditional"]), border=True)
cards[3].metric(tr("budgets.kpi.none"), num(counts["none"]), border=True)
st.caption(view.amount_caption(status))

# the status tab first: it draws from the query the cards above already ran
tab_keys = ("status", "sources", "amounts", "plans")
tabs = dict(
    zip(
        tab_keys,
        st.tabs([tr(f"budgets.tab.{k}") for k in tab_keys], key="budgets_tab", on_change="rerun"),
        strict=True,
    )
)


# 1. which sources fund the plans --------------------------------------------------------------
def sources_tab() -> None:
    st.subheader(tr("budgets.s1.title"))
    st.caption(tr("budgets.s1.caption"))
    sources = run("budgets_by_source", **params)
    used = view.used_sources(sources)
    event = None
    if used.empty:
        charts.empty(tr("budgets.s1.empty"))
    else:
        fig = view.sources_chart(used, name)
        event = charts.show(fig, key="budgets_by_source", name=tr("budgets.s1.file"))
    unused = view.unused_sources(sources, name)
    if unused and not used.empty:
        st.caption(tr("budgets.s1.unused", sources="; ".join(unused)))
    if listed := view.activity_sources(sources, name):
        st.caption(tr("budgets.s1.activities", sources=listed))
    export.buttons(
        sources,
        tr("budgets.s1.file"),
        key="budgets_by_source_export",
        labels=view.LABELS,
        columns=[c for c in view.LABELS if c in sources.columns],
    )
    if used.empty:
        return
    with st.container(border=True):
        drill.section(
            filters,
            key="budgets_drill_source",
            event=event,
            fields=["d_plan_sources"],
            query="budgets_drill",
            choices=view.source_choices(used, name),
            describe=view.source_describer(sources, name),
        )


# 2. plans naming no source or only "nếu có" ------------------------------------------------
def status_tab() -> None:
    st.subheader(tr("budgets.s2.title"))
    st.caption(tr("budgets.s2.caption"))
    frame = view.status_frame(status)
    event = charts.show(view.status_chart(frame), key="budgets_status", name=tr("budgets.s2.file"))
    export.buttons(
        frame,
        tr("budgets.s2.file"),
        key="budgets_status_export",
        labels=view.LABELS,
        columns=view.STATUS_COLUMNS,
    )
    with st.container(border=True):
        drill.section(
            filters,
            key="budgets_drill_status",
            event=event,
            fields=["d_years", "d_plans"],
            query="budgets_drill",
            choices=view.status_choices(frame),
            describe=lambda pick: ", ".join(str(y) for y in pick.get("d_years", [])),
        )


# 3. amounts by province and year --------------------------------------------------------------
def amounts_tab() -> None:
    st.subheader(tr("budgets.s3.title"))
    st.caption(tr("budgets.s3.caption"))
    amounts = run("budgets_amounts", **params)
    kind = st.segmented_control(
        tr("budgets.s3.kind"),
        ["plan", "activity"],
        default=view.default_kind(amounts),
        key="budgets_amount_kind",
        required=True,
        format_func=lambda k: tr(f"budgets.s3.kind_{k}"),
    )
    shown = view.positive_amounts(amounts, kind)
    event = None
    if shown.empty:
        charts.empty(tr("budgets.s3.empty"))
    else:
        shown, order, provinces = view.top_provinces(shown, kind)
        if provinces > view.MAX_BARS:
            st.caption(tr("budgets.s3.top", shown=view.MAX_BARS, total=provinces))
        fig = view.amounts_chart(shown, order, kind)
        event = charts.show(fig, key=f"budgets_amounts_{kind}", name=tr("budgets.s3.file"))
    export.buttons(
        amounts,
        tr("budgets.s3.file"),
        key="budgets_amounts_export",
        labels=view.LABELS,
        columns=view.AMOUNTS_COLUMNS,
    )
    if shown.empty:
        return
    with st.container(border=True):
        drill.section(
            filters,
            key=f"budgets_drill_amounts_{kind}",
            event=event,
            fields=["d_provinces", "d_years", None],
            query="budgets_drill",
            extra={"d_with_amount": True} if kind == "activity" else {"d_plan_amount": True},
            choices=view.amount_choices(shown),
            describe=view.describe_amount,
        )


# 4. each plan's budget --------------------------------------------------------------------------
def plans_tab() -> None:
    st.subheader(tr("budgets.s4.title"))
    chosen = st.segmented_control(
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
    st.dataframe(shown, hide_index=True, width="stretch", height=view.height(len(shown)))
    export.buttons(
        view.plans_export_frame(table),
        tr("budgets.s4.file"),
        key="budgets_plans_export",
        labels=view.LABELS,
        columns=view.PLANS_COLUMNS,
    )


renderers = {
    "status": status_tab,
    "sources": sources_tab,
    "amounts": amounts_tab,
    "plans": plans_tab,
}
for key in tab_keys:
    with tabs[key]:
        if tabs[key].open is not False:
            renderers[key]()
