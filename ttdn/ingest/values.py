"""Turning cell values into typed values. Each converter returns the value or
raises ValueError with (Vietnamese, English) text saying what was expected."""

from __future__ import annotations

import datetime as dt
import re

from ttdn.text import nfc

_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_THOUSANDS = re.compile(r"^\d{1,3}([.,])\d{3}(?:\1\d{3})*$")
_CURRENCY = re.compile(r"(?i)(vnđ|vnd|đồng|đ)\s*$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
FIRST_DATE, LAST_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
FIRST_SERIAL = (FIRST_DATE - EXCEL_EPOCH).days  # 32874: Excel's number for 01/01/1990
MAX_AMOUNT = 10**15  # đồng; a plan's budget is far below (the state budget is ~2·10^15)


class CellError(ValueError):
    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


def as_text(cell) -> str | None:
    """Cell → NFC text; integral floats print without '.0'; empty → None."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d/%m/%Y") if cell.time() == dt.time() else cell.isoformat(" ")
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    text = nfc(str(cell))
    return text or None


def as_int(cell) -> int:
    if isinstance(cell, bool):
        raise CellError("cần một số nguyên", "expected a whole number")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = as_text(cell) or ""
    if re.fullmatch(r"[+-]?\d+", text.strip()):
        return int(text)
    raise CellError("cần một số nguyên", "expected a whole number")


def as_year(cell) -> int:
    try:
        year = as_int(cell)
    except CellError:
        raise CellError(
            "cần một năm bằng số, từ 1990 đến 2100", "expected a year as a number, 1990 to 2100"
        ) from None
    if not 1990 <= year <= 2100:
        raise CellError("năm phải từ 1990 đến 2100", "the year must be from 1990 to 2100")
    return year


def as_date(cell) -> dt.date:
    """A date from 01/01/1990 to 31/12/2100 (a cell, text, or an Excel serial number)."""
    return _in_range(_as_date(cell))


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise CellError(
            f"ngày {day.strftime('%d/%m/%Y')} nằm ngoài khoảng 01/01/1990–31/12/2100",
            f"the date {day.isoformat()} is outside 1990-01-01 to 2100-12-31",
        )
    return day


def _as_date(cell) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if not cell == cell or not FIRST_SERIAL <= cell < 2958466:  # NaN, or before 1990
            raise CellError(
                f"số ngày kiểu Excel {as_text(cell)} không phải ngày từ 1990 đến 2100"
                " (số 32874 là 01/01/1990)",
                f"the Excel date number {as_text(cell)} is not a date from 1990 to 2100"
                " (32874 is 1990-01-01)",
            )
        return EXCEL_EPOCH + dt.timedelta(days=int(cell))
    text = (as_text(cell) or "").strip()
    match = _DATE_DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.match(text)
        if not match:
            raise CellError(
                "cần một ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd",
                "expected a date as dd/mm/yyyy or yyyy-mm-dd",
            )
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(
            "ngày này không tồn tại (ví dụ 31/02)", "this date does not exist (e.g. 31/02)"
        ) from None


def as_amount(cell) -> int:
    """VND amount: 1500000, 1.500.000, 1,500,000, '1 500 000 đồng' → 1500000."""
    expected = CellError(
        "cần một số tiền (đồng), ví dụ 1.500.000", "expected an amount in VND, e.g. 1.500.000"
    )
    if isinstance(cell, bool):
        raise expected
    if isinstance(cell, int | float):
        if not cell == cell or cell in (float("inf"), float("-inf")):
            raise expected
        value = cell
    else:
        text = _CURRENCY.sub("", (as_text(cell) or "").strip())
        text = re.sub(r"[\s\u00a0\u202f]+", "", text)
        if _THOUSANDS.match(text):
            value = int(re.sub(r"[.,]", "", text))
        elif re.fullmatch(r"\d+", text):
            value = int(text)
        elif re.fullmatch(r"\d+[.,]\d{1,2}", text):
            value = float(text.replace(",", "."))
        else:
            raise expected
    if value < 0:
        raise CellError("số tiền không được âm", "the amount cannot be negative")
    if value > MAX_AMOUNT:
        raise CellError(
            "số tiền vượt 10^15 đồng (1.000.000 tỷ đồng); kiểm tra lại số chữ số",
            "the amount is over 10^15 đồng (1,000,000 billion); check the number of digits",
        )
    return int(round(value))
