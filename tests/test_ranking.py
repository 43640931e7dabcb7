"""Xếp hạng: ranking numbers worked out by hand on a small set of plans (written below),
through the real loader, ranking_measures.sql and ttdn.ui.ranking_view; and the page in
AppTest."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures import write_xlsx
from ttdn import ROOT, queries
from ttdn.ui import ranking_view as view

APP_FILE = ROOT / "app.py"
PAGE = "app_pages/ranking.py"

# (plan, province, year, level, [(title, theme, lead, timeframe)], budget source or "")
_PLANS = [
    ("HT-2020", "Hà Tĩnh", 2020, "tỉnh", [("a", "tap_huan", "Sở TT&TT", "Quý I"), ("b", "quang_ba", "", "")], "ngân sách tỉnh"),
    ("HT-2021", "Hà Tĩnh", 2021, "tỉnh", [("a", "tap_huan", "Sở TT&TT", "Quý I"), ("b", "quang_ba", "Sở TT&TT", "Quý II"), ("c", "tap_huan", "", "Quý III")], "ngân sách tỉnh"),
    ("HN-2021", "Hà Nội", 2021, "tỉnh", [("a", "bao_chi", "Sở TT&TT", "Quý I")], "xã hội hóa (nếu có)"),
    ("TB-2021", "Thái Bình", 2021, "tỉnh", [("a", "tap_huan", "Sở TT&TT", ""), ("b", "so_hoa", "", ""), ("c", "van_hoa", "", "")], ""),
    ("HY-2021", "Hưng Yên", 2021, "tỉnh", [("a", "tap_huan", "Sở TT&TT", "Quý I"), ("b", "tap_huan", "Sở TT&TT", "Quý II")], "ngân sách tỉnh"),
    ("QN-2021", "Quảng Ninh", 2021, "tỉnh", [("a", "bien_dao", "Sở TT&TT", "Quý I"), ("b", "quang_ba", "", "Quý I"), ("c", "xuc_tien", "", "Quý I"), ("d", "hop_tac", "", "Quý I")], ""),
    ("BO-2021", "Trung ương", 2021, "trung ương", [(x, "tap_huan", "Vụ HTQT", "Quý I") for x in "abcde"], "ngân sách bộ"),
]  # fmt: skip
SHEETS = {
    "plans": [
        {
            "plan_id": pid,
            "number": "",
            "title": f"Kế hoạch TTĐN năm {year}",
            "issuer": f"UBND {province}",
            "issuer_level": level,
            "province": province,
            "year": year,
            "period_end": "",
            "issued_date": "",
            "signer": "",
            "legal_bases": "",
            "source": "test",
        }
        for pid, province, year, level, _, _ in _PLANS
    ],
    "activities": [
        {
            "plan_id": pid,
            "activity_id": str(i),
            "section": "",
            "title": f"Hoạt động {title}",
            "description": "",
            "themes": theme,
            "lead_units": lead,
            "cooperating_units": "",
            "timeframe": tf,
            "start_date": "",
            "end_date": "",
            "budget_source": "",
            "budget_vnd": "",
            "status": "",
        }
        for pid, _, _, _, acts, _ in _PLANS
        for i, (title, theme, lead, tf) in enumerate(acts, 1)
    ],
    "budgets": [
        {"plan_id": pid, "source": source, "amount_vnd": "", "note": source}
        for pid, *_, source in _PLANS
        if source
    ],
}
NO_FILTER = {"provinces": [], "province_mode": "written", "levels": [], "themes": [], "units": []}


@pytest.fixture(scope="module")
def rank_db(tmp_path_factory):
    from ttdn.ingest.loader import load_files

    work = tmp_path_factory.mktemp("ranking")
    db = work / "rank.duckdb"
    load_files([write_xlsx(work / "rank.xlsx", SHEETS)], db)
    return db


def measures(db, **values) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        queries.prepare(con)
        return queries.run(con, "ranking_measures", {**NO_FILTER, "year": 2021, **values})


def ranked(db, measure, **values) -> pd.DataFrame:
    return view.rank(view.measure_values(measures(db, **values), measure), 2021).set_index(
        "province"
    )


def test_activities(rank_db, vi):
    r = ranked(rank_db, "activities")
    # 2021: Quảng Ninh 4, Hà Tĩnh 3, Thái Bình 3, Hưng Yên 2, Hà Nội 1 (the central plan left out)
    assert list(r.index) == ["Quảng Ninh", "Hà Tĩnh", "Thái Bình", "Hưng Yên", "Hà Nội"]
    assert r["value"].tolist() == [4, 3, 3, 2, 1]
    assert r["rank"].tolist() == [1, 2, 2, 4, 5]
    # n = 5: group = 1 + ⌊4 (rank − 1) / 5⌋ → 1, 1, 1, 3, 4
    assert r["group"].tolist() == [1, 1, 1, 3, 4]
    # only Hà Tĩnh has 2020 (2 activities): +1
    assert r.loc["Hà Tĩnh", "previous"] == 2 and r.loc["Hà Tĩnh", "change"] == 1
    assert r["change"].isna().sum() == 4
    shown = view.table(r.reset_index(), "activities").set_index("province")
    assert shown.loc["Hà Tĩnh", "change_text"] == "▲ 1"
    assert shown.loc["Hà Nội", "group"] == "Nhóm 4 (thấp nhất)"
    assert shown.loc["Quảng Ninh", "group"] == "Nhóm 1 (cao nhất)"
    assert shown.loc["Hưng Yên", "group"] == "Nhóm 3"
    # the value stays a number (right-aligned, sorted by value; show_table formats it)
    assert shown["value_shown"].tolist() == [4, 3, 3, 2, 1]
    assert pd.api.types.is_integer_dtype(shown["value_shown"])
    assert shown.loc["Hà Tĩnh", "previous_shown"] == 2


def test_themes(rank_db):
    r = ranked(rank_db, "themes")
    # QN 4 themes; TB 3; HT 2 (tap_huan, quang_ba); HY 1; HN 1
    assert r["value"].to_dict() == {
        "Quảng Ninh": 4,
        "Thái Bình": 3,
        "Hà Tĩnh": 2,
        "Hà Nội": 1,
        "Hưng Yên": 1,
    }
    assert r.loc["Hà Tĩnh", "change"] == 0  # 2020: tap_huan, quang_ba too
    assert view.fmt_value(4, "themes", 19, "vi") == "4/19"


def test_lead_and_timeframe_share(rank_db, vi):
    r = ranked(rank_db, "led_timed")
    # HN 1/1, HY 2/2 = 100; HT 2/3 (c has no lead); QN 1/4 (only a has a lead); TB 0/3
    assert r["value"].round(2).to_dict() == {
        "Hà Nội": 100.0,
        "Hưng Yên": 100.0,
        "Hà Tĩnh": 66.67,
        "Quảng Ninh": 25.0,
        "Thái Bình": 0.0,
    }
    assert r["rank"].tolist() == [1, 1, 3, 4, 5]
    # Hà Tĩnh 2020: 1/2 = 50 → +16,7 points
    assert view.fmt_change(r.loc["Hà Tĩnh", "change"], "led_timed", "vi") == "▲ 16,7 điểm %"


def test_budget_share(rank_db):
    r = ranked(rank_db, "budget")
    # stated: HT, HY; HN only "nếu có"; TB, QN none
    assert r["value"].to_dict() == {
        "Hà Tĩnh": 100.0,
        "Hưng Yên": 100.0,
        "Hà Nội": 0.0,
        "Quảng Ninh": 0.0,
        "Thái Bình": 0.0,
    }
    assert r["rank"].tolist() == [1, 1, 3, 3, 3]
    assert r["group"].tolist() == [1, 1, 2, 2, 2]


def test_provinces_of_2025(rank_db):
    r = ranked(rank_db, "activities", province_mode="2025")
    # Thái Bình + Hưng Yên = Hưng Yên (2025): 3 + 2 = 5
    assert r["value"].to_dict() == {"Hưng Yên": 5, "Quảng Ninh": 4, "Hà Tĩnh": 3, "Hà Nội": 1}
    assert r["group"].tolist() == [1, 2, 3, 4]


def test_compliance_scores_by_hand():
    results = pd.DataFrame(
        {
            "plan_id": ["A", "A", "B", "B", "C"],
            "criterion_id": ["c1", "c2", "c1", "c2", "c1"],
            "result": ["met", "partly", "met", "n/a", "not_met"],
        }
    )
    plans = pd.DataFrame(
        {"plan_id": ["A", "B", "C"], "province": ["X", "X", "Y"], "year": [2021] * 3}
    )
    scores = view.compliance_scores(results, plans).set_index("province")
    # A: (1 + ½) / 2 = 75; B: 1 / 1 = 100 → X: 87,5; C: 0
    assert scores.loc["X", "score"] == 87.5 and scores.loc["X", "plans"] == 2
    assert scores.loc["Y", "score"] == 0


def test_chart_colours_by_group(rank_db, vi):
    r = ranked(rank_db, "activities").reset_index()
    spec = view.chart(r, "activities", "Số hoạt động")
    names = [t["name"] for t in spec["data"]]
    assert names == ["Nhóm 1 (cao nhất)", "Nhóm 3", "Nhóm 4 (thấp nhất)"]
    assert spec["data"][0]["marker"]["color"] == view.GROUP_COLORS[1]
    assert spec["data"][0]["y"] == ["Quảng Ninh", "Hà Tĩnh", "Thái Bình"]


def test_year_choice():
    assert view.year_choice([2021, 2020], "2020") == 2020
    assert view.year_choice([2021, 2020], "1999") == 2021
    assert view.year_choice([2021, 2020], "abc") == 2021
    assert view.year_choice([], None) is None


def open_page(monkeypatch, db, query_params=None):
    monkeypatch.setenv("TTDN_DB", str(db))
    at = AppTest.from_file(str(APP_FILE), default_timeout=60)
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    return at


def test_page(monkeypatch, rank_db):
    at = open_page(monkeypatch, rank_db, {"chiso": "themes", "namxh": "2021"})
    assert not at.exception
    assert at.selectbox(key="rank_year").value == 2021
    table = at.dataframe[0].value
    table = getattr(table, "data", table)  # a Styler where a column has gaps
    assert table.iloc[0].tolist()[:3] == [1, "Quảng Ninh", 4]
    assert list(table.columns)[2] == "Giá trị (/19)"  # the unit in the header
    assert at.segmented_control(key="rank_measure").options[2] == "Chủ trì + thời gian"
    for measure in view.MEASURES:
        at.session_state["rank_measure"] = measure
        at.run()
        assert not at.exception, measure
    assert at.query_params["chiso"] == "compliance"


def test_page_unknown_measure_and_year(monkeypatch, rank_db):
    at = open_page(monkeypatch, rank_db, {"chiso": "gdp", "namxh": "1999"})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any('"gdp"' in w for w in warnings) and any('"1999"' in w for w in warnings)
    assert at.selectbox(key="rank_year").value == 2021
    assert at.session_state["rank_measure"] == "activities"
