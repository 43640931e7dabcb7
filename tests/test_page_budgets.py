"""Kinh phí: the page's queries on the fixtures database, checked against figures computed
here from the lists in tests/fixtures.py; and the page itself in AppTest (default data,
empty database, filters that match nothing, query string, every tab, drill-down)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import pandas as pd
import pytest

from tests.fixtures import ACTIVITIES, BUDGETS, PLANS, metrics, open_app_page, run_query
from ttdn.i18n import t
from ttdn.ingest.values import as_amount
from ttdn.reference import load_reference
from ttdn.text import fold

PAGE = "app_pages/budgets.py"
REFERENCE = load_reference()


# figures from the fixture lists ------------------------------------------------------------


def amount(text):
    return as_amount(text) if text else None


def conditional(line) -> bool:
    return "neu co" in fold(f"{line['source']} {line['note']}")


def code(line) -> str:
    return REFERENCE.budget_code(line["source"])


def expected_status(plan_id) -> str:
    lines = [b for b in BUDGETS if b["plan_id"] == plan_id and code(b) != "khong_neu"]
    if not lines:
        return "none"
    return "conditional" if all(conditional(b) for b in lines) else "stated"


def province(plan) -> str:
    return REFERENCE.match_province(plan["province"])[0]


# queries ---------------------------------------------------------------------------------------


def test_status_by_year(fixture_db):
    frame = run_query(fixture_db, "budgets_status")
    expected = Counter((p["year"], expected_status(p["plan_id"])) for p in PLANS)
    got = {(r.year, r.status): r.plans for r in frame.itertuples()}
    assert got == dict(expected)
    for r in frame.itertuples():
        ids = sorted(
            p["plan_id"]
            for p in PLANS
            if p["year"] == r.year and expected_status(p["plan_id"]) == r.status
        )
        assert list(r.plan_ids) == ids
    assert frame["amount_vnd"].sum() == sum(amount(b["amount_vnd"]) or 0 for b in BUDGETS)
    assert frame["activity_amount_vnd"].sum() == sum(
        amount(a["budget_vnd"]) or 0 for a in ACTIVITIES
    )
    assert frame["activities_with_amount"].sum() == sum(1 for a in ACTIVITIES if a["budget_vnd"])


def test_sources(fixture_db):
    frame = run_query(fixture_db, "budgets_by_source").set_index("budget_code")
    plans = defaultdict(set)
    conditional_plans = defaultdict(set)
    for b in BUDGETS:
        plans[code(b)].add(b["plan_id"])
    for c, ids in plans.items():
        for plan_id in ids:
            lines = [b for b in BUDGETS if b["plan_id"] == plan_id and code(b) == c]
            if all(conditional(b) for b in lines):
                conditional_plans[c].add(plan_id)
    assert set(frame.index) == set(REFERENCE.budget_codes["budget_code"])  # every code listed
    for c in frame.index:
        assert frame.loc[c, "plans"] == len(plans.get(c, ()))
        assert frame.loc[c, "plans_conditional"] == len(conditional_plans.get(c, ()))
        assert frame.loc[c, "plans_firm"] == len(plans.get(c, ())) - len(
            conditional_plans.get(c, ())
        )
    stated = {code(b): amount(b["amount_vnd"]) for b in BUDGETS if b["amount_vnd"]}
    for c, value in stated.items():
        assert frame.loc[c, "amount_vnd"] == value
    assert list(frame["plans"]) == sorted(frame["plans"], reverse=True)


def test_amounts_by_province_and_year(fixture_db):
    frame = run_query(fixture_db, "budgets_amounts")
    by_plan = {p["plan_id"]: p for p in PLANS}
    expected = defaultdict(lambda: [0, 0, 0, 0])
    for b in BUDGETS:
        if b["amount_vnd"]:
            p = by_plan[b["plan_id"]]
            expected[(province(p), p["year"])][0] += amount(b["amount_vnd"])
            expected[(province(p), p["year"])][1] += 1
    for a in ACTIVITIES:
        if a["budget_vnd"]:
            p = by_plan[a["plan_id"]]
            expected[(province(p), p["year"])][2] += amount(a["budget_vnd"])
            expected[(province(p), p["year"])][3] += 1
    got = {
        (r.province, r.year): [
            r.plan_amount_vnd,
            r.plans_with_amount,
            r.activity_amount_vnd,
            r.activities_with_amount,
        ]
        for r in frame.itertuples()
    }
    assert got == dict(expected)


def test_each_plan(fixture_db):
    frame = run_query(fixture_db, "budgets_plans").set_index("plan_id")
    assert set(frame.index) == {p["plan_id"] for p in PLANS}
    for p in PLANS:
        row = frame.loc[p["plan_id"]]
        assert row["status"] == expected_status(p["plan_id"])
        assert row["activities"] == sum(a["plan_id"] == p["plan_id"] for a in ACTIVITIES)
        lines = [b for b in BUDGETS if b["plan_id"] == p["plan_id"]]
        sources = None if pd.isna(row["sources"]) else row["sources"]
        assert sources == ("; ".join(b["source"] for b in lines) or None)


def test_filters_apply(fixture_db):
    years = run_query(fixture_db, "budgets_status", years=[2021])
    assert years["plans"].sum() == sum(p["year"] == 2021 for p in PLANS)
    # a unit filter keeps the plans with an activity of that unit
    unit = "Sở Kế hoạch và Đầu tư"
    with_unit = {
        a["plan_id"] for a in ACTIVITIES if unit in (a["lead_units"], a["cooperating_units"])
    }
    frame = run_query(fixture_db, "budgets_plans", units=[unit])
    assert set(frame["plan_id"]) == with_unit
    nothing = {"years": [2020], "provinces": ["Hà Nội"]}
    for name in ("budgets_status", "budgets_plans", "budgets_amounts"):
        assert run_query(fixture_db, name, **nothing).empty
    assert run_query(fixture_db, "budgets_by_source", **nothing)["plans"].sum() == 0


def test_drill(fixture_db):
    social = run_query(fixture_db, "drill_activities", d_plan_sources=["xa_hoi_hoa"])
    funded = {b["plan_id"] for b in BUDGETS if code(b) == "xa_hoi_hoa"}
    assert set(social["plan_id"]) == funded
    assert len(social) == sum(a["plan_id"] in funded for a in ACTIVITIES)
    with_amount = run_query(fixture_db, "drill_activities", d_with_amount=True)
    assert sorted(with_amount["activity_id"]) == sorted(
        a["activity_id"] for a in ACTIVITIES if a["budget_vnd"]
    )
    plan_amount = run_query(fixture_db, "drill_activities", d_plan_amount=True)
    stated = {b["plan_id"] for b in BUDGETS if b["amount_vnd"]}
    assert len(plan_amount) == sum(a["plan_id"] in stated for a in ACTIVITIES)
    assert int(plan_amount["total"].iloc[0]) == len(plan_amount)


# the page --------------------------------------------------------------------------------------


def open_page(monkeypatch, db, query_params=None, tab=None):
    tab = None if tab is None else ("budgets_tab", t(f"budgets.tab.{tab}"))
    return open_app_page(monkeypatch, db, PAGE, query_params, tab)


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_page_on_the_fixture(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, tab="sources")
    assert not at.exception
    assert at.title[0].value == t("budgets.title")
    shown = metrics(at)
    statuses = Counter(expected_status(p["plan_id"]) for p in PLANS)
    assert shown[t("budgets.kpi.plans")] == str(len(PLANS))
    assert shown[t("budgets.kpi.none")] == str(statuses["none"])
    assert shown[t("budgets.kpi.conditional")] == str(statuses["conditional"])
    assert shown[t("budgets.kpi.stated")] == str(statuses["stated"])
    # the money on cards, in tỷ / triệu đồng; written in plans and in activities kept apart
    plan_card, activity_card = at.metric[0], at.metric[1]
    assert plan_card.label == t("budgets.kpi.amount")
    assert plan_card.value == "2 tỷ đồng" and "2.000.000.000 đ" in plan_card.help
    assert activity_card.label == t("budgets.kpi.activity_amount")
    assert activity_card.value == "1,4 tỷ đồng" and "1.350.000.000 đ" in activity_card.help
    (spec,) = charts(at)
    bars = {y: x for trace in spec["data"] for x, y in zip(trace["x"], trace["y"], strict=True)}
    assert sum(bars.values()) == len({(b["plan_id"], code(b)) for b in BUDGETS})


@pytest.mark.parametrize("tab", ["sources", "status", "amounts", "plans"])
def test_every_tab_on_the_default_data(monkeypatch, default_db, tab):
    at = open_page(monkeypatch, default_db, tab=tab)
    assert not at.exception
    if tab in ("sources", "status"):
        assert charts(at), tab
    if tab == "plans":
        assert at.dataframe


def test_amounts_tab_formats_money(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, tab="amounts")
    assert not at.exception
    (spec,) = charts(at)
    assert spec["layout"]["separators"] == ",."
    cells = spec["data"][0]  # a province × year heatmap, the amount written in each cell
    assert {v for row in cells["text"] for v in row if v} == {"2 tỷ"}
    stated = {c[2] for row in cells["customdata"] for c in row if c[2] != "–"}
    assert stated == {"2.000.000.000 đ"}  # the exact amount, in the hover
    en = open_page(monkeypatch, fixture_db, {"lang": "en"}, tab=None)
    en.session_state["budgets_tab"] = t("budgets.tab.amounts", "en")
    en.run()
    assert not en.exception
    (spec,) = charts(en)
    assert {c[2] for row in spec["data"][0]["customdata"] for c in row if c[2] != "–"} == {
        "2,000,000,000 VND"
    }


def test_drill_from_the_list(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, tab="sources")
    name = REFERENCE.budget_codes.set_index("budget_code").loc["xa_hoi_hoa", "name_vi"]
    at.selectbox(key="budgets_drill_source_pick").set_value(name).run()
    assert not at.exception
    table = at.dataframe[-1].value
    funded = {b["plan_id"] for b in BUDGETS if code(b) == "xa_hoi_hoa"}
    assert len(table) == sum(a["plan_id"] in funded for a in ACTIVITIES)


def test_empty_database(monkeypatch, tmp_path):
    at = open_page(monkeypatch, tmp_path / "missing.duckdb")
    assert not at.exception
    assert [i.value for i in at.info] == [t("budgets.empty_db")]


def test_filters_that_match_nothing(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"nam": "2020", "tinh": "Hà Nội"})
    assert not at.exception
    assert t("budgets.no_match") in [i.value for i in at.info]
    assert not at.get("plotly_chart")


def test_query_string_round_trip(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"nam": "2021", "tinh": "Hà Nội", "lang": "en"})
    assert not at.exception
    assert at.title[0].value == t("budgets.title", "en")
    assert metrics(at)[t("budgets.kpi.plans", "en")] == "1"
    assert at.query_params["nam"] == "2021" and at.query_params["tinh"] == "Hà Nội"
    assert at.multiselect(key="flt_years").value == [2021]
    # and back: a filter changed on the page is written to the URL
    at.multiselect(key="flt_years").set_value([2020, 2021]).run()
    assert not at.exception
    assert at.query_params["nam"] == "2020,2021"


def test_a_plan_without_activities(monkeypatch, tmp_path):
    from tests.fixtures import build_fixture_db, write_xlsx
    from ttdn.ingest.loader import load_files

    db = build_fixture_db(tmp_path / "db.duckdb", tmp_path)
    plan = dict(PLANS[0], plan_id="EMPTY-2022", year=2022, province="Hà Tĩnh")
    load_files([write_xlsx(tmp_path / "empty.xlsx", {"plans": [plan]})], db)
    for tab in ("sources", "status", "amounts", "plans"):
        at = open_page(monkeypatch, db, {"nam": "2022"}, tab=tab)
        assert not at.exception, tab
    assert metrics(at)[t("budgets.kpi.none")] == "1"
