"""Validation: raw sheets → typed records, reporting every problem at once with
sheet, Excel row, column, value and what was expected (VI and EN)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ttdn.ingest.columns import (
    HELPER_SHEETS,
    SHEETS,
    Column,
    Sheet,
    column_for_header,
    is_editorial,
    sheet_for_name,
)
from ttdn.ingest.problems import Problem
from ttdn.ingest.reader import RawSheet, RawWorkbook, column_letters
from ttdn.ingest.values import CellError, as_amount, as_date, as_text, as_year
from ttdn.reference import Reference
from ttdn.text import fold_key, split_multi


@dataclass
class Record:
    sheet: str  # the sheet name as written in the file
    row: int  # Excel row number
    values: dict


@dataclass
class ParsedWorkbook:
    file: str
    records: dict[str, list[Record]] = field(default_factory=dict)  # by sheet key
    extras: list[tuple[str, int, str, str, str | None]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def validate(
    book: RawWorkbook, reference: Reference, loaded_plans: Iterable[str] = ()
) -> ParsedWorkbook:
    parsed = ParsedWorkbook(book.name, {s.key: [] for s in SHEETS})
    parsed.problems.extend(book.problems)
    seen: dict[str, str] = {}
    for raw in book.sheets:
        sheet = sheet_for_name(raw.name)
        if sheet is None:
            if raw.headers and fold_key(raw.name) not in {fold_key(h) for h in HELPER_SHEETS}:
                parsed.problems.append(
                    _problem(
                        parsed,
                        raw.name,
                        None,
                        None,
                        None,
                        "Trang không thuộc mẫu, đã bỏ qua (cần: Kế hoạch, Hoạt động, Phân công, Kinh phí)",
                        "Sheet is not part of the format and was skipped (expected: plans, activities, assignments, budgets)",
                        "warning",
                    )
                )
            continue
        if sheet.key in seen:
            parsed.problems.append(
                _problem(
                    parsed,
                    raw.name,
                    None,
                    None,
                    None,
                    f"Trang '{sheet.label_vi}' xuất hiện hai lần (cùng với '{seen[sheet.key]}')",
                    f"Sheet '{sheet.key}' appears twice (also as '{seen[sheet.key]}')",
                )
            )
            continue
        seen[sheet.key] = raw.name
        _validate_sheet(parsed, raw, sheet, reference)
    _check_plans_present(parsed, book, seen, set(loaded_plans))
    if seen and not any(parsed.records.values()) and not parsed.errors:
        parsed.problems.append(
            _problem(
                parsed,
                None,
                None,
                None,
                None,
                "Bảng tính không có dòng dữ liệu nào (chỉ có tiêu đề)",
                "The workbook has no data rows (headers only)",
            )
        )
    _check_keys(parsed, set(loaded_plans))
    return parsed


def _problem(parsed, sheet, row, column, value, vi, en, severity="error") -> Problem:
    shown = None if value is None else (as_text(value) or "")
    return Problem(parsed.file, sheet, row, column, shown, vi, en, severity)


def _find_header(raw: RawSheet, sheet: Sheet) -> RawSheet:
    """Allow a few title rows above the header: take the first row (of the first 10)
    that names at least two columns of the sheet."""

    def known(cells) -> int:
        return sum(column_for_header(sheet, str(c)) is not None for c in cells if c is not None)

    if known(raw.headers) >= 2:
        return raw
    for i, (row_number, cells) in enumerate(raw.rows[:10]):
        if known(cells) >= 2:
            headers = ["" if c is None else str(c).strip() for c in cells]
            return RawSheet(raw.name, row_number, headers, raw.rows[i + 1 :])
    return raw


def _validate_sheet(
    parsed: ParsedWorkbook, raw: RawSheet, sheet: Sheet, reference: Reference
) -> None:
    raw = _find_header(raw, sheet)
    mapping: dict[int, Column] = {}
    extras: dict[int, str] = {}
    unnamed = [i for i, header in enumerate(raw.headers) if not header]
    for index, header in enumerate(raw.headers):
        if not header or is_editorial(header):
            continue
        column = column_for_header(sheet, header)
        if column is None:
            extras[index] = header
            parsed.problems.append(
                _problem(
                    parsed,
                    raw.name,
                    raw.header_row,
                    header,
                    None,
                    "Cột không thuộc mẫu: giữ riêng, không dùng trong phân tích",
                    "Column is not part of the format: kept aside, not used in analysis",
                    "warning",
                )
            )
        elif column in mapping.values():
            parsed.problems.append(
                _problem(
                    parsed,
                    raw.name,
                    raw.header_row,
                    header,
                    None,
                    f"Cột '{column.label_vi}' xuất hiện hai lần",
                    f"Column '{column.key}' appears twice",
                )
            )
        else:
            mapping[index] = column
    present = set(mapping.values())
    missing = [c for c in sheet.columns if c.required and c not in present]
    for column in missing:
        parsed.problems.append(
            _problem(
                parsed,
                raw.name,
                raw.header_row,
                f"{column.label_vi} ({column.key})",
                None,
                "Thiếu cột bắt buộc",
                "A required column is missing",
            )
        )
    if missing:
        return
    _check_unnamed(parsed, raw, unnamed)
    columns = list(mapping.items())
    caches: dict[str, dict] = {column.key: {} for column in mapping.values()}
    for row_number, cells in raw.rows:
        values: dict = {}
        width = len(cells)
        for index, column in columns:
            cell = cells[index] if index < width else None
            if (cell is None or cell == "") and not column.required:
                values[column.key] = [] if column.kind in ("multi", "theme") else None
                continue
            cache = caches[column.key]
            # a value converted once converts the same way again (per column; errors and
            # empty cells are not cached: they are reported on every row)
            key = cell if type(cell) is str else (type(cell), cell)  # 1 ≠ True ≠ 1.0
            found = cache.get(key, _MISSING) if cell is not None else _MISSING
            if found is _MISSING:
                found = _convert(parsed, raw.name, row_number, column, cell, reference)
                if cell is not None and found is not None and len(cache) < 200_000:
                    cache[key] = found
            values[column.key] = list(found) if type(found) is list else found
        for index, header in extras.items():
            cell = cells[index] if index < len(cells) else None
            if as_text(cell) is not None:
                parsed.extras.append(
                    (raw.name, row_number, header, as_text(cell), values.get("plan_id"))
                )
        for column in sheet.columns:
            if column.key not in values:
                values[column.key] = [] if column.kind in ("multi", "theme") else None
        _check_row(parsed, raw.name, row_number, sheet, values)
        parsed.records[sheet.key].append(Record(raw.name, row_number, values))


_MISSING = object()


def _check_unnamed(parsed: ParsedWorkbook, raw: RawSheet, unnamed: list[int]) -> None:
    """A value under an empty header (or beyond the last header) is not loaded: say so,
    once per column, with the first row where it happens."""
    width = len(raw.headers)
    first: dict[int, tuple[int, object]] = {}
    counts: dict[int, int] = {}
    for row_number, cells in raw.rows:
        indexes = [i for i in unnamed if i < len(cells)]
        if len(cells) > width:
            indexes += range(width, len(cells))
        for index in indexes:
            if as_text(cells[index]) is not None:
                first.setdefault(index, (row_number, cells[index]))
                counts[index] = counts.get(index, 0) + 1
    for index, (row_number, cell) in sorted(first.items()):
        parsed.problems.append(
            _problem(
                parsed,
                raw.name,
                row_number,
                f"{column_letters(index + 1)} (không tiêu đề / no header)",
                cell,
                f"{counts[index]} ô có giá trị dưới tiêu đề trống: không được nạp; hãy đặt tên cột",
                f"{counts[index]} cells hold a value under an empty header: not loaded; name the"
                " column",
                "warning",
            )
        )


def _convert(parsed, sheet_name, row, column: Column, cell, reference: Reference):
    label = f"{column.label_vi} ({column.key})"
    text = as_text(cell)
    if text is None:
        if column.required:
            parsed.problems.append(
                _problem(
                    parsed,
                    sheet_name,
                    row,
                    label,
                    "",
                    "Ô bắt buộc đang trống",
                    "A required cell is empty",
                )
            )
        return [] if column.kind in ("multi", "theme") else None
    try:
        if column.kind == "int":
            return as_year(cell)
        if column.kind == "date":
            return as_date(cell)
        if column.kind == "amount":
            return as_amount(cell)
        if column.kind == "multi":
            return split_multi(text)
        if column.kind == "theme":
            return _themes(text, reference)
        if column.kind.startswith("code:"):
            field_name = column.kind.split(":", 1)[1]
            code = reference.code(field_name, text)
            if code is None:
                allowed = ", ".join(reference.code_values(field_name))
                raise CellError(
                    f"giá trị không hợp lệ; cần một trong: {allowed}",
                    f"invalid value; expected one of: {allowed}",
                )
            return code
        if column.key in ("plan_id", "activity_id"):
            return text.strip()
        return text
    except CellError as err:
        parsed.problems.append(_problem(parsed, sheet_name, row, label, cell, err.vi, err.en))
        return None


def _themes(text: str, reference: Reference) -> list[str]:
    codes, unknown = [], []
    for part in split_multi(text):  # ';' or a line break only: names may hold commas
        code = reference.theme_code(part)
        (codes if code else unknown).append(code or part)
    if unknown:
        known = ", ".join(reference.themes["theme_code"])
        raise CellError(
            f"chủ đề không có trong danh mục: {'; '.join(unknown)} (mã hợp lệ: {known})",
            f"unknown theme: {'; '.join(unknown)} (valid codes: {known})",
        )
    return list(dict.fromkeys(codes))


def _check_row(parsed, sheet_name, row, sheet: Sheet, values: dict) -> None:
    if sheet.key == "plans":
        year, end = values.get("year"), values.get("period_end")
        if year is not None and end is not None and end < year:
            parsed.problems.append(
                _problem(
                    parsed,
                    sheet_name,
                    row,
                    "Năm kết thúc (period_end)",
                    end,
                    f"năm kết thúc phải từ năm kế hoạch ({year}) trở đi",
                    f"the end year must not be before the plan year ({year})",
                )
            )
    if sheet.key == "activities":
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            parsed.problems.append(
                _problem(
                    parsed,
                    sheet_name,
                    row,
                    "Kết thúc (end_date)",
                    end,
                    "ngày kết thúc trước ngày bắt đầu",
                    "the end date is before the start date",
                )
            )


def _check_plans_present(parsed, book: RawWorkbook, seen: dict, loaded: set[str]) -> None:
    if not seen:
        parsed.problems.append(
            _problem(
                parsed,
                None,
                None,
                None,
                None,
                "Không có trang nào theo mẫu (cần ít nhất trang Kế hoạch)",
                "No sheet of the format was found (at least 'plans' is needed)",
            )
        )
        return
    if "plans" in seen:
        return
    referenced = {r.values.get("plan_id") for recs in parsed.records.values() for r in recs}
    if not referenced or not referenced <= loaded:
        parsed.problems.append(
            _problem(
                parsed,
                "plans",
                None,
                None,
                None,
                "Thiếu trang Kế hoạch (plans)",
                "The 'plans' sheet is missing",
            )
        )


def _check_keys(parsed: ParsedWorkbook, loaded: set[str]) -> None:
    first_row: dict[str, int] = {}
    for record in parsed.records["plans"]:
        plan_id = record.values.get("plan_id")
        if plan_id is None:
            continue
        if plan_id in first_row:
            parsed.problems.append(
                _problem(
                    parsed,
                    record.sheet,
                    record.row,
                    "Mã kế hoạch (plan_id)",
                    plan_id,
                    f"mã kế hoạch trùng với dòng {first_row[plan_id]}",
                    f"duplicate plan_id, first used on row {first_row[plan_id]}",
                )
            )
        else:
            first_row[plan_id] = record.row
    known = set(first_row) | loaded
    activity_rows: dict[tuple[str, str], int] = {}
    for key in ("activities", "assignments", "budgets"):
        for record in parsed.records[key]:
            plan_id = record.values.get("plan_id")
            if plan_id is not None and plan_id not in known:
                parsed.problems.append(
                    _problem(
                        parsed,
                        record.sheet,
                        record.row,
                        "Mã kế hoạch (plan_id)",
                        plan_id,
                        "mã kế hoạch không có trong trang Kế hoạch và chưa được nạp",
                        "plan_id is neither in the plans sheet nor loaded already",
                    )
                )
            if key == "activities" and plan_id and record.values.get("activity_id"):
                ident = (plan_id, record.values["activity_id"])
                if ident in activity_rows:
                    parsed.problems.append(
                        _problem(
                            parsed,
                            record.sheet,
                            record.row,
                            "Mã hoạt động (activity_id)",
                            ident[1],
                            f"mã hoạt động trùng trong kế hoạch {plan_id} (dòng {activity_rows[ident]})",
                            f"duplicate activity_id within plan {plan_id} (row {activity_rows[ident]})",
                        )
                    )
                else:
                    activity_rows[ident] = record.row
