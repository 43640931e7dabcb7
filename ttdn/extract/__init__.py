"""The extractor: a plan document (.txt, .md, .html, .docx, .pdf with text) → the rows of
the plan workbook (../shared/spec/workbook.md), with every uncertainty listed for review.

    extraction = extract_document(path_or_bytes, filename, plan_id=None)
    extraction.tables["activities"]   # pandas DataFrames in workbook columns (+ needs_review)
    extraction.review                 # list of Issue(sheet, row, column, reason_vi, reason_en)
    write_workbook(extraction, "out.xlsx")

ExtractError (ttdn.extract.errors) is raised, with a VI/EN message, for a document that
gives no workbook: empty, not a plan, a scanned PDF, a Word 97 .doc, a file over the limit.
Nothing is invented: a field the text does not give stays empty, and a guess is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ttdn.extract import errors
from ttdn.extract.build import Builder, Rows
from ttdn.extract.clean import clean
from ttdn.extract.errors import ExtractError
from ttdn.extract.header import Header, parse_header
from ttdn.extract.readers import read_blocks
from ttdn.extract.structure import parse
from ttdn.ingest.columns import SHEETS
from ttdn.ingest.reader import Limits
from ttdn.reference import Reference, load_reference
from ttdn.text import fold

__all__ = [
    "ExtractError",
    "Extraction",
    "Issue",
    "extract_document",
    "merge_extractions",
    "write_workbook",
]

REVIEW_COLUMN = "needs_review"
SHEET_LABELS = {sheet.key: sheet.label_vi for sheet in SHEETS}


@dataclass(frozen=True)
class Issue:
    sheet: str  # sheet key: plans, activities, assignments, budgets
    row: int | None  # Excel row in the written workbook (header = 1), None = whole sheet
    column: str | None
    reason_vi: str
    reason_en: str

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "reason_vi": self.reason_vi,
            "reason_en": self.reason_en,
        }


@dataclass
class Extraction:
    plan_id: str
    source: str
    tables: dict[str, pd.DataFrame]
    review: list[Issue] = field(default_factory=list)
    header: Header | None = None

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.tables.items()}

    def with_tables(self, tables: dict[str, pd.DataFrame]) -> Extraction:
        """The same extraction with edited tables (e.g. from st.data_editor), to write again."""
        merged = {name: tables.get(name, frame) for name, frame in self.tables.items()}
        return Extraction(self.plan_id, self.source, merged, list(self.review), self.header)


def extract_document(
    document: str | Path | bytes,
    filename: str | None = None,
    plan_id: str | None = None,
    reference: Reference | None = None,
    limits: Limits | None = None,
) -> Extraction:
    """Extract one plan document (a path, or its bytes with its file name)."""
    limits = limits or Limits.from_env()
    if isinstance(document, bytes | bytearray):
        data = bytes(document)
        name = filename or "document.txt"
    else:
        path = Path(document)
        name = filename or path.name
        if not path.exists():
            raise ExtractError("not_found", "Không tìm thấy tệp", "File not found", name)
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise errors.too_large(size, limits.max_bytes, name)
        data = path.read_bytes()
    if len(data) > limits.max_bytes:
        raise errors.too_large(len(data), limits.max_bytes, name)
    reference = reference or load_reference()
    suffix = Path(name).suffix.lower()
    blocks, fmt = read_blocks(data, suffix, name)
    cleaned = clean(blocks, fmt)
    if not any(line.text or line.table for line in cleaned.lines):
        raise errors.empty(name)
    outline = parse(cleaned.lines)
    first = next((n.line for n in outline.root.items()), None)
    body_start = first if first is not None else 10**9
    header = parse_header(cleaned.lines, body_start, reference)
    rows = Builder(outline, reference).build()
    if not _looks_like_plan(header, rows, cleaned.lines):
        raise errors.not_plan(name)
    plan_id = plan_id or make_plan_id(header, reference)
    return _assemble(plan_id, name, header, rows, cleaned, outline, reference)


def _looks_like_plan(header: Header, rows: Rows, lines) -> bool:
    head = fold(" ".join(line.text for line in lines[:80]))
    says_plan = any(kind in head for kind in ("ke hoach", "chuong trinh", "de an", "phuong an"))
    has_rows = len(rows.activities) + len(rows.assignments) >= 2
    return says_plan and has_rows


def make_plan_id(header: Header, reference: Reference) -> str:
    """'DL-2024-143', 'HY-SKHCN-2024', 'VHL-2023-2641': province initials (not for central
    bodies), the issuer's code from the number when it is not UBND, the year, the number."""
    parts: list[str] = []
    if header.province and header.province != "Trung ương":
        parts.append("".join(w[0] for w in fold(header.province).split()).upper())
    # the issuer's code after the kind of document: '143/KH-UBND' → UBND; a blank number
    # ('Số: /KH-SKHCN') still names it, in the header's note
    written = header.number or next((vi for col, vi, _ in header.notes if col == "number"), "")
    match = re.search(r"/[A-Za-zĐđ]+-([A-ZĐ][A-Za-zĐđ]*)", written)
    code = match.group(1) if match else ""
    if code and code.upper() not in ("UBND", "UB"):
        parts.append(fold(code).upper())
    parts.append(str(header.year or "XXXX"))
    digits = re.match(r"(\d+)/", header.number or "")
    if digits:
        parts.append(digits.group(1))
    return "-".join(parts)


def _assemble(plan_id, name, header: Header, rows: Rows, cleaned, outline, reference) -> Extraction:
    plan = {
        "plan_id": plan_id,
        "number": header.number,
        "title": header.title,
        "issuer": header.issuer,
        "issuer_level": header.issuer_level,
        "province": header.province,
        "year": header.year if header.year is not None else "",
        "period_end": header.period_end if header.period_end is not None else "",
        "issued_date": header.issued_date,
        "signer": header.signer,
        "legal_bases": "; ".join(header.legal_bases),
        "source": name,
    }
    issues: list[Issue] = []
    flagged: dict[str, set[int]] = {"plans": set(), "activities": set(), "assignments": set(),
                                    "budgets": set()}  # fmt: skip
    for column, vi, en in header.notes:
        issues.append(Issue("plans", 2, column, vi, en))
        flagged["plans"].add(0)
    for vi, en in cleaned.notes:
        issues.append(Issue("plans", 2, None, vi, en))
    if cleaned.truncated or not outline.ended:
        missing = [
            s
            for s, rows_ in (("assignments", rows.assignments), ("budgets", rows.budgets))
            if not rows_
        ]
        if cleaned.truncated or missing:
            issues.append(
                Issue(
                    "plans",
                    2,
                    None,
                    "Văn bản có vẻ bị cắt (không thấy phần kết 'Trên đây là...' / 'Nơi nhận'); "
                    "các mục sau chỗ cắt không có trong nguồn",
                    "The text seems cut off (no closing 'Trên đây là...' / 'Nơi nhận'); the parts "
                    "after the cut are not in the source",
                )
            )
            flagged["plans"].add(0)
    for sheet, label in (("assignments", "Tổ chức thực hiện"), ("budgets", "Kinh phí")):
        if not getattr(rows, sheet):
            issues.append(
                Issue(
                    sheet,
                    None,
                    None,
                    f"Không tìm thấy mục '{label}' trong nguồn: trang này để trống",
                    f"No '{label}' section found in the source: this sheet is empty",
                )
            )
    for flag in rows.flags:
        row = None if flag.index is None else flag.index + 2
        total = len(getattr(rows, flag.sheet))
        if flag.index is not None and flag.index >= total:
            row = None
        issues.append(Issue(flag.sheet, row, flag.column, flag.vi, flag.en))
        if row is not None:
            flagged[flag.sheet].add(flag.index)
    if not plan["title"] or not plan["issuer"] or not plan["year"] or not plan["province"]:
        flagged["plans"].add(0)
    tables: dict[str, pd.DataFrame] = {}
    data = {
        "plans": [plan],
        "activities": rows.activities,
        "assignments": rows.assignments,
        "budgets": rows.budgets,
    }
    for sheet in SHEETS:
        records = []
        for index, row in enumerate(data[sheet.key]):
            record = {column.key: row.get(column.key, "") for column in sheet.columns}
            record["plan_id"] = plan_id
            record[REVIEW_COLUMN] = index in flagged[sheet.key]
            records.append(record)
        columns = [c.key for c in sheet.columns] + [REVIEW_COLUMN]
        tables[sheet.key] = pd.DataFrame(records, columns=columns).astype(
            {c: object for c in columns if c != REVIEW_COLUMN}
        )
    return Extraction(plan_id, name, tables, issues, header)


def merge_extractions(extractions: list[Extraction]) -> Extraction:
    """Several plans in one workbook: tables concatenated, review rows renumbered."""
    if len(extractions) == 1:
        return extractions[0]
    seen: dict[str, int] = {}
    renamed = []
    for extraction in extractions:  # two documents with the same derived id: -2, -3 ...
        count = seen[extraction.plan_id] = seen.get(extraction.plan_id, 0) + 1
        if count > 1:
            new_id = f"{extraction.plan_id}-{count}"
            tables = {n: f.assign(plan_id=new_id) for n, f in extraction.tables.items()}
            extraction = Extraction(
                new_id, extraction.source, tables, extraction.review, extraction.header
            )
        renamed.append(extraction)
    extractions = renamed
    tables: dict[str, pd.DataFrame] = {}
    review: list[Issue] = []
    offsets = dict.fromkeys(extractions[0].tables, 0)
    for extraction in extractions:
        for issue in extraction.review:
            row = None if issue.row is None else issue.row + offsets[issue.sheet]
            review.append(Issue(issue.sheet, row, issue.column, issue.reason_vi, issue.reason_en))
        for name, frame in extraction.tables.items():
            offsets[name] += len(frame)
    for name in extractions[0].tables:
        tables[name] = pd.concat([e.tables[name] for e in extractions], ignore_index=True)
    ids = ", ".join(e.plan_id for e in extractions)
    return Extraction(ids, ", ".join(e.source for e in extractions), tables, review)


def write_workbook(extraction: Extraction, out_path: str | Path) -> Path:
    from ttdn.extract.writer import write

    return write(extraction, Path(out_path))
