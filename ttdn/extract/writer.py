"""Write an Extraction as the plan workbook: the four sheets with their Vietnamese headers
(as the template), a 'Cần xem lại' column that marks the rows to check (highlighted), and a
'Cần xem lại' sheet listing every uncertainty with sheet, row, column and reason (VI, EN).
The loader ignores that column and that sheet (ttdn.ingest.columns.EDITORIAL_*)."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from ttdn.ingest.columns import REVIEW_SHEET, SHEETS

REVIEW_LABEL = "Cần xem lại"
YES = "có"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    return value


def write(extraction, out: Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False, "strings_to_urls": False})
    head = book.add_format(
        {"bold": True, "bg_color": "#DCE6F1", "text_wrap": True, "valign": "top"}
    )
    flagged = book.add_format({"bg_color": "#FFF2CC", "text_wrap": True, "valign": "top"})
    plain = book.add_format({"text_wrap": True, "valign": "top"})
    labels = {}
    for sheet in SHEETS:
        labels[sheet.key] = sheet.label_vi
        ws = book.add_worksheet(sheet.label_vi)
        frame = extraction.tables[sheet.key]
        columns = list(sheet.columns)
        for col, column in enumerate(columns):
            ws.write_string(0, col, column.label_vi, head)
            ws.set_column(
                col, col, 40 if column.key in ("title", "description", "duty", "note") else 18
            )
        ws.write_string(0, len(columns), REVIEW_LABEL, head)
        for r, record in enumerate(frame.to_dict("records"), 1):
            mark = bool(record.get("needs_review"))
            style = flagged if mark else plain
            for col, column in enumerate(columns):
                value = _cell(record.get(column.key, ""))
                if column.kind in ("int", "amount") and str(value).strip().isdigit():
                    ws.write_number(r, col, int(str(value).strip()), style)
                else:
                    ws.write_string(r, col, str(value), style)
            ws.write_string(r, len(columns), YES if mark else "", style)
        ws.freeze_panes(1, 0)
    ws = book.add_worksheet(REVIEW_SHEET)
    for col, title in enumerate(("Trang / sheet", "Dòng / row", "Cột / column", "Lý do", "Reason")):
        ws.write_string(0, col, title, head)
    ws.set_column(0, 2, 16)
    ws.set_column(3, 4, 80)
    for r, issue in enumerate(extraction.review, 1):
        ws.write_string(r, 0, labels.get(issue.sheet, issue.sheet))
        if issue.row is not None:
            ws.write_number(r, 1, issue.row)
        column = next(
            (
                c.label_vi
                for s in SHEETS
                if s.key == issue.sheet
                for c in s.columns
                if c.key == issue.column
            ),
            issue.column or "",
        )
        ws.write_string(r, 2, column)
        ws.write_string(r, 3, issue.reason_vi, plain)
        ws.write_string(r, 4, issue.reason_en, plain)
    book.close()
    return out
