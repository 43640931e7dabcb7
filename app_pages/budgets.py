"""Kinh phí: which sources fund the plans; which plans name no source or only one
"nếu có" (if any); the amounts written, in đồng, by province and year; each plan's
budget lines. Only the open tab runs, so a filter change stays fast."""

import pandas as pd
import streamlit as st
from plotly.colors import sample_colorscale

from ttdn.ui import charts, drill, export
from ttdn.ui.context import has_data, lang, num, run, tr
from ttdn.ui.filters import describe, filter_bar

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
MAX_BARS = 40


def money(value) -> str:
    """1.234.567 đ (VI) or 1,234,567 VND (EN); '–' when there is no amount."""
    if value is None or pd.isna(value):
        return "–"
    return tr("budgets.money", amount=num(value))


def whole_ticks(spec: dict, axis: str, top) -> dict:
    """Counts: ticks on whole numbers only (Plotly would put 0,5 steps on a small axis)."""
    if top is not None and top <= 8:
        spec["layout"][f"{axis}axis"]["dtick"] = 1
    return spec


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

name = "name_en" if lang() == "en" else "name_vi"
status_names = {s: tr(f"budgets.status.{s}") for s in STATUSES}
counts = status.groupby("status")["plans"].sum()
stated_plans = int(status["plans_with_amount"].sum())
activity_amount = status["activity_amount_vnd"].dropna()
cards = st.columns(4)
cards[0].metric(tr("budgets.kpi.plans"), num(status["plans"].sum()), border=True)
cards[1].metric(tr("budgets.kpi.stated"), num(counts.get("stated", 0)), border=True)
cards[2].metric(tr("budgets.kpi.conditional"), num(counts.get("conditional", 0)), border=True)
cards[3].metric(tr("budgets.kpi.none"), num(counts.get("none", 0)), border=True)
activities_with_amount = int(status["activities_with_amount"].sum())
if stated_plans or activities_with_amount:
    st.caption(
        tr(
            "budgets.amount_caption",
            amount=money(status["amount_vnd"].sum()) if stated_plans else "–",
            plans=num(stated_plans),
            activity_amount=money(activity_amount.sum()) if len(activity_amount) else "–",
            activities=num(activities_with_amount),
        )
    )
else:
    st.caption(tr("budgets.no_amounts"))

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
    used = sources[sources["plans"] > 0]
    names = dict(zip(sources["budget_code"], sources[name], strict=True))
    event = None
    if used.empty:
        charts.empty(tr("budgets.s1.empty"))
    else:
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
            colors={"firm": "#2E91E5", "conditional": "#2E91E5"},
            patterns={"conditional": "/"},
            custom=["budget_code"],
            order=list(used[name]),
            value_title=tr("budgets.axis.plans"),
        )
        fig = whole_ticks(fig, "x", used["plans"].max())
        event = charts.show(fig, key="budgets_by_source", name=tr("budgets.s1.file"))
    unused = [
        n
        for c, n, p in zip(sources["budget_code"], sources[name], sources["plans"], strict=True)
        if p == 0 and c != "khong_neu"
    ]
    if unused and not used.empty:
        st.caption(tr("budgets.s1.unused", sources="; ".join(unused)))
    by_activity = sources[sources["activities"] > 0]
    if not by_activity.empty:
        listed = "; ".join(
            f"{n} ({num(a)})"
            for n, a in zip(by_activity[name], by_activity["activities"], strict=True)
        )
        st.caption(tr("budgets.s1.activities", sources=listed))
    export.buttons(
        sources,
        tr("budgets.s1.file"),
        key="budgets_by_source_export",
        labels=LABELS,
        columns=[c for c in LABELS if c in sources.columns],
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
            choices={
                n: {"d_plan_sources": [c]}
                for c, n in zip(used["budget_code"], used[name], strict=True)
            },
            describe=lambda pick: "; ".join(
                names.get(c, c) for c in pick.get("d_plan_sources", [])
            ),
        )


# 2. plans naming no source or only "nếu có" ------------------------------------------------
def status_tab() -> None:
    st.subheader(tr("budgets.s2.title"))
    st.caption(tr("budgets.s2.caption"))
    frame = status.assign(
        plan_ids=status["plan_ids"].map(list),
        year_label=status["year"].astype(str),
        status_label=status["status"].map(status_names),
    )
    years = [str(y) for y in sorted(set(frame["year"]))]
    fig = charts.stacked_bars(
        frame,
        category="year_label",
        value="plans",
        series="status",
        series_names=status_names,
        colors=STATUS_COLORS,
        custom=["year", "plan_ids"],
        horizontal=False,
        order=years,
        value_title=tr("budgets.axis.plans"),
        category_title=tr("budgets.axis.year"),
    )
    fig["layout"]["height"] = 420
    fig = whole_ticks(fig, "y", frame.groupby("year")["plans"].sum().max())
    event = charts.show(fig, key="budgets_status", name=tr("budgets.s2.file"))
    export.buttons(
        frame,
        tr("budgets.s2.file"),
        key="budgets_status_export",
        labels=LABELS,
        columns=[
            "year",
            "status_label",
            "plans",
            "plans_with_amount",
            "amount_vnd",
            "activities_with_amount",
            "activity_amount_vnd",
            "plan_ids",
        ],
    )
    with st.container(border=True):
        drill.section(
            filters,
            key="budgets_drill_status",
            event=event,
            fields=["d_years", "d_plans"],
            query="budgets_drill",
            choices={
                tr("budgets.s2.choice", year=y, status=status_names[s]): {
                    "d_years": [int(y)],
                    "d_plans": ids,
                }
                for y, s, ids in zip(frame["year"], frame["status"], frame["plan_ids"], strict=True)
                if s != "stated"
            },
            describe=lambda pick: ", ".join(str(y) for y in pick.get("d_years", [])),
        )


# 3. amounts by province and year --------------------------------------------------------------
def amounts_tab() -> None:
    st.subheader(tr("budgets.s3.title"))
    st.caption(tr("budgets.s3.caption"))
    amounts = run("budgets_amounts", **params)
    plan_total = int(amounts["plan_amount_vnd"].sum()) if not amounts.empty else 0
    kind = st.segmented_control(
        tr("budgets.s3.kind"),
        ["plan", "activity"],
        default="plan" if plan_total or amounts.empty else "activity",
        key="budgets_amount_kind",
        required=True,
        format_func=lambda k: tr(f"budgets.s3.kind_{k}"),
    )
    value = "plan_amount_vnd" if kind == "plan" else "activity_amount_vnd"
    shown = amounts[amounts[value] > 0] if not amounts.empty else amounts
    event = None
    if shown.empty:
        charts.empty(tr("budgets.s3.empty"))
    else:
        totals = shown.groupby("province", sort=False)[value].sum().sort_values(ascending=False)
        order = list(totals.index[:MAX_BARS])
        if len(totals) > MAX_BARS:
            st.caption(tr("budgets.s3.top", shown=MAX_BARS, total=len(totals)))
        shown = shown[shown["province"].isin(set(order))]
        shown = shown.assign(
            year_label=shown["year"].astype(str),
            millions=shown[value] / 1e6,
            amount_text=shown[value].map(money),
        )
        years = [str(y) for y in sorted(set(shown["year"]))]
        palette = sample_colorscale(
            "Blues", [0.35 + 0.65 * i / max(1, len(years) - 1) for i in range(len(years))]
        )
        fig = charts.stacked_bars(
            shown,
            category="province",
            value="millions",
            series="year_label",
            series_names={y: y for y in years},
            colors=dict(zip(years, palette, strict=True)),
            custom=["province", "year", "amount_text"],
            order=order,
            value_title=tr("budgets.s3.axis"),
            label_width=24,
        )
        for trace in fig["data"]:  # the exact amount in đồng in the hover
            trace["hovertemplate"] = (
                f"%{{customdata[3]}}<br>{trace['name']}: %{{customdata[2]}}<extra></extra>"
            )
        fig["layout"]["xaxis"]["tickformat"] = ",~r"
        event = charts.show(fig, key=f"budgets_amounts_{kind}", name=tr("budgets.s3.file"))
    export.buttons(
        amounts,
        tr("budgets.s3.file"),
        key="budgets_amounts_export",
        labels=LABELS,
        columns=[
            "province",
            "year",
            "plan_amount_vnd",
            "plans_with_amount",
            "activity_amount_vnd",
            "activities_with_amount",
        ],
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
            choices={
                f"{p} · {y}": {"d_provinces": [p], "d_years": [int(y)]}
                for p, y in zip(shown["province"], shown["year"], strict=True)
            },
            describe=lambda pick: " · ".join(
                [
                    ", ".join(pick.get("d_provinces", [])),
                    ", ".join(map(str, pick.get("d_years", []))),
                ]
            ),
        )


# 4. each plan's budget --------------------------------------------------------------------------
def plans_tab() -> None:
    st.subheader(tr("budgets.s4.title"))
    chosen = st.segmented_control(
        tr("budgets.s4.show"),
        ["all", *STATUSES],
        default="all",
        key="budgets_plans_status",
        required=True,
        format_func=lambda s: tr("budgets.s4.all") if s == "all" else status_names[s],
    )
    plans = run("budgets_plans", **params)
    table = plans if chosen == "all" else plans[plans["status"] == chosen]
    if table.empty:
        st.info(tr("budgets.s4.empty"))
        return
    sources = "sources_en" if lang() == "en" else "sources_vi"
    shown = pd.DataFrame(
        {
            tr("col.plan_id"): table["plan_id"],
            tr("col.province"): table["province"],
            tr("col.year"): table["year"].astype(str),
            tr("budgets.col.status"): table["status"].map(status_names),
            tr("budgets.col.sources"): table["sources"].fillna(""),
            tr(f"budgets.col.{sources}"): table[sources].fillna(""),
            tr("budgets.col.amount_vnd"): table["amount_vnd"].map(money),
            tr("budgets.col.activities"): table["activities"].map(num),
            tr("budgets.col.activity_amount_vnd"): table["activity_amount_vnd"].map(money),
            tr("budgets.col.notes"): table["notes"].fillna(""),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=min(560, 38 + 35 * len(shown)))
    export.buttons(
        table.assign(status_label=table["status"].map(status_names)),
        tr("budgets.s4.file"),
        key="budgets_plans_export",
        labels=LABELS,
        columns=[
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
        ],
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
