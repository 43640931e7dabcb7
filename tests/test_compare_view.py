"""The So sánh page's numbers, checked by hand: on a small hand-built frame (shares, the
median column, the difference table) and on the shared fixture database (the compare_*
queries), plus the URL's round trip and its bad values."""

import duckdb
import pandas as pd
import pytest

from ttdn import queries
from ttdn.ui import compare_view as view

THIRD = 1 / 3


def run_query(db, name, **values):
    with duckdb.connect(str(db), read_only=True) as con:
        queries.prepare(con)
        return queries.run(con, name, values)


# the URL --------------------------------------------------------------------------------------
def test_url_round_trip():
    for choice in (
        view.Choice("province", provinces=("Hà Tĩnh", "Đắk Lắk")),
        view.Choice("plan", plans=("HT-2020", "DL-2024-143", "HN-2021-92")),
        view.Choice("year", provinces=("Hà Tĩnh",), years=(2020, 2021)),
    ):
        encoded = view.encode(choice)
        assert view.decode(encoded) == (choice, view.Unknown())
    assert view.encode(view.Choice("province", provinces=("Hà Tĩnh", "Hà Nội"))) == {
        "ss_tinh": "Hà Tĩnh,Hà Nội"
    }
    assert view.encode(view.Choice("plan", plans=("A", "B"))) == {"ss": "kehoach", "ss_kh": "A,B"}


def test_bad_url_values_are_named_and_dropped():
    choice, unknown = view.decode({"ss": "nam", "ss_tinh": "Hà Tĩnh", "ss_nam": "2020,abc,2031"})
    assert unknown.years == ("abc",)
    years_of = {"Hà Tĩnh": [2020, 2021]}
    good, bad = view.validate(choice, ["Hà Tĩnh", "Hà Nội"], ["HT-2020"], years_of)
    assert good == view.Choice("year", provinces=("Hà Tĩnh",), years=(2020,))
    assert bad.years == ("2031",)

    choice, unknown = view.decode({"ss": "zzz", "ss_tinh": "Hà Tĩnh,Atlantis"})
    assert unknown.mode == "zzz" and choice.mode == "province"
    good, bad = view.validate(choice, ["Hà Tĩnh"], [], {})
    assert good.provinces == ("Hà Tĩnh",) and bad.provinces == ("Atlantis",)

    choice, _ = view.decode({"ss": "kehoach", "ss_kh": ["X-1", "HT-2020"]})
    good, bad = view.validate(choice, [], ["HT-2020"], {})
    assert good.plans == ("HT-2020",) and bad.plans == ("X-1",)


def test_at_most_four_and_year_mode_keys():
    many = view.Choice("province", provinces=tuple("ABCDEF"))
    good, _ = view.validate(many, list("ABCDEF"), [], {})
    assert good.provinces == tuple("ABCD")
    years_of = {"Hà Tĩnh": [2021, 2020]}
    every = view.Choice("year", provinces=("Hà Tĩnh",))
    assert view.entity_keys(every, years_of) == ["2020", "2021"]  # no years chosen: all
    assert view.entity_keys(view.Choice("year"), years_of) == []


# a hand-built comparison -------------------------------------------------------------------
# A: 4 activities (2 training, 1 press, 1 nothing); B: 2 activities (2 training);
# the median over all provinces: training 0.5, press 0.0
THEMES = pd.DataFrame(
    [
        ("A", "tap_huan", "Tập huấn", "Training", 2, 4, 0.5),
        ("A", "bao_chi", "Báo chí", "Press", 1, 4, 0.25),
        ("B", "tap_huan", "Tập huấn", "Training", 2, 2, 1.0),
        ("B", "bao_chi", "Báo chí", "Press", 0, 2, 0.0),
    ],
    columns=["entity", "theme_code", "name_vi", "name_en", "activities", "total", "share"],
)
REFERENCE = pd.DataFrame({"theme_code": ["bao_chi", "tap_huan"], "share": [0.0, 0.5]})
FOUND = view.Entities(
    [view.Entity("A", "Tỉnh A", ("A-1", "A-2"), 4), view.Entity("B", "Tỉnh B", ("B-1",), 2)]
)
UNITS = pd.DataFrame(
    [("A", "Sở Ngoại vụ", "sở", 3), ("B", "Sở Ngoại vụ", "sở", 1), ("B", "Báo tỉnh", "báo chí", 2)],
    columns=["entity", "unit_canonical", "unit_type", "activities"],
)
LEGAL = pd.DataFrame(
    [
        ("A", "72/NĐ-CP", "Nghị định số 72/2015/NĐ-CP", 2, []),
        ("A", "22/TT-BTTTT", "Thông tư 22/2016/TT-BTTTT", 1, []),
        ("B", "22/TT-BTTTT", "Thông tư 22/2016/TT-BTTTT", 1, []),
    ],
    columns=["entity", "basis", "reference", "plans", "evidence"],
)


def test_theme_grid_shares_and_median_column():
    grid = view.theme_grid(THEMES, REFERENCE, FOUND, "vi")
    cell = {(r.label, r.theme): r.share for r in grid.itertuples()}
    assert cell == {
        ("Tỉnh A", "Tập huấn"): 50.0,
        ("Tỉnh A", "Báo chí"): 25.0,
        ("Tỉnh B", "Tập huấn"): 100.0,
        ("Tỉnh B", "Báo chí"): 0.0,
        ("Trung vị các tỉnh", "Tập huấn"): 50.0,
        ("Trung vị các tỉnh", "Báo chí"): 0.0,
    }
    assert list(dict.fromkeys(grid["theme"])) == ["Tập huấn", "Báo chí"]  # mean 75 % > 12.5 %
    en = view.theme_grid(THEMES, REFERENCE, FOUND, "en")
    assert set(en["theme"]) == {"Training", "Press"} and "Median of provinces" in set(en["label"])
    wide = view.theme_export(grid)
    assert list(wide.columns) == ["theme_code", "theme", "Tỉnh A", "Tỉnh B", "Trung vị các tỉnh"]
    assert wide.set_index("theme_code").loc["bao_chi", "Tỉnh A"] == 25.0


def test_heatmap_has_every_entity_and_the_median():
    spec = view.theme_heatmap(view.theme_grid(THEMES, REFERENCE, FOUND, "vi"), FOUND, "vi")
    assert spec["data"][1]["x"] == ["Tỉnh A", "Tỉnh B", "Trung vị các tỉnh"]
    # the positive trace: rows = themes (training first), columns = entities
    assert spec["data"][1]["z"] == [[50.0, 100.0, 50.0], [25.0, None, None]]
    # the empty cells say nothing over the red "0" (no stray "%")
    assert spec["data"][1]["text"] == [["50,0%", "100,0%", "50,0%"], ["25,0%", "", ""]]


def test_difference_table_both_ways():
    grid = view.theme_grid(THEMES, REFERENCE, FOUND, "vi")
    diff = view.differences(grid, UNITS, LEGAL, FOUND, "vi")
    rows = {(r.kind, r.item, r.has, r.lacks, r.count) for r in diff.itertuples()}
    assert rows == {
        ("theme", "Báo chí", "Tỉnh A", "Tỉnh B", 1),  # A has press, B lacks it
        ("unit", "Báo tỉnh", "Tỉnh B", "Tỉnh A", 2),  # B vs A
        ("legal", "Nghị định số 72/2015/NĐ-CP", "Tỉnh A", "Tỉnh B", 2),
    }
    assert list(diff["kind"]) == ["theme", "unit", "legal"]
    theme = diff.iloc[0].to_dict()
    assert view.evidence_pick(theme, FOUND) == {"d_plans": ["A-1", "A-2"], "d_themes": ["bao_chi"]}
    unit = diff.iloc[1].to_dict()
    assert view.evidence_pick(unit, FOUND) == {"d_plans": ["B-1"], "d_units": ["Báo tỉnh"]}
    assert view.evidence_pick(diff.iloc[2].to_dict(), FOUND) is None


def test_difference_with_three_lists_every_one_lacking():
    found = view.Entities([*FOUND.items, view.Entity("C", "Tỉnh C", ("C-1",), 1)])
    themes = pd.concat(
        [
            THEMES,
            pd.DataFrame(
                [("C", "tap_huan", "Tập huấn", "Training", 0, 1, 0.0)]
                + [("C", "bao_chi", "Báo chí", "Press", 0, 1, 0.0)],
                columns=THEMES.columns,
            ),
        ]
    )
    grid = view.theme_grid(themes, REFERENCE, found, "vi")
    diff = view.differences(grid, UNITS.iloc[:0], LEGAL.iloc[:0], found, "vi")
    got = {(r.item, r.has): r.lacks for r in diff.itertuples()}
    assert got == {
        ("Tập huấn", "Tỉnh A"): "Tỉnh C",
        ("Tập huấn", "Tỉnh B"): "Tỉnh C",
        ("Báo chí", "Tỉnh A"): "Tỉnh B; Tỉnh C",
    }


def test_legal_table_ticks():
    table = view.legal_table(LEGAL, FOUND, "vi")
    assert table.to_dict("list") == {
        "Số hiệu": ["72/NĐ-CP", "22/TT-BTTTT"],
        "Văn bản": ["Nghị định số 72/2015/NĐ-CP", "Thông tư 22/2016/TT-BTTTT"],
        "Tỉnh A": ["✓", "✓"],
        "Tỉnh B": ["—", "✓"],
    }


# the compare_* queries on the fixture database ---------------------------------------------
# Hà Tĩnh (HT-2020): 3 activities — chi_dao, tap_huan, bien_dao (auto); all led by the Sở TT&TT;
# Hà Nội (HN-2021-92): 3 — tap_huan, bien_dao + bao_chi (auto), quang_ba + so_hoa; one
# without a lead;
# Thái Bình (TB-2021, Hưng Yên after 2025): 1 — xuc_tien (auto). Trung ương is not a province.
PROVINCES = {"c_mode": "province", "c_keys": ["Hà Tĩnh", "Hà Nội"]}


def counts(db, **values) -> view.Counts:
    return view.split(
        run_query(db, "compare_activities", **values), run_query(db, "filter_options_themes")
    )


def test_theme_shares_from_the_fixture(fixture_db):
    frame = counts(fixture_db, **PROVINCES).themes
    share = {(r.entity, r.theme_code): r.share for r in frame.itertuples() if r.activities}
    assert share == pytest.approx(
        {
            ("Hà Tĩnh", "chi_dao"): THIRD,
            ("Hà Tĩnh", "tap_huan"): THIRD,
            ("Hà Tĩnh", "bien_dao"): THIRD,
            ("Hà Nội", "tap_huan"): THIRD,
            ("Hà Nội", "bien_dao"): THIRD,
            ("Hà Nội", "bao_chi"): THIRD,  # II.5.2 "... cho báo chí" (auto)
            ("Hà Nội", "quang_ba"): THIRD,
            ("Hà Nội", "so_hoa"): THIRD,
        }
    )
    assert set(frame["total"]) == {3}
    assert len(frame) == 2 * 19  # every theme, zeros included


def test_median_over_all_provinces(fixture_db):
    # shares (HT, HN, TB): tap_huan 1/3, 1/3, 0 → 1/3; chi_dao 1/3, 0, 0 → 0; xuc_tien 0, 0, 1 → 0
    frame = run_query(fixture_db, "compare_theme_reference").set_index("theme_code")
    assert frame.loc["tap_huan", "share"] == pytest.approx(THIRD)
    assert frame.loc["bien_dao", "share"] == pytest.approx(THIRD)
    assert frame.loc["chi_dao", "share"] == 0
    assert frame.loc["xuc_tien", "share"] == 0
    assert set(frame["provinces"]) == {3}  # the central plan is left out


def test_units_budgets_legal_quarters_from_the_fixture(fixture_db):
    split = counts(fixture_db, **PROVINCES)
    assert split.totals == {"Hà Tĩnh": 3, "Hà Nội": 3}
    units = split.units
    got = {
        (r.entity, r.unit_type if isinstance(r.unit_type, str) else None): r.share
        for r in units.itertuples()
    }
    assert got == pytest.approx(
        {("Hà Tĩnh", "sở"): 1.0, ("Hà Nội", "sở"): 2 / 3, ("Hà Nội", None): THIRD}
    )

    budgets = run_query(fixture_db, "compare_budgets", **PROVINCES)
    ht = budgets[budgets["entity"] == "Hà Tĩnh"]
    assert list(ht["budget_code"]) == ["du_toan_rieng"] and list(ht["share"]) == [1.0]
    assert list(budgets[budgets["entity"] == "Hà Nội"]["amount_vnd"]) == [2_000_000_000]

    legal = run_query(fixture_db, "compare_legal", **PROVINCES)
    assert {(r.entity, r.basis) for r in legal.itertuples()} == {
        ("Hà Tĩnh", "22/TT-BTTTT"),
        ("Hà Tĩnh", "72/NĐ-CP"),
        ("Hà Nội", "22/TT-BTTTT"),
    }
    evidence = view.legal_evidence(legal, "Hà Tĩnh", "72/NĐ-CP")
    assert [e["reference"] for e in evidence] == ["Nghị định số 72/2015/NĐ-CP"]
    assert evidence[0]["plan_id"] == "HT-2020" and evidence[0]["source_sheet"]

    quarters = split.quarters
    ht = {r.quarter: r.activities for r in quarters.itertuples() if r.entity == "Hà Tĩnh"}
    assert ht == {"recurring": 1, "3": 2}  # Thường xuyên; Quý III; Quý II, III (due 30/9)


def test_hung_yen_2025_takes_in_thai_binh(fixture_db):
    keys = {"c_mode": "province", "c_keys": ["Hưng Yên", "Hà Tĩnh"]}
    written = run_query(fixture_db, "compare_entities", **keys)
    assert list(written["entity"]) == ["Hà Tĩnh"]  # no plan written as Hưng Yên
    merged = run_query(fixture_db, "compare_entities", **keys, province_mode="2025")
    assert {(r.entity, r.plan_id) for r in merged.itertuples()} == {
        ("Hưng Yên", "TB-2021"),
        ("Hà Tĩnh", "HT-2020"),
    }
    themes = counts(fixture_db, **keys, province_mode="2025").themes
    hy = themes[(themes["entity"] == "Hưng Yên") & (themes["activities"] > 0)]
    assert list(hy["theme_code"]) == ["xuc_tien"] and list(hy["share"]) == [1.0]


def test_plans_and_differences_from_the_fixture(fixture_db):
    keys = {"c_mode": "plan", "c_keys": ["HT-2020", "HN-2021-92"]}
    choice = view.Choice("plan", plans=("HT-2020", "HN-2021-92"))
    split = counts(fixture_db, **keys)
    found = view.entities(
        run_query(fixture_db, "compare_entities", **keys), choice, keys["c_keys"], split.totals
    )
    assert [e.label for e in found.items] == ["Hà Tĩnh 2020 (HT-2020)", "Hà Nội 2021 (92/KH-UBND)"]
    assert [e.activities for e in found.items] == [3, 3]
    grid = view.theme_grid(
        split.themes,
        run_query(fixture_db, "compare_theme_reference"),
        found,
        "vi",
    )
    diff = view.differences(
        grid,
        split.unit_names,
        run_query(fixture_db, "compare_legal", **keys),
        found,
        "vi",
    )
    ht, hn = (e.label for e in found.items)
    themes = {(r.key, r.has) for r in diff.itertuples() if r.kind == "theme"}
    assert themes == {("chi_dao", ht), ("bao_chi", hn), ("quang_ba", hn), ("so_hoa", hn)}
    legal = {(r.key, r.has, r.lacks) for r in diff.itertuples() if r.kind == "legal"}
    assert legal == {("72/NĐ-CP", ht, hn)}
    units = {(r.key, r.has) for r in diff.itertuples() if r.kind == "unit"}
    assert ("Sở Ngoại vụ", ht) in units and ("Sở Văn hóa và Thể thao", hn) in units
    assert not any(key == "Sở Thông tin và Truyền thông" for key, _ in units)  # both have it


def test_narrowing_to_the_entities_provinces_changes_nothing(fixture_db):
    choice = view.Choice("province", provinces=("Hà Tĩnh", "Hà Nội"))
    params = view.query_params(
        choice, {"years": [], "provinces": ["Thái Bình"]}, ["Hà Tĩnh", "Hà Nội"]
    )
    assert params["provinces"] == ["Hà Tĩnh", "Hà Nội"]  # the filter bar's provinces give way
    narrow = counts(fixture_db, **params)
    wide = counts(fixture_db, **PROVINCES)
    assert narrow.totals == wide.totals
    # the same rows (the query's row order is not part of the promise; the page orders
    # the entities as chosen)
    key = ["entity", "theme_code"]
    pd.testing.assert_frame_equal(
        narrow.themes.sort_values(key).reset_index(drop=True),
        wide.themes.sort_values(key).reset_index(drop=True),
    )
    plans = view.Choice("plan", plans=("HT-2020", "HN-2021-92"))
    params = view.query_params(plans, {}, list(plans.plans), ["Hà Tĩnh", "Hà Nội", "Hà Tĩnh"])
    assert params["provinces"] == ["Hà Nội", "Hà Tĩnh"]
    assert counts(fixture_db, **params).totals == {"HT-2020": 3, "HN-2021-92": 3}
    year = view.Choice("year", provinces=("Hà Tĩnh",))
    params = view.query_params(year, {"years": [2021]}, ["2020"])
    assert params["years"] == [] and params["provinces"] == ["Hà Tĩnh"]


def test_the_median_ignores_theme_and_unit_filters(fixture_db):
    params = view.reference_params(
        {"years": [2020, 2021], "levels": [], "province_mode": "written", "themes": ["so_hoa"]}
    )
    assert params == {"years": [2020, 2021], "levels": [], "province_mode": "written"}
    frame = run_query(fixture_db, "compare_theme_reference", **params).set_index("theme_code")
    assert frame.loc["tap_huan", "share"] == pytest.approx(THIRD)  # as without the filter


def test_options_from_the_plans(fixture_db):
    plans = run_query(fixture_db, "plan_sources")
    provinces, years_of, labels = view.options(plans)
    assert provinces == ["Hà Nội", "Hà Tĩnh", "Thái Bình", "Trung ương"]  # Vietnamese order
    assert years_of["Hà Tĩnh"] == [2020] and years_of["Hà Nội"] == [2021]
    assert labels["HT-2020"] == "Hà Tĩnh 2020 (HT-2020)"  # no number: the plan id
    assert labels["HN-2021-92"] == "Hà Nội 2021 (92/KH-UBND)"


def test_heatmap_rows_are_short_theme_names_full_in_the_hover():
    themes = THEMES.assign(
        name_vi=THEMES["name_vi"].replace("Tập huấn", "Tập huấn, bồi dưỡng"),
        name_en=THEMES["name_en"].replace("Press", "Press and spokespeople"),
    )
    grid = view.theme_grid(themes, REFERENCE, FOUND, "en")
    spec = view.theme_heatmap(grid, FOUND, "en")
    assert spec["data"][1]["y"] == ["Training", "Press"]  # data/reference/themes.csv short_en
    hover = {c[1] for row in spec["data"][1]["customdata"] for c in row}
    assert hover == {"Training", "Press and spokespeople"}
