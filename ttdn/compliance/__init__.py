"""Check plans against what national guidance expects of an annual TTĐN plan.

    from ttdn import compliance
    results = compliance.evaluate(con)                 # every plan × every criterion
    results = compliance.evaluate(con, ["HT-2020"])    # some plans
    compliance.score(results)                          # one score (0–100) per plan
    results.attrs["problems"]                          # criteria skipped (broken rules)

The criteria are data: ``data/reference/criteria.csv`` (one row each; docs/compliance.md
describes the columns). A row says which plans it applies to (issuer levels, years, a
column of the provinces table such as ``border_or_coast``), its legal source, and a rule:

``legal_basis``  the plan cites a document: ``rule`` is the document as it would be cited
                 ("Nghị định số 72/2015/NĐ-CP ngày 07/9/2015"; several separated by ``|``),
                 or ``@guidance_letters`` for the letter of the plan's year in
                 ``data/reference/guidance_letters.csv``. References are read with a
                 parser (ttdn.compliance.refs). Value 2 cited with its year (from the number
                 or the date), 1 cited without a year or date, or only mentioned in an
                 activity or section rather than among the legal bases; 0 not cited.
``keywords``     a content group: ``theme=<theme_code>; words=a|b|c`` over section
                 headings, activity titles and themes (queries/compliance/_content.sql).
``sql``          ``rule`` names queries/compliance/NAME.sql, which returns per plan
                 ``plan_id, value, note, note_en, evidence`` (evidence: a list of
                 ``{tbl, key, text}``); a NULL value means not applicable.
``ratio``        ``rule`` names a SQL file returning ``plan_id, num, den, evidence``;
                 value = num / den (not applicable when den = 0).

``met_if`` / ``partly_if`` compare the value (``>=2``, ``>=0.8``, ``<=1``); a plan the
query does not return has value 0 (not found).
"""

from __future__ import annotations

import csv
import json
import operator
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from ttdn import QUERIES_DIR, REFERENCE_DIR
from ttdn.compliance import refs
from ttdn.i18n import t
from ttdn.queries import Query, parse_query
from ttdn.text import fold, nfc

CRITERIA_FILE = REFERENCE_DIR / "criteria.csv"
LETTERS_FILE = REFERENCE_DIR / "guidance_letters.csv"
SQL_DIR = QUERIES_DIR / "compliance"
KINDS = ("legal_basis", "keywords", "sql", "ratio")
RESULTS = ("met", "partly", "not_met", "n/a")
COLUMNS = [
    "plan_id",
    "criterion_id",
    "criterion",
    "criterion_en",
    "source",
    "result",
    "value",
    "evidence",
    "evidence_en",
    "evidence_rows",
]
REQUIRED = (
    "criterion_id",
    "name_vi",
    "name_en",
    "applies_levels",
    "applies_years",
    "applies_if",
    "source",
    "rule_kind",
    "rule",
    "met_if",
    "partly_if",
)
LEVELS = ("trung ương", "tỉnh", "sở", "huyện")
MAX_EVIDENCE = 3
WORKERS = min(4, os.cpu_count() or 1)  # rules run side by side, each on its own cursor
_THRESHOLD = re.compile(r"^\s*(>=|<=|>|<|=)\s*(-?\d+(?:[.,]\d+)?)\s*$")
_YEARS = re.compile(r"^\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*$")
_SAFE_NAME = re.compile(r"^[a-z0-9_]+$")
SECTIONS_FALLBACK = """
CREATE OR REPLACE TEMP VIEW sections AS
SELECT a.plan_id, a.activity_id AS section_id, a.seq, NULL::VARCHAR AS parent_section,
       a.title, a.description, a.timeframe, NULL::VARCHAR AS lead_units,
       NULL::VARCHAR AS cooperating_units, NULL::VARCHAR AS themes, a.search_text,
       a.source_file, a.source_sheet, a.source_row
FROM activities a
SEMI JOIN (SELECT DISTINCT plan_id, regexp_extract(activity_id, '^(.*)[.][^.]+$', 1) AS activity_id
           FROM activities) parent USING (plan_id, activity_id)
"""


@dataclass(frozen=True)
class Problem:
    """A criterion row that cannot be used (row = its line in the CSV, the header is 1)."""

    row: int
    criterion_id: str
    vi: str
    en: str

    def render(self) -> str:
        return (
            f"criteria.csv dòng/row {self.row} ({self.criterion_id or '?'}): {self.vi} / {self.en}"
        )


class CriteriaError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.render() for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Criterion:
    row: int
    criterion_id: str
    name_vi: str
    name_en: str
    levels: tuple[str, ...]
    years: tuple[int | None, int | None]
    applies_if: str
    source: str
    kind: str
    rule: str
    met_if: tuple[str, float]
    partly_if: tuple[str, float] | None
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def classify(self, value) -> str:
        if value is None or value != value:  # None or NaN
            return "n/a"
        if _compare(value, *self.met_if):
            return "met"
        if self.partly_if and _compare(value, *self.partly_if):
            return "partly"
        return "not_met"


_OPS = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}


def _compare(value: float, op: str, bound: float) -> bool:
    return _OPS[op](value, bound)


def _threshold(text: str) -> tuple[str, float] | None:
    m = _THRESHOLD.match(text or "")
    return (m[1], float(m[2].replace(",", "."))) if m else None


def _years(text: str) -> tuple[int | None, int | None] | None:
    text = (text or "").strip()
    if not text:
        return (None, None)
    m = _YEARS.match(text)
    if not m or not (m[1] or m[3]):
        return None
    lo = int(m[1]) if m[1] else None
    hi = int(m[3]) if m[3] else None
    if not m[2]:  # a single year
        lo = hi = lo or hi
    if lo and hi and lo > hi:
        return None
    return (lo, hi)


def _keyword_params(rule: str) -> dict | None:
    """'theme=chi_dao; words=a|b' → {'theme': 'chi_dao', 'words': ['a', 'b']} (folded)."""
    params = {}
    for part in re.split(r";\s*(?=\w+\s*=)", rule or ""):
        if not part.strip():
            continue
        if "=" not in part:
            return None
        key, value = (s.strip() for s in part.split("=", 1))
        params[key] = value
    if set(params) - {"theme", "words"} or not params:
        return None
    words = [fold(w).strip() for w in params.get("words", "").split("|") if w.strip()]
    return {"theme": params.get("theme", ""), "words": words}


@lru_cache(maxsize=64)
def _sql_file(path: Path, mtime: float) -> Query:
    return parse_query(path.stem, path.read_text(encoding="utf-8"))


def sql_query(name: str, directory: Path = SQL_DIR) -> Query | None:
    path = Path(directory) / f"{name}.sql"
    if not _SAFE_NAME.match(name) or not path.is_file():
        return None
    return _sql_file(path, path.stat().st_mtime)


@lru_cache(maxsize=8)
def _letters(path: Path, mtime: float) -> dict[int, refs.Ref]:
    out = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            target = refs.parse_target(f"{row['letter']} ngày {_vi_date(row['issued_date'])}")
            if target:
                out[int(row["plan_year"])] = target
    return out


def guidance_letters(path: Path = LETTERS_FILE) -> dict[int, refs.Ref]:
    """Plan year → the MIC guidance letter for it (data/reference/guidance_letters.csv)."""
    path = Path(path)
    return _letters(path, path.stat().st_mtime) if path.exists() else {}


def _vi_date(iso: str) -> str:
    y, m, d = iso.strip().split("-")
    return f"{int(d):02d}/{int(m):02d}/{y}"


# loading and checking -------------------------------------------------------------------


def _theme_codes() -> set[str]:
    with open(REFERENCE_DIR / "themes.csv", encoding="utf-8", newline="") as handle:
        return {row["theme_code"] for row in csv.DictReader(handle)}


def _province_columns() -> set[str]:
    with open(REFERENCE_DIR / "provinces.csv", encoding="utf-8", newline="") as handle:
        return set(next(csv.reader(handle)))


def load_criteria(
    path: Path | str = CRITERIA_FILE, sql_dir: Path = SQL_DIR
) -> tuple[list[Criterion], list[Problem]]:
    """The usable criteria of a CSV file and the problems of the others (static checks:
    columns, kinds, files, thresholds, levels, years, applies_if)."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
            header = rows[0].keys() if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        return [], [
            Problem(1, "", f"không đọc được tệp: {error}", f"cannot read the file: {error}")
        ]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        cols = ", ".join(missing)
        return [], [Problem(1, "", f"thiếu cột: {cols}", f"missing columns: {cols}")]
    criteria: list[Criterion] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    province_columns = _province_columns()
    for number, raw in enumerate(rows, start=2):
        row = {k: nfc(v or "") for k, v in raw.items() if k is not None}
        cid = row["criterion_id"]
        issues: list[tuple[str, str]] = []
        if not cid:
            issues.append(("thiếu criterion_id", "criterion_id is empty"))
        elif cid in seen:
            issues.append((f"criterion_id trùng: {cid}", f"duplicate criterion_id: {cid}"))
        if not row["name_vi"] or not row["name_en"]:
            issues.append(("thiếu tên (name_vi, name_en)", "name_vi or name_en is empty"))
        kind = row["rule_kind"]
        params: dict = {}
        if kind not in KINDS:
            kinds = ", ".join(KINDS)
            issues.append(
                (
                    f"rule_kind không hợp lệ: '{kind}' (cần một trong: {kinds})",
                    f"unknown rule_kind '{kind}' (expected one of: {kinds})",
                )
            )
        elif kind in ("sql", "ratio"):
            if sql_query(row["rule"], sql_dir) is None:
                name = f"queries/compliance/{row['rule']}.sql"
                issues.append((f"không có tệp SQL {name}", f"missing SQL file {name}"))
        elif kind == "keywords":
            params = _keyword_params(row["rule"]) or {}
            if not params or not (params["words"] or params["theme"]):
                issues.append(
                    (
                        f"rule keywords không đọc được: '{row['rule']}' (dạng theme=ma; words=a|b)",
                        f"cannot read the keywords rule '{row['rule']}' (form theme=code; words=a|b)",
                    )
                )
            elif params["theme"] and params["theme"] not in _theme_codes():
                issues.append(
                    (
                        f"rule keywords: chủ đề '{params['theme']}' không có trong themes.csv",
                        f"keywords rule: theme '{params['theme']}' is not in themes.csv",
                    )
                )
        elif kind == "legal_basis":
            if row["rule"].strip() == "@guidance_letters":
                params = {"letters": True}
            else:
                targets = [refs.parse_target(p) for p in row["rule"].split("|")]
                if not targets or None in targets:
                    issues.append(
                        (
                            f"không đọc được văn bản trong rule: '{row['rule']}' (ví dụ 72/2015/NĐ-CP)",
                            f"cannot read a document in the rule '{row['rule']}' (e.g. 72/2015/NĐ-CP)",
                        )
                    )
                params = {"targets": tuple(targets)}
        met_if = _threshold(row["met_if"])
        partly_if = _threshold(row["partly_if"]) if row["partly_if"].strip() else None
        if met_if is None or (row["partly_if"].strip() and partly_if is None):
            issues.append(
                (
                    f"ngưỡng không hợp lệ: met_if='{row['met_if']}', partly_if='{row['partly_if']}' (ví dụ >=0.8)",
                    f"bad thresholds: met_if='{row['met_if']}', partly_if='{row['partly_if']}' (e.g. >=0.8)",
                )
            )
        elif partly_if and not _consistent(met_if, partly_if):
            issues.append(
                (
                    f"ngưỡng mâu thuẫn: partly_if {row['partly_if']} phải nới hơn met_if {row['met_if']}",
                    f"inconsistent thresholds: partly_if {row['partly_if']} must be looser than met_if {row['met_if']}",
                )
            )
        levels = tuple(v.strip() for v in row["applies_levels"].split(";") if v.strip())
        unknown = [v for v in levels if v not in LEVELS]
        if unknown:
            issues.append(
                (
                    f"cấp không hợp lệ: {', '.join(unknown)} (cần: {'; '.join(LEVELS)})",
                    f"unknown levels: {', '.join(unknown)} (expected: {'; '.join(LEVELS)})",
                )
            )
        years = _years(row["applies_years"])
        if years is None:
            issues.append(
                (
                    f"applies_years không hợp lệ: '{row['applies_years']}' (ví dụ 2016- hoặc 2018-2025)",
                    f"bad applies_years '{row['applies_years']}' (e.g. 2016- or 2018-2025)",
                )
            )
        applies_if = row["applies_if"].strip()
        if applies_if and applies_if not in province_columns:
            issues.append(
                (
                    f"applies_if '{applies_if}' không phải cột của data/reference/provinces.csv",
                    f"applies_if '{applies_if}' is not a column of data/reference/provinces.csv",
                )
            )
        if issues:
            problems.extend(Problem(number, cid, vi, en) for vi, en in issues)
            continue
        seen.add(cid)
        criteria.append(
            Criterion(
                row=number,
                criterion_id=cid,
                name_vi=row["name_vi"],
                name_en=row["name_en"],
                levels=levels,
                years=years,
                applies_if=applies_if,
                source=row["source"],
                kind=kind,
                rule=row["rule"],
                met_if=met_if,
                partly_if=partly_if,
                params=params,
            )
        )
    return criteria, problems


def _consistent(met: tuple[str, float], partly: tuple[str, float]) -> bool:
    up, down = (">=", ">"), ("<=", "<")
    if met[0] in up and partly[0] in up:
        return partly[1] <= met[1]
    if met[0] in down and partly[0] in down:
        return partly[1] >= met[1]
    return False


def empty_database() -> duckdb.DuckDBPyConnection:
    """An in-memory database with the public schema and no rows."""
    from ttdn.db import create_schema

    con = duckdb.connect()
    create_schema(con)
    _ensure_sections(con)
    return con


def check_criteria(path: Path | str = CRITERIA_FILE, sql_dir: Path = SQL_DIR) -> list[Problem]:
    """Every problem of a criteria file: the static checks, then each rule run on an
    empty database (a SQL file that fails, or lacks a column the engine needs)."""
    criteria, problems = load_criteria(path, sql_dir)
    con = empty_database()
    for criterion in criteria:
        try:
            _run_rule(con, criterion, [("x", 2020)], sql_dir)
        except Exception as error:  # noqa: BLE001 - reported, never raised
            problems.append(_runtime_problem(criterion, error))
    return sorted(problems, key=lambda p: p.row)


def _runtime_problem(criterion: Criterion, error: Exception) -> Problem:
    message = str(error).splitlines()[0][:300]
    return Problem(
        criterion.row,
        criterion.criterion_id,
        f"quy tắc lỗi khi chạy: {message}",
        f"the rule fails when run: {message}",
    )


# running --------------------------------------------------------------------------------


def _ensure_sections(con: duckdb.DuckDBPyConnection) -> None:
    """Before the sections table exists in a database: headings read from activities."""
    found = (
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sections'"
        ).fetchone()[0]
        + con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE view_name = 'sections'"
        ).fetchone()[0]
    )
    if not found:
        con.execute(SECTIONS_FALLBACK)


def _hits(row: dict, items: list) -> int:
    hits = row.get("hits")
    return len(items) if hits is None else max(int(hits), len(items))


def _items(evidence) -> list[tuple[str, str, str]]:
    """[(tbl, key, text)] from a list of structs (dicts), None or NaN."""
    if not evidence:
        return []
    return [
        (str(item.get("tbl")), str(item.get("key")), str(item.get("text") or ""))
        for item in evidence
        if isinstance(item, dict)
    ]


class Rows(list):
    """Result rows as dicts, with the column names (also when there is no row)."""

    columns: list[str] = []


def _run_sql(con, query: Query, values: dict) -> Rows:
    """The rows as dicts (no DataFrame: the evidence lists of structs convert faster)."""
    cursor = con.execute(query.sql, query.bind(values))
    names = [d[0] for d in cursor.description]
    rows = Rows(dict(zip(names, row, strict=True)) for row in cursor.fetchall())
    rows.columns = names
    return rows


def _run_rule(
    con, criterion: Criterion, plans: list[tuple[str, int | None]], sql_dir: Path
) -> dict[str, tuple]:
    """plan_id → (value, note_vi, note_en, [(tbl, key, text)], hits) for the plans the rule
    finds (hits: how many evidence rows there are; the list may hold only the first)."""
    ids = [p for p, _ in plans]
    out: dict[str, tuple] = {}
    if criterion.kind in ("sql", "ratio"):
        frame = _run_sql(con, sql_query(criterion.rule, sql_dir), {"plan_ids": ids})
        needed = (
            {"plan_id", "num", "den"}
            if criterion.kind == "ratio"
            else {"plan_id", "value", "note", "note_en"}
        )
        lacking = needed - set(frame.columns)
        if lacking:
            raise ValueError(f"missing columns {', '.join(sorted(lacking))}")
        for row in frame:
            items = _items(row.get("evidence"))
            if criterion.kind == "ratio":
                num, den = int(row["num"] or 0), int(row["den"] or 0)
                if den == 0:
                    out[row["plan_id"]] = (None, "không có hoạt động", "no activities", [], 0)
                    continue
                value = num / den
                pct = round(100 * value)
                note = f"{num}/{den} ({pct}%)" + (" — thiếu ở:" if items else "")
                note_en = f"{num}/{den} ({pct}%)" + (" — lacking in:" if items else "")
                out[row["plan_id"]] = (value, note, note_en, items, _hits(row, items))
            else:
                value = None if row["value"] is None else float(row["value"])
                note, note_en = _text(row["note"]), _text(row["note_en"])
                out[row["plan_id"]] = (value, note, note_en, items, _hits(row, items))
        return out
    if criterion.kind == "keywords":
        return _run_keywords(con, [(criterion, plans)])[criterion.criterion_id]
    return _run_legal(con, criterion, plans)


def _run_keywords(con, items: list[tuple[Criterion, list]]) -> dict[str, dict]:
    """Every keywords criterion in one query: criterion_id → (plan_id → result tuple), each
    criterion only for the plans it applies to."""
    names = dict(con.execute("SELECT theme_code, name_vi FROM themes").fetchall())
    groups = [
        {
            "cid": c.criterion_id,
            "theme": c.params["theme"],
            "theme_name": fold(names[c.params["theme"]]) if c.params["theme"] in names else "",
            "words": c.params["words"],
        }
        for c, _ in items
    ]
    allowed = {c.criterion_id: {p for p, _ in plans} for c, plans in items}
    ids = sorted(set().union(*allowed.values())) if allowed else []
    out: dict[str, dict] = {cid: {} for cid in allowed}
    if not ids:
        return out
    for row in _run_sql(con, _builtin("_content"), {"plan_ids": ids, "groups": groups}):
        if row["plan_id"] in allowed[row["cid"]]:
            items_ = _items(row["evidence"])
            out[row["cid"]][row["plan_id"]] = (
                float(row["value"]),
                None,
                None,
                items_,
                _hits(row, items_),
            )
    return out


def _text(value) -> str | None:
    return None if value is None else str(value)


def _builtin(name: str) -> Query:
    query = sql_query(name, SQL_DIR)
    if query is None:
        raise FileNotFoundError(f"queries/compliance/{name}.sql")
    return query


def _run_legal(con, criterion: Criterion, plans: list[tuple[str, int | None]]) -> dict:
    return _run_legal_batch(con, [(criterion, plans)])[criterion.criterion_id]


def _legal_targets(criterion: Criterion, plans: list) -> dict[str, tuple]:
    """plan_id → the documents the plan should cite for this criterion."""
    if criterion.params.get("letters"):
        letters = guidance_letters()
        return {p: ((letters[y],) if y in letters else ()) for p, y in plans}
    return {p: criterion.params["targets"] for p, _ in plans}


def _run_legal_batch(con, items: list[tuple[Criterion, list]]) -> dict[str, dict]:
    """Every legal_basis criterion over one fetch of the text that may cite a document:
    criterion_id → (plan_id → result tuple)."""
    targets = {c.criterion_id: _legal_targets(c, plans) for c, plans in items}
    years = {p: y for _, plans in items for p, y in plans}
    out: dict[str, dict] = {cid: {} for cid in targets}
    for cid, by_plan in targets.items():
        for plan_id, wanted in by_plan.items():
            if not wanted:
                year = years[plan_id]
                out[cid][plan_id] = (
                    None,
                    f"chưa có văn bản hướng dẫn cho năm {year} trong guidance_letters.csv",
                    f"no guidance letter for {year} in guidance_letters.csv",
                    [],
                    0,
                )
    numbers = sorted({str(r.number) for t in targets.values() for ts in t.values() for r in ts})
    ids = sorted({p for t in targets.values() for p, ts in t.items() if ts})
    if not ids:
        return out
    pattern = f"(^|[^0-9])0*({'|'.join(numbers)})[/-]"
    quick = [f"{n}{sep}" for n in numbers for sep in "/-"]
    rows = _run_sql(
        con, _builtin("_legal_text"), {"plan_ids": ids, "pattern": pattern, "numbers": quick}
    )
    for cid, by_plan in targets.items():
        out[cid].update(_legal_results(by_plan, rows))
    return out


def _legal_results(targets: dict[str, tuple], rows: list[dict]) -> dict[str, tuple]:
    best: dict[str, list] = {}
    for row in rows:
        plan_id = row["plan_id"]
        for target in targets.get(plan_id, ()):
            strength, ref = refs.best_match(target, row["text"])
            if not strength:
                continue
            if not row["strong"]:
                strength = min(strength, 1)
            current = best.get(plan_id)
            item = (row["tbl"], row["key"], row["text"], strength, ref, target)
            if current is None or strength > current[0][3]:
                best[plan_id] = [item]
            elif strength == current[0][3] and len(current) < MAX_EVIDENCE:
                current.append(item)
    out: dict[str, tuple] = {}
    for plan_id, items in best.items():
        strength, ref, target = items[0][3], items[0][4], items[0][5]
        note = note_en = None
        if strength == 2 and ref.year is None and target.year is not None:
            note = f"số hiệu không ghi năm; năm lấy theo ngày ban hành {ref.date:%d/%m/%Y}"
            note_en = f"the number has no year; the year is read from the date {ref.date:%d/%m/%Y}"
        elif strength == 1 and items[0][0] in ("legal_bases", "plans"):
            note = "không ghi năm hay ngày của văn bản"
            note_en = "neither the document's year nor its date is written"
        elif strength == 1:
            note = "chỉ nhắc trong nội dung, không nêu trong căn cứ"
            note_en = "only mentioned in the content, not among the legal bases"
        found = [(i[0], i[1], i[2]) for i in items]
        out[plan_id] = (float(strength), note, note_en, found, len(found))
    return out


def _level_name(level: str, language: str) -> str:
    """An issuer level in words, lower case: 'tỉnh' in Vietnamese, 'province' in English."""
    try:
        return t(f"filters.level.{level}", language).lower()
    except KeyError:
        return str(level)


def _applies(criterion: Criterion, plan: dict) -> tuple[bool, str, str]:
    level, year = plan["issuer_level"], plan["year"]
    if criterion.levels and level not in criterion.levels:
        return (
            False,
            t("compliance.na.level", "vi", level=_level_name(level, "vi")),
            t("compliance.na.level", "en", level=_level_name(level, "en")),
        )
    lo, hi = criterion.years
    if (lo and year < lo) or (hi and year > hi):
        span = f"{lo or ''}–{hi or ''}"
        return (
            False,
            t("compliance.na.years", "vi", year=year, span=span),
            t("compliance.na.years", "en", year=year, span=span),
        )
    if criterion.applies_if:
        info = plan["province_info"] or {}
        value = str(info.get(criterion.applies_if) or "").strip()
        if fold(value) in ("", "0", "khong", "no", "false"):
            key = f"compliance.na.if.{criterion.applies_if}"
            try:
                vi = t(key, "vi", province=plan["province"])
                en = t(key, "en", province=plan["province"])
            except KeyError:
                vi = t(
                    "compliance.na.if", "vi", province=plan["province"], column=criterion.applies_if
                )
                en = t(
                    "compliance.na.if", "en", province=plan["province"], column=criterion.applies_if
                )
            return False, vi, en
    return True, "", ""


_TABLE_LABELS = {
    "legal_bases": ("Căn cứ", "Legal basis"),
    "plans": ("Tên kế hoạch", "Plan title"),
    "sections": ("Mục", "Section"),
    "activities": ("Hoạt động", "Activity"),
    "budgets": ("Kinh phí", "Budget"),
    "assignments": ("Phân công", "Duty"),
}


def _shorten(text: str, limit: int = 140) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _evidence(note, items, lang: str, hits: int = 0) -> str:
    parts = []
    for tbl, key, text in items[:MAX_EVIDENCE]:
        label = _TABLE_LABELS.get(tbl, (tbl, tbl))[0 if lang == "vi" else 1]
        if tbl in ("activities", "sections"):
            label = f"{label} {key}"
        parts.append(f"{label}: {_shorten(text)}")
    more = max(hits, len(items)) - min(len(items), MAX_EVIDENCE)
    if more > 0:
        parts.append(f"(+{more})")
    body = " · ".join(parts)
    if note and body:
        return f"{note} {body}" if note.endswith(":") else f"{note} — {body}"
    return note or body


def evaluate(
    con: duckdb.DuckDBPyConnection,
    plan_ids: list[str] | None = None,
    reference: Path | str | None = None,
    sql_dir: Path = SQL_DIR,
) -> pd.DataFrame:
    """One row per plan and criterion (columns: COLUMNS). ``reference`` is another
    criteria CSV (default data/reference/criteria.csv). Criteria whose rule is broken are
    skipped and listed in ``frame.attrs["problems"]``; nothing raises for a bad row."""
    criteria, problems = load_criteria(reference or CRITERIA_FILE, sql_dir)
    con = con.cursor()
    _ensure_sections(con)
    if plan_ids is None:
        plan_ids = [
            r[0] for r in con.execute("SELECT plan_id FROM plans ORDER BY plan_id").fetchall()
        ]
    plan_rows = _run_sql(con, _builtin("_plans"), {"plan_ids": list(plan_ids)})
    for plan in plan_rows:
        info = plan["province_info"]
        plan["province_info"] = json.loads(info) if isinstance(info, str) else (info or {})
    records = []
    work = []
    for criterion in criteria:
        applicable, skipped = [], {}
        for plan in plan_rows:
            ok, vi, en = _applies(criterion, plan)
            if ok:
                applicable.append((plan["plan_id"], plan["year"]))
            else:
                skipped[plan["plan_id"]] = (vi, en)
        work.append((criterion, applicable, skipped))

    batched = ("keywords", "legal_basis")  # each kind in one query for all its criteria
    tasks = [("one", c, a) for c, a, _ in work if c.kind not in batched and a]
    for kind in batched:
        items = [(c, a) for c, a, _ in work if c.kind == kind and a]
        if items:
            tasks.append((kind, None, items))

    def run_one(task):
        kind, criterion, applicable = task
        cursor = con.cursor()  # one per thread: DuckDB runs them side by side
        try:
            _ensure_sections(cursor)
            if kind == "keywords":  # all content groups in one pass
                return _run_keywords(cursor, applicable)
            if kind == "legal_basis":
                return _run_legal_batch(cursor, applicable)
            return {criterion.criterion_id: _run_rule(cursor, criterion, applicable, sql_dir)}
        except Exception as error:  # noqa: BLE001 - a broken rule is skipped, never a crash
            failed = [criterion] if criterion else [c for c, _ in applicable]
            return {c.criterion_id: error for c in failed}
        finally:
            cursor.close()

    found_by: dict[str, dict | Exception] = {}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for outcome in pool.map(run_one, tasks):
            found_by.update(outcome)
    for criterion, _, skipped in work:
        found = found_by.get(criterion.criterion_id, {})
        if isinstance(found, Exception):
            problems.append(_runtime_problem(criterion, found))
            continue
        for plan in plan_rows:
            pid = plan["plan_id"]
            if pid in skipped:
                value, note, note_en, items, hits = None, *skipped[pid], [], 0
            else:
                value, note, note_en, items, hits = found.get(pid, (0.0, None, None, [], 0))
            result = criterion.classify(value)
            evidence = _evidence(note, items, "vi", hits)
            evidence_en = _evidence(note_en, items, "en", hits)
            if result == "not_met" and not items and not note:
                evidence, evidence_en = "không tìm thấy", "not found"
            records.append(
                {
                    "plan_id": pid,
                    "criterion_id": criterion.criterion_id,
                    "criterion": criterion.name_vi,
                    "criterion_en": criterion.name_en,
                    "source": criterion.source,
                    "result": result,
                    "value": value,
                    "evidence": evidence,
                    "evidence_en": evidence_en,
                    "evidence_rows": [(tbl, pid, key) for tbl, key, _ in items],
                }
            )
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    if not frame.empty:
        order = {c.criterion_id: i for i, c in enumerate(criteria)}
        frame = frame.sort_values(
            ["plan_id", "criterion_id"],
            key=lambda s: s.map(order) if s.name == "criterion_id" else s,
        ).reset_index(drop=True)
    frame.attrs["problems"] = sorted(problems, key=lambda p: p.row)
    return frame


POINTS = {"met": 1.0, "partly": 0.5, "not_met": 0.0}


def score(results: pd.DataFrame) -> pd.DataFrame:
    """Per plan: met, partly, not_met, n/a counts, applicable criteria and the score,
    100 × (met + ½ partly) / applicable (NaN when no criterion applies)."""
    columns = ["plan_id", "met", "partly", "not_met", "na", "applicable", "score"]
    if results.empty:
        return pd.DataFrame(columns=columns)
    counts = (
        results.groupby(["plan_id", "result"], sort=True)
        .size()
        .unstack(fill_value=0)
        .rename(columns={"n/a": "na"})
        .reindex(columns=["met", "partly", "not_met", "na"], fill_value=0)
    )
    counts["applicable"] = counts["met"] + counts["partly"] + counts["not_met"]
    points = counts["met"] + 0.5 * counts["partly"]
    counts["score"] = (100 * points / counts["applicable"].where(counts["applicable"] > 0)).round(1)
    return counts.reset_index()[columns]
