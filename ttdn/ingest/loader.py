"""The loader: validate every file, then build the new database beside the old
one and swap it in atomically. A rejected file changes nothing; a file loaded
again changes nothing (content hash); a plan_id loaded again is replaced whole."""

from __future__ import annotations

import datetime as dt
import fcntl
import gc
import glob
import hashlib
import os
import shutil
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import duckdb
import pyarrow as pa

from ttdn.db import create_schema, read_fresh, upgrade_schema, write_reference
from ttdn.ingest.headings import move_headings
from ttdn.ingest.normalize import PLAN_TABLES, Tables, normalize
from ttdn.ingest.problems import Problem, WorkbookRejected
from ttdn.ingest.reader import Limits, inspect, read_workbook, workbook_files
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
    path = Path(path)
    for file in workbook_files(path):
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
    hook=None,
) -> LoadReport:
    """Load workbooks all or nothing. Raises WorkbookRejected listing every problem.
    hook: see ttdn.ingest.history.LoadHook (audit row, snapshot before the swap)."""
    reference = reference or load_reference()
    db_path = Path(db_path)
    paths = [Path(p) for p in paths]
    with _exclusive(db_path), _no_gc():
        hashes, refused = {}, []
        for p in paths:  # sizes, devices and links first: never hash an endless file
            try:
                inspect(p, limits)
                hashes[p] = file_hash(p)
            except WorkbookRejected as rejected:
                refused.extend(rejected.problems)
        if refused:
            raise WorkbookRejected(refused)
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
        _write(db_path, all_tables, reference, records, report, hook=hook)
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
    with _exclusive(Path(db_path)), _no_gc():
        _write(Path(db_path), all_tables, reference, list(records), report, fresh=fresh)
    return report


def _write(
    db_path: Path, all_tables, reference, records, report: LoadReport, fresh=False, hook=None
) -> None:
    remove_stale_files(db_path)
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
            # one thread: the Arrow inserts and the commit's checkpoint cost less CPU and no
            # more wall time than with two on a small machine (measured: ttdn/bench/load.py)
            con.execute("SET threads TO 1")
            con.execute("BEGIN")
            if hook is not None:
                hook.before_apply(con, all_tables)
            write_reference(con, reference)
            stored = dict(con.execute("SELECT plan_id, content_hash FROM plans").fetchall())
            for tables in all_tables:
                _apply(con, tables, stored, report)
            now = dt.datetime.now().replace(microsecond=0)
            for name, digest, plan_ids in records:
                con.execute("INSERT INTO loads VALUES (?, ?, ?, ?)", [digest, name, plan_ids, now])
            con.execute("INSERT OR REPLACE INTO meta VALUES ('last_load', ?)", [now.isoformat()])
            if hook is not None:
                hook.after_apply(con, report)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        if hook is not None:
            hook.before_swap(db_path)
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)


def remove_stale_files(db_path: Path) -> list[Path]:
    """Delete the <db>.tmp-<pid> files (and their .wal) of loaders that died mid-write.
    Called under the writer lock, so no live loader of this database is writing; a file
    whose pid still runs is left alone all the same."""
    removed = []
    for tmp in db_path.parent.glob(f"{glob.escape(db_path.name)}.tmp-*"):
        pid = tmp.name[len(db_path.name) + 5 :].removesuffix(".wal")
        if not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
    extra = _plan_ids(tables, "activities") - set(tables.declared_plans) - {None}
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
        rows = tables.rows[table]
        if skip:
            insert_rows(con, table, [r for r in rows if r.get("plan_id") not in skip])
        else:
            insert_rows(con, table, rows, tables.columns(table))
    move_headings(con, replace + sorted(extra))
    report.loaded.extend(replace + sorted(extra))


def insert_rows(con, table: str, rows: list[dict], columns: dict[str, list] | None = None) -> None:
    """INSERT BY NAME from an Arrow table built column by column (much faster than a
    pandas frame of dicts: no object columns for DuckDB to scan row by row). columns: the
    same rows as columns, when the caller has them already (Tables.columns)."""
    if not rows:
        return
    keys = list(rows[0])
    try:
        records = list(map(itemgetter(*keys), rows)) if len(keys) > 1 and not columns else None
    except KeyError:
        records = None
    if columns:
        pass
    elif records is not None and set(map(len, rows)) == {len(keys)}:
        columns = dict(zip(keys, map(list, zip(*records, strict=True)), strict=True))
    else:  # rows of unequal shape: every key, None where a row lacks it
        keys = list(dict.fromkeys(k for r in rows for k in r))
        columns = {key: [r.get(key) for r in rows] for key in keys}
    arrays = {}
    for key, values in columns.items():
        try:
            arrays[key] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types: let DuckDB cast text
            arrays[key] = pa.array([None if v is None else str(v) for v in values])
    arrow = pa.table(arrays)  # noqa: F841 - read by DuckDB's replacement scan
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM arrow")


def _plan_ids(tables: Tables, table: str) -> set:
    columns = tables.columns(table) if table != "plans" else None
    if columns and "plan_id" in columns:
        return set(columns["plan_id"])
    return {r["plan_id"] for r in tables.rows[table]}


def _anything_new(db_path: Path, all_tables: list[Tables]) -> bool:
    if not db_path.exists():
        return True
    with read_fresh(db_path) as con:
        stored = dict(con.execute("SELECT plan_id, content_hash FROM plans").fetchall())
    for tables in all_tables:
        undeclared = (
            set().union(*(_plan_ids(tables, t) for t in PLAN_TABLES))
            - set(tables.declared_plans)
            - {None}
        )
        if undeclared or any(stored.get(p) != h for p, h in tables.plan_hashes.items()):
            return True
    return False


def _stored_plans(db_path: Path | None) -> dict[str, dict]:
    if db_path is None or not Path(db_path).exists():
        return {}
    with read_fresh(db_path) as con:
        rows = con.execute("SELECT plan_id, year, issued_date FROM plans").fetchall()
    return {p: {"year": y, "issued_date": d} for p, y, d in rows}


def _loaded_hashes(db_path: Path) -> set[str]:
    if not db_path.exists():
        return set()
    with read_fresh(db_path) as con:
        return {h for (h,) in con.execute("SELECT file_hash FROM loads").fetchall()}


@contextmanager
def _no_gc():
    """The cyclic garbage collector paused for one load: a big workbook makes millions of
    short-lived objects (cells, row dicts), none of them in a cycle that must be freed
    before the load ends, and every collection would walk them all again (~10% of a load)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
