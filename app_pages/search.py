"""Tra cứu: one box searching activity titles and texts, assigned duties and budget
notes across every plan, ignoring case and diacritics (ttdn.search explains the
rules). Results are ranked, highlighted in the original text, filtered by the shared
filter bar and linked to their plan; ?q= and ?kh= (one plan) keep a search in the URL."""

import html
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from ttdn.search import KINDS, MAX_TERMS, excerpt, highlight, parse, query_params
from ttdn.text import fold_key, is_stored_name
from ttdn.ui import export
from ttdn.ui.context import day, has_data, lang, num, run, sheet_label, tr
from ttdn.ui.filters import describe, encode, filter_bar
from ttdn.ui.safe import md

K_QUERY, K_KINDS, K_LIMIT, Q_PLAN = "q", "sr_kinds", "sr_limit", "kh"
PAGE, MAX_RESULTS = 50, 500
STYLE = """<style>
.ttdn-hit{border:1px solid rgba(128,128,128,.35);border-radius:.5rem;padding:.6rem .8rem;
  margin:0 0 .6rem 0;line-height:1.45}
.ttdn-hit mark{background:#ffe066;color:#111;padding:0 .1em;border-radius:.15em}
.ttdn-kind{font-size:.78rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em;
  opacity:.75;margin-bottom:.15rem}
.ttdn-title{font-weight:600;font-size:1.02rem;margin-bottom:.2rem}
.ttdn-body{margin-bottom:.35rem}
.ttdn-plan,.ttdn-source{font-size:.85rem;opacity:.85}
.ttdn-plan a{font-weight:600}
</style>"""
EXPORT_COLUMNS = ["kind", "title", "body", "plan_id", "plan_number", "issuer", "year",
                  "province", "source_file", "source_sheet", "source_row"]  # fmt: skip
EXPORT_LABELS = {
    "kind": "search.col.kind",
    "title": "search.col.title",
    "body": "search.col.body",
    "plan_number": "col.number",
    "source_sheet": "search.col.sheet",
    "source_row": "search.col.row",
}


def reset_limit() -> None:
    st.session_state[K_LIMIT] = PAGE


def more() -> None:
    st.session_state[K_LIMIT] = min(MAX_RESULTS, st.session_state.get(K_LIMIT, PAGE) + PAGE)


def plan_link(row, filters) -> str:
    """This page, the same search, restricted to the result's plan."""
    params = {K_QUERY: st.session_state.get(K_QUERY, ""), Q_PLAN: row.plan_id, "lang": lang()}
    params.update({k: ",".join(v) if isinstance(v, list) else v
                   for k, v in encode(filters).items()})  # fmt: skip
    return "?" + urlencode(params)


def card(row, query, filters) -> str:
    where = f" · {html.escape(str(row.item_id))}" if row.kind == "activity" else ""
    section = f" · {html.escape(row.section)}" if isinstance(row.section, str) else ""
    kind = html.escape(tr(f"search.kind.{row.kind}")) + where + section
    body = row.body if isinstance(row.body, str) and row.body.strip() else ""
    if row.kind == "activity" and body.strip().rstrip(".") == str(row.title).strip().rstrip("."):
        body = ""
    item = (str(row.title), body)  # which spellings to highlight is decided over both
    number = row.plan_number if isinstance(row.plan_number, str) and row.plan_number else None
    plan = " · ".join(
        html.escape(str(p)) for p in (number or tr("search.no_number"), row.issuer, row.year) if p
    )
    issued = day(row.issued_date) if pd.notna(row.issued_date) else ""
    full_title = str(row.plan_title or "")
    short = full_title if len(full_title) <= 140 else full_title[:140].rsplit(" ", 1)[0] + " …"
    plan_title = f'<span title="{html.escape(full_title, quote=True)}">{html.escape(short)}</span>'
    # where the text stands in its plan is the kind line (id, section); the storage path
    # (file › sheet › row) is for staff who fix a workbook, so it is a hover only
    provenance = tr("search.provenance", file=row.source_file,
                    sheet=sheet_label(row.source_sheet), row=num(row.source_row))  # fmt: skip
    plan_source = row.plan_source if isinstance(row.plan_source, str) else ""
    link = ""
    if plan_source.startswith(("http://", "https://")):
        source = ""
        link = (f'<a href="{html.escape(plan_source, quote=True)}" target="_blank" '
                f'rel="noopener">{html.escape(tr("search.open_source"))}</a>')  # fmt: skip
    elif is_stored_name(plan_source):
        source = ""  # a hashed stored name: the plan line above already names the document
    else:
        source = tr("search.source", source=plan_source or "—")
    return (
        '<div class="ttdn-hit">'
        f'<div class="ttdn-kind">{kind}</div>'
        f'<div class="ttdn-title">{highlight(str(row.title), query, within=item)}</div>'
        + (f'<div class="ttdn-body">{excerpt(body, query, within=item)}</div>' if body else "")
        + f'<div class="ttdn-plan">{html.escape(tr("search.plan"))}: '
        f'<a href="{html.escape(plan_link(row, filters), quote=True)}" '
        f'target="_self" title="{html.escape(tr("search.only_plan_help"), quote=True)}">'
        f"{plan}</a>" + (f" ({html.escape(issued)})" if issued else "") + f" — {plan_title}</div>"
        f'<div class="ttdn-source" title="{html.escape(provenance, quote=True)}">'
        f"{html.escape(source)}{link}</div>"
        "</div>"
    )


st.title(tr("search.title"))
filters = filter_bar()
if not has_data():
    st.info(tr("search.empty_db"))
    st.stop()

if K_LIMIT not in st.session_state:
    reset_limit()
text = st.text_input(
    tr("search.box"),
    key=K_QUERY,
    placeholder=tr("search.placeholder"),
    help=tr("search.help"),
    bind="query-params",
    on_change=reset_limit,
    icon=":material/search:",
)
kinds = st.pills(
    tr("search.kinds"),
    KINDS,
    selection_mode="multi",
    default=list(KINDS),
    key=K_KINDS,
    format_func={k: tr(f"search.kinds.{k}") for k in KINDS}.get,
    on_change=reset_limit,
)
only_plan = st.query_params.get(Q_PLAN)
if only_plan:  # a link's plan: its id, case and punctuation aside; else said and dropped
    plan_ids = {fold_key(p): p for p in run("plan_sources")["plan_id"]}
    if plan_ids.get(fold_key(only_plan)) is None:
        st.warning(tr("search.unknown_plan", plan=md(only_plan)), icon=":material/link_off:")
        del st.query_params[Q_PLAN]
    elif plan_ids[fold_key(only_plan)] != only_plan:
        st.query_params[Q_PLAN] = plan_ids[fold_key(only_plan)]
    only_plan = plan_ids.get(fold_key(only_plan))
with st.expander(tr("search.how.title")):
    st.markdown(tr("search.how.body", n=MAX_TERMS))

query = parse(text)
if query.empty:
    st.info(tr("search.start"))
    st.stop()
if not kinds:
    st.info(tr("search.no_kinds"))
    st.stop()

limit = st.session_state[K_LIMIT]
params = query_params(query, filters.params(), kinds, limit, [only_plan] if only_plan else [])
found = run("search_results", **params)

described = describe(filters)
if only_plan:
    cols = st.columns([5, 1])
    label = only_plan
    if not found.empty:
        first = found.iloc[0]
        number = first["plan_number"] if isinstance(first["plan_number"], str) else ""
        label = " · ".join(str(v) for v in (number, first["issuer"], first["year"]) if v)
    cols[0].info(tr("search.only_plan", plan=md(label)), icon=":material/description:")
    if cols[1].button(tr("search.all_plans"), key="sr_all_plans"):
        del st.query_params[Q_PLAN]
        st.rerun()
if query.dropped:
    st.warning(tr("search.dropped", n=MAX_TERMS, dropped=query.dropped))

total = int(found["total"].iloc[0]) if not found.empty else 0
if total == 0:
    st.info(tr("search.none", query=query.text) + (f" ({described})" if described else ""))
    st.stop()

first = found.iloc[0]
st.markdown(
    tr(
        "search.count",
        total=num(total),
        activity=num(first["total_activity"]),
        duty=num(first["total_duty"]),
        budget=num(first["total_budget"]),
    )  # fmt: skip
)
if described:
    st.caption(described)
st.html(STYLE + "".join(card(row, query, filters) for row in found.itertuples(index=False)))
if total > len(found):
    st.caption(tr("search.shown", shown=num(len(found)), total=num(total)))
    if len(found) < MAX_RESULTS:
        st.button(tr("search.more"), key="sr_more", on_click=more, icon=":material/expand_more:")
download = found.assign(kind=found["kind"].map(lambda k: tr(f"search.kind.{k}")))
export.buttons(download, "tra_cuu", key="sr_download", labels=EXPORT_LABELS, columns=EXPORT_COLUMNS)
