"""Chủ đề (Themes): its queries against counts computed here from tests/fixtures.py, and
the page in AppTest (default data, empty database, no match, URL round trip, drill-down)."""

import json
from collections import Counter

import duckdb
import pytest

from tests.fixtures import (
    ACTIVITIES,
    PLANS,
    SHEET_ROWS,
    metrics,
    open_app_page,
    run_query,
    write_xlsx,
)
from ttdn.db import create_schema
from ttdn.i18n import t
from ttdn.reference import load_reference, theme_short_names
from ttdn.text import split_multi

REF = load_reference()


# what the fixture says, computed without the database ------------------------------------


def links() -> list[dict]:
    """One row per activity and theme: written themes are manual, those the text adds auto."""
    out = []
    for a in ACTIVITIES:
        written = [REF.theme_code(x) for x in split_multi(a["themes"].replace(",", ";"))]
        auto = [c for c in REF.classify_themes(a["title"], a["description"]) if c not in written]
        for code in dict.fromkeys([*written, *auto]):
            out.append(
                {
                    **plan_of(a),
                    "activity_id": a["activity_id"],
                    "theme_code": code,
                    "assigned": "manual" if code in written else "auto",
                }
            )
    return out


def plan_of(row: dict) -> dict:
    plan = next(p for p in PLANS if p["plan_id"] == row["plan_id"])
    canonical, p2025 = REF.match_province(plan["province"])
    return {
        "plan_id": plan["plan_id"],
        "year": plan["year"],
        "province": canonical,
        "province_2025": p2025,
    }


def open_page(monkeypatch, db, query=None):
    return open_app_page(monkeypatch, db, "app_pages/themes.py", query)


def spec(at, index: int) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


# queries -----------------------------------------------------------------------------------


def test_activities_by_theme_manual_and_auto(fixture_db):
    rows = links()
    frame = run_query(fixture_db, "themes_by_theme", manual_only=False)
    assert len(frame) == len(REF.themes)  # every theme, also the ones nobody mentions
    got = {r.theme_code: (r.manual, r.auto, r.activities, r.plans) for r in frame.itertuples()}
    for code in REF.themes["theme_code"]:
        mine = [r for r in rows if r["theme_code"] == code]
        manual = sum(r["assigned"] == "manual" for r in mine)
        auto = sum(r["assigned"] == "auto" for r in mine)
        plans = len({r["plan_id"] for r in mine})
        assert got[code] == (manual, auto, manual + auto, plans), code
    assert frame["activities"].tolist() == sorted(frame["activities"], reverse=True)


def test_manual_only_and_year_filter(fixture_db):
    rows = [r for r in links() if r["assigned"] == "manual" and r["year"] == 2021]
    frame = run_query(fixture_db, "themes_by_theme", years=[2021], manual_only=True)
    got = {r.theme_code: r.activities for r in frame.itertuples() if r.activities}
    assert got == dict(Counter(r["theme_code"] for r in rows))
    assert frame["auto"].sum() == 0


def test_theme_filter_counts_only_the_chosen_theme(fixture_db):
    frame = run_query(fixture_db, "themes_by_theme", themes=["tap_huan"], manual_only=False)
    assert frame["theme_code"].tolist() == ["tap_huan"]
    expected = sum(r["theme_code"] == "tap_huan" for r in links())
    assert int(frame["activities"].iloc[0]) == expected


@pytest.mark.parametrize("mode", ["written", "2025"])
def test_province_matrix_has_every_gap(fixture_db, mode):
    key = "province" if mode == "written" else "province_2025"
    frame = run_query(fixture_db, "themes_by_province", province_mode=mode, manual_only=False)
    provinces = {plan_of(p)[key] for p in PLANS}
    assert len(frame) == len(provinces) * len(REF.themes)  # zeros included
    expected = Counter((r[key], r["theme_code"]) for r in links())
    got = {(r.province, r.theme_code): r.activities for r in frame.itertuples()}
    assert got == {
        (p, c): expected.get((p, c), 0) for p in provinces for c in REF.themes.theme_code
    }
    per_province = Counter(plan_of(a)[key] for a in ACTIVITIES)
    totals = dict(zip(frame["province"], frame["row_activities"], strict=True))
    assert totals == dict(per_province)
    if mode == "2025":
        assert "Thái Bình" not in provinces and "Hưng Yên" in provinces


def test_plan_matrix_and_a_plan_without_activities(tmp_path):
    sheets = dict(SHEET_ROWS)
    extra = {
        **PLANS[0],
        "plan_id": "QN-2022",
        "province": "Quảng Ninh",
        "year": 2022,
        "issuer": "UBND tỉnh Quảng Ninh",
        "number": "5/KH-UBND",
    }
    sheets["plans"] = [*PLANS, extra]
    db = tmp_path / "extra.duckdb"
    from ttdn.ingest.loader import load_files

    load_files([write_xlsx(tmp_path / "extra.xlsx", sheets)], db)
    frame = run_query(db, "themes_by_plan", manual_only=False)
    assert set(frame["plan_id"]) == {p["plan_id"] for p in sheets["plans"]}
    empty = frame[frame["plan_id"] == "QN-2022"]
    assert len(empty) == len(REF.themes)
    assert empty["row_activities"].eq(0).all() and empty["activities"].eq(0).all()
    assert empty["plan_label"].iloc[0] == "Quảng Ninh 2022 · 5/KH-UBND"
    expected = Counter((r["plan_id"], r["theme_code"]) for r in links())
    got = {(r.plan_id, r.theme_code): r.activities for r in frame.itertuples() if r.activities}
    assert got == dict(expected)


def test_themes_by_year_share_of_plans(fixture_db):
    frame = run_query(fixture_db, "themes_by_year", manual_only=False)
    plans_per_year = Counter(p["year"] for p in PLANS)
    for r in frame.itertuples():
        mine = [x for x in links() if x["year"] == r.year and x["theme_code"] == r.theme_code]
        plans = len({x["plan_id"] for x in mine})
        assert (r.activities, r.plans, r.year_plans) == (len(mine), plans, plans_per_year[r.year])
        assert r.share == pytest.approx(round(100 * plans / plans_per_year[r.year], 1))


def test_drill_activities_behind_a_theme(fixture_db):
    frame = run_query(fixture_db, "drill_activities", d_themes=["tap_huan"])
    expected = {(r["plan_id"], r["activity_id"]) for r in links() if r["theme_code"] == "tap_huan"}
    assert set(zip(frame["plan_id"], frame["activity_id"], strict=True)) == expected
    assert int(frame["total"].iloc[0]) == len(expected)
    row = frame[frame["plan_id"] == "HT-2020"].iloc[0]
    source = next(a for a in ACTIVITIES if (a["plan_id"], a["activity_id"]) == ("HT-2020", "II.3"))
    assert row["description"] == source["description"]  # full text
    assert row["source_file"] == "fixture.xlsx" and row["source_row"] > 1
    assert "Tập huấn, bồi dưỡng" in row["themes_vi"] and "Training" in row["themes_en"]


def test_drill_auto_links_of_a_province(fixture_db):
    frame = run_query(
        fixture_db,
        "drill_activities",
        d_themes=["bien_dao"],
        d_assigned="auto",
        d_provinces=["Hà Tĩnh"],
    )
    expected = {
        r["activity_id"]
        for r in links()
        if r["theme_code"] == "bien_dao" and r["assigned"] == "auto" and r["province"] == "Hà Tĩnh"
    }
    assert set(frame["activity_id"]) == expected
    assert "(tự động)" in frame["themes_vi"].iloc[0]


# the page ----------------------------------------------------------------------------------


def test_page_default_data(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    assert not at.exception
    rows = links()
    shown = metrics(at)
    assert shown[t("themes.kpi.activities")] == str(len(ACTIVITIES))
    covered = len({r["theme_code"] for r in rows})
    assert shown[t("themes.kpi.covered")] == f"{covered}/{len(REF.themes)}"
    assert shown[t("themes.kpi.manual")] == str(sum(r["assigned"] == "manual" for r in rows))
    assert shown[t("themes.kpi.auto")] == str(sum(r["assigned"] == "auto" for r in rows))
    first = spec(at, 0)
    names = dict(zip(REF.themes["theme_code"], REF.themes["name_vi"], strict=True))
    bars = {y for trace in first["data"] for y in trace.get("y") or [] if y}
    short = theme_short_names("vi")  # the axis: short names (data/reference/themes.csv)
    assert {b.replace("<br>", " ") for b in bars} == {short[r["theme_code"]] for r in rows}
    full = {c[-1] for trace in first["data"] for c in trace.get("customdata") or []}
    assert full == {names[r["theme_code"]] for r in rows}  # the hover: full names
    assert first["layout"]["separators"] == ",."
    for trace in first["data"]:  # each bar says which theme and which kind of link it is
        for custom in trace.get("customdata") or []:
            assert custom[0] in names and custom[1] in ("manual", "auto")
    assert len(at.get("plotly_chart")) == 1  # the other tabs run only when opened


def test_page_in_english(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"lang": "en"})
    assert not at.exception
    assert at.title[0].value == t("themes.title", "en")
    names = {trace["name"] for trace in spec(at, 0)["data"]}
    assert t("themes.manual", "en") in names
    assert spec(at, 0)["layout"]["separators"] == ".,"


def test_page_missing_database(monkeypatch, tmp_path):
    at = open_page(monkeypatch, tmp_path / "missing.duckdb")
    assert not at.exception
    assert "python -m ttdn load" in at.info[0].value
    assert not at.get("plotly_chart")


def test_page_database_without_plans(monkeypatch, tmp_path):
    db = tmp_path / "empty.duckdb"
    with duckdb.connect(str(db)) as con:
        create_schema(con)
    at = open_page(monkeypatch, db)
    assert not at.exception
    assert at.info and not at.get("plotly_chart")


def test_page_filter_that_matches_nothing(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"nam": "2020", "tinh": "Hà Nội"})  # HN is 2021
    assert not at.exception
    assert t("themes.no_match") in [i.value for i in at.info]
    assert not at.get("plotly_chart")


def test_page_theme_and_unit_filters_with_no_activity(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"chude": "moi_truong"})  # nobody mentions it
    assert not at.exception
    assert metrics(at)[t("themes.kpi.activities")] == "0"
    assert t("themes.s1.empty") in [i.value for i in at.info]


def test_page_query_string_round_trip(monkeypatch, fixture_db):
    query = {"nam": "2021", "chude": "tap_huan", "lang": "vi"}
    at = open_page(monkeypatch, fixture_db, query)
    assert not at.exception
    assert at.multiselect(key="flt_years").value == [2021]
    assert at.multiselect(key="flt_themes").value == ["tap_huan"]
    expected = {
        (r["plan_id"], r["activity_id"])
        for r in links()
        if r["year"] == 2021 and r["theme_code"] == "tap_huan"
    }
    assert metrics(at)[t("themes.kpi.activities")] == str(len(expected))
    assert at.query_params == query


def test_manual_only_switch(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    at.toggle(key="themes_manual_only").set_value(True).run()
    assert not at.exception
    assert metrics(at)[t("themes.kpi.auto")] == "0"
    names = {trace["name"] for trace in spec(at, 0)["data"]}
    assert t("themes.auto") not in names


def test_drill_down_from_the_list(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    name = REF.themes.set_index("theme_code").loc["tap_huan", "name_vi"]
    at.selectbox(key="themes_drill_theme_pick").set_value(name).run()
    assert not at.exception
    table = at.dataframe[0].value
    expected = [r for r in links() if r["theme_code"] == "tap_huan"]
    assert len(table) == len(expected)
    assert set(table[t("drill.col.activity_id")]) == {r["activity_id"] for r in expected}


def test_where_tab_by_province_and_by_plan(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"chude_xem": t("themes.tab.where")})
    assert not at.exception
    bars, heat = spec(at, 0), spec(at, 1)
    provinces = {REF.match_province(p["province"])[0] for p in PLANS}
    assert {c[-1] for trace in bars["data"] for c in trace["customdata"]} <= provinces
    assert heat["data"][0]["type"] == "heatmap"
    assert {x.replace("<br>", " ") for x in heat["data"][0]["x"]} == provinces
    # the gaps: a zero cell for every province and theme without an activity
    zeros = sum(v == 1 for row in heat["data"][0]["z"] for v in row)
    found = {(r["province"], r["theme_code"]) for r in links()}
    assert zeros == len(provinces) * len(REF.themes) - len(found)
    at.segmented_control(key="themes_by").set_value("plan").run()
    assert not at.exception
    assert len(spec(at, 1)["data"][0]["x"]) == len(PLANS)


def test_years_tab_activities_and_share(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"chude_xem": t("themes.tab.years")})
    assert not at.exception
    years = {str(c[0]) for trace in spec(at, 0)["data"] for c in trace.get("customdata", [])}
    assert years == {str(p["year"]) for p in PLANS}
    at.segmented_control(key="themes_year_metric").set_value("share").run()
    assert not at.exception
    assert spec(at, 0)["data"][1]["type"] == "heatmap"


def test_only_the_open_tab_runs_its_queries(monkeypatch, fixture_db):
    from ttdn.ui import context

    seen = []
    original = context.run

    def spy(name, **values):
        seen.append(name)
        return original(name, **values)

    monkeypatch.setattr(context, "run", spy)
    open_page(monkeypatch, fixture_db)
    assert "themes_by_theme" in seen
    assert "themes_by_province" not in seen and "themes_by_year" not in seen
