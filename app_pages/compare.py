"""So sánh: 2–4 provinces, 2–4 plans, or one province across its years, side by side on
one scale — theme coverage (with the median of all provinces), lead-unit workload by unit
type, budget sources, legal bases, activities by quarter — and what one has that another
lacks, each entry one click from its evidence. The choice is kept in the URL (see
ttdn.ui.compare_view); the sections are ttdn.ui.section specs."""

from dataclasses import replace

import streamlit as st

from ttdn.ui import compare_view as view
from ttdn.ui import drill, export, pacing, section
from ttdn.ui.context import lang, num, run, tr
from ttdn.ui.filters import province_matcher
from ttdn.ui.safe import md
from ttdn.ui.section import Drill, Export, Section
from ttdn.ui.table import show_table

K_MODE, K_PROVINCES, K_PROVINCE, K_YEARS, K_PLANS = (
    "cmp_mode",
    "cmp_provinces",
    "cmp_province",
    "cmp_years",
    "cmp_plans",
)
_URL = "_cmp_url"  # the query string last written (to tell a new URL from our own)

filters = section.page("compare")
language = lang()
if filters.provinces:
    st.caption(tr("compare.provinces_ignored"))

# what can be compared (every plan, whatever the filter bar's provinces) ----------------------
plans_all = run("plan_sources", province_mode=filters.province_mode)
provinces, years_of, plan_labels = view.options(plans_all)


def url_state() -> dict:
    return {k: st.query_params.get_all(k) for k in view.QUERY_KEYS if k in st.query_params}


def seed(choice: view.Choice) -> None:
    st.session_state[K_MODE] = choice.mode
    st.session_state[K_PROVINCES] = list(choice.provinces) if choice.mode == "province" else []
    year_mode = choice.mode == "year" and choice.provinces
    st.session_state[K_PROVINCE] = choice.provinces[0] if year_mode else None
    st.session_state[K_YEARS] = list(choice.years)
    st.session_state[K_PLANS] = list(choice.plans)


unknown = view.Unknown()
url, stored = url_state(), st.session_state.get(_URL)
if stored != url:  # a link, a reload, or back from another page (which drops our keys)
    read, unreadable = view.decode(url if url or not stored else stored)
    choice, unknown = view.validate(
        read, provinces, list(plan_labels), years_of, province_matcher()
    )
    unknown = replace(unknown, years=unknown.years + unreadable.years, mode=unreadable.mode)
    seed(choice)
# values that left the options (the 2025 toggle changes the province names)
for key, options in ((K_PROVINCES, provinces), (K_PLANS, plan_labels)):
    st.session_state[key] = [v for v in st.session_state.get(key) or [] if v in options]
if st.session_state.get(K_PROVINCE) not in provinces:
    st.session_state[K_PROVINCE] = None

# the choice's controls and the cards sit above the first chart but are drawn after it
# (ttdn.ui.pacing.later): their values are in session state already (seeded above)
picker = st.container()
mode = st.session_state.get(K_MODE) or "province"
if mode == "province":
    choice = view.Choice("province", provinces=tuple(st.session_state.get(K_PROVINCES) or []))
elif mode == "plan":
    choice = view.Choice("plan", plans=tuple(st.session_state.get(K_PLANS) or []))
else:
    province = st.session_state.get(K_PROVINCE)
    have = years_of.get(province, [])
    st.session_state[K_YEARS] = [y for y in st.session_state.get(K_YEARS) or [] if y in have]
    choice = view.Choice(
        "year",
        provinces=(province,) if province else (),
        years=tuple(sorted(st.session_state[K_YEARS])),
    )


def draw_picker() -> None:
    with picker:
        st.segmented_control(
            tr("compare.mode"),
            view.MODES,
            key=K_MODE,
            required=True,
            format_func=lambda m: tr(f"compare.mode.{m}"),
        )
        if mode == "province":
            st.multiselect(
                tr(
                    "compare.pick.provinces_2025"
                    if filters.province_mode == "2025"
                    else "compare.pick.provinces"
                ),
                provinces,
                key=K_PROVINCES,
                max_selections=view.MAX_ENTITIES,
                placeholder=tr("compare.pick.placeholder"),
            )
        elif mode == "plan":
            st.multiselect(
                tr("compare.pick.plans"),
                list(plan_labels),
                key=K_PLANS,
                max_selections=view.MAX_ENTITIES,
                format_func=lambda k: plan_labels.get(k, k),
                placeholder=tr("compare.pick.placeholder"),
            )
        else:
            left, right = st.columns([1, 2])
            left.selectbox(
                tr("compare.pick.province"),
                provinces,
                key=K_PROVINCE,
                index=None,
                placeholder=tr("compare.pick.placeholder_one"),
            )
            right.multiselect(
                tr("compare.pick.years"),
                have,
                key=K_YEARS,
                placeholder=tr("compare.pick.all_years"),
            )


pacing.later(draw_picker)

encoded = view.encode(choice)
for key in view.QUERY_KEYS:
    if key not in encoded and key in st.query_params:
        del st.query_params[key]
for key, value in encoded.items():
    st.query_params[key] = value
st.session_state[_URL] = {k: [v] for k, v in encoded.items()}

if unknown:
    parts = [
        tr("compare.unknown.provinces", values=md("; ".join(unknown.provinces)))
        if unknown.provinces
        else "",
        tr("compare.unknown.plans", values=md("; ".join(unknown.plans))) if unknown.plans else "",
        tr("compare.unknown.years", values=md("; ".join(unknown.years))) if unknown.years else "",
        tr("compare.unknown.mode", value=md(unknown.mode)) if unknown.mode else "",
    ]
    st.warning(" ".join(p for p in parts if p), icon=":material/warning:")

keys = view.entity_keys(choice, years_of)
if len(keys) < 2:
    if choice.mode == "year" and choice.provinces:
        st.info(tr("compare.need.years", province=md(choice.provinces[0])))
    else:
        chosen = md("; ".join(keys))
        st.info(tr(f"compare.need.{choice.mode}.{min(len(keys), 1)}", chosen=chosen))
    section.stop()

chosen_plans = plans_all[plans_all["plan_id"].isin(keys)] if choice.mode == "plan" else None
params = view.query_params(
    choice,
    filters.params(),
    keys,
    list(chosen_plans["province"]) if chosen_plans is not None else [],
)
counts = view.split(run("compare_activities", **params), run("filter_options_themes"))
found = view.entities(run("compare_entities", **params), choice, keys, counts.totals)
if missing := view.missing_keys(keys, found):
    st.warning(tr("compare.no_plans", values=md("; ".join(missing))), icon=":material/warning:")
if len(found) < 2:
    st.info(tr("compare.too_few"))
    section.stop()
# the drill-downs: the comparison's plans, not the filter bar's provinces
scope = replace(filters, provinces=(), years=() if choice.mode == "year" else filters.years)

cards = st.container()


def draw_cards() -> None:
    with cards:
        for column, entity in zip(st.columns(len(found)), found.items, strict=True):
            column.metric(
                entity.label,
                num(entity.activities),
                border=True,
                help=tr("compare.card_help", plans=num(len(entity.plans))),
            )
            column.caption(tr("compare.card", plans=num(len(entity.plans))))


pacing.later(draw_cards)


# 1. theme coverage ----------------------------------------------------------------------
def themes_tab() -> None:
    # the national yardstick: under the years, levels and province mode only (cached across
    # theme, unit and province filters)
    reference = run("compare_theme_reference", **view.reference_params(params))
    grid = view.theme_grid(counts.themes, reference, found, language)
    section.render(
        Section(
            key="cmp_themes",
            title=tr("compare.s1.title"),
            caption=tr("compare.s1.caption"),
            data=grid,
            figure=lambda g: view.theme_heatmap(g, found, language),
            select=False,
            empty=tr("compare.empty"),
            file=tr("compare.s1.file"),
            export=Export(frame=lambda g, _: view.theme_export(g)),
            drill=Drill(
                "cmp_drill_themes", choices=lambda g: view.theme_choices(g, found), needs_rows=True
            ),
        ),
        scope,
    )


def bars(key: str, raw, rows, choices, count: str = "activities") -> None:
    """A side-by-side bar section (shares on one scale) with its export and drill list."""
    frame, order = rows(raw, language)
    section.render(
        Section(
            key=f"cmp_{key}",
            title=tr(f"compare.{key}.title"),
            caption=tr(f"compare.{key}.caption"),
            data=frame,
            figure=lambda f: view.grouped_bars(
                f,
                category=view.LABEL_COLUMN[key],
                order=order,
                found=found,
                count=count,
                value_title=tr(f"compare.{key}.value"),
                count_title=tr(f"compare.{key}.count"),
            ),
            select=False,
            empty=tr(f"compare.{key}.empty"),
            file=tr(f"compare.{key}.file"),
            export=Export(
                frame=lambda f, _: f.assign(entity=f["entity"].map(found.labels)),
                columns=view.EXPORT[key],
                labels=view.LABELS,
            ),
            drill=Drill(f"cmp_drill_{key}", choices=lambda _: choices(raw)) if choices else None,
        ),
        scope,
    )


# 2. lead units by type ----------------------------------------------------------------------
def units_tab() -> None:
    bars("units", counts.units, view.unit_rows, lambda r: view.unit_choices(r, found, language))


# 3. budget sources ------------------------------------------------------------------------
def budgets_tab() -> None:
    bars(
        "budgets",
        run("compare_budgets", **params),
        view.budget_rows,
        lambda raw: view.budget_choices(raw, found, language),
        count="plans",
    )


# 4. legal bases ---------------------------------------------------------------------------
def legal_tab() -> None:
    legal = run("compare_legal", **params)
    section.header(tr("compare.legal.title"), tr("compare.legal.caption"))
    if legal.empty:
        st.info(tr("compare.legal.empty"))
        return
    table = view.legal_table(legal, found, language)
    show_table(table, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(table)))
    export.buttons(table, tr("compare.legal.file"), key="cmp_legal_export")


# 5. activities by quarter -----------------------------------------------------------------
def quarters_tab() -> None:
    bars("quarters", counts.quarters, view.quarter_rows, None)


# 6. what one has and another lacks ------------------------------------------------------
def diff_tab() -> None:
    section.header(tr("compare.diff.title"), tr("compare.diff.caption"))
    legal = run("compare_legal", **params)
    grid = view.theme_grid(counts.themes, view.NO_REFERENCE, found, language)
    diff = view.differences(grid, counts.unit_names, legal, found, language)
    difference_table(diff, legal)


def difference_table(diff, legal) -> None:
    if diff.empty:
        st.info(tr("compare.diff.none"))
    else:
        shown = export.with_headers(
            diff[["kind_label", "item", "has", "lacks", "count"]].rename(
                columns={"kind_label": "kind"}
            ),
            view.LABELS,
        )
        state = show_table(
            shown,
            hide_index=True,
            width="stretch",
            key="cmp_diff",
            on_select="rerun",
            selection_mode="single-row",
            height=min(460, 38 + 35 * len(shown)),
            column_config={
                export.header("item", view.LABELS): st.column_config.TextColumn(width="large")
            },
        )
        export.buttons(
            diff,
            tr("compare.diff.file"),
            key="cmp_diff_export",
            labels=view.LABELS,
            columns=["kind_label", "item", "has", "lacks", "count"],
        )
        picked = list(getattr(getattr(state, "selection", None), "rows", []) or [])
        with st.container(border=True):
            st.markdown(f"**{tr('compare.diff.evidence')}**")
            if not picked or not 0 <= picked[0] < len(diff):
                st.caption(tr("compare.diff.pick"))
            else:
                row = diff.iloc[picked[0]].to_dict()
                st.caption(md(f"{row['kind_label']}: {row['item']} — {row['has']}"))
                pick = view.evidence_pick(row, found)
                if pick is not None:
                    drill.show_activities(drill.rows(scope, [pick]), "cmp_evidence")
                else:
                    drill.show_citations(view.legal_evidence(legal, row["entity"], row["key"]))


# only the open tab runs its queries (the URL keeps which one: ?ss_xem=...)
section.tabs(
    ("themes", "diff", "units", "budgets", "legal", "quarters"),
    "compare",
    {
        "themes": themes_tab,
        "diff": diff_tab,
        "units": units_tab,
        "budgets": budgets_tab,
        "legal": legal_tab,
        "quarters": quarters_tab,
    },
    key="ss_xem",
    bind="query-params",
)
