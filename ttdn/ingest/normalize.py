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
    _columns: dict = field(default_factory=dict, repr=False, compare=False)

    def frame(self, table: str) -> pd.DataFrame:
        return pd.DataFrame(self.rows[table])

    def columns(self, table: str) -> dict[str, list] | None:
        """The rows of a table as columns (key → values), or None when its rows differ in
        shape. Made once and kept while the rows are unchanged (same list, same length, same
        first and last row): the content hash and the insert both read them."""
        rows = self.rows[table]
        if not rows:
            return None
        stamp = (id(rows), len(rows), id(rows[0]), id(rows[-1]))
        kept = self._columns.get(table)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        keys = list(rows[0])
        columns = None
        if set(map(len, rows)) == {len(keys)}:
            try:
                columns = {key: list(map(itemgetter(key), rows)) for key in keys}
            except KeyError:  # same length, other keys
                columns = None
        self._columns[table] = (stamp, columns)
        return columns

    def keep_columns(self, table: str, columns: dict[str, list]) -> None:
        """Columns made along with the rows (the same values), for columns() to return."""
        rows = self.rows[table]
        self._columns[table] = ((id(rows), len(rows), id(rows[0]), id(rows[-1])), columns)


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

    _activities(tables, file, parsed.records["activities"], reference, plan_info)
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


def _activities(tables: Tables, file: str, records: list[Record], reference, plan_info) -> None:
    """Rows of activities, activity_units and activity_themes, one record at a time with
    everything that repeats (dates of a timeframe, unit matches, budget codes, folded text,
    themes of a text) looked up once per distinct value."""
    activities = tables.rows["activities"]
    units_rows = tables.rows["activity_units"]
    theme_rows = tables.rows["activity_themes"]
    problems = tables.problems
    match_unit, budget_code = reference.match_unit, reference.budget_code
    classify = reference.classify_themes
    today = dt.date.today().year
    plans: dict = {}
    # the rows' values gathered as columns too (for the hash and the insert, Tables.columns):
    # every row of a table here has the same keys, in the same order
    columns: dict[int, list[list]] = {}
    append = list.append

    def add(rows: list, row: dict) -> None:
        rows.append(row)
        cols = columns.get(id(rows))
        if cols is None:
            columns[id(rows)] = [[v] for v in row.values()]
        else:
            any(map(append, cols, row.values()))

    for seq, record in enumerate(records, 1):
        v = record.values
        plan_id, activity_id = v["plan_id"], v["activity_id"]
        sheet, row = record.sheet, record.row
        plan = plans.get(plan_id)
        if plan is None:
            info = plan_info.get(plan_id, {})
            plan = plans[plan_id] = (info.get("year") or today, info.get("issued_date"))
        timeframe = v["timeframe"]
        frame = parse_timeframe(timeframe, *plan)
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
            problems.append(
                Problem(
                    file,
                    sheet,
                    row,
                    "Thời gian thực hiện (timeframe)",
                    timeframe,
                    "kế hoạch không có ngày ban hành: ngày được giả định (tháng 1 của năm kế "
                    "hoạch), đánh dấu 'giả định'",
                    "the plan has no issue date: the dates are assumed (January of the plan "
                    "year) and marked 'assumed'",
                    "warning",
                )
            )
        if timeframe and not frame.parsed:
            problems.append(
                Problem(
                    file,
                    sheet,
                    row,
                    "Thời gian thực hiện (timeframe)",
                    timeframe,
                    "không hiểu được mốc thời gian; giữ nguyên văn bản và đánh dấu",
                    "timeframe not understood; the text is kept and flagged",
                    "warning",
                )
            )
        title, description, budget_source = v["title"], v["description"], v["budget_source"]
        row_ = {
            "plan_id": plan_id,
            "activity_id": activity_id,
            "seq": seq,
            "section": v["section"],
            "title": title,
            "description": description,
            "timeframe": timeframe,
            "start_date": start,
            "end_date": end,
            "recurring": frame.recurring,
            "timeframe_parsed": frame.parsed,
            "dates_from": dates_from,
            "budget_source": budget_source,
            "budget_code": budget_code(budget_source) if budget_source else None,
            "budget_vnd": v["budget_vnd"],
            "status": v["status"],
            "search_text": fold(f"{title} {description or ''}"),
            "source_file": file,
            "source_sheet": sheet,
            "source_row": row,
        }
        add(activities, row_)
        for role, key in (("lead", "lead_units"), ("cooperating", "cooperating_units")):
            names = v[key]
            if not names:
                continue
            seen: set[str] = set()
            for unit in names:
                match = match_unit(unit)
                if match.unit_canonical in seen:  # two spellings of one unit in one cell
                    continue
                seen.add(match.unit_canonical)
                row_ = {
                    "plan_id": plan_id,
                    "activity_id": activity_id,
                    "role": role,
                    "unit": unit,
                    "unit_canonical": match.unit_canonical,
                    "unit_type": match.unit_type,
                    "matched_by": match.matched_by,
                    "source_file": file,
                    "source_sheet": sheet,
                    "source_row": row,
                }
                add(units_rows, row_)
        themes = v["themes"]  # written in the cell: manual; named by the text as well: auto
        codes = [(c, "manual") for c in themes]
        codes += [(c, "auto") for c in classify(title, description) if c not in themes]
        for code, assigned in codes:
            row_ = {
                "plan_id": plan_id,
                "activity_id": activity_id,
                "theme_code": code,
                "assigned": assigned,
                "source_file": file,
                "source_sheet": sheet,
                "source_row": row,
            }
            add(theme_rows, row_)
    for table, rows in (
        ("activities", activities),
        ("activity_units", units_rows),
        ("activity_themes", theme_rows),
    ):
        if rows and id(rows) in columns and len(columns[id(rows)][0]) == len(rows):
            tables.keep_columns(table, dict(zip(rows[0], columns[id(rows)], strict=True)))


def _hash_plans(tables: Tables) -> None:
    """Content hash per declared plan over every row that belongs to it (not provenance).
    Each row enters as the repr of its values in sorted column order (equal content gives
    equal hashes); a plan's rows of one table are hashed as one text. Built column by
    column: each distinct value of a column is repr'd and encoded once."""
    skip = {"loaded_at", "content_hash", "source_file", "source_sheet", "source_row"}
    digests = {p: hashlib.sha256() for p in tables.declared_plans}
    for table in PLAN_TABLES:
        rows = tables.rows[table]
        if not rows:
            continue
        keys = sorted(set(rows[0]) - skip)  # every row of a table has the same columns
        # plans: their content_hash is set below, so their columns are not kept
        columns = tables.columns(table) if table != "plans" else None

        def get(key, rows=rows, columns=columns):
            return columns[key] if columns and key in columns else _column(rows, key)

        if len(keys) > 1:
            reprs = [_encoded_reprs(get(k)) for k in keys]
            texts = list(map(b", ".join, zip(*reprs, strict=True)))  # repr(tuple) without ()
        else:
            texts = [repr((row.get(keys[0]),))[1:-1].encode() for row in rows]
        buckets: dict[str, list[bytes]] = {}
        for plan_id, text in zip(get("plan_id"), texts, strict=True):
            if plan_id in digests:
                buckets.setdefault(plan_id, []).append(text)
        for plan_id, bucket in buckets.items():
            digests[plan_id].update(f"{table}\n{len(keys)}\n".encode())
            digests[plan_id].update(b"(" + b")\n(".join(bucket) + b")")
    for row in tables.rows["plans"]:
        row["content_hash"] = digests[row["plan_id"]].hexdigest()
    tables.plan_hashes = {p: d.hexdigest() for p, d in digests.items()}


# types whose equal values have equal reprs (not float: 0.0 == -0.0; never two types mixed:
# 1 == 1.0 == True)
_SAME_REPR = {str, int, bool, dt.date, dt.datetime}


def _column(rows: list[dict], key: str) -> list:
    try:
        return list(map(itemgetter(key), rows))
    except KeyError:
        return [row.get(key) for row in rows]


def _encoded_reprs(values: list) -> list[bytes]:
    """repr(value).encode() of every value, each distinct value done once where that is safe."""
    types = set(map(type, values))
    types.discard(type(None))
    if len(types) > 1 or not types <= _SAME_REPR:
        return [repr(v).encode() for v in values]
    table = {v: repr(v).encode() for v in dict.fromkeys(values)}
    return list(map(table.__getitem__, values))
