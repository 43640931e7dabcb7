"""The empty workbook users fill in: Vietnamese headers, drop-down lists for
the coded columns, and a sheet that explains every column."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ttdn.ingest.columns import SHEETS
from ttdn.reference import Reference, load_reference

HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
LIST_TITLES = {
    "code:issuer_level": "Cấp ban hành",
    "code:status": "Trạng thái",
    "code:assignment_role": "Vai trò",
    "theme": "Chủ đề (mã)",
    "province": "Tỉnh/thành phố",
}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")


def _labels(reference: Reference, field: str) -> list[str]:
    codes = reference.codes
    return codes.loc[codes.field == field, "label_vi"].str.lower().tolist()


def _lists(reference: Reference) -> dict[str, list[str]]:
    return {
        "code:issuer_level": _labels(reference, "issuer_level"),
        "code:status": _labels(reference, "status"),
        "code:assignment_role": _labels(reference, "assignment_role"),
        "theme": list(reference.themes["theme_code"]),
        "province": list(reference.provinces["province"]),
    }


CONTRACT_NOTE_VI = (
    "Mô tả đầy đủ mẫu bảng tính (ô nhiều giá trị tách bằng ';' hoặc xuống dòng, tiêu đề nhóm, "
    "ngày tháng, giới hạn): docs/workbook.md trong thư mục ứng dụng ttdn."
)
CONTRACT_NOTE_EN = (
    "The full workbook contract (multi-valued cells split by ';' or a line break, group "
    "headings, dates, limits): docs/workbook.md in the ttdn application folder."
)


def write_template(out: Path, reference: Reference | None = None) -> Path:
    reference = reference or load_reference()
    book = Workbook()
    book.remove(book.active)
    lists = _lists(reference)
    lists_sheet = book.create_sheet(LISTS_SHEET)
    ranges = {}
    for col, (kind, values) in enumerate(lists.items(), 1):
        letter = get_column_letter(col)
        lists_sheet.cell(1, col, LIST_TITLES[kind])
        for row, value in enumerate(values, 2):
            lists_sheet.cell(row, col, value)
        ranges[kind] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.label_vi, index=len(book.sheetnames) - 1)
        for col, column in enumerate(sheet.columns, 1):
            cell = ws.cell(1, col, column.label_vi)
            cell.font = Font(bold=True)
            cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.column_dimensions[get_column_letter(col)].width = max(14, len(column.label_vi) + 4)
            if column.kind in ranges:
                dv = DataValidation(type="list", formula1=ranges[column.kind], allow_blank=True)
                # multi-valued themes may hold several codes: warn, do not block
                dv.showErrorMessage = column.kind != "theme"
                dv.error = f"Chọn một giá trị trong danh sách ({column.label_vi})"
                ws.add_data_validation(dv)
                dv.add(f"{get_column_letter(col)}2:{get_column_letter(col)}5000")
        ws.freeze_panes = "A2"
    help_ws = book.create_sheet(HELP_SHEET, 0)
    headers = [
        "Trang (sheet)",
        "Cột (tiêu đề)",
        "Khóa tiếng Anh (key)",
        "Bắt buộc",
        "Ý nghĩa",
        "Meaning",
    ]
    help_ws.append(headers)
    for cell in help_ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for sheet in SHEETS:
        for column in sheet.columns:
            help_ws.append(
                [
                    sheet.label_vi,
                    column.label_vi,
                    column.key,
                    "có" if column.required else "không",
                    column.help_vi,
                    column.help_en,
                ]
            )
    help_ws.append([])
    help_ws.append([CONTRACT_NOTE_VI])
    help_ws.append([CONTRACT_NOTE_EN])
    for letter, width in zip("ABCDEF", (14, 24, 20, 10, 60, 60), strict=True):
        help_ws.column_dimensions[letter].width = width
    lists_sheet.sheet_state = "hidden"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
