"""Where the database lives, how it is created, and read-only connections that
follow atomic swaps (a load replaces the file; readers reopen it)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

from ttdn import DATA_DIR

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
REFERENCE_TABLES = ("themes", "budget_codes", "provinces", "units", "unit_aliases")


def default_db_path() -> Path:
    return Path(os.environ.get("TTDN_DB", DATA_DIR / "ttdn.duckdb"))


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def upgrade_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a database built by an earlier version up to the current schema before a load.

    Headings used to be stored as activities: a database without the `sections` table gets
    it, and the heading rows of every stored plan move there (ttdn.ingest.headings)."""
    tables = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "sections" not in tables:
        from ttdn.ingest.headings import move_headings

        with duckdb.connect() as fresh:
            create_schema(fresh)
            (ddl,) = fresh.execute(
                "SELECT sql FROM duckdb_tables() WHERE table_name = 'sections'"
            ).fetchone()
        con.execute(ddl)
        plans = [p for (p,) in con.execute("SELECT plan_id FROM plans").fetchall()]
        move_headings(con, plans)


def write_reference(con: duckdb.DuckDBPyConnection, reference) -> None:
    """Replace the reference tables with the current data/reference files."""
    for table in REFERENCE_TABLES:
        frame = getattr(reference, table)  # noqa: F841 - used by DuckDB's replacement scan
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")


def file_signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class ReadOnlyDatabase:
    """One read-only connection per process, reopened when a load swapped the file.
    Each caller gets its own cursor (DuckDB connections are not thread-safe)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._signature = None
        self._local = threading.local()

    def prepared_cursor(self, prepare) -> duckdb.DuckDBPyConnection | None:
        """A cursor for this thread, prepared once (e.g. the filter macros) and reused
        until a load swaps the file. Do not close it."""
        cached = getattr(self._local, "cursor", None)
        if cached is not None and self._local.signature == file_signature(self.path):
            return cached
        cursor = self.cursor()
        if cursor is None:
            return None
        prepare(cursor)
        self._local.cursor, self._local.signature = cursor, self._signature
        return cursor

    def cursor(self) -> duckdb.DuckDBPyConnection | None:
        with self._lock:
            signature = file_signature(self.path)
            if signature is None:
                self._close()
                return None
            if self._con is None or signature != self._signature:
                self._close()
                self._con = duckdb.connect(str(self.path), read_only=True)
                self._signature = signature
            return self._con.cursor()

    @property
    def signature(self):
        return file_signature(self.path)

    def _close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
