"""Đối chiếu hướng dẫn: each plan against what national guidance expects
(data/reference/criteria.csv): a checklist for one plan, and a province × criterion matrix.
Logic in ttdn.ui.compliance_view; the rules in ttdn.compliance."""

import streamlit as st

from ttdn.ui import charts, export
from ttdn.ui import compliance_view as view
from ttdn.ui.context import has_data, num, run, tr
from ttdn.ui.filters import describe, filter_bar
from ttdn.ui.safe import md
from ttdn.ui.table import show_table

PLAN_KEY = "kh"  # the chosen plan in the URL

st.title(tr("compliance.title"))
filters = filter_bar()
if not has_data():
    st.info(tr("compliance.empty_db"))
    st.stop()
st.caption(describe(filters) or tr("compliance.caption_all"))
results = view.all_results()
for line in view.problems_text(results):
    st.warning(line, icon=":material/warning:")
plans = run("compliance_plans", **filters.plan_params())
if plans.empty:
    st.info(tr("compliance.no_match"))
    st.stop()
shown = view.for_plans(results, plans)
tab_keys = ("checklist", "matrix")
tabs = dict(
    zip(
        tab_keys,
        st.tabs(
            [tr(f"compliance.tab.{k}") for k in tab_keys], key="compliance_tab", on_change="rerun"
        ),
        strict=True,
    )
)


def checklist_tab() -> None:
    choices = view.plan_choices(plans)
    wanted = st.query_params.get(PLAN_KEY)
    if wanted and wanted not in choices:
        st.warning(tr("compliance.unknown_plan", plan=md(wanted)), icon=":material/warning:")
    if st.session_state.get("compliance_plan") not in choices:
        st.session_state["compliance_plan"] = wanted if wanted in choices else next(iter(choices))
    plan_id = st.selectbox(
        tr("compliance.choose_plan"),
        list(choices),
        key="compliance_plan",
        format_func=lambda p: choices.get(p, p),
    )
    st.query_params[PLAN_KEY] = plan_id
    score = view.plan_score(shown, plan_id)
    cards = st.columns(5)
    cards[0].metric(
        tr("compliance.col.score"),
        view.score_text(score["score"]),
        border=True,
        help=tr("compliance.score_help"),
    )
    for card, key in zip(cards[1:], ("met", "partly", "not_met", "na"), strict=True):
        card.metric(
            f"{view.ICONS['n/a' if key == 'na' else key]} {tr(f'compliance.col.{key}')}",
            num(score[key]),
            border=True,
        )
    table = view.checklist(shown, plan_id)
    visible = export.with_headers(
        table[["icon", "criterion", "result_label", "evidence", "source"]], view.LABELS
    )
    show_table(
        visible,
        hide_index=True,
        width="stretch",
        height=min(36 * (len(table) + 1), 640),
    )
    export.buttons(
        shown[shown["plan_id"] == plan_id],
        tr("compliance.file_plan", plan=plan_id),
        key="compliance_plan_export",
        labels=view.LABELS,
        columns=view.EXPORT_COLUMNS,
    )
    st.subheader(tr("compliance.evidence_title"))
    with_rows = view.with_evidence(table, shown[shown["plan_id"] == plan_id])
    if not with_rows:
        st.caption(tr("compliance.evidence_none"))
        return
    chosen = st.selectbox(
        tr("compliance.evidence_choose"),
        list(with_rows),
        format_func=lambda cid: with_rows[cid][0],
        key="compliance_evidence_criterion",
    )
    lookup = view.evidence_lookup(run("compliance_evidence", plan_id=plan_id))
    for line in view.evidence_markdown(view.evidence_rows(lookup, with_rows[chosen][1])):
        st.markdown(line)


def matrix_tab() -> None:
    st.caption(tr("compliance.matrix.caption"))
    cells = view.matrix(shown)
    if cells.empty:
        charts.empty()
        return
    spec = view.matrix_chart(cells, view.province_order(plans), view.criteria_order(shown))
    charts.show(spec, key="compliance_matrix", name=tr("compliance.file_matrix"), select=False)
    export.buttons(
        view.matrix_export(shown),
        tr("compliance.file_matrix"),
        key="compliance_matrix_export",
        labels=view.LABELS,
        columns=view.EXPORT_COLUMNS,
    )


renderers = {"checklist": checklist_tab, "matrix": matrix_tab}
for key in tab_keys:
    with tabs[key]:
        if tabs[key].open is not False:
            renderers[key]()
