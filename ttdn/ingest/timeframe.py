"""Turn a timeframe as written ("Quý III/2020", "Thường xuyên trong năm 2020") into dates.

Matching is on folded text (case and diacritics ignored). A missing year is the plan year.
Every period found (dates, quarters, months, half-years, years, year ranges) becomes a span;
the result runs from the earliest start to the latest end, so lists ("tháng 3, 5") are read
as ranges. Choices:

- empty or None → (None, None, recurring=False, parsed=True): nothing to parse;
- "thường xuyên", "hằng/hàng năm", "định kỳ", "hằng quý/tháng" → recurring=True, and the
  whole plan year when no other period is written;
- "cả năm", "trong năm", "quanh năm" → the plan year;
- "ngay sau khi (kế hoạch) ... ban hành" → issued .. issued + 30 days; without an issue
  date, 1..31 January of the plan year, marked assumed=True (the text does not say so:
  the loader stores dates_from = 'assumed' and lists a warning);
- "trước (ngày) 30/6" → an end date only (start None): the text says when it ends, not
  when it starts; "trước" another period ends the day before it; "đến (hết)" ends with it;
  "từ"/"sau" a single period runs from it to 31 December of its year;
- a period that does not exist (31/02/2024, tháng 13, quý V) → parsed=False;
- nothing recognised ("Theo chỉ đạo", "Khi có yêu cầu") → (None, None, False, parsed=False).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ttdn.text import fold

ISSUED_WINDOW_DAYS = 30

_YEAR = r"((?:19|20)\d{2})"
_Q = r"(?:[ivx]+|\d)\b"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_DATE_PATTERNS = [
    re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:nam|/)\s*" + _YEAR + r")?"),
    re.compile(r"(?<![\d/.])(?<!thang )(\d{1,2})/(\d{1,2})(?:/" + _YEAR + r")?(?![\d/])"),
    re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\." + _YEAR + r"(?!\d)"),
    re.compile(r"(?<![\d-])(\d{1,2})-(\d{1,2})-" + _YEAR + r"(?!\d)"),
]
_ISO_DATE = re.compile(r"\b" + _YEAR + r"-(\d{1,2})-(\d{1,2})\b")
_HALF = re.compile(r"\b(?:6 thang|nua) (dau|cuoi) nam(?:\s*" + _YEAR + r")?")
_QUARTERS = re.compile(
    r"\bquy\s+(" + _Q + r"(?:\s*(?:,|-|va|den|toi)\s*(?:quy\s+)?" + _Q + r")*)"
    r"(?:\s*(?:/|nam)\s*" + _YEAR + r")?"
)
_MONTHS = re.compile(
    r"\bthang\s+(\d{1,2}(?:\s*(?:,|-|va|den|toi)\s*(?:thang\s+)?\d{1,2})*)"
    r"(?:\s*(?:/|nam)\s*" + _YEAR + r")?"
)
_YEAR_RANGE = re.compile(r"\b" + _YEAR + r"\s*(?:-|den|toi)\s*(?:nam\s+)?" + _YEAR + r"\b")
_SINGLE_YEAR = re.compile(r"\b" + _YEAR + r"\b")
_WHOLE_YEAR = re.compile(r"\b(?:ca nam|trong nam|quanh nam|suot nam)\b")
_RECURRING = re.compile(r"\b(?:thuong xuyen|hang nam|hang quy|hang thang|dinh ky|lien tuc)\b")
_AFTER_ISSUE = re.compile(r"\b(?:ngay sau khi|sau khi\b.*\bban hanh)")
_BEFORE = re.compile(r"\btruoc(?:\s+(?:ngay|thang|quy|nam))?\s*$")
_UNTIL = re.compile(r"\b(?:den|toi)(?:\s+het)?(?:\s+(?:ngay|thang|quy|nam))?\s*$")
_FROM = re.compile(r"\b(?:tu|sau|bat dau)(?:\s+(?:ngay|thang|quy|nam))?\s*$")


@dataclass(frozen=True)
class Timeframe:
    start: date | None
    end: date | None
    recurring: bool
    parsed: bool
    assumed: bool = False  # the dates rest on an assumption, not on the text


@dataclass(frozen=True)
class _Span:
    start: date
    end: date
    at: int  # where the period was written in the folded text
    kind: str  # 'date' or 'period'
    single: bool  # one day, month, quarter or year (not a range such as "tháng 3-5")


class _Invalid(ValueError):
    pass


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise _Invalid(str(exc)) from exc


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    if not (1 <= first <= 12 and 1 <= last <= 12):
        raise _Invalid(f"month {first}-{last}")
    return date(year, first, 1), _month_end(year, last)


def _blank_out(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def _spans(text: str, year: int) -> list[_Span]:
    """Every period written in the folded text; matched text is blanked so it counts once."""
    spans: list[_Span] = []

    def scan(regex: re.Pattern[str], make) -> None:
        nonlocal text
        for match in list(regex.finditer(text)):
            start, end, kind, single = make(match)
            spans.append(_Span(start, end, match.start(), kind, single))
            text = _blank_out(text, match)

    def iso(m: re.Match[str]):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        return day, day, "date", True

    def dmy(m: re.Match[str]):
        day = _day(int(m[3] or year), int(m[2]), int(m[1]))
        return day, day, "date", True

    def half(m: re.Match[str]):
        y = int(m[2] or year)
        first = 1 if m[1] == "dau" else 7
        return (*_months(y, first, first + 5), "period", True)

    def quarters(m: re.Match[str]):
        found = [_ROMAN.get(q) or (int(q) if q.isdigit() else 0) for q in re.findall(_Q, m[1])]
        if not all(1 <= q <= 4 for q in found):
            raise _Invalid(f"quarter {m[1]}")
        y = int(m[2] or year)
        return (*_months(y, 3 * min(found) - 2, 3 * max(found)), "period", len(found) == 1)

    def months(m: re.Match[str]):
        found = [int(x) for x in re.findall(r"\d{1,2}", m[1])]
        return (*_months(int(m[2] or year), min(found), max(found)), "period", len(found) == 1)

    def year_range(m: re.Match[str]):
        return date(int(m[1]), 1, 1), date(int(m[2]), 12, 31), "period", False

    def single_year(m: re.Match[str]):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), "period", True

    scan(_ISO_DATE, iso)
    for pattern in _DATE_PATTERNS:
        scan(pattern, dmy)
    scan(_HALF, half)
    scan(_QUARTERS, quarters)
    scan(_MONTHS, months)
    scan(_YEAR_RANGE, year_range)
    scan(_SINGLE_YEAR, single_year)
    return spans


def parse_timeframe(text: str | None, year: int, issued: date | None) -> Timeframe:
    """Dates for a timeframe as written; see the module docstring for the rules."""
    if text is None or not str(text).strip():
        return Timeframe(None, None, False, True)
    folded = re.sub(r"[\u2010-\u2015\u2212]", "-", fold(str(text)))
    recurring = _RECURRING.search(folded) is not None
    year_start = date(year, 1, 1)
    if _AFTER_ISSUE.search(folded):
        if issued:
            return Timeframe(issued, issued + timedelta(days=ISSUED_WINDOW_DAYS), recurring, True)
        return Timeframe(year_start, date(year, 1, 31), recurring, True, assumed=True)
    try:
        spans = _spans(folded, year)
    except _Invalid:
        return Timeframe(None, None, False, False)
    if not spans:
        if recurring or _WHOLE_YEAR.search(folded):
            return Timeframe(year_start, date(year, 12, 31), recurring, True)
        return Timeframe(None, None, False, False)
    start = min(span.start for span in spans)
    end = max(span.end for span in spans)
    if len(spans) == 1 and spans[0].single:
        span, before = spans[0], folded[: spans[0].at]
        if _BEFORE.search(before):
            end = span.end if span.kind == "date" else span.start - timedelta(days=1)
            start = None
        elif _UNTIL.search(before):
            start = None
        elif _FROM.search(before):
            end = date(span.start.year, 12, 31)
    return Timeframe(start, end, recurring, True)
