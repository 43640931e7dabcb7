"""ttdn.ui.timelines_view (the Tiến độ page's logic, no drawing): labels, captions, tables
and chart specs for small hand-made frames shaped like the timelines_* queries, checked
against values worked out here (dates by calendar arithmetic, labels as the catalog says)."""

import datetime as dt
import math

import pandas as pd
import pytest

from ttdn.i18n import t
from ttdn.ui import timelines_view as view

DAY_MS = 24 * 60 * 60 * 1000


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# labels --------------------------------------------------------------------------------------


def test_period_label_quarter_vi(vi):
    assert view.period_label(ts("2020-07-01"), "quarter") == "Quý III/2020"
    assert view.period_label(ts("2020-07-01"), "quarter", short=True) == "III/2020"
    assert view.period_label("2021-01-01", "quarter") == "Quý I/2021"  # ISO text works too
    assert view.period_label(dt.date(2019, 12, 31), "quarter") == "Quý IV/2019"


def test_period_label_quarter_en(en):
    assert view.period_label(ts("2020-07-01"), "quarter") == "Q3 2020"
    assert view.period_label(ts("2020-07-01"), "quarter", short=True) == "Q3 2020"
    assert view.period_label(ts("2020-05-20"), "quarter") == "Q2 2020"


def test_every_month_falls_in_its_quarter(vi):
    roman = ["I", "II", "III", "IV"]
    for month in range(1, 13):
        quarter = math.ceil(month / 3)
        label = view.period_label(dt.date(2024, month, 15), "quarter")
        assert label == f"Quý {roman[quarter - 1]}/2024", month


def test_period_label_month(language):
    june, december = ts("2021-06-01"), ts("2020-12-01")
    if language == "vi":
        assert view.period_label(june, "month") == "Tháng 6/2021"
        assert view.period_label(june, "month", short=True) == "06/2021"
        assert view.period_label(december, "month", short=True) == "12/2020"
    else:
        assert view.period_label(june, "month") == "Jun 2021"
        assert view.period_label(june, "month", short=True) == "Jun 2021"
        assert view.period_label(december, "month") == "Dec 2020"


def test_plan_label(language):
    row = {"number": "92/KH-UBND", "province": "Hà Nội", "year": 2021}
    assert view.plan_label(row) == "Hà Nội · 2021 · 92/KH-UBND"
    no_number = "(không số)" if language == "vi" else "(no number)"
    for missing in ("", None, float("nan")):
        row = {"number": missing, "province": "Hà Tĩnh", "year": 2020}
        assert view.plan_label(row) == f"Hà Tĩnh · 2020 · {no_number}"


def test_plan_rows_rename_plan_number():
    frame = pd.DataFrame(
        {"plan_number": ["10/KH-UBND"], "province": ["Thái Bình"], "year": [2021], "x": [1]}
    )
    assert view.plan_rows(frame) == [
        {"number": "10/KH-UBND", "province": "Thái Bình", "year": 2021}
    ]


def test_iso_and_date_format(language):
    assert view.iso([ts("2020-07-01"), dt.date(2021, 6, 30), "2022-01-05"]) == [
        "2020-07-01",
        "2021-06-30",
        "2022-01-05",
    ]
    assert dt.date(2021, 4, 6).strftime(view.date_format()) == (
        "06/04/2021" if language == "vi" else "06 Apr 2021"
    )


def test_flagged_help_names_both_counts(vi):
    text = view.flagged_help({"unparsed": 1234, "no_dates": 5})
    assert text.startswith("1.234 hoạt động có mốc thời gian không hiểu được")
    assert "5 hoạt động không ghi mốc thời gian" in text
    assert text.endswith(f"Xem thẻ “{t('timelines.tab.flagged')}”.")


def test_table_height():
    assert view.table_height(0, 560) == 38
    assert view.table_height(3, 560) == 38 + 3 * 35
    assert view.table_height(100, 560) == 560


# 1. by quarter or month ----------------------------------------------------------------------

PERIODS = pd.DataFrame(
    {
        "period_start": pd.to_datetime(["2020-07-01", "2021-04-01"]),
        "period_end": pd.to_datetime(["2020-09-30", "2021-06-30"]),
        "year": [2020, 2021],
        "quarter": [3, 2],
        "month": [7, 4],
        "activities": [2, 3],
        "plans": [1, 1],
    }
)


def test_periods_frame(vi):
    frame = view.periods_frame(PERIODS, "quarter")
    assert list(frame["period"]) == ["Quý III/2020", "Quý II/2021"]
    assert list(frame["tick"]) == ["III/2020", "II/2021"]
    assert list(frame["due_from"]) == ["2020-07-01", "2021-04-01"]
    assert list(frame["due_to"]) == ["2020-09-30", "2021-06-30"]
    # neighbouring years in two different blues
    assert frame["color"].iloc[0] != frame["color"].iloc[1]
    assert set(frame["color"]) <= set(view.YEAR_COLORS)


def test_periods_chart(vi):
    frame = view.periods_frame(PERIODS, "quarter")
    spec = view.periods_chart(frame, "quarter")
    trace, holder = spec["data"]
    assert trace["x"] == ["III/2020", "II/2021"]
    # the quarters between, with nothing due, keep their places on the axis
    assert spec["layout"]["xaxis"]["categoryarray"] == ["III/2020", "IV/2020", "I/2021", "II/2021"]
    assert holder["x"] == ["IV/2020", "I/2021"] and holder["y"] == [0, 0]
    assert "hovertemplate" not in holder
    assert trace["y"] == [2, 3]
    assert [c[2] for c in trace["customdata"]] == ["Quý III/2020", "Quý II/2021"]
    assert [c[:2] for c in trace["customdata"]] == [
        ["2020-07-01", "2020-09-30"],
        ["2021-04-01", "2021-06-30"],
    ]
    assert trace["hovertemplate"] == "%{customdata[2]}: %{y:,d}<extra></extra>"
    layout = spec["layout"]
    assert layout["height"] == 420
    assert layout["xaxis"]["tickangle"] == 0
    assert layout["yaxis"]["dtick"] == 1  # at most 8: whole numbers only
    assert layout["separators"] == ",."
    assert layout["yaxis"]["title"]["text"] == t("timelines.col.activities")
    assert layout["xaxis"]["title"]["text"] == t("timelines.s1.grain_quarter")


def test_periods_chart_many_periods_and_large_counts(en):
    starts = pd.date_range("2020-01-01", periods=20, freq="MS")
    frame = pd.DataFrame(
        {
            "period_start": starts,
            "period_end": starts + pd.offsets.MonthEnd(0),
            "year": starts.year,
            "activities": range(1, 21),
            "plans": [1] * 20,
        }
    )
    spec = view.periods_chart(view.periods_frame(frame, "month"), "month")
    assert spec["layout"]["xaxis"]["tickangle"] == -45  # more than 16 bars
    assert "dtick" not in spec["layout"]["yaxis"]  # up to 20: Plotly picks the steps
    assert spec["data"][0]["x"][:2] == ["Jan 2020", "Feb 2020"]
    assert spec["layout"]["separators"] == ".,"


def test_period_choices_and_describer(vi):
    frame = view.periods_frame(PERIODS, "quarter")
    assert view.period_choices(frame) == {
        "Quý III/2020": {"d_due_from": "2020-07-01", "d_due_to": "2020-09-30"},
        "Quý II/2021": {"d_due_from": "2021-04-01", "d_due_to": "2021-06-30"},
    }
    describe = view.period_describer(frame)
    assert describe({"d_due_from": "2021-04-01"}) == "Quý II/2021"
    assert describe({"d_due_from": "2030-01-01"}) == "2030-01-01"


# 2. what falls due in a chosen quarter ------------------------------------------------------


@pytest.mark.parametrize(
    "today, start",
    [
        (dt.date(2021, 1, 1), "2021-01-01"),
        (dt.date(2021, 3, 31), "2021-01-01"),
        (dt.date(2021, 5, 20), "2021-04-01"),
        (dt.date(2021, 9, 30), "2021-07-01"),
        (dt.date(2021, 12, 31), "2021-10-01"),
    ],
)
def test_quarter_start(today, start):
    assert view.quarter_start(today) == start


def test_default_quarter_is_today_else_the_latest():
    starts = ["2020-07-01", "2021-04-01", "2021-07-01"]
    assert view.default_quarter(starts, dt.date(2021, 5, 20)) == 1
    assert view.default_quarter(starts, dt.date(2025, 2, 1)) == 2


def test_quarter_option(vi):
    counts = {"2020-07-01": 1234}
    assert view.quarter_option("2020-07-01", counts) == "Quý III/2020 — 1.234 hoạt động"
    assert view.quarter_option("2021-04-01", counts) == "Quý II/2021 — 0 hoạt động"


DRILL = pd.DataFrame(
    {
        "plan_id": ["HN-2021-92", "HT-2020"],
        "plan_number": ["92/KH-UBND", None],
        "issuer": ["UBND thành phố Hà Nội", "UBND tỉnh Hà Tĩnh"],
        "year": [2021, 2020],
        "province": ["Hà Nội", "Hà Tĩnh"],
        "activity_id": ["1", "II.3"],
        "title": ["Hội nghị", "Tập huấn"],
        "timeframe": ["tháng 6/2021", None],
        "start_date": pd.to_datetime(["2021-06-01", None]),
        "end_date": pd.to_datetime(["2021-06-30", None]),
        "lead_units": ["Sở Ngoại vụ", None],
        "flag": ["unparsed", "no_dates"],
        "source_file": ["ke-hoach.xlsx", "ht.xlsx"],
        "source_sheet": ["Hoạt động", "Hoạt động"],
        "source_row": [8, 9],
        "total": [5, 5],
    }
)


def test_due_caption(vi):
    assert view.due_caption(DRILL.assign(total=2)) == t("timelines.s2.count", n="2")
    assert view.due_caption(DRILL) == "Hiển thị 2 trên tổng số 5 hoạt động."
    assert view.limited_caption(DRILL.assign(total=2)) is None


def test_due_table(vi):
    table = view.due_table(DRILL)
    assert list(table.columns) == [
        "Hạn (ngày kết thúc)",
        "Tỉnh/thành",
        t("drill.col.plan"),
        "Mã hoạt động",
        "Tên hoạt động",
        "Thời gian thực hiện",
        "Đơn vị chủ trì",
    ]
    first, second = table.to_dict("records")
    assert first["Hạn (ngày kết thúc)"] == "30/06/2021"
    assert first[t("drill.col.plan")] == "Hà Nội · 2021 · 92/KH-UBND"
    assert second[t("drill.col.plan")] == "Hà Tĩnh · 2020 · (không số)"
    assert second["Đơn vị chủ trì"] == ""  # no lead unit: blank, not "None"
    assert second["Hạn (ngày kết thúc)"] == ""


# 3. one plan on a time axis -------------------------------------------------------------------

PLAN = pd.DataFrame(
    {
        "plan_id": ["HT-2020"] * 5,
        "activity_id": ["II.1", "II.3", "II.4", "II.5", "II.6"],
        "title": [
            "Xây dựng văn bản chỉ đạo",
            "Tập huấn nghiệp vụ",
            "Tuyên truyền về biên giới lãnh thổ",
            "Hội nghị",
            "Triển lãm",
        ],
        "timeframe": [
            "Thường xuyên",
            "Quý III/2020",
            "Quý II, III/2020",
            "Theo chỉ đạo",
            "02/3/2020",
        ],
        "start_date": pd.to_datetime(
            ["2020-01-01", "2020-07-01", "2020-04-01", None, "2020-03-02"]
        ),
        "end_date": pd.to_datetime(["2020-12-31", "2020-09-30", "2020-09-30", None, "2020-03-02"]),
        "recurring": [True, False, False, False, False],
        "timeframe_parsed": [True, True, True, False, True],
        "dates_from": ["timeframe", "timeframe", "timeframe", "none", "workbook"],
        "lead_units": ["Sở TT&TT", "Sở TT&TT", None, "Sở Ngoại vụ", "Sở VHTTDL"],
    }
)


def test_split_plan():
    dated, recurring, flagged = view.split_plan(PLAN)
    assert list(dated["activity_id"]) == ["II.3", "II.4", "II.6"]
    assert list(recurring["activity_id"]) == ["II.1"]
    assert list(flagged["activity_id"]) == ["II.5"]


def test_plan_caption(vi):
    dated, recurring, flagged = view.split_plan(PLAN)
    assert view.plan_caption(dated, recurring, flagged).startswith(
        "3 hoạt động có ngày được vẽ trên trục thời gian; 1 hoạt động thường xuyên và 1 "
    )


def test_gantt_bars_span_start_to_end_inclusive(language):
    dated, _, _ = view.split_plan(PLAN)
    spec = view.gantt(dated)
    by_source = {trace["name"]: trace for trace in spec["data"]}
    timeframe = by_source[t("timelines.s3.dated", language)]
    workbook = by_source[t("timelines.s3.from_workbook", language)]
    # Q3 2020: 1 July – 30 September = 31 + 31 + 30 days; Q2–Q3: 30 + 31 + 30 more
    q3_days = (dt.date(2020, 9, 30) - dt.date(2020, 7, 1)).days + 1
    assert q3_days == 92
    q2q3_days = (dt.date(2020, 9, 30) - dt.date(2020, 4, 1)).days + 1
    assert timeframe["x"] == [q3_days * DAY_MS, q2q3_days * DAY_MS]
    assert timeframe["base"] == ["2020-07-01", "2020-04-01"]
    assert workbook["x"] == [DAY_MS]  # one day: start = end still shows a bar
    assert workbook["base"] == ["2020-03-02"]
    assert timeframe["marker"]["color"] != workbook["marker"]["color"]
    assert timeframe["orientation"] == workbook["orientation"] == "h"
    assert timeframe["y"] == [
        "II.3 · Tập huấn nghiệp vụ",
        "II.4 · Tuyên truyền về biên giới lãnh thổ",
    ]
    # the first activity on top: the category axis lists them bottom-up
    assert spec["layout"]["yaxis"]["categoryarray"] == [
        "II.6 · Triển lãm",
        "II.4 · Tuyên truyền về biên giới lãnh thổ",
        "II.3 · Tập huấn nghiệp vụ",
    ]
    plan, activity, title, timeframe_text, start, end = timeframe["customdata"][0]
    assert (plan, activity, title, timeframe_text) == (
        "HT-2020",
        "II.3",
        "Tập huấn nghiệp vụ",
        "Quý III/2020",
    )
    if language == "vi":
        assert (start, end) == ("01/07/2020", "30/09/2020")
        assert spec["layout"]["xaxis"]["tickformat"] == "%m/%Y"
    else:
        assert (start, end) == ("01 Jul 2020", "30 Sep 2020")
        assert spec["layout"]["xaxis"]["tickformat"] == "%b %Y"
    assert workbook["customdata"][0][3] == "02/3/2020"
    assert spec["layout"]["xaxis"]["type"] == "date"
    assert spec["layout"]["height"] == max(280, 140 + 20 * 3)


def test_gantt_leap_year_and_long_titles(vi):
    rows = pd.DataFrame(
        {
            "plan_id": ["P"],
            "activity_id": ["1"],
            "title": ["Tổ chức " + "hội nghị quốc tế " * 10],
            "timeframe": ["Năm 2024"],
            "start_date": pd.to_datetime(["2024-01-01"]),
            "end_date": pd.to_datetime(["2024-12-31"]),
            "dates_from": ["timeframe"],
        }
    )
    (trace,) = view.gantt(rows)["data"]
    assert trace["x"] == [366 * DAY_MS]  # 2024 has 29 February
    (label,) = trace["y"]
    assert label.startswith("1 · Tổ chức hội nghị") and label.endswith("…")
    assert len(label) <= len("1 · ") + 56
    assert trace["customdata"][0][2] == rows["title"].iloc[0]  # full title in the hover


def test_activity_table(en):
    _, recurring, _ = view.split_plan(PLAN)
    assert view.activity_table(recurring).to_dict("records") == [
        {
            "Activity id": "II.1",
            "Activity": "Xây dựng văn bản chỉ đạo",
            "Timeframe": "Thường xuyên",
            "Lead units": "Sở TT&TT",
        }
    ]


# 4. how late in the year each plan was issued -------------------------------------------

ISSUED = pd.DataFrame(
    {
        "plan_id": ["HN-2021-92", "TB-2021", "VHL-2023", "HT-2020"],
        "number": ["92/KH-UBND", "10/KH-UBND", "2641/KH-VHL", None],
        "province": ["Hà Nội", "Thái Bình", "Trung ương", "Hà Tĩnh"],
        "year": [2021, 2021, 2023, 2020],
        "issued_date": pd.to_datetime(["2021-04-06", "2021-01-15", "2022-12-06", None]),
        "days_from_year_start": pd.array([95, 14, -26, None], dtype="Int32"),
        "issued_when": ["after_first_quarter", "first_quarter", "before_year", None],
    }
)


def test_issued_chart(vi):
    dated = ISSUED[ISSUED["issued_date"].notna()]
    spec = view.issued_chart(dated)
    names = [trace["name"] for trace in spec["data"]]
    # before the year, in the first quarter, later: in that order
    assert names == [
        t("timelines.col.before_year"),
        t("timelines.col.first_quarter"),
        t("timelines.col.after_first_quarter"),
    ]
    points = {
        c[0]: (x, y, c) for trace in spec["data"] for x, y, c in zip(trace["x"], trace["y"], trace["customdata"], strict=True)
    }  # fmt: skip
    # days from 1 January of the plan year to the issue date
    assert points["HN-2021-92"][0] == (dt.date(2021, 4, 6) - dt.date(2021, 1, 1)).days == 95
    assert points["VHL-2023"][0] == (dt.date(2022, 12, 6) - dt.date(2023, 1, 1)).days == -26
    for plan_id, year in (("HN-2021-92", 2021), ("TB-2021", 2021), ("VHL-2023", 2023)):
        x, y, custom = points[plan_id]
        assert abs(y - year) <= 0.3  # moved apart a little, never into another year
        assert y == view.jitter(year, plan_id)  # and always by the same amount
    assert points["HN-2021-92"][1] != points["TB-2021"][1]
    assert points["HN-2021-92"][2][1:] == ["Hà Nội · 2021 · 92/KH-UBND", "06/04/2021"]
    layout = spec["layout"]
    assert layout["yaxis"]["tickvals"] == [2021, 2023]
    assert layout["yaxis"]["ticktext"] == ["2021", "2023"]
    assert layout["yaxis"]["range"] == [2023.6, 2020.4]  # the earliest year on top
    assert [s["x0"] for s in layout["shapes"]] == [0, 90]
    assert [a["text"] for a in layout["annotations"]] == ["01/01", "hết quý I"]
    assert layout["height"] == 320


def test_plan_names_stop_at_twenty(vi):
    plans = pd.DataFrame(
        {"number": [f"{i}/KH" for i in range(1, 26)], "province": ["Huế"] * 25, "year": [2024] * 25}
    )
    text = view.plan_names(plans)
    assert text.endswith("Huế · 2024 · 20/KH …")
    assert text.count("; ") == 19
    assert not view.plan_names(plans.head(20)).endswith("…")  # exactly twenty: all named
    assert view.plan_names(plans.head(21)).endswith("20/KH …")
    assert view.plan_names(plans.head(2)) == "Huế · 2024 · 1/KH; Huế · 2024 · 2/KH"


def test_by_year_table(vi):
    by_year = pd.DataFrame(
        {
            "year": pd.array([2020, 2021], dtype="int32"),
            "plans": [1, 2500],
            "issued": [0, 2],
            "before_year": [0, 0],
            "first_quarter": [0, 1],
            "after_first_quarter": [0, 1],
            "min_days": pd.array([None, 14], dtype="Int32"),
            "median_days": [float("nan"), 54.5],
            "max_days": pd.array([None, 95], dtype="Int32"),
        }
    )
    table = view.by_year_table(by_year)
    assert list(table.columns)[:2] == ["Năm", t("timelines.col.plans")]
    first, second = table.to_dict("records")
    assert first["Năm"] == 2020 and second["Năm"] == 2021
    # numbers stay numbers, so that a click on the header sorts 200 before 1.000
    plans = t("timelines.col.plans")
    assert pd.api.types.is_numeric_dtype(table[plans])
    assert second[plans] == 2500
    assert list(table.sort_values(plans)[plans]) == [1, 2500]
    assert pd.isna(first[t("timelines.col.min_days")])
    assert second[t("timelines.col.median_days")] == round(54.5)


def test_by_year_table_draws_like_the_cards(vi):
    """What the reader sees: 2.500, not 2500; the year 2021, not 2.021; "—" for no days."""
    from tests.test_table import cells
    from ttdn.ui.table import display

    by_year = pd.DataFrame(
        {
            "year": pd.array([2020, 2021, 2022], dtype="int32"),
            "plans": [200, 2500, 1000],
            "issued": [0, 2, 1],
            "before_year": [0, 0, 0],
            "first_quarter": [0, 1, 0],
            "after_first_quarter": [0, 1, 1],
            "min_days": pd.array([None, 14, 3], dtype="Int32"),
            "median_days": [float("nan"), 54.5, 3.0],
            "max_days": pd.array([None, 95, 3], dtype="Int32"),
        }
    )
    table = view.by_year_table(by_year)
    data, config = display(table, "vi")
    plans = t("timelines.col.plans")
    assert config[plans]["type_config"]["format"] == "%'.,d"  # 2.500 in the browser
    assert config["Năm"]["type_config"]["format"] == "%d"  # 2021
    drawn = cells(data)
    min_days = list(table.columns).index(t("timelines.col.min_days"))
    assert [row[min_days] for row in drawn] == ["—", "14", "3"]
    assert sorted(data.data[plans]) == [200, 1000, 2500]


# 5. without dates, or a timeframe not understood ----------------------------------------


def test_flagged_frame_and_table(language):
    frame = view.flagged_frame(DRILL)
    assert list(frame["flag_label"]) == [
        t("timelines.flag.unparsed", language),
        t("timelines.flag.no_dates", language),
    ]
    table = view.flagged_table(frame)
    row = table.iloc[0]
    year = "Năm" if language == "vi" else "Year"
    assert row[year] == "2021"
    where = "dòng" if language == "vi" else "row"
    assert row[t("drill.col.source", language)] == f"ke-hoach.xlsx › Hoạt động › {where} 8"


def test_export_settings_name_known_columns():
    for settings in (
        view.PERIOD_EXPORT,
        view.DUE_EXPORT,
        view.PLAN_EXPORT,
        view.ISSUED_EXPORT,
        view.BY_YEAR_EXPORT,
        view.FLAGGED_EXPORT,
    ):
        assert set(settings) == {"labels", "columns"}
        assert len(settings["columns"]) == len(set(settings["columns"]))
    assert view.DUE_EXPORT["labels"]["end_date"] == "timelines.col.due"
    assert view.FLAGGED_EXPORT["labels"]["flag_label"] == "timelines.col.flag"


def test_gantt_hover_has_no_nan_for_a_missing_timeframe(vi):
    rows = pd.DataFrame(
        {
            "plan_id": ["P"],
            "activity_id": ["1"],
            "title": ["Hội nghị"],
            "timeframe": [float("nan")],  # what the query gives for an empty cell
            "start_date": [dt.date(2024, 3, 1)],
            "end_date": [dt.date(2024, 3, 31)],
            "dates_from": ["workbook"],
        }
    )
    (trace,) = view.gantt(rows)["data"]
    assert trace["customdata"] == [["P", "1", "Hội nghị", "", "01/03/2024", "31/03/2024"]]
