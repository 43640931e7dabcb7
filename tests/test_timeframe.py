"""ttdn.ingest.timeframe: timeframes as written → dates."""

import unicodedata
from datetime import date

import pytest

from ttdn.ingest.timeframe import Timeframe, parse_timeframe

D = date
ISSUED = date(2021, 4, 6)
YEAR_2021 = Timeframe(D(2021, 1, 1), D(2021, 12, 31), False, True)
UNPARSED = Timeframe(None, None, False, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # quarters
        ("Quý III/2020", Timeframe(D(2020, 7, 1), D(2020, 9, 30), False, True)),
        ("Quý III/2020.", Timeframe(D(2020, 7, 1), D(2020, 9, 30), False, True)),
        ("quý 3 năm 2020", Timeframe(D(2020, 7, 1), D(2020, 9, 30), False, True)),
        ("Quý 1/2021", Timeframe(D(2021, 1, 1), D(2021, 3, 31), False, True)),
        ("Quý IV", Timeframe(D(2021, 10, 1), D(2021, 12, 31), False, True)),
        ("Quý II, III/2021", Timeframe(D(2021, 4, 1), D(2021, 9, 30), False, True)),
        ("Quý I và quý II", Timeframe(D(2021, 1, 1), D(2021, 6, 30), False, True)),
        ("Từ quý II đến quý III/2021", Timeframe(D(2021, 4, 1), D(2021, 9, 30), False, True)),
        ("Quý IV/2020 - Quý I/2021", Timeframe(D(2020, 10, 1), D(2021, 3, 31), False, True)),
        # recurring and whole year
        ("Thường xuyên trong năm 2020", Timeframe(D(2020, 1, 1), D(2020, 12, 31), True, True)),
        ("Thường xuyên", Timeframe(D(2021, 1, 1), D(2021, 12, 31), True, True)),
        ("hằng năm", Timeframe(D(2021, 1, 1), D(2021, 12, 31), True, True)),
        ("Hàng năm", Timeframe(D(2021, 1, 1), D(2021, 12, 31), True, True)),
        ("Định kỳ 6 tháng", Timeframe(D(2021, 1, 1), D(2021, 12, 31), True, True)),
        ("Tháng 6 hằng năm", Timeframe(D(2021, 6, 1), D(2021, 6, 30), True, True)),
        ("Cả năm", YEAR_2021),
        ("Năm 2021", YEAR_2021),
        ("Trong năm 2021", YEAR_2021),
        ("trong năm", YEAR_2021),
        # months
        ("tháng 6/2021", Timeframe(D(2021, 6, 1), D(2021, 6, 30), False, True)),
        ("Tháng 6 năm 2021", Timeframe(D(2021, 6, 1), D(2021, 6, 30), False, True)),
        ("tháng 6", Timeframe(D(2021, 6, 1), D(2021, 6, 30), False, True)),
        ("tháng 2/2024", Timeframe(D(2024, 2, 1), D(2024, 2, 29), False, True)),
        ("tháng 3-5/2021", Timeframe(D(2021, 3, 1), D(2021, 5, 31), False, True)),
        ("tháng 3 – 5/2021", Timeframe(D(2021, 3, 1), D(2021, 5, 31), False, True)),
        ("từ tháng 3 đến tháng 5/2021", Timeframe(D(2021, 3, 1), D(2021, 5, 31), False, True)),
        ("tháng 11/2020 đến tháng 2/2021", Timeframe(D(2020, 11, 1), D(2021, 2, 28), False, True)),
        ("từ tháng 9/2021", Timeframe(D(2021, 9, 1), D(2021, 12, 31), False, True)),
        # half years
        ("6 tháng đầu năm", Timeframe(D(2021, 1, 1), D(2021, 6, 30), False, True)),
        ("6 tháng cuối năm", Timeframe(D(2021, 7, 1), D(2021, 12, 31), False, True)),
        ("6 tháng đầu năm 2022", Timeframe(D(2022, 1, 1), D(2022, 6, 30), False, True)),
        # explicit dates and deadlines
        ("15/3/2021", Timeframe(D(2021, 3, 15), D(2021, 3, 15), False, True)),
        ("15/3/2021 - 20/4/2021", Timeframe(D(2021, 3, 15), D(2021, 4, 20), False, True)),
        (
            "Từ ngày 15/3/2021 đến ngày 20/4/2021",
            Timeframe(D(2021, 3, 15), D(2021, 4, 20), False, True),
        ),
        ("ngày 15 tháng 3 năm 2021", Timeframe(D(2021, 3, 15), D(2021, 3, 15), False, True)),
        ("2021-03-15", Timeframe(D(2021, 3, 15), D(2021, 3, 15), False, True)),
        # "before" a date gives an end date only: the text does not say when it starts
        ("trước ngày 30/6/2021", Timeframe(None, D(2021, 6, 30), False, True)),
        ("Trước 30/6", Timeframe(None, D(2021, 6, 30), False, True)),
        ("trước tháng 6/2021", Timeframe(None, D(2021, 5, 31), False, True)),
        ("Trước ngày 30/6/2024", Timeframe(None, D(2024, 6, 30), False, True)),
        # multi-year
        ("giai đoạn 2021-2025", Timeframe(D(2021, 1, 1), D(2025, 12, 31), False, True)),
        ("Giai đoạn 2021 - 2025", Timeframe(D(2021, 1, 1), D(2025, 12, 31), False, True)),
        ("đến năm 2030", Timeframe(None, D(2030, 12, 31), False, True)),
        # "right after issue" without an issue date: January of the plan year, an assumption
        (
            "Ngay sau khi Kế hoạch này được ban hành",
            Timeframe(D(2021, 1, 1), D(2021, 1, 31), False, True, assumed=True),
        ),
        # not understood
        ("Theo chỉ đạo", UNPARSED),
        ("Khi có yêu cầu", UNPARSED),
        ("Đột xuất", UNPARSED),
        ("31/02/2024", UNPARSED),
        ("tháng 13/2021", UNPARSED),
        ("Quý 5/2021", UNPARSED),
        ("Quý V/2021", UNPARSED),
        # nothing to parse
        ("", Timeframe(None, None, False, True)),
        ("   ", Timeframe(None, None, False, True)),
        (None, Timeframe(None, None, False, True)),
    ],
)
def test_parse_timeframe(text, expected):
    assert parse_timeframe(text, 2021, None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ngay sau khi Kế hoạch này được ban hành",
            Timeframe(ISSUED, D(2021, 5, 6), False, True),
        ),
        (
            "ngay sau khi kế hoạch được ban hành",
            Timeframe(ISSUED, D(2021, 5, 6), False, True),
        ),
        ("trước ngày 30/6/2021", Timeframe(None, D(2021, 6, 30), False, True)),
        ("trước 30/3", Timeframe(None, D(2021, 3, 30), False, True)),  # issued later
        ("Quý III/2021", Timeframe(D(2021, 7, 1), D(2021, 9, 30), False, True)),
    ],
)
def test_parse_timeframe_with_issue_date(text, expected):
    assert parse_timeframe(text, 2021, ISSUED) == expected


def test_plan_issued_the_year_before():
    assert parse_timeframe("trước 31/3", 2023, D(2022, 12, 6)) == Timeframe(
        None, D(2023, 3, 31), False, True
    )


@pytest.mark.parametrize(
    "text",
    [
        unicodedata.normalize("NFD", "Quý III/2020"),
        "QUÝ III/2020",
        "Quy III/2020",
        "quý   III / 2020",
    ],
)
def test_spelling_variants(text):
    assert parse_timeframe(text, 2020, None) == Timeframe(
        D(2020, 7, 1), D(2020, 9, 30), False, True
    )


def test_lookalike_eth():
    text = "\u00d0ến ngày 30/6/2021"  # 'Ðến' typed with the Icelandic eth
    assert parse_timeframe(text, 2021, None) == Timeframe(None, D(2021, 6, 30), False, True)


def test_timeframe_is_frozen():
    frame = parse_timeframe("Quý I", 2021, None)
    with pytest.raises(AttributeError):
        frame.start = None  # type: ignore[misc]
