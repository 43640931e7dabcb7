"""Đơn vị (Units): its queries against counts computed here from tests/fixtures.py, and the
page in AppTest (default data, empty database, no match, URL round trip, drill-down)."""

import json
from collections import Counter, defaultdict

import duckdb
import pytest

from tests.fixtures import ACTIVITIES, ASSIGNMENTS, PLANS, metrics, open_app_page, run_query
from ttdn.db import create_schema
from ttdn.i18n import t
from ttdn.reference import load_reference
from ttdn.text import split_multi

REF = load_reference()
KIND = {"nhóm": "collective", "khác": "unknown"}


# what the fixture says, computed without the database ------------------------------------


def plan_of(plan_id: str) -> dict:
    plan = next(p for p in PLANS if p["plan_id"] == plan_id)
    canonical, p2025 = REF.match_province(plan["province"])
    return {"year": plan["year"], "province": canonical, "province_2025": p2025}


def unit_links() -> list[dict]:
    """One row per activity, role and unit written in its lead / cooperating cells."""
    out = []
    for a in ACTIVITIES:
        for role, column in (("lead", "lead_units"), ("cooperating", "cooperating_units")):
            for written in split_multi(a[column]):
                match = REF.match_unit(written)
                out.append(
                    {
                        "plan_id": a["plan_id"],
                        "activity_id": a["activity_id"],
                        "role": role,
                        "unit": match.unit_canonical,
                        "type": match.unit_type,
                        **plan_of(a["plan_id"]),
                    }
                )
    return out


def duties() -> list[dict]:
    out = []
    for d in ASSIGNMENTS:
        match = REF.match_unit(d["unit"])
        role = REF.code("assignment_role", d["role"]) or "executing"
        out.append(
            {
                "plan_id": d["plan_id"],
                "unit": match.unit_canonical,
                "type": match.unit_type,
                "role": role,
            }
        )
    return out


def open_page(monkeypatch, db, query=None):
    return open_app_page(monkeypatch, db, "app_pages/units.py", query)


def chart_categories(at, key: str) -> set[str]:
    chart = next(c for c in at.get("plotly_chart") if key in c.proto.id)
    data = json.loads(chart.proto.spec)["data"]
    return {c[-1] for trace in data for c in trace.get("customdata") or []}


# queries -----------------------------------------------------------------------------------


def test_activities_led_and_cooperated_per_unit(fixture_db):
    links = unit_links()
    frame = run_query(fixture_db, "units_activity_roles")
    expected = {}
    for unit in {r["unit"] for r in links}:
        mine = [r for r in links if r["unit"] == unit]
        acts = {(r["plan_id"], r["activity_id"]) for r in mine}
        lead = {(r["plan_id"], r["activity_id"]) for r in mine if r["role"] == "lead"}
        coop = {(r["plan_id"], r["activity_id"]) for r in mine if r["role"] == "cooperating"}
        kind = KIND.get(mine[0]["type"], "named")
        expected[unit] = (kind, len(lead), len(coop), len(acts), len({p for p, _ in acts}))
    got = {
        r.unit_canonical: (r.kind, r.lead, r.cooperating, r.activities, r.plans)
        for r in frame.itertuples()
    }
    assert got == expected
    assert got["Sở Thông tin và Truyền thông"][1] == 5  # "Sở TT&TT" counts as the same unit


def test_collective_wording_is_kept_whole(fixture_db):
    frame = run_query(fixture_db, "units_activity_roles")
    collective = set(frame.loc[frame["kind"] == "collective", "unit_canonical"])
    assert {"Các sở, ban, ngành, đoàn thể", "UBND các huyện, thành phố, thị xã"} <= collective
    written = {r["unit"] for r in unit_links()}
    assert set(frame["unit_canonical"]) == written  # no invented member units


def test_unit_filter_counts_only_that_unit(fixture_db):
    frame = run_query(fixture_db, "units_activity_roles", units=["Sở Ngoại vụ"])
    assert frame["unit_canonical"].tolist() == ["Sở Ngoại vụ"]


def test_duties_per_unit(fixture_db):
    frame = run_query(fixture_db, "units_duties")
    expected = defaultdict(Counter)
    for d in duties():
        expected[d["unit"]][d["role"]] += 1
    got = {
        r.unit_canonical: (r.lead, r.cooperating, r.executing, r.duties) for r in frame.itertuples()
    }
    assert got == {
        u: (c["lead"], c["cooperating"], c["executing"], sum(c.values()))
        for u, c in expected.items()
    }
    only_2021 = run_query(fixture_db, "units_duties", years=[2021])
    assert only_2021["duties"].sum() == sum(
        plan_of(d["plan_id"])["year"] == 2021 for d in ASSIGNMENTS
    )


def test_units_by_province(fixture_db):
    frame = run_query(fixture_db, "units_by_province", province_mode="2025")
    leads = Counter(
        (r["province_2025"], r["unit"])
        for r in {
            (x["province_2025"], x["unit"], x["plan_id"], x["activity_id"]): x
            for x in unit_links()
            if x["role"] == "lead"
        }.values()
    )
    got = {(r.province, r.unit_canonical): r.lead for r in frame.itertuples() if r.lead}
    assert got == dict(leads)
    for _province, group in frame.groupby("province"):
        assert sorted(group["rank"]) == list(range(1, len(group) + 1))


def test_lead_cooperating_pairs(fixture_db):
    links = unit_links()
    pairs = Counter()
    for a in ACTIVITIES:
        mine = [
            r for r in links if (r["plan_id"], r["activity_id"]) == (a["plan_id"], a["activity_id"])
        ]
        leads = {r["unit"] for r in mine if r["role"] == "lead"}
        coops = {r["unit"] for r in mine if r["role"] == "cooperating"}
        pairs.update((lead, coop) for lead in leads for coop in coops if lead != coop)
    frame = run_query(fixture_db, "units_pairs")
    got = {(r.lead_unit, r.coop_unit): r.activities for r in frame.itertuples()}
    assert got == dict(pairs)
    kinds = {(r.lead_unit, r.coop_unit): r.coop_kind for r in frame.itertuples()}
    assert kinds[("Sở Thông tin và Truyền thông", "Các sở, ban, ngành, đoàn thể")] == "collective"


def test_summary(fixture_db):
    links = unit_links()
    frame = run_query(fixture_db, "units_summary").iloc[0]
    keys = [(a["plan_id"], a["activity_id"]) for a in ACTIVITIES]
    with_lead = {(r["plan_id"], r["activity_id"]) for r in links if r["role"] == "lead"}
    named_lead = {
        (r["plan_id"], r["activity_id"])
        for r in links
        if r["role"] == "lead" and r["type"] not in KIND
    }
    with_unit = {(r["plan_id"], r["activity_id"]) for r in links}
    assert frame["plans"] == len(PLANS)
    assert frame["activities"] == len(keys)
    assert frame["named_lead"] == len(named_lead)
    assert frame["no_lead"] == len(set(keys) - with_lead)
    assert frame["no_unit"] == len(set(keys) - with_unit)
    assert frame["named_units"] == len({r["unit"] for r in links if r["type"] not in KIND})


def test_drill_pairs_and_missing_lead(fixture_db):
    frame = run_query(
        fixture_db,
        "drill_activities",
        d_leads=["Sở Thông tin và Truyền thông"],
        d_coops=["Sở Ngoại vụ"],
    )
    assert frame["activity_id"].tolist() == ["II.1"]
    assert "Sở Ngoại vụ" in frame["cooperating_units"].iloc[0]
    no_lead = run_query(fixture_db, "drill_activities", d_no_unit=True, d_roles=["lead"])
    expected = {(a["plan_id"], a["activity_id"]) for a in ACTIVITIES if not a["lead_units"]}
    assert set(zip(no_lead["plan_id"], no_lead["activity_id"], strict=True)) == expected


def test_drill_assignments(fixture_db):
    frame = run_query(fixture_db, "drill_assignments", d_units=["Sở Thông tin và Truyền thông"])
    expected = [
        d
        for d in ASSIGNMENTS
        if REF.match_unit(d["unit"]).unit_canonical == "Sở Thông tin và Truyền thông"
    ]
    assert sorted(frame["duty"]) == sorted(d["duty"] for d in expected)
    assert set(frame["unit"]) == {d["unit"] for d in expected}  # as written, with the source
    assert frame["source_row"].min() > 1


# the page ----------------------------------------------------------------------------------


def test_page_default_data(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    assert not at.exception
    links = unit_links()
    shown = metrics(at)
    assert shown[t("units.kpi.plans")] == str(len(PLANS))
    assert shown[t("units.kpi.activities")] == str(len(ACTIVITIES))
    named = {r["unit"] for r in links if r["type"] not in KIND}
    assert shown[t("units.kpi.named_units")] == str(len(named))
    # Tổng quan's "Đơn vị được nhắc" counts every unit (collective, duties included): the
    # two cards have different names, and this one's help says how they differ
    assert t("units.kpi.named_units") != t("home.kpi.units")
    card = next(m for m in at.metric if m.label == t("units.kpi.named_units"))
    assert t("home.kpi.units") in card.proto.help
    collective = {r["unit"] for r in links if r["type"] == "nhóm"}
    assert shown[t("units.kpi.collective")] == str(len(collective))
    assert chart_categories(at, "units_roles") == named
    assert [tab.label for tab in at.tabs] == [
        t(f"units.tab.{n}")
        for n in ("roles", "duties", "provinces", "pairs", "collective", "unknown")
    ]


@pytest.mark.parametrize(
    ("tab", "chart"),
    [("duties", "units_duties"), ("provinces", "units_by_province"), ("pairs", "units_pairs")],
)
def test_page_other_tabs(monkeypatch, fixture_db, tab, chart):
    at = open_page(monkeypatch, fixture_db, {"donvi_xem": t(f"units.tab.{tab}")})
    assert not at.exception
    categories = chart_categories(at, chart)
    if tab == "duties":
        assert categories == {d["unit"] for d in duties() if d["type"] not in KIND}
    elif tab == "provinces":
        assert categories == {r["province"] for r in unit_links() if r["role"] == "lead"}
    else:
        assert "Sở Thông tin và Truyền thông → Sở Ngoại vụ" in categories


def test_collective_wording_has_its_own_tab(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"donvi_xem": t("units.tab.collective")})
    assert not at.exception
    collective = {r["unit"] for r in unit_links() if r["type"] == "nhóm"}
    assert chart_categories(at, "units_collective") == collective
    assert not any("units_roles" in c.proto.id for c in at.get("plotly_chart"))


def test_page_in_english(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"lang": "en"})
    assert not at.exception
    assert at.title[0].value == t("units.title", "en")
    assert t("units.kpi.collective", "en") in metrics(at)


def test_page_missing_database(monkeypatch, tmp_path):
    at = open_page(monkeypatch, tmp_path / "missing.duckdb")
    assert not at.exception
    assert "python -m ttdn load" in at.info[0].value


def test_page_database_without_plans(monkeypatch, tmp_path):
    db = tmp_path / "empty.duckdb"
    with duckdb.connect(str(db)) as con:
        create_schema(con)
    at = open_page(monkeypatch, db)
    assert not at.exception
    assert at.info and not at.get("plotly_chart")


def test_page_filter_that_matches_nothing(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"nam": "2023", "cap": "tỉnh"})  # 2023 is central
    assert not at.exception
    assert t("units.no_match") in [i.value for i in at.info]
    assert not at.get("plotly_chart")


def test_page_plan_with_no_units(monkeypatch, fixture_db):
    at = open_page(
        monkeypatch, fixture_db, {"nam": "2021", "tinh": "Thái Bình", "chude": "tap_huan"}
    )
    assert not at.exception
    assert metrics(at)[t("units.kpi.activities")] == "0"
    assert t("units.s1.empty") in [i.value for i in at.info]


@pytest.mark.parametrize(
    "units", [["Sở Ngoại vụ"], ["Các sở, ban, ngành, đoàn thể", "Sở Ngoại vụ"]]
)
def test_page_query_string_round_trip(monkeypatch, fixture_db, units):
    query = {"donvi": units if len(units) > 1 else units[0], "lang": "vi"}
    at = open_page(monkeypatch, fixture_db, query)
    assert not at.exception
    assert at.multiselect(key="flt_units").value == units
    acts = {(r["plan_id"], r["activity_id"]) for r in unit_links() if r["unit"] in units}
    assert metrics(at)[t("units.kpi.activities")] == str(len(acts))
    assert at.query_params == query


def test_drill_down_from_the_list(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    label = f"Sở Thông tin và Truyền thông · {t('units.role.lead')}"
    at.selectbox(key="units_drill_roles_pick").set_value(label).run()
    assert not at.exception
    table = at.dataframe[0].value
    expected = {
        (r["plan_id"], r["activity_id"])
        for r in unit_links()
        if r["unit"] == "Sở Thông tin và Truyền thông" and r["role"] == "lead"
    }
    assert len(table) == len(expected)


def test_drill_down_to_duties(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"donvi_xem": t("units.tab.duties")})
    label = f"Sở Ngoại vụ · {t('units.role.executing')}"
    at.selectbox(key="units_drill_duties_pick").set_value(label).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table[t("drill.col.duty")].tolist() == [
        d["duty"] for d in ASSIGNMENTS if d["unit"] == "Sở Ngoại vụ"
    ]


def test_unknown_tab_lists_activities_without_a_lead(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"donvi_xem": t("units.tab.unknown")})
    assert not at.exception
    no_lead = [a for a in ACTIVITIES if not a["lead_units"]]
    assert t("units.unknown.no_lead", count=len(no_lead)) in [m.value for m in at.markdown]
    assert metrics(at)[t("units.kpi.no_lead")] == str(len(no_lead))
    at.selectbox(key="units_drill_unknown_pick").set_value(t("units.unknown.no_lead_choice"))
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert sorted(table[t("drill.col.activity_id")]) == sorted(a["activity_id"] for a in no_lead)
