"""Load history, audit, snapshots, delete and undo.

- LoadHook plugs into ttdn.ingest.loader.load_files: it counts the rows added, replaced
  and removed, writes one audit_log row inside the load's transaction and copies the
  database to the snapshots folder just before the atomic swap.
- delete_plan and undo_last change the database the same way the loader does: under its
  lock, on a copy, swapped in atomically; a snapshot of the database as it was is kept
  first. The last KEEP snapshots are kept (TTDN_SNAPSHOTS, default snapshots/ beside
  the database).
- The audit_log survives an undo: restoring a snapshot carries the current log forward.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import os
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ttdn.db import SCHEMA_SQL, read_fresh, upgrade_schema
from ttdn.ingest.loader import _exclusive, file_hash
from ttdn.ingest.normalize import PLAN_TABLES

KEEP = 5
# the rows a person sees in a workbook, and their keys (the rows of one workbook row)
KEYS = {
    "plans": ("plan_id",),
    "activities": ("plan_id", "activity_id"),
    "sections": ("plan_id", "section_id"),  # group headings, rows of the activities sheet
    "assignments": ("plan_id", "seq", "unit"),
    "budgets": ("plan_id", "seq"),
}
NOT_CONTENT = {"loaded_at", "content_hash", "source_file", "source_sheet", "source_row"}
AUDIT_COLUMNS = (
    "changed_at",
    "account",
    "action",
    "file_name",
    "content_hash",
    "plan_ids",
    "rows_added",
    "rows_replaced",
    "rows_removed",
    "snapshot",
)


class HistoryError(Exception):
    """A refused delete or undo, in Vietnamese and English."""

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


@dataclass
class Counts:
    added: int = 0
    replaced: int = 0
    removed: int = 0


def cli_account() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in the environment (containers)
        return "cli"


# --- snapshots ---------------------------------------------------------------------------


def snapshot_dir(db_path: Path) -> Path:
    env = os.environ.get("TTDN_SNAPSHOTS")
    return Path(env) if env else Path(db_path).parent / "snapshots"


def _new_snapshot_name(db_path: Path) -> str:
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    return f"{Path(db_path).stem}-{stamp}.duckdb"


def snapshots(db_path: Path) -> list[Path]:
    """This database's snapshots, oldest first."""
    folder = snapshot_dir(db_path)
    pattern = re.compile(re.escape(Path(db_path).stem) + r"-\d{8}T\d{12}\.duckdb$")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if pattern.match(p.name))


def _take_snapshot(db_path: Path, name: str | None) -> None:
    """Copy the database as it is now (before a swap) and keep only the last KEEP."""
    if name is None or not Path(db_path).exists():
        return
    folder = snapshot_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    partial = target.with_name(target.name + ".part")
    shutil.copy2(db_path, partial)
    os.replace(partial, target)
    for old in snapshots(db_path)[:-KEEP]:
        old.unlink(missing_ok=True)


# --- row counts --------------------------------------------------------------------------


def _rows(con, plan_ids: Sequence[str]) -> dict[str, dict[tuple, tuple]]:
    """table → key → content, for the given plans."""
    out: dict[str, dict[tuple, tuple]] = {}
    tables = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for table, key in KEYS.items():
        if table not in tables:  # a database made before that table existed
            continue
        names = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
        content = [n for n in names if n not in NOT_CONTENT]
        rows = con.execute(
            f"SELECT {', '.join(content)} FROM {table} WHERE list_contains(?, plan_id)",
            [list(plan_ids)],
        ).fetchall()
        at = [content.index(k) for k in key]
        table_rows: dict[tuple, tuple] = {}
        for row in rows:
            table_rows[tuple(row[i] for i in at)] = row
        out[table] = table_rows
    return out


def _diff(before: dict, after: dict) -> Counts:
    counts = Counts()
    for table in KEYS:
        old, new = before.get(table, {}), after.get(table, {})
        counts.added += sum(k not in old for k in new)
        counts.removed += sum(k not in new for k in old)
        counts.replaced += sum(k in old and old[k] != v for k, v in new.items())
    return counts


# --- the audit table ---------------------------------------------------------------------


def _audit_ddl() -> str:
    text = SCHEMA_SQL.read_text(encoding="utf-8")
    statement = re.search(r"CREATE TABLE audit_log \(.*?\n\);", text, re.S).group(0)
    return statement.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1)


def ensure_audit(con) -> None:
    """Databases made before the audit table existed get it on their next change."""
    con.execute(_audit_ddl())


def _audit(con, account, action, file_name, digest, plan_ids, counts: Counts, snapshot) -> None:
    ensure_audit(con)
    con.execute(
        f"INSERT INTO audit_log ({', '.join(AUDIT_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            dt.datetime.now(),
            account,
            action,
            file_name,
            digest,
            list(plan_ids),
            counts.added,
            counts.replaced,
            counts.removed,
            snapshot,
        ],
    )


def history(db_path: Path) -> pd.DataFrame:
    """The audit log, newest first (empty when there is none)."""
    empty = pd.DataFrame(columns=list(AUDIT_COLUMNS))
    if not Path(db_path).exists():
        return empty
    with read_fresh(db_path) as con:
        known = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'audit_log'"
        ).fetchone()[0]
        if not known:
            return empty
        return con.execute(
            f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit_log ORDER BY changed_at DESC"
        ).df()


# --- the load hook -----------------------------------------------------------------------


class LoadHook:
    """Passed to load_files(..., hook=...). progress(fraction, stage) is told how far the
    write has come ('write', 'snapshot', 'swap')."""

    def __init__(
        self,
        account: str,
        file_name: str,
        content_hash: str,
        progress: Callable[[float, str], None] | None = None,
    ):
        self.account, self.file_name, self.content_hash = account, file_name, content_hash
        self.progress = progress or (lambda fraction, stage: None)
        self.snapshot: str | None = None
        self.counts = Counts()
        self.plan_ids: list[str] = []
        self._before: dict = {}

    @classmethod
    def for_paths(cls, paths: Sequence[Path], account: str, progress=None) -> LoadHook:
        paths = [Path(p) for p in paths]
        hook = cls(account, ", ".join(p.name for p in paths), "", progress=progress)
        hook._paths = paths  # hashed when the load writes, after the loader checked the files
        return hook

    def before_apply(self, con, all_tables) -> None:
        self.progress(0.6, "write")
        if getattr(self, "_paths", None) and not self.content_hash:
            # the loader has refused devices, links that loop and oversized files by now
            self.content_hash = ",".join(file_hash(p) if p.exists() else "" for p in self._paths)
        plans: set[str] = set()
        for tables in all_tables:
            plans.update(tables.declared_plans)
            plans.update(r["plan_id"] for r in tables.rows["activities"] if r.get("plan_id"))
        self.plan_ids = sorted(plans)
        self._before = _rows(con, self.plan_ids)

    def after_apply(self, con, report) -> None:
        self.counts = _diff(self._before, _rows(con, self.plan_ids))
        self.snapshot = _new_snapshot_name(self._db_path) if self._db_path else None
        _audit(
            con,
            self.account,
            "load",
            self.file_name,
            self.content_hash,
            report.loaded,
            self.counts,
            self.snapshot,
        )

    def before_swap(self, db_path: Path) -> None:
        self.progress(0.85, "snapshot")
        _take_snapshot(Path(db_path), self.snapshot)
        self.progress(0.95, "swap")

    # the database path is known only when the loader runs: bind it lazily
    _db_path: Path | None = None

    def bind(self, db_path: Path) -> LoadHook:
        self._db_path = Path(db_path) if Path(db_path).exists() else None
        return self


def load_with_history(
    paths: Sequence[Path],
    db_path: Path,
    account: str,
    file_name: str | None = None,
    progress=None,
    limits=None,
):
    """load_files with an audit row and a snapshot; returns (report, hook)."""
    from ttdn.ingest.loader import load_files

    hook = LoadHook.for_paths(paths, account, progress).bind(db_path)
    if file_name:
        hook.file_name = file_name
    report = load_files(paths, db_path, limits=limits, hook=hook)
    return report, hook


# --- delete and undo ---------------------------------------------------------------------


def _rewrite(db_path: Path, source: Path, change) -> None:
    """Copy source beside db_path, let change(con) edit it in one transaction, then swap
    it in atomically. The caller holds the lock."""
    tmp = db_path.with_name(f"{db_path.name}.tmp-history-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        shutil.copy2(source, tmp)
        con = duckdb.connect(str(tmp))
        try:
            con.execute("BEGIN")
            change(con)
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


def plan_ids(db_path: Path) -> list[str]:
    if not Path(db_path).exists():
        return []
    with read_fresh(db_path) as con:
        return [r[0] for r in con.execute("SELECT plan_id FROM plans ORDER BY plan_id").fetchall()]


def plan_hashes(db_path: Path) -> dict[str, str]:
    """plan_id → content hash of the stored plans."""
    if not Path(db_path).exists():
        return {}
    with read_fresh(db_path) as con:
        return dict(con.execute("SELECT plan_id, content_hash FROM plans").fetchall())


def delete_plan(db_path: Path, plan_id: str, account: str) -> Counts:
    """Remove one plan whole (and its load records, so its file can be loaded again)."""
    db_path = Path(db_path)
    with _exclusive(db_path):
        if plan_id not in plan_ids(db_path):
            raise HistoryError(
                f"Không có kế hoạch '{plan_id}' trong cơ sở dữ liệu",
                f"There is no plan '{plan_id}' in the database",
            )
        snapshot = _new_snapshot_name(db_path)
        counts = Counts()

        def change(con):
            upgrade_schema(con)
            before = _rows(con, [plan_id])
            for table in PLAN_TABLES:
                con.execute(f"DELETE FROM {table} WHERE plan_id = ?", [plan_id])
            con.execute("DELETE FROM loads WHERE list_contains(plan_ids, ?)", [plan_id])
            found = _diff(before, {})
            counts.removed = found.removed
            _audit(con, account, "delete", None, None, [plan_id], counts, snapshot)

        _take_snapshot(db_path, snapshot)
        _rewrite(db_path, db_path, change)
        return counts


def undo_target(db_path: Path) -> dict | None:
    """The change "undo" would revert: the newest load or delete not undone yet (each undo
    in the log cancels the newest change before it), or None."""
    pending = 0
    for row in history(db_path).to_dict("records"):
        if row["action"] == "undo":
            pending += 1
        elif pending:
            pending -= 1
        else:
            return row
    return None


def undo_last(db_path: Path, account: str) -> dict:
    """Put back the snapshot taken before the last change; the audit log is kept and
    gains an 'undo' row. Returns the change undone."""
    db_path = Path(db_path)
    with _exclusive(db_path):
        target = undo_target(db_path)
        if target is None:
            raise HistoryError("Không có thay đổi nào để hoàn tác", "There is no change to undo")
        if not target["snapshot"]:
            raise HistoryError(
                "Thay đổi này là lần nạp đầu tiên vào cơ sở dữ liệu trống, không có bản lưu "
                "trước đó; hãy xóa kế hoạch thay vì hoàn tác",
                "This change was the first load into an empty database, with no snapshot "
                "before it; delete the plan instead of undoing",
            )
        source = snapshot_dir(db_path) / str(target["snapshot"])
        if not source.is_file():
            raise HistoryError(
                f"Không còn bản lưu trước thay đổi này (chỉ giữ {KEEP} bản gần nhất)",
                f"The snapshot before this change is gone (only the last {KEEP} are kept)",
            )
        plans = list(target["plan_ids"])
        with read_fresh(db_path) as con:
            before = _rows(con, plans)
            log = con.execute(
                f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit_log ORDER BY changed_at"
            ).fetchall()
        snapshot = _new_snapshot_name(db_path)

        def change(con):
            counts = _diff(before, _rows(con, plans))
            ensure_audit(con)
            con.execute("DELETE FROM audit_log")
            marks = ", ".join("?" * len(AUDIT_COLUMNS))
            columns = ", ".join(AUDIT_COLUMNS)
            for row in log:
                con.execute(f"INSERT INTO audit_log ({columns}) VALUES ({marks})", list(row))
            _audit(con, account, "undo", source.name, None, plans, counts, snapshot)

        _take_snapshot(db_path, snapshot)
        _rewrite(db_path, source, change)
        return target


def busy(db_path: Path) -> bool:
    """Another load, delete or undo holds the lock right now."""
    lock_path = Path(db_path).with_name(Path(db_path).name + ".lock")
    if not lock_path.exists():
        return False
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False
