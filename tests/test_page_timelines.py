"""Tiến độ: the page's queries on the fixtures database, checked against dates worked out by
hand here for every fixture timeframe; and the page itself in AppTest (default data, empty
database, filters that match nothing, query string, every tab, drill-down)."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter

import pandas as pd
import pytest

from tests.fixtures import ACTIVITIES, PLANS, metrics, open_app_page, run_query
from ttdn.i18n import t
from ttdn.ingest.values import as_date

PAGE = "app_pages/timelines.py"
D = dt.date

# Every fixture activity's timeframe read by hand: (start, end, recurring, understood).
# HN-2021-92 was issued on 06/04/2021, so "right after the plan is issued" is 06/04 + 30 days.
BY_HAND = {
    "Thường xuyên trong năm 2020": (D(2020, 1, 1), D(2020, 12, 31), True, True),
    "Quý III/2020": (D(2020, 7, 1), D(2020, 9, 30), False, True),
    "Quý II, III/2020": (D(2020, 4, 1), D(2020, 9, 30), False, True),
    "tháng 6/2021": (D(2021, 6, 1), D(2021, 6, 30), False, True),
    "Ngay sau khi Kế hoạch này được ban hành": (D(2021, 4, 6), D(2021, 5, 6), False, True),
    "6 tháng đầu năm": (D(2021, 1, 1), D(2021, 6, 30), False, True),
    "Theo chỉ đạo": (None, None, False, False),
    "": (None, None, False, True),
}


def dates(activity):
    return BY_HAND[activity["timeframe"]]


def dated(activity) -> bool:
    start, end, recurring, _ = dates(activity)
    return end is not None and not recurring


def issued(plan):
    return as_date(plan["issued_date"]) if plan["issued_date"] else None


# queries ---------------------------------------------------------------------------------------


def test_summary(fixture_db):
    row = run_query(fixture_db, "timelines_summary").iloc[0]
    assert row["activities"] == len(ACTIVITIES)
    assert row["dated"] == sum(dated(a) for a in ACTIVITIES)
    assert row["recurring"] == sum(dates(a)[2] for a in ACTIVITIES)
    assert row["unparsed"] == sum(not dates(a)[3] for a in ACTIVITIES)
    assert row["no_dates"] == sum(dates(a)[3] and dates(a)[1] is None for a in ACTIVITIES)
    assert row["plans"] == len({a["plan_id"] for a in ACTIVITIES})
    with_date = {p["plan_id"] for p in PLANS if p["issued_date"]}
    assert row["plans_issued"] == len({a["plan_id"] for a in ACTIVITIES} & with_date)


@pytest.mark.parametrize("grain", ["quarter", "month"])
def test_counts_by_period(fixture_db, grain):
    frame = run_query(fixture_db, "timelines_by_period", grain=grain)

    def period(end):
        month = 3 * ((end.month - 1) // 3) + 1 if grain == "quarter" else end.month
        return D(end.year, month, 1)

    expected = Counter(period(dates(a)[1]) for a in ACTIVITIES if dated(a))
    got = {pd.Timestamp(r.period_start).date(): r.activities for r in frame.itertuples()}
    assert got == dict(expected)
    for r in frame.itertuples():
        start = pd.Timestamp(r.period_start).date()
        end = pd.Timestamp(r.period_end).date()
        months = 3 if grain == "quarter" else 1
        assert end == (pd.Timestamp(start) + pd.DateOffset(months=months, days=-1)).date()


def test_due_in_a_quarter(fixture_db):
    frame = run_query(
        fixture_db,
        "drill_activities",
        d_order="due",
        d_due_from="2021-04-01",
        d_due_to="2021-06-30",
        d_recurring="no",
    )
    expected = [
        a["activity_id"]
        for a in ACTIVITIES
        if dated(a) and D(2021, 4, 1) <= dates(a)[1] <= D(2021, 6, 30)
    ]
    assert sorted(frame["activity_id"]) == sorted(expected)
    assert list(frame["end_date"]) == sorted(frame["end_date"])  # soonest due first
    assert int(frame["total"].iloc[0]) == len(expected)


def test_flagged_activities_are_listed_not_dropped(fixture_db):
    frame = run_query(fixture_db, "drill_activities", d_undated=True, d_order="due")
    expected = {
        (a["plan_id"], a["activity_id"]): (
            "unparsed" if not dates(a)[3] else "no_dates",
            a["timeframe"],
        )
        for a in ACTIVITIES
        if dates(a)[1] is None
    }
    got = {
        (p, i): (f, "" if pd.isna(tf) else tf)
        for p, i, f, tf in zip(
            frame["plan_id"], frame["activity_id"], frame["flag"], frame["timeframe"], strict=True
        )
    }
    assert got == expected  # the timeframe text is kept as written


def test_plans_and_issue_dates(fixture_db):
    frame = run_query(fixture_db, "timelines_plans").set_index("plan_id")
    assert set(frame.index) == {p["plan_id"] for p in PLANS}
    for p in PLANS:
        row = frame.loc[p["plan_id"]]
        day = issued(p)
        if day is None:
            assert pd.isna(row["days_from_year_start"]) and pd.isna(row["issued_when"])
        else:
            days = (day - D(p["year"], 1, 1)).days
            assert row["days_from_year_start"] == days
            when = (
                "before_year"
                if day < D(p["year"], 1, 1)
                else "first_quarter"
                if day < D(p["year"], 4, 1)
                else "after_first_quarter"
            )
            assert row["issued_when"] == when
        mine = [a for a in ACTIVITIES if a["plan_id"] == p["plan_id"]]
        assert row["activities"] == len(mine)
        assert row["dated"] == sum(dated(a) for a in mine)
        assert row["recurring"] == sum(dates(a)[2] for a in mine)


def test_issued_by_year(fixture_db):
    frame = run_query(fixture_db, "timelines_issued_by_year").set_index("year")
    for year in {p["year"] for p in PLANS}:
        plans = [p for p in PLANS if p["year"] == year]
        days = [(issued(p) - D(year, 1, 1)).days for p in plans if issued(p)]
        row = frame.loc[year]
        assert row["plans"] == len(plans) and row["issued"] == len(days)
        assert row["before_year"] == sum(d < 0 for d in days)
        if days:
            assert row["median_days"] == statistics.median(days)
            assert (row["min_days"], row["max_days"]) == (min(days), max(days))


def test_one_plan_on_a_time_axis(fixture_db):
    frame = run_query(fixture_db, "timelines_plan", plan_id="HN-2021-92")
    mine = [a for a in ACTIVITIES if a["plan_id"] == "HN-2021-92"]
    assert list(frame["activity_id"]) == [a["activity_id"] for a in mine]
    for a, r in zip(mine, frame.itertuples(), strict=True):
        start, end, recurring, understood = dates(a)
        assert (pd.Timestamp(r.start_date).date(), pd.Timestamp(r.end_date).date()) == (start, end)
        assert (r.recurring, r.timeframe_parsed) == (recurring, understood)
    assert run_query(fixture_db, "timelines_plan", plan_id="NO-SUCH-PLAN").empty


def test_filters_apply(fixture_db):
    row = run_query(fixture_db, "timelines_summary", years=[2021]).iloc[0]
    assert row["activities"] == sum(
        a["plan_id"] in {p["plan_id"] for p in PLANS if p["year"] == 2021} for a in ACTIVITIES
    )
    nothing = {"years": [2020], "provinces": ["Hà Nội"]}
    assert run_query(fixture_db, "timelines_summary", **nothing).iloc[0]["activities"] == 0
    for name in ("timelines_by_period", "timelines_plans", "drill_activities"):
        assert run_query(fixture_db, name, **nothing).empty, name


# the page --------------------------------------------------------------------------------------


def open_page(monkeypatch, db, query_params=None, tab=None, lang="vi"):
    tab = None if tab is None else ("timelines_tab", t(f"timelines.tab.{tab}", lang))
    return open_app_page(monkeypatch, db, PAGE, query_params, tab)


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_page_on_the_fixture(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    assert not at.exception
    assert at.title[0].value == t("timelines.title")
    shown = metrics(at)
    assert shown[t("timelines.kpi.activities")] == str(len(ACTIVITIES))
    assert shown[t("timelines.kpi.dated")] == str(sum(dated(a) for a in ACTIVITIES))
    assert shown[t("timelines.kpi.recurring")] == str(sum(dates(a)[2] for a in ACTIVITIES))
    assert shown[t("timelines.kpi.flagged")] == str(sum(dates(a)[1] is None for a in ACTIVITIES))
    (spec,) = charts(at)
    bars = dict(zip(spec["data"][0]["x"], spec["data"][0]["y"], strict=True))
    assert bars == {"III/2020": 2, "II/2021": 3}  # short ticks; "Quý III/2020" in the hover
    assert [row[2] for row in spec["data"][0]["customdata"]] == ["Quý III/2020", "Quý II/2021"]


@pytest.mark.parametrize("tab", ["periods", "due", "plan", "issued", "flagged"])
def test_every_tab_on_the_default_data(monkeypatch, default_db, tab):
    at = open_page(monkeypatch, default_db, tab=tab)
    assert not at.exception
    if tab in ("periods", "plan", "issued"):
        assert charts(at), tab
    if tab in ("due", "flagged"):
        assert at.dataframe, tab


def test_due_tab_lists_the_quarter(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, tab="due")
    assert not at.exception
    assert at.selectbox(key="timelines_due_quarter").value == "2021-04-01"  # the latest quarter
    table = at.dataframe[0].value
    assert len(table) == sum(dated(a) and dates(a)[1].year == 2021 for a in ACTIVITIES)
    at.selectbox(key="timelines_due_quarter").set_value("2020-07-01").run()
    assert len(at.dataframe[0].value) == sum(
        dated(a) and dates(a)[1].year == 2020 for a in ACTIVITIES
    )


def test_plan_tab_draws_dated_and_lists_recurring_apart(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, tab="plan")
    at.selectbox(key="timelines_plan").set_value("HT-2020").run()
    assert not at.exception
    mine = [a for a in ACTIVITIES if a["plan_id"] == "HT-2020"]
    (spec,) = charts(at)
    drawn = [y.split(" · ")[0] for trace in spec["data"] for y in trace["y"]]
    assert sorted(drawn) == sorted(a["activity_id"] for a in mine if dated(a))
    assert spec["layout"]["xaxis"]["type"] == "date"
    recurring_table = at.dataframe[0].value
    assert list(recurring_table.iloc[:, 0]) == [a["activity_id"] for a in mine if dates(a)[2]]
    # a plan whose only activity has no dates: no chart, a message, the activity listed
    at.selectbox(key="timelines_plan").set_value("TB-2021").run()
    assert not at.exception and not charts(at)
    assert t("timelines.s3.no_dated") in [i.value for i in at.info]


def test_issued_tab(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, tab="issued")
    assert not at.exception
    (spec,) = charts(at)
    xs = sorted(x for trace in spec["data"] for x in trace["x"])
    assert xs == sorted((issued(p) - D(p["year"], 1, 1)).days for p in PLANS if issued(p))
    assert any(str(len([p for p in PLANS if not issued(p)])) in c.value for c in at.caption)


def test_flagged_tab(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, tab="flagged")
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == sum(dates(a)[1] is None for a in ACTIVITIES)
    assert set(table.iloc[:, 0]) == {t("timelines.flag.unparsed"), t("timelines.flag.no_dates")}


def test_drill_from_the_list(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    at.selectbox(key="timelines_drill_quarter_pick").set_value("Quý III/2020").run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert len(table) == sum(dated(a) and dates(a)[1].year == 2020 for a in ACTIVITIES)


def test_empty_database(monkeypatch, tmp_path):
    at = open_page(monkeypatch, tmp_path / "missing.duckdb")
    assert not at.exception
    assert [i.value for i in at.info] == [t("timelines.empty_db")]


def test_filters_that_match_nothing(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"nam": "2020", "tinh": "Hà Nội"})
    assert not at.exception
    assert t("timelines.no_match") in [i.value for i in at.info]
    assert not at.get("plotly_chart")


def test_query_string_round_trip(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"nam": "2021", "lang": "en"})
    assert not at.exception
    assert at.title[0].value == t("timelines.title", "en")
    in_2021 = {p["plan_id"] for p in PLANS if p["year"] == 2021}
    expected = sum(a["plan_id"] in in_2021 for a in ACTIVITIES)
    assert metrics(at)[t("timelines.kpi.activities", "en")] == str(expected)
    (spec,) = charts(at)
    assert spec["data"][0]["x"] == ["Q2 2021"]
    at.multiselect(key="flt_years").set_value([2020]).run()
    assert at.query_params["nam"] == "2020"


def test_a_plan_without_activities(monkeypatch, tmp_path):
    from tests.fixtures import build_fixture_db, write_xlsx
    from ttdn.ingest.loader import load_files

    db = build_fixture_db(tmp_path / "db.duckdb", tmp_path)
    plan = dict(PLANS[0], plan_id="EMPTY-2022", year=2022, issued_date="01/03/2022")
    load_files([write_xlsx(tmp_path / "empty.xlsx", {"plans": [plan]})], db)
    at = open_page(monkeypatch, db, {"nam": "2022"})
    assert not at.exception
    assert t("timelines.no_activities") in [i.value for i in at.info]
    for tab in ("periods", "due", "plan", "issued", "flagged"):
        at.session_state["timelines_tab"] = t(f"timelines.tab.{tab}")
        at.run()
        assert not at.exception, tab
