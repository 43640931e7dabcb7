"""Typed records → rows of the public tables: canonical units, provinces,
themes (manual or automatic), budget codes and dates derived from timeframes."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

import pandas as pd

from ttdn import text as _text
from ttdn.ingest import timeframe as _timeframe
from ttdn.ingest.problems import Problem
from ttdn.ingest.validate import ParsedWorkbook, Record
from ttdn.reference import Reference

# Pure functions of their arguments, memoized (bounded): plans repeat timeframes, and big
# files repeat texts. The reference's text functions are memoized per call (_Memoized).
parse_timeframe = lru_cache(maxsize=65_536)(_timeframe.parse_timeframe)
fold = lru_cache(maxsize=65_536)(_text.fold)

PLAN_TABLES = (
    "plans",
    "activities",
    "activity_units",
    "activity_themes",
    "sections",  # filled by the loader: headings moved out of activities (headings.py)
    "assignments",
    "budgets",
    "legal_bases",
    "extra_fields",
)


@dataclass
class Tables:
    """Rows ready to insert, one list of dicts per table."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in PLAN_TABLES})
    plan_hashes: dict[str, str] = field(default_factory=dict)
    declared_plans: list[str] = field(default_factory=list)  # plans whose row is in the file
    problems: list[Problem] = field(default_factory=list)

    def frame(self, table: str) -> pd.DataFrame:
        return pd.DataFrame(self.rows[table])


def normalize(
    parsed: ParsedWorkbook,
    reference: Reference,
    loaded_plans: dict[str, dict] | None = None,
    synthetic: bool = False,
) -> Tables:
    """Build table rows. loaded_plans: plan_id → {year, issued_date} of plans already stored."""
    reference = _Memoized(reference)
    tables = Tables()
    now = dt.datetime.now().replace(microsecond=0)
    plan_info = dict(loaded_plans or {})
    file = parsed.file
    for record in parsed.records["plans"]:
        v = record.values
        province, province_2025 = reference.match_province(v["province"] or "")
        tables.rows["plans"].append(
            {
                "plan_id": v["plan_id"],
                "number": v["number"],
                "title": v["title"],
                "issuer": v["issuer"],
                "issuer_level": v["issuer_level"],
                "province": v["province"],
                "province_canonical": province,
                "province_2025": province_2025,
                "year": v["year"],
                "period_end": v["period_end"] or v["year"],
                "issued_date": v["issued_date"],
                "signer": v["signer"],
                "source": v["source"],
                "content_hash": "",
                "synthetic": synthetic,
                "loaded_at": now,
                **_provenance(file, record),
            }
        )
        if province is None:
            tables.problems.append(
                Problem(
                    file,
                    record.sheet,
                    record.row,
                    "Tỉnh/thành phố (province)",
                    v["province"],
                    "không có trong danh mục tỉnh; giữ nguyên như đã viết",
                    "not in the province list; kept as written",
                    "warning",
                )
            )
        for seq, reference_text in enumerate(v["legal_bases"], 1):
            tables.rows["legal_bases"].append(
                {
                    "plan_id": v["plan_id"],
                    "seq": seq,
                    "reference": reference_text,
                    **_provenance(file, record),
                }
            )
        plan_info[v["plan_id"]] = {"year": v["year"], "issued_date": v["issued_date"]}
        tables.declared_plans.append(v["plan_id"])

    for seq, record in enumerate(parsed.records["activities"], 1):
        _activity(tables, file, seq, record, reference, plan_info)
    for seq, record in enumerate(parsed.records["assignments"], 1):
        v = record.values
        role = v["role"] or "executing"
        for unit in v["unit"]:
            match = reference.match_unit(unit)
            tables.rows["assignments"].append(
                {
                    "plan_id": v["plan_id"],
                    "seq": seq,
                    "unit": unit,
                    "unit_canonical": match.unit_canonical,
                    "unit_type": match.unit_type,
                    "role": role,
                    "duty": v["duty"],
                    "search_text": fold(f"{unit} {v['duty']}"),
                    **_provenance(file, record),
                }
            )
    for seq, record in enumerate(parsed.records["budgets"], 1):
        v = record.values
        wording = f"{v['source']} {v['note'] or ''}"
        tables.rows["budgets"].append(
            {
                "plan_id": v["plan_id"],
                "seq": seq,
                "source": v["source"],
                "budget_code": reference.budget_code(v["source"]) if v["source"] else "khong_neu",
                "amount_vnd": v["amount_vnd"],
                "note": v["note"],
                "conditional": reference.is_conditional(wording),
                "search_text": fold(wording),
                **_provenance(file, record),
            }
        )
    for sheet, row, column, value, plan_id in parsed.extras:
        tables.rows["extra_fields"].append(
            {
                "plan_id": plan_id,
                "source_file": file,
                "source_sheet": sheet,
                "source_row": row,
                "column_name": column,
                "value": value,
            }
        )
    _hash_plans(tables)
    return tables


class _Memoized:
    """The reference, with the text functions normalize calls once per row memoized for
    one normalize() call (results are only read, never changed)."""

    def __init__(self, reference):
        while isinstance(reference, _Memoized):
            reference = reference._reference
        self._reference = reference
        self.classify_themes = lru_cache(maxsize=65_536)(reference.classify_themes)
        self.budget_code = lru_cache(maxsize=8_192)(reference.budget_code)
        self.is_conditional = lru_cache(maxsize=8_192)(reference.is_conditional)
        self.match_unit = reference.match_unit  # cached by the reference itself
        self.match_province = reference.match_province

    def __getattr__(self, name):
        return getattr(self._reference, name)


def _provenance(file: str, record: Record) -> dict:
    return {"source_file": file, "source_sheet": record.sheet, "source_row": record.row}


def _activity(
    tables: Tables, file: str, seq: int, record: Record, reference: Reference, plan_info
) -> None:
    v = record.values
    plan = plan_info.get(v["plan_id"], {})
    year = plan.get("year") or dt.date.today().year
    frame = parse_timeframe(v["timeframe"], year, plan.get("issued_date"))
    start, end = v["start_date"], v["end_date"]
    if start or end:
        dates_from = "workbook"
        start, end = start or frame.start or end, end or frame.end or start
    elif frame.start or frame.end:
        dates_from = "assumed" if frame.assumed else "timeframe"
        start, end = frame.start, frame.end
    else:
        dates_from = "none"
    if dates_from == "assumed":
        tables.problems.append(
            Problem(
                file,
                record.sheet,
                record.row,
                "Thời gian thực hiện (timeframe)",
                v["timeframe"],
                "kế hoạch không có ngày ban hành: ngày được giả định (tháng 1 của năm kế hoạch), "
                "đánh dấu 'giả định'",
                "the plan has no issue date: the dates are assumed (January of the plan year) "
                "and marked 'assumed'",
                "warning",
            )
        )
    if v["timeframe"] and not frame.parsed:
        tables.problems.append(
            Problem(
                file,
                record.sheet,
                record.row,
                "Thời gian thực hiện (timeframe)",
                v["timeframe"],
                "không hiểu được mốc thời gian; giữ nguyên văn bản và đánh dấu",
                "timeframe not understood; the text is kept and flagged",
                "warning",
            )
        )
    text = f"{v['title']} {v['description'] or ''}"
    tables.rows["activities"].append(
        {
            "plan_id": v["plan_id"],
            "activity_id": v["activity_id"],
            "seq": seq,
            "section": v["section"],
            "title": v["title"],
            "description": v["description"],
            "timeframe": v["timeframe"],
            "start_date": start,
            "end_date": end,
            "recurring": frame.recurring,
            "timeframe_parsed": frame.parsed,
            "dates_from": dates_from,
            "budget_source": v["budget_source"],
            "budget_code": reference.budget_code(v["budget_source"])
            if v["budget_source"]
            else None,
            "budget_vnd": v["budget_vnd"],
            "status": v["status"],
            "search_text": fold(text),
            **_provenance(file, record),
        }
    )
    ident = {"plan_id": v["plan_id"], "activity_id": v["activity_id"]}
    for role, key in (("lead", "lead_units"), ("cooperating", "cooperating_units")):
        seen: set[str] = set()
        for unit in v[key]:
            match = reference.match_unit(unit)
            if match.unit_canonical in seen:  # two spellings of one unit in one cell
                continue
            seen.add(match.unit_canonical)
            tables.rows["activity_units"].append(
                {
                    **ident,
                    "role": role,
                    "unit": unit,
                    "unit_canonical": match.unit_canonical,
                    "unit_type": match.unit_type,
                    "matched_by": match.matched_by,
                    **_provenance(file, record),
                }
            )
    themes = v["themes"]  # written in the cell: manual; named by the text as well: auto
    auto = [c for c in reference.classify_themes(v["title"], v["description"]) if c not in themes]
    for code, assigned in [*((c, "manual") for c in themes), *((c, "auto") for c in auto)]:
        tables.rows["activity_themes"].append(
            {**ident, "theme_code": code, "assigned": assigned, **_provenance(file, record)}
        )


def _hash_plans(tables: Tables) -> None:
    """Content hash per declared plan over every row that belongs to it (not provenance).
    Each row enters as the repr of its values in sorted column order (fast, and equal
    content gives equal hashes); a plan's rows of one table are hashed as one text."""
    skip = {"loaded_at", "content_hash", "source_file", "source_sheet", "source_row"}
    digests = {p: hashlib.sha256() for p in tables.declared_plans}
    for table in PLAN_TABLES:
        rows = tables.rows[table]
        if not rows:
            continue
        keys = sorted(set(rows[0]) - skip)  # every row of a table has the same columns
        getter = itemgetter(*keys) if len(keys) > 1 else (lambda row, k=keys[0]: (row[k],))
        try:
            texts = list(map(repr, map(getter, rows)))
        except KeyError:
            texts = [repr(tuple(row.get(k) for k in keys)) for row in rows]
        try:
            plans = list(map(itemgetter("plan_id"), rows))
        except KeyError:
            plans = [row.get("plan_id") for row in rows]
        buckets: dict[str, list[str]] = {}
        for plan_id, text in zip(plans, texts, strict=True):
            if plan_id in digests:
                buckets.setdefault(plan_id, []).append(text)
        for plan_id, bucket in buckets.items():
            digests[plan_id].update(f"{table}\n{len(keys)}\n".encode())
            digests[plan_id].update("\n".join(bucket).encode())
    for row in tables.rows["plans"]:
        row["content_hash"] = digests[row["plan_id"]].hexdigest()
    tables.plan_hashes = {p: d.hexdigest() for p, d in digests.items()}
