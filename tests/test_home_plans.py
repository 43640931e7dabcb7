"""The home page reads one query (queries/home_plans.sql) for the plans its highlights
read (the rows of highlights_plans; the list of sources is on the Dữ liệu page now), and at national scale takes the themes' totals of the
highlights from the heatmap's matrix instead of themes_by_theme: the frames it builds
must equal the ones the other queries return, under every kind of filter."""

import duckdb
import pandas as pd
import pytest

from tests.fixtures import NO_FILTER
from ttdn import queries
from ttdn.ui import home_view
from ttdn.ui.filters import Filters
from ttdn.ui.highlights import highlights

# filter states: none, a year, a province in each mode, a level, a theme, a unit,
# a theme and a unit, and one that matches nothing
STATES = [
    {},
    {"years": [2021]},
    {"provinces": ["Hà Tĩnh"]},
    {"provinces": ["Hà Tĩnh"], "province_mode": "2025"},
    {"levels": ["tỉnh"]},
    {"themes": ["tap_huan"]},
    {"units": ["Sở Ngoại vụ"]},
    {"themes": ["tap_huan", "bao_chi"], "units": ["Sở Ngoại vụ"]},
    {"years": [1999]},
]


def _params(state: dict) -> dict:
    return {**NO_FILTER, **state}


def _filters(state: dict) -> Filters:
    values = _params(state)
    return Filters(
        years=tuple(values["years"]),
        provinces=tuple(values["provinces"]),
        province_mode=values["province_mode"],
        levels=tuple(values["levels"]),
        themes=tuple(values["themes"]),
        units=tuple(values["units"]),
    )


@pytest.fixture(scope="module")
def small_national(tmp_path_factory):
    """More plans than the bar chart takes: the page draws the heatmap."""
    from ttdn.demo import build_demo

    path = tmp_path_factory.mktemp("home_plans") / "national.duckdb"
    build_demo(path, provinces=34, years=[2024, 2025], per_plan=4, seed=5)
    return path


def _missing_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), None)


def _check(path, states):
    with duckdb.connect(str(path), read_only=True) as con:
        queries.prepare(con)
        for state in states:
            params = _params(state)
            plans = queries.run(con, "home_plans", params)
            expected_plans = queries.run(con, "highlights_plans", params)
            # dtypes may differ: DuckDB hands an all-NULL text column over as object, while
            # rows taken from a larger frame keep its string dtype (both read as missing)
            pd.testing.assert_frame_equal(
                _missing_as_none(home_view.highlight_plans(plans)),
                _missing_as_none(expected_plans),
            )
            # the theme totals of the heatmap's matrix give the same sentences
            matrix = queries.run(con, "themes_by_province", params)
            themes = queries.run(con, "themes_by_theme", params)
            by_code = themes.set_index("theme_code")["activities"].to_dict()
            totals = home_view.theme_totals(matrix)
            if not matrix.empty:
                assert totals.set_index("theme_code")["activities"].to_dict() == by_code
            for lang in ("vi", "en"):
                got = highlights({"plans": expected_plans, "themes": totals}, _filters(state), lang)
                want = highlights(
                    {"plans": expected_plans, "themes": themes}, _filters(state), lang
                )
                assert got == want, (state, lang)


def test_home_plans_equal_the_two_queries_on_the_fixture(fixture_db):
    _check(fixture_db, STATES)


def test_home_plans_equal_the_two_queries_at_national_scale(small_national):
    with duckdb.connect(str(small_national), read_only=True) as con:
        provinces = [p for (p,) in con.execute("SELECT DISTINCT province FROM plans").fetchall()]
        units = [
            u
            for (u,) in con.execute("SELECT DISTINCT unit_canonical FROM activity_units").fetchall()
        ]
    states = STATES + [
        {"provinces": sorted(provinces)[:3]},
        {"units": sorted(units)[:2], "years": [2025]},
    ]
    _check(small_national, states)


def test_home_plans_counts_by_hand(fixture_db):
    """Each plan's activities, all and matching, its led activities and budget status,
    counted from the tables row by row."""
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        queries.prepare(con)
        plans = queries.run(con, "home_plans", _params({"themes": ["tap_huan"]}))
        every = dict(
            con.execute("SELECT plan_id, count(*) FROM activities GROUP BY ALL").fetchall()
        )
        themed = set(
            con.execute(
                "SELECT plan_id, activity_id FROM activity_themes WHERE theme_code = 'tap_huan'"
            ).fetchall()
        )
        led = set(
            con.execute(
                "SELECT plan_id, activity_id FROM activity_units WHERE role = 'lead'"
            ).fetchall()
        )
        all_plans = [p for (p,) in con.execute("SELECT plan_id FROM plans").fetchall()]
    assert sorted(plans["plan_id"]) == sorted(all_plans)
    for row in plans.to_dict("records"):
        mine = {a for a in themed if a[0] == row["plan_id"]}
        assert row["activities"] == every.get(row["plan_id"], 0)
        assert row["matched_activities"] == len(mine)
        assert row["with_lead"] == len(mine & led)
        assert row["matched"] == bool(mine)
