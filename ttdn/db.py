"""Where the database lives, how it is created, and read-only connections that
follow atomic swaps (a load replaces the file; readers reopen it)."""

from __future__ import annotations

import contextlib
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ttdn import DATA_DIR

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
REFERENCE_TABLES = ("themes", "budget_codes", "provinces", "units", "unit_aliases")


def default_db_path() -> Path:
    return Path(os.environ.get("TTDN_DB", DATA_DIR / "ttdn.duckdb"))


class DatabaseUnreadable(Exception):
    """The database file exists but DuckDB cannot open it (not a DuckDB file, a newer
    format, damaged, or not readable). Carries a message in Vietnamese and English."""

    def __init__(self, path: Path, detail: str = ""):
        self.path = Path(path)
        self.message_vi = (
            f"Không mở được cơ sở dữ liệu '{self.path.name}': tệp không phải cơ sở dữ liệu"
            " DuckDB của ttdn, hoặc đã hỏng. Hãy kiểm tra biến TTDN_DB, hoặc tạo lại bằng"
            " `python -m ttdn build-default`. Không có gì bị thay đổi."
        )
        self.message_en = (
            f"Cannot open the database '{self.path.name}': the file is not a ttdn DuckDB"
            " database, or it is damaged. Check TTDN_DB, or rebuild it with"
            " `python -m ttdn build-default`. Nothing was changed."
        )
        self.detail = detail
        super().__init__(f"{self.message_vi}\n{self.message_en}")


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, or DatabaseUnreadable with a message people can act on."""
    try:
        return duckdb.connect(str(path), read_only=True)
    except (duckdb.Error, OSError) as exc:
        raise DatabaseUnreadable(path, f"{type(exc).__name__}: {exc}") from exc


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def upgrade_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a database built by an earlier version up to the current schema before a load:
    tables it lacks are created, columns it lacks are added (nullable; the next load of the
    reference tables and plans fills them).

    Headings used to be stored as activities: when the `sections` table is new, the heading
    rows of every stored plan move there (ttdn.ingest.headings)."""
    with duckdb.connect() as fresh:
        create_schema(fresh)
        ddl = dict(fresh.execute("SELECT table_name, sql FROM duckdb_tables()").fetchall())
        wanted = fresh.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "ORDER BY table_name, ordinal_position"
        ).fetchall()
    have = set(
        con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()
    )
    tables = {t for t, _ in have}
    for table, sql in ddl.items():
        if table not in tables:
            con.execute(sql)
    for table, column, data_type in wanted:
        if table in tables and (table, column) not in have:
            con.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {data_type}')
    if "sections" not in tables:
        from ttdn.ingest.headings import move_headings

        plans = [p for (p,) in con.execute("SELECT plan_id FROM plans").fetchall()]
        move_headings(con, plans)


def write_reference(con: duckdb.DuckDBPyConnection, reference) -> None:
    """Replace the reference tables with the current data/reference files."""
    for table in REFERENCE_TABLES:
        frame = getattr(reference, table)  # noqa: F841 - used by DuckDB's replacement scan
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")


@contextmanager
def read_fresh(path: Path):
    """A read-only connection to the file as it is on disk now. duckdb.connect(path) in a
    process that already holds the file open (the app's ReadOnlyDatabase) returns that
    instance, which can predate an atomic swap; attaching from an in-memory database
    reads the current file."""
    con = duckdb.connect()
    try:
        quoted = str(path).replace("'", "''")
        try:
            con.execute(f"ATTACH '{quoted}' AS fresh (READ_ONLY)")
        except (duckdb.Error, OSError) as exc:
            raise DatabaseUnreadable(path, f"{type(exc).__name__}: {exc}") from exc
        con.execute("USE fresh")
        yield con
    finally:
        con.close()


def file_signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def query_threads() -> int:
    """DuckDB threads of the app's read-only connection (TTDN_DUCKDB_THREADS, default 1).

    A server runs a script thread per session that reruns: the sessions are the
    parallelism. At this data scale a query scans and joins tens of thousands of rows, and
    splitting it over more threads costs more CPU than it saves (about a quarter of the
    queries' CPU on the national dataset), CPU the other sessions and replicas wait for."""
    try:
        return max(1, int(os.environ.get("TTDN_DUCKDB_THREADS", "1")))
    except ValueError:
        return 1


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
                self._con = open_read_only(self.path)
                self._con.execute(f"SET threads TO {query_threads()}")
                self._signature = signature
            return self._con.cursor(), signature

    @property
    def signature(self):
        return file_signature(self.path)

    def _close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
