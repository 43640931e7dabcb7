"""Chart data downloads: formula neutralization, translated headers, CSV with BOM, XLSX."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from ttdn.i18n import catalog
from ttdn.ui import export


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+84 912", "-5", "@SUM(A1)", "\tcmd", "\r=2", "\n=3", '=HYPERLINK("x")'],
)
def test_dangerous_text_gets_a_leading_quote(value):
    assert export.neutralize(value) == "'" + value


@pytest.mark.parametrize("value", ["Sở Ngoại vụ", "a=b", "1+1", "", " =x", 5, -5, 1.5, None])
def test_other_values_are_left_alone(value):
    assert export.neutralize(value) == value


def test_headers_follow_the_language_and_the_catalog():
    labels = {"activities": "themes.col.activities", "name_vi": "Chủ đề (nhãn riêng)"}
    assert export.header("activities", labels, "vi") == catalog()["themes.col.activities"]["vi"]
    assert export.header("activities", labels, "en") == catalog()["themes.col.activities"]["en"]
    # literal text, then the shared col.* keys, then the column name itself
    assert export.header("name_vi", labels, "en") == "Chủ đề (nhãn riêng)"
    assert export.header("year", None, "vi") == catalog()["col.year"]["vi"]
    assert export.header("year", None, "en") == catalog()["col.year"]["en"]
    assert export.header("no_such_column", None, "vi") == "no_such_column"


def test_prepare_neutralizes_cells_and_headers_and_keeps_numbers():
    frame = pd.DataFrame(
        {"title": ["=cmd|' /C calc'!A0", "Tập huấn"], "year": [2020, 2021], "=x": ["a", "-b"]}
    )
    out = export.prepare(frame, language="vi")
    assert list(out.columns) == [catalog()["col.title"]["vi"], catalog()["col.year"]["vi"], "'=x"]
    assert out.iloc[0, 0] == "'=cmd|' /C calc'!A0"
    assert out.iloc[1, 0] == "Tập huấn"
    assert out.iloc[1, 2] == "'-b"
    assert out.iloc[:, 1].tolist() == [2020, 2021]


def test_prepare_picks_and_orders_columns_and_joins_lists():
    frame = pd.DataFrame({"a": [1], "b": [["x", "y"]], "c": ["z"]})
    out = export.prepare(frame, columns=["c", "b"], language="en")
    assert list(out.columns) == ["c", "b"]
    assert out.iloc[0].tolist() == ["z", "x; y"]


def test_csv_is_utf8_with_bom_and_reads_back():
    frame = export.prepare(pd.DataFrame({"province": ["Đắk Lắk", "=evil()"], "plans": [3, 4]}))
    data = export.to_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back.columns.tolist() == [catalog()["col.province"]["vi"], "plans"]
    assert back.iloc[:, 0].tolist() == ["Đắk Lắk", "'=evil()"]


def test_xlsx_has_headers_text_numbers_dates_and_no_formulas():
    frame = export.prepare(
        pd.DataFrame(
            {
                "title": ["=1+1", "Quảng bá hình ảnh"],
                "activities": [1234567, 8],
                "issued_date": [dt.date(2021, 4, 6), None],
            }
        ),
        language="en",
    )
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(frame, "chu_de", "en")))
    sheet = book.active
    assert sheet.title == "chu_de"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        catalog()["col.title"]["en"],
        catalog()["col.activities"]["en"],
        catalog()["col.issued_date"]["en"],
    )
    assert rows[1][0] == "'=1+1"
    assert rows[2][0] == "Quảng bá hình ảnh"
    assert rows[1][1] == 1234567
    assert rows[1][2].date() == dt.date(2021, 4, 6)
    assert rows[2][2] is None
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_file_names_are_safe():
    assert export.file_stem("chủ đề / tỉnh: 2020") == "chủ_đề_tỉnh_2020"
    assert export.file_stem("///") == "du_lieu"


@pytest.mark.parametrize(("language", "sheet_name"), [("vi", "Dữ liệu"), ("en", "Data")])
def test_xlsx_years_plain_dates_without_time_sheet_in_the_language(language, sheet_name):
    frame = export.prepare(
        pd.DataFrame(
            {
                "year": pd.array([2020, 2021], dtype="Int64"),
                "source_row": pd.array([15, 1200], dtype="Int64"),
                "activities": pd.array([1500, 8], dtype="Int64"),
                # a DATE column as DuckDB hands it to pandas: a midnight timestamp
                "start_date": pd.to_datetime(["2020-01-01", "2020-07-01"]),
                "loaded_at": pd.to_datetime(["2024-05-06 14:30", "2024-05-06 14:31"]),
            }
        ),
        language=language,
    )
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(frame, language=language)))
    sheet = book.active
    assert sheet.title == sheet_name
    year, row, activities, start, loaded = (sheet.cell(2, c) for c in range(1, 6))
    assert (year.value, year.number_format) == (2020, "0")  # not 2.020
    assert (row.value, sheet.cell(3, 2).number_format) == (15, "0")
    assert (activities.value, activities.number_format) == (1500, "#,##0")
    assert start.value == dt.datetime(2020, 1, 1)
    assert start.number_format == ("dd/mm/yyyy" if language == "vi" else "yyyy-mm-dd")
    assert loaded.number_format == "dd/mm/yyyy hh:mm"  # a real time keeps it
