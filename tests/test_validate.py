"""Bad input gets a clear error naming sheet, Excel row and column, in VI and EN;
every problem is reported at once."""

import copy

import pytest

from tests.fixtures import SHEET_ROWS, write_csv_folder, write_xlsx
from ttdn.ingest.loader import check_files


def _sheets():
    return copy.deepcopy(SHEET_ROWS)


def _errors(path):
    _, problems = check_files([path])
    return [p for p in problems if p.severity == "error"]


def test_fixture_workbook_is_valid(tmp_path):
    assert _errors(write_xlsx(tmp_path / "ok.xlsx")) == []


def test_english_keys_and_loose_headers_are_accepted(tmp_path):
    sheets = _sheets()
    sheets["plans"] = [
        {("ma ke hoach" if k == "plan_id" else k): v for k, v in r.items()} for r in sheets["plans"]
    ]
    assert _errors(write_xlsx(tmp_path / "en.xlsx", sheets, labels=False)) == []


def test_missing_required_column_names_sheet_row_and_column(tmp_path):
    sheets = _sheets()
    for row in sheets["activities"]:
        del row["title"]
    (problem,) = _errors(write_xlsx(tmp_path / "b.xlsx", sheets))
    assert (problem.sheet, problem.row) == ("Hoạt động", 1)
    assert "Tên hoạt động" in problem.column and "title" in problem.column
    assert "bắt buộc" in problem.message_vi and "required" in problem.message_en


def test_missing_plans_sheet(tmp_path):
    sheets = _sheets()
    del sheets["plans"]
    messages = [p.message_en for p in _errors(write_xlsx(tmp_path / "b.xlsx", sheets))]
    assert "The 'plans' sheet is missing" in messages


def test_every_problem_is_reported_at_once(tmp_path):
    sheets = _sheets()
    sheets["plans"][0]["year"] = "hai nghìn"  # row 2
    sheets["plans"][1]["year"] = 1850  # row 3
    sheets["plans"][2]["issued_date"] = "31/02/2024"  # row 4
    sheets["activities"][1]["budget_vnd"] = "một triệu"  # row 3
    sheets["activities"][2]["activity_id"] = sheets["activities"][1]["activity_id"]  # row 4 dup
    sheets["activities"][3]["plan_id"] = "KHONG-CO"  # row 5 unknown
    sheets["activities"][4]["title"] = ""  # row 6 required empty
    errors = _errors(write_xlsx(tmp_path / "bad.xlsx", sheets))
    found = {(p.sheet, p.row, p.column.rsplit(" (", 1)[0]) for p in errors}
    assert found == {
        ("Kế hoạch", 2, "Năm kế hoạch"),
        ("Kế hoạch", 3, "Năm kế hoạch"),
        ("Kế hoạch", 4, "Ngày ban hành"),
        ("Hoạt động", 3, "Kinh phí (đồng)"),
        ("Hoạt động", 4, "Mã hoạt động"),
        ("Hoạt động", 5, "Mã kế hoạch"),
        ("Hoạt động", 6, "Tên hoạt động"),
    }
    by_row = {(p.sheet, p.row): p for p in errors}
    assert by_row[("Kế hoạch", 4)].value == "31/02/2024"
    assert "không tồn tại" in by_row[("Kế hoạch", 4)].message_vi
    assert "1990" in by_row[("Kế hoạch", 3)].message_en
    assert "duplicate activity_id" in by_row[("Hoạt động", 4)].message_en


def test_coded_columns_are_checked(tmp_path):
    sheets = _sheets()
    sheets["plans"][0]["issuer_level"] = "xã"
    sheets["activities"][0]["themes"] = "khong_co_chu_de"
    sheets["activities"][1]["status"] = "Hoàn thành"  # valid, any case
    errors = _errors(write_xlsx(tmp_path / "c.xlsx", sheets))
    assert {(p.sheet, p.row) for p in errors} == {("Kế hoạch", 2), ("Hoạt động", 2)}
    level = next(p for p in errors if p.sheet == "Kế hoạch")
    assert "tỉnh" in level.message_vi


def test_unknown_columns_are_kept_aside_as_warnings(tmp_path):
    sheets = _sheets()
    for row in sheets["plans"]:
        row["Ghi chú nội bộ"] = "x"
    tables, problems = check_files([write_xlsx(tmp_path / "w.xlsx", sheets)])
    warning = next(p for p in problems if p.column == "Ghi chú nội bộ")
    assert warning.severity == "warning"
    assert len(tables[0].rows["extra_fields"]) == len(sheets["plans"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_csv_folder_in_any_encoding_is_valid(tmp_path, encoding):
    folder = write_csv_folder(tmp_path / "csv", encoding=encoding)
    tables, problems = check_files([folder])
    assert [p for p in problems if p.severity == "error"] == []
    assert tables[0].rows["plans"][0]["issuer"] == "UBND tỉnh Hà Tĩnh"


def test_ods_workbook_is_read_like_xlsx(tmp_path):
    from tests.fixtures import write_ods

    tables, problems = check_files([write_ods(tmp_path / "b.ods")])
    assert [p for p in problems if p.severity == "error"] == []
    assert len(tables[0].rows["activities"]) == len(SHEET_ROWS["activities"])
    assert tables[0].rows["plans"][1]["year"] == 2021


def test_title_rows_above_the_header_are_skipped(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "t.xlsx")
    book = load_workbook(path)
    book["Kế hoạch"].insert_rows(1, amount=2)
    book["Kế hoạch"]["A1"] = "DANH SÁCH KẾ HOẠCH TTĐN"
    book.save(path)
    tables, problems = check_files([path])
    assert [p for p in problems if p.severity == "error"] == []
    assert tables[0].rows["plans"][0]["source_row"] == 4
