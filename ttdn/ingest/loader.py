"""The loader: validate every file, then build the new database beside the old
one and swap it in atomically. A rejected file changes nothing; a file loaded
again changes nothing (content hash); a plan_id loaded again is replaced whole."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import shutil
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from ttdn.db import create_schema, upgrade_schema, write_reference
from ttdn.ingest.headings import move_headings
from ttdn.ingest.normalize import PLAN_TABLES, Tables, normalize
from ttdn.ingest.problems import Problem, WorkbookRejected
from ttdn.ingest.reader import Limits, read_workbook
from ttdn.ingest.validate import validate
from ttdn.reference import Reference, load_reference


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)  # plan_ids written
    unchanged: list[str] = field(default_factory=list)  # plan_ids or files skipped by hash
    problems: list[Problem] = field(default_factory=list)  # warnings (errors raise)

    @property
    def changed(self) -> bool:
        return bool(self.loaded)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    files = (
        sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv") if path.is_dir() else [path]
    )
    for file in files:
        digest.update(file.name.encode() if path.is_dir() else b"")
        digest.update(file.read_bytes())
    return digest.hexdigest()


def check_files(
    paths: Sequence[Path],
    db_path: Path | None = None,
    reference: Reference | None = None,
    limits: Limits | None = None,
) -> tuple[list[Tables], list[Problem]]:
    """Validate and normalize files without writing; returns tables and every problem."""
    reference = reference or load_reference()
    stored = _stored_plans(db_path)
    problems: list[Problem] = []
    all_tables: list[Tables] = []
    declared: set[str] = set()
    for path in paths:
        try:
            book = read_workbook(Path(path), limits)
        except WorkbookRejected as rejected:
            problems.extend(rejected.problems)
            continue
        parsed = validate(book, reference, loaded_plans=set(stored) | declared)
        problems.extend(parsed.problems)
        if parsed.errors:
            continue
        tables = normalize(parsed, reference, loaded_plans=stored)
        problems.extend(tables.problems)
        declared.update(tables.declared_plans)
        all_tables.append(tables)
    return all_tables, problems


def load_files(
    paths: Sequence[Path],
    db_path: Path,
    reference: Reference | None = None,
    limits: Limits | None = None,
) -> LoadReport:
    """Load workbooks all or nothing. Raises WorkbookRejected listing every problem."""
    reference = reference or load_reference()
    db_path = Path(db_path)
    paths = [Path(p) for p in paths]
    with _exclusive(db_path):
        hashes = {p: file_hash(p) if p.exists() else "" for p in paths}
        known = _loaded_hashes(db_path)
        todo = [p for p in paths if hashes[p] not in known]
        report = LoadReport(unchanged=[p.name for p in paths if p not in todo])
        if not todo:
            return report
        all_tables, problems = check_files(todo, db_path, reference, limits)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise WorkbookRejected(errors + [p for p in problems if p.severity != "error"])
        report.problems = problems
        if not _anything_new(db_path, all_tables):
            report.unchanged.extend(p for t in all_tables for p in t.declared_plans)
            return report
        records = [
            (p.name, hashes[p], t.declared_plans) for p, t in zip(todo, all_tables, strict=True)
        ]
        _write(db_path, all_tables, reference, records, report)
        return report


def write_tables(
    db_path: Path,
    all_tables: list[Tables],
    reference: Reference | None = None,
    records: list[tuple[str, str, list[str]]] = (),
    fresh: bool = False,
) -> LoadReport:
    """Write already-normalized tables (used by the demo generator and build-default)."""
    reference = reference or load_reference()
    report = LoadReport()
    with _exclusive(Path(db_path)):
        _write(Path(db_path), all_tables, reference, list(records), report, fresh=fresh)
    return report


def _write(db_path: Path, all_tables, reference, records, report: LoadReport, fresh=False) -> None:
    tmp = db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        if db_path.exists() and not fresh:
            shutil.copy2(db_path, tmp)
            con = duckdb.connect(str(tmp))
            upgrade_schema(con)
        else:
            con = duckdb.connect(str(tmp))
            create_schema(con)
        try:
            con.execute("BEGIN")
            write_reference(con, reference)
            stored = dict(con.execute("SELECT plan_id, content_hash FROM plans").fetchall())
            for tables in all_tables:
                _apply(con, tables, stored, report)
            now = dt.datetime.now().replace(microsecond=0)
            for name, digest, plan_ids in records:
                con.execute("INSERT INTO loads VALUES (?, ?, ?, ?)", [digest, name, plan_ids, now])
            con.execute("INSERT OR REPLACE INTO meta VALUES ('last_load', ?)", [now.isoformat()])
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)


def _apply(con, tables: Tables, stored: dict[str, str], report: LoadReport) -> None:
    replace = []
    for plan_id in tables.declared_plans:
        if stored.get(plan_id) == tables.plan_hashes[plan_id]:
            report.unchanged.append(plan_id)
        else:
            replace.append(plan_id)
    skip = set(tables.declared_plans) - set(replace)
    if replace:
        for table in PLAN_TABLES:
            con.execute(f"DELETE FROM {table} WHERE list_contains(?, plan_id)", [replace])
    # rows for plans loaded earlier but not declared here: upsert their activities
    extra = {r["plan_id"] for r in tables.rows["activities"]} - set(tables.declared_plans) - {None}
    if extra:
        ids = [
            [r["plan_id"], r["activity_id"]]
            for r in tables.rows["activities"]
            if r["plan_id"] in extra
        ]
        for table in ("activities", "activity_units", "activity_themes"):
            con.execute(
                f"DELETE FROM {table} WHERE list_contains(?, [plan_id, activity_id])", [ids]
            )
        con.execute("DELETE FROM sections WHERE list_contains(?, [plan_id, section_id])", [ids])
    for table in PLAN_TABLES:
        frame = pd.DataFrame([r for r in tables.rows[table] if r.get("plan_id") not in skip])
        if not frame.empty:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")
    move_headings(con, replace + sorted(extra))
    report.loaded.extend(replace + sorted(extra))


def _anything_new(db_path: Path, all_tables: list[Tables]) -> bool:
    if not db_path.exists():
        return True
    with duckdb.connect(str(db_path), read_only=True) as con:
        stored = dict(con.execute("SELECT plan_id, content_hash FROM plans").fetchall())
    for tables in all_tables:
        undeclared = (
            {r["plan_id"] for t in PLAN_TABLES for r in tables.rows[t]}
            - set(tables.declared_plans)
            - {None}
        )
        if undeclared or any(stored.get(p) != h for p, h in tables.plan_hashes.items()):
            return True
    return False


def _stored_plans(db_path: Path | None) -> dict[str, dict]:
    if db_path is None or not Path(db_path).exists():
        return {}
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("SELECT plan_id, year, issued_date FROM plans").fetchall()
    return {p: {"year": y, "issued_date": d} for p, y, d in rows}


def _loaded_hashes(db_path: Path) -> set[str]:
    if not db_path.exists():
        return set()
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {h for (h,) in con.execute("SELECT file_hash FROM loads").fetchall()}


@contextmanager
def _exclusive(db_path: Path):
    """One writer at a time (a lock file beside the database)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(db_path.with_name(db_path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
