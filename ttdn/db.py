"""Where the database lives, how it is created, and read-only connections that
follow atomic swaps (a load replaces the file; readers reopen it)."""

from __future__ import annotations

import contextlib
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
        self._pool: list[tuple[object, duckdb.DuckDBPyConnection]] = []

    POOL_MAX = 32  # idle prepared cursors kept (about the most scripts running at once)

    @contextlib.contextmanager
    def borrowed(self, prepare):
        """A prepared cursor (e.g. with the filter macros) for one with-block, taken from
        a pool shared by all threads and put back afterwards; None when there is no file.

        Streamlit runs every rerun in a new thread, so a cursor kept per thread
        (prepared_cursor) is prepared again on every rerun; a pooled one is prepared
        once per concurrent script and reused until a load swaps the file."""
        signature = file_signature(self.path)
        cursor = None
        with self._lock:
            while self._pool and cursor is None:
                pooled_signature, pooled = self._pool.pop()
                if pooled_signature == signature and signature == self._signature:
                    cursor = pooled
                else:  # from before a swap
                    with contextlib.suppress(Exception):
                        pooled.close()
        if cursor is None:
            cursor, signature = self._cursor_and_signature()
            if cursor is None:
                yield None
                return
            prepare(cursor)
        try:
            yield cursor
        finally:
            with self._lock:
                keep = signature == self._signature and len(self._pool) < self.POOL_MAX
                if keep:
                    self._pool.append((signature, cursor))
            if not keep:
                with contextlib.suppress(Exception):
                    cursor.close()

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
        return self._cursor_and_signature()[0]

    def _cursor_and_signature(self):
        with self._lock:
            signature = file_signature(self.path)
            if signature is None:
                self._close()
                return None, None
            if self._con is None or signature != self._signature:
                self._close()
                self._con = duckdb.connect(str(self.path), read_only=True)
                self._signature = signature
            return self._con.cursor(), signature

    @property
    def signature(self):
        return file_signature(self.path)

    def _close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
