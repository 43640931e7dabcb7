"""The province tile map: the layout file, the figure, the query behind it (counted by hand
from tests/fixtures.py) and the home page block."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures import ACTIVITIES
from ttdn import REFERENCE_DIR, ROOT, queries
from ttdn.i18n import t
from ttdn.ui.tilemap import clicked_province, ranking, tile_spec, tiles

PROVINCES_2025 = set(pd.read_csv(REFERENCE_DIR / "provinces.csv")["province_2025"]) - {"Trung ương"}


def test_every_province_of_2025_has_one_tile():
    layout = tiles()
    assert len(layout) == 34
    assert set(layout["province_2025"]) == PROVINCES_2025
    assert not layout[["row", "col"]].duplicated().any()
    assert (layout["row"] >= 0).all() and (layout["col"] >= 0).all()


def test_tiles_lie_roughly_where_the_provinces_are():
    at = {r.province_2025: (r.row, r.col) for r in tiles().itertuples()}
    north_to_south = ["Lào Cai", "Hà Nội", "Thanh Hóa", "Hà Tĩnh", "Huế", "Đà Nẵng"]
    north_to_south += ["Quảng Ngãi", "Đắk Lắk", "TP Hồ Chí Minh", "Cần Thơ", "Cà Mau"]
    rows = [at[p][0] for p in north_to_south]
    assert rows == sorted(rows) and len(set(rows)) == len(rows)
    assert at["Điện Biên"][1] < at["Hà Nội"][1] < at["Quảng Ninh"][1]  # west to east
    assert at["An Giang"][1] < at["Vĩnh Long"][1]
    assert at["Hà Nội"][0] == at["Bắc Ninh"][0] and at["Bắc Ninh"][1] == at["Hà Nội"][1] + 1


def frame(**activities) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "province": list(activities),
            "activities": list(activities.values()),
            "themes": [1] * len(activities),
            "themes_total": [19] * len(activities),
        }
    )


def test_spec_colours_provinces_with_data_and_greys_the_rest():
    spec = tile_spec(
        frame(**{"Hà Tĩnh": 3, "Hà Nội": 1200, "Trung ương": 9}),
        "activities",
        selected=("Hà Tĩnh",),
    )
    grey, coloured = spec["data"]
    assert len(grey["x"]) == 32 and len(coloured["x"]) == 2  # central bodies: no tile
    pairs = zip(coloured["customdata"], coloured["marker"]["color"], strict=True)
    by_name = {c[0]: (c, v) for c, v in pairs}
    assert by_name["Hà Tĩnh"] == (["Hà Tĩnh", "Hà Tĩnh", "3"], 3.0)
    assert by_name["Hà Nội"][0][2] == "1.200"  # Vietnamese thousands separator
    names = [c[0] for c in coloured["customdata"]]
    widths = dict(zip(names, coloured["marker"]["line"]["width"], strict=True))
    assert widths == {"Hà Tĩnh": 3, "Hà Nội": 0}
    assert all(c[2] == t("tilemap.no_data") for c in grey["customdata"])
    assert grey["marker"]["color"] == "#d9d9d9"
    # the squares keep their size: a fixed figure of 34 tiles + one column for the islands
    layout = spec["layout"]
    assert layout["width"] == 7 * 46 + 8 and layout["height"] == 18 * 46 + 12


def test_spec_in_english_and_themes_out_of_the_list():
    spec = tile_spec(frame(**{"Đắk Lắk": 5}), "themes", language="en")
    coloured = spec["data"][1]
    assert coloured["customdata"] == [["Đắk Lắk", "Dak Lak", "1/19"]]
    assert coloured["text"] == ["Dak<br>Lak"]
    assert "Themes covered" in coloured["hovertemplate"]


def test_no_data_at_all_draws_every_tile_grey():
    spec = tile_spec(pd.DataFrame(), "activities")
    assert len(spec["data"][0]["x"]) == 34 and spec["data"][1]["x"] == []


def test_a_click_names_the_province_only_when_it_has_data():
    event = {"selection": {"points": [{"customdata": ["Hà Tĩnh", "Hà Tĩnh", "3"]}]}}
    assert clicked_province(event, ("Hà Tĩnh", "Hà Nội")) == "Hà Tĩnh"
    assert clicked_province(event, ("Hà Nội",)) is None
    assert clicked_province({"selection": {"points": []}}, ("Hà Tĩnh",)) is None
    assert clicked_province(None, ("Hà Tĩnh",)) is None


@pytest.fixture(scope="module")
def con(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as connection:
        queries.prepare(connection)
        yield connection


def count(plan_ids) -> int:
    return sum(a["plan_id"] in plan_ids for a in ACTIVITIES)


def test_query_counts_by_province_of_2025(con):
    got = queries.run(con, "tilemap_by_province").set_index("province")
    # Thái Bình's plan belongs to Hưng Yên after 2025
    assert got["plans"].to_dict() == {"Hà Nội": 1, "Hà Tĩnh": 1, "Hưng Yên": 1, "Trung ương": 1}
    assert got.loc["Hà Tĩnh", "activities"] == count({"HT-2020"}) == 3
    assert got.loc["Hà Nội", "activities"] == count({"HN-2021-92"}) == 3
    assert got.loc["Hưng Yên", "activities"] == count({"TB-2021"}) == 1
    assert (got["themes_total"] == 19).all()
    # Hà Nội's activities name tap_huan, quang_ba and so_hoa by hand (and one is classified)
    assert got.loc["Hà Nội", "themes"] >= 3
    only_2021 = queries.run(con, "tilemap_by_province", {"years": [2021]})
    assert set(only_2021["province"]) == {"Hà Nội", "Hưng Yên"}
    training = queries.run(con, "tilemap_by_province", {"themes": ["tap_huan"]})
    assert training.set_index("province")["activities"].to_dict() == {
        "Hà Nội": 1,
        "Hà Tĩnh": 1,
        "Hưng Yên": 0,  # the plan matches the year/level filters, no activity the theme
        "Trung ương": 1,
    }


def test_home_page_draws_the_map(monkeypatch, fixture_db):
    monkeypatch.setenv("TTDN_DB", str(fixture_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    charts = {c.proto.id.rsplit("-", 1)[-1]: c for c in at.get("plotly_chart")}
    spec = json.loads(charts["tile_map"].proto.spec)
    grey, coloured = spec["data"]
    assert len(grey["x"]) + len(coloured["x"]) == 34
    assert sorted(c[0] for c in coloured["customdata"]) == ["Hà Nội", "Hà Tĩnh", "Hưng Yên"]
    captions = [c.value for c in at.caption]
    assert t("tilemap.central", plans="1", activities=str(count({"VHL-2023"}))) in captions
    assert t("tilemap.title") in [s.value for s in at.subheader]


def test_ranking_lists_provinces_with_tiles_most_first():
    ranked = ranking(
        frame(**{"Hà Tĩnh": 3, "Trung ương": 99, "Cà Mau": 7, "Đắk Lắk": 3}), "activities"
    )
    assert ranked.values.tolist() == [["Cà Mau", 7], ["Đắk Lắk", 3], ["Hà Tĩnh", 3]]


def test_map_table_holds_numbers_that_sort_as_numbers(monkeypatch, fixture_db):
    """The list beside the map: figures as numbers (sorted 200 before 1.000, drawn 1.234
    by show_table), the themes' total in the header rather than in every cell."""
    from ttdn.ui import tilemap
    from ttdn.ui.table import display

    frame = pd.DataFrame(
        {
            "province": ["Hà Nội", "Hà Tĩnh", "Huế"],
            "plans": [1, 1, 1],
            "activities": [1000, 200, 1500],
            "themes": [5, 12, 3],
            "themes_total": [19, 19, 19],
        }
    )
    monkeypatch.setattr(tilemap, "run", lambda *a, **k: frame)
    monkeypatch.setattr(tilemap, "db", lambda: type("D", (), {"signature": "x"})())
    tilemap._map_view.clear()
    filters = type(
        "F",
        (),
        {
            "years": [],
            "levels": [],
            "themes": [],
            "units": [],
            "provinces": [],
            "province_mode": "2025",
        },
    )()
    table = tilemap.map_view(filters, "activities", "vi").table
    column = t("tilemap.measure.activities")
    assert list(table[column]) == [1500, 1000, 200]
    assert sorted(table[column]) == [200, 1000, 1500]  # as text "1.000" < "1.500" < "200"
    _, config = display(table, "vi")
    assert config[column]["type_config"]["format"] == "%'.,d"
    themes = tilemap.map_view(filters, "themes", "en").table
    header = t("tilemap.themes_of", "en", label=t("tilemap.measure.themes", "en"), n="19")
    assert header == "Themes covered (of 19)"
    assert list(themes[header]) == [12, 5, 3]
    tilemap._map_view.clear()
