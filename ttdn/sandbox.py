"""The SQL sandbox: run one read-only query that a person typed, safely.

    from ttdn.sandbox import run_sql, SandboxError
    try:
        result = run_sql("SELECT year, count(*) FROM plans GROUP BY ALL")
    except SandboxError as error:
        print(error.message("vi"))        # DuckDB's own text inside, never a traceback
    result.frame, result.rows, result.truncated, result.seconds

Every query runs in a short-lived worker process (``python -m ttdn.sandbox``)
that the query cannot switch anything off in:

1. The process limits itself before it imports DuckDB: address space
   (``RLIMIT_AS``, default 3 GiB: a query asking for more fails with an
   out-of-memory error instead of taking the machine), CPU time, no core files
   and no file writes at all (``RLIMIT_FSIZE`` = 0). The parent kills it when it
   outlives the time limit by a few seconds; at most ``concurrent`` workers run
   at once.
2. DuckDB starts in memory with extension install/autoload, community and
   unsigned extensions, temporary files (spilling) and Python replacement scans
   all off, a memory limit, then ATTACHes the database READ_ONLY, defines the
   shared filter macros (f_plans, f_activities), turns external access off (no
   file, no URL, no ATTACH, COPY, EXPORT, INSTALL or LOAD) and locks the
   configuration, so SET / RESET of any of this fails.
   (The database is attached to an in-memory instance rather than opened with
   ``duckdb.connect(path, read_only=True, config=...)`` because one process may
   not open the same file twice with different settings, and the app's pages
   already hold it open.)
3. ttdn.sql_guard checks the text: exactly one SELECT, known tables only, no
   file-reading or setting-revealing functions.
4. A timer interrupts the query after ``timeout`` seconds (default 10).
5. At most ``max_rows`` rows come back (the page shows ``show_rows``, default
   1,000; downloads are capped at ``download_rows``, default 100,000);
   ``truncated`` says when there were more. A result over ``result_mb`` (128 MB)
   is refused rather than sent.

Limits can be changed through the environment: TTDN_SQL_TIMEOUT (seconds),
TTDN_SQL_ROWS, TTDN_SQL_DOWNLOAD_ROWS, TTDN_SQL_MEMORY (DuckDB memory_limit,
e.g. 1GB), TTDN_SQL_ADDRESS_SPACE_MB, TTDN_SQL_RESULT_MB (largest result sent back).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ttdn import ROOT

MAX_SQL_CHARS = 100_000
_GRACE_SECONDS = 5.0  # the worker's start-up plus time to report an interrupt
_SLOTS_LOCK = threading.Lock()
_SLOTS: dict[int, threading.BoundedSemaphore] = {}


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds of query time
    show_rows: int = 1_000  # rows a page shows
    download_rows: int = 100_000  # rows a download (or the CLI) gets at most
    memory: str = "1GB"  # DuckDB memory_limit
    address_space_mb: int = 3072  # RLIMIT_AS of the worker
    threads: int = 2
    concurrent: int = 2  # workers at once in this process
    result_mb: int = 128  # largest result (Arrow bytes) a worker sends back

    @classmethod
    def from_env(cls) -> Limits:
        env = os.environ
        base = cls()

        def number(name, default, kind):
            try:
                value = kind(env[name])
                return value if value > 0 else default
            except (KeyError, ValueError):
                return default

        return cls(
            timeout=number("TTDN_SQL_TIMEOUT", base.timeout, float),
            show_rows=number("TTDN_SQL_ROWS", base.show_rows, int),
            download_rows=number("TTDN_SQL_DOWNLOAD_ROWS", base.download_rows, int),
            memory=env.get("TTDN_SQL_MEMORY", base.memory),
            address_space_mb=number("TTDN_SQL_ADDRESS_SPACE_MB", base.address_space_mb, int),
            result_mb=number("TTDN_SQL_RESULT_MB", base.result_mb, int),
        )


class SandboxError(Exception):
    """A refused or failed query. ``rule`` names why (see ttdn.sql_guard and the
    ``sandbox.*`` strings); ``message(lang)`` is the sentence to show."""

    def __init__(self, rule: str, **values):
        super().__init__(rule, values)
        self.rule = rule
        self.values = {k: str(v) for k, v in values.items()}

    @property
    def refused(self) -> bool:
        """True when the sandbox refused the query (as opposed to DuckDB failing it)."""
        return self.rule in ("too_long", "empty", "multiple", "not_select", "table", "function",
                             "complex")  # fmt: skip

    def message(self, lang: str = "vi") -> str:
        from ttdn.i18n import t

        values = dict(self.values)
        if "kind" in values:
            values["kind"] = t(f"sandbox.kind.{values['kind']}", lang)
        try:
            return t(f"sandbox.{self.rule}", lang, **values)
        except (KeyError, IndexError):
            return t("sandbox.error", lang, detail=values.get("detail", self.rule))

    def __str__(self) -> str:
        return self.message("en")


@dataclass
class Result:
    frame: object  # pandas.DataFrame
    rows: int  # rows in frame
    truncated: bool  # the query had more rows than max_rows
    seconds: float  # query time inside the worker
    columns: list[str] = field(default_factory=list)


def _slot(limits: Limits) -> threading.BoundedSemaphore:
    with _SLOTS_LOCK:
        return _SLOTS.setdefault(limits.concurrent, threading.BoundedSemaphore(limits.concurrent))


def _jsonable(value):
    """A parameter as JSON for the worker (dates are tagged so they stay dates)."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def _from_json(value):
    if isinstance(value, dict) and "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if isinstance(value, dict) and "$datetime" in value:
        return dt.datetime.fromisoformat(value["$datetime"])
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


def run_sql(
    sql: str,
    db_path: str | Path | None = None,
    limits: Limits | None = None,
    params: dict | None = None,
    max_rows: int | None = None,
    workdir: str | Path | None = None,
) -> Result:
    """Run sql in the sandbox; return a Result or raise SandboxError. The worker
    runs in workdir (default: the project folder) with HOME and TMPDIR there too."""
    from ttdn.db import default_db_path
    from ttdn.queries import macros_sql

    limits = limits or Limits.from_env()
    max_rows = int(max_rows if max_rows is not None else limits.show_rows)
    db_path = Path(db_path or default_db_path())
    if not isinstance(sql, str) or not sql.strip():
        raise SandboxError("empty")
    if len(sql) > MAX_SQL_CHARS:
        raise SandboxError("too_long", limit=MAX_SQL_CHARS)
    if not db_path.is_file():
        raise SandboxError("no_db", path=db_path)
    request = {
        "db": str(db_path.resolve()),
        "sql": sql,
        "params": {k: _jsonable(v) for k, v in (params or {}).items()},
        "macros": macros_sql(),
        "max_rows": max_rows,
        "limits": asdict(limits),
    }
    slot = _slot(limits)
    if not slot.acquire(timeout=limits.timeout + _GRACE_SECONDS):
        raise SandboxError("busy")
    try:
        return _run_worker(request, limits, Path(workdir or ROOT))
    finally:
        slot.release()


def _run_worker(request: dict, limits: Limits, workdir: Path) -> Result:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(workdir),
           "TMPDIR": str(workdir)}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-B", "-m", "ttdn.sandbox"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=str(workdir),
        env=env,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(
            json.dumps(request).encode("utf-8"), timeout=limits.timeout + _GRACE_SECONDS
        )
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise SandboxError("timeout", seconds=_seconds(limits.timeout)) from None
    header, _, body = out.partition(b"\n")
    try:
        meta = json.loads(header.decode("utf-8"))
    except ValueError:
        code = proc.returncode
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise SandboxError("crash", code=code, detail=detail[0][:300]) from None
    if not meta.get("ok"):
        rule = meta.pop("rule", "error")
        meta.pop("ok", None)
        if rule == "timeout":
            meta["seconds"] = _seconds(limits.timeout)
        raise SandboxError(rule, **meta)
    return Result(
        frame=_frame(body, meta["columns"]),
        rows=int(meta["rows"]),
        truncated=bool(meta["truncated"]),
        seconds=float(meta["seconds"]),
        columns=list(meta["columns"]),
    )


def _seconds(value: float) -> str:
    return f"{value:g}"


def _frame(body: bytes, columns: list[str]):
    import pandas as pd
    import pyarrow as pa

    if not body:
        return pd.DataFrame(columns=columns)
    table = pa.ipc.open_stream(pa.BufferReader(body)).read_all()
    names = unique_names(columns)
    table = table.rename_columns(names)
    return table.to_pandas(date_as_object=True, integer_object_nulls=False)


def unique_names(columns: list[str]) -> list[str]:
    """Column names made unique (a, a_2, a_3) so that a table can show them."""
    seen: dict[str, int] = {}
    out = []
    for name in columns:
        name = str(name) or "?"
        if name in seen:
            seen[name] += 1
            candidate = f"{name}_{seen[name]}"
            while candidate in seen:
                seen[name] += 1
                candidate = f"{name}_{seen[name]}"
            seen[candidate] = 1
            out.append(candidate)
        else:
            seen[name] = 1
            out.append(name)
    return out


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]


def schema_catalog(schema_sql: Path | None = None, schema_md: Path | None = None) -> list[Table]:
    """The tables a query can read: names and types from ttdn/schema.sql, what each
    table and column means from docs/schema.md (the schema browser of Khám phá). Parsed
    once per version of the two files (the page asks on every rerun)."""
    schema_sql = schema_sql or ROOT / "ttdn" / "schema.sql"
    schema_md = schema_md or ROOT / "docs" / "schema.md"
    return list(_schema_catalog(schema_sql, schema_md, _stamp(schema_sql), _stamp(schema_md)))


def _stamp(path: Path):
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _schema_catalog(schema_sql: Path, schema_md: Path, *_stamps) -> tuple[Table, ...]:
    import re

    types: dict[str, list[tuple[str, str]]] = {}
    sql = schema_sql.read_text(encoding="utf-8") if schema_sql.exists() else ""
    for match in re.finditer(r"CREATE TABLE (\w+)\s*\((.*?)\n\);", sql, re.S):
        columns = []
        for line in match.group(2).splitlines():
            line = line.split("--")[0].strip().rstrip(",")
            found = re.match(r"(\w+)\s+([A-Z]+(?:\[\])?)", line)
            if found and found.group(1).upper() not in ("PRIMARY", "UNIQUE", "FOREIGN", "CHECK"):
                columns.append((found.group(1), found.group(2)))
        types[match.group(1)] = columns
    described: dict[str, tuple[str, dict[str, str]]] = {}
    current = None
    text = schema_md.read_text(encoding="utf-8") if schema_md.exists() else ""
    for line in text.splitlines():
        heading = re.match(r"##\s+(\w+)\s*$", line)
        if heading:
            current = heading.group(1)
            described[current] = ("", {})
            continue
        if current is None:
            continue
        row = re.match(r"\|\s*(\w+)\s*\|\s*(.*?)\s*\|\s*$", line)
        if row and row.group(1) != "column":
            described[current][1][row.group(1)] = row.group(2)
        elif line.strip() and not line.startswith("|") and not described[current][0]:
            described[current] = (line.strip(), described[current][1])
    from ttdn.sql_guard import HIDDEN_TABLES

    tables = []
    for name, columns in types.items():
        if name.lower() in HIDDEN_TABLES:  # a query may not read it: not listed either
            continue
        about, notes = described.get(name, ("", {}))
        tables.append(Table(name, about, tuple(Column(c, t, notes.get(c, "")) for c, t in columns)))
    return tuple(tables)


def format_frame(frame, fmt: str = "table") -> str:
    """A result as text for the command line: an aligned table, CSV or JSON records."""
    import math

    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n")

    def plain(value):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if hasattr(value, "tolist"):
            value = value.tolist()
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, dt.date | dt.datetime | dt.time):
            return value.isoformat()
        if value is getattr(__import__("pandas"), "NaT", object()):
            return None
        if isinstance(value, int | float | str | bool):
            return value
        return str(value)

    records = [
        {str(k): plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")
    ]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    columns = [str(c) for c in frame.columns]
    cells = [["" if r[c] is None else str(r[c]).replace("\n", " ") for c in columns]
             for r in records]  # fmt: skip
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)),
             "-+-".join("-" * w for w in widths)]  # fmt: skip
    lines += [" | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"


# the worker -------------------------------------------------------------------


def _limit_process(limits: dict) -> None:
    import resource
    import signal

    address = int(limits["address_space_mb"]) * 1024 * 1024
    cpu = int(limits["timeout"] * max(1, limits["threads"]) + 10)
    for name, value in (
        ("RLIMIT_AS", address),
        ("RLIMIT_CPU", cpu),
        ("RLIMIT_CORE", 0),
        ("RLIMIT_FSIZE", 0),
    ):
        which = getattr(resource, name, None)
        if which is None:
            continue
        soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY and (value > hard):
            value = hard
        resource.setrlimit(which, (value, value if hard == resource.RLIM_INFINITY else hard))
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails instead of killing


def _connect(db: str, limits: dict, macros: str):
    import duckdb

    from ttdn.sql_guard import ALIAS

    con = duckdb.connect(
        ":memory:",
        config={
            "memory_limit": limits["memory"],
            "threads": int(limits["threads"]),
            "temp_directory": "",
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "allow_community_extensions": False,
            "allow_unsigned_extensions": False,
            "python_enable_replacements": False,
            "python_scan_all_frames": False,
        },
    )
    literal = "'" + db.replace("'", "''") + "'"  # ATTACH takes no parameters
    con.execute(f"ATTACH {literal} AS {ALIAS} (READ_ONLY)")
    con.execute("USE " + ALIAS)
    if macros:
        con.execute(macros)
    tables = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = $1", [ALIAS]
        ).fetchall()
    }
    macros = {
        row[0]
        for row in con.execute(
            "SELECT function_name FROM duckdb_functions() "
            "WHERE function_type = 'table_macro' AND database_name = 'temp'"
        ).fetchall()
    }
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con, tables, macros


def _error(error) -> dict:
    import duckdb

    text = str(error).strip()
    detail = text.split("\n\n")[0].strip()
    if isinstance(error, duckdb.InterruptException):
        return {"rule": "timeout"}
    if isinstance(error, duckdb.OutOfMemoryException | MemoryError):
        return {"rule": "memory", "detail": text.split("\n")[0].strip() or "out of memory"}
    if isinstance(error, duckdb.ParserException):
        return {"rule": "syntax", "detail": detail}
    return {"rule": "error", "detail": detail or type(error).__name__}


def _worker() -> int:
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by accident goes to stderr, not into the result
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    limits = request["limits"]
    _limit_process(limits)
    # The worker never needs pandas; DuckDB would import it (0.6 s) to look at parameters.
    sys.modules.setdefault("pandas", None)

    def reply(meta: dict, body: bytes = b"") -> int:
        out.write(json.dumps(meta).encode("utf-8") + b"\n" + body)
        out.flush()
        return 0

    try:
        import duckdb

        from ttdn.sql_guard import Refused, check

        try:
            con, tables, macros = _connect(request["db"], limits, request["macros"])
        except duckdb.Error as error:
            return reply({"ok": False, "rule": "no_db", "path": request["db"],
                          "detail": str(error).split("\n")[0]})  # fmt: skip
        sql = request["sql"]
        try:
            check(con, sql, tables, macros)
        except Refused as refused:
            return reply({"ok": False, **refused.as_dict()})

        timer = threading.Timer(float(limits["timeout"]), con.interrupt)
        started = time.perf_counter()
        timer.start()
        try:
            params = {k: _from_json(v) for k, v in request["params"].items()} or None
            relation = con.sql(sql, params=params)
            if relation is None:  # not a query after all
                return reply({"ok": False, "rule": "not_select", "kind": "other",
                              "statement": "?"})  # fmt: skip
            columns = list(relation.columns)
            import pyarrow as pa  # only now: a refused query never pays for it

            table = relation.limit(int(request["max_rows"]) + 1).to_arrow_table()
        except (duckdb.Error, MemoryError) as error:
            return reply({"ok": False, **_error(error)})
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        truncated = table.num_rows > int(request["max_rows"])
        if truncated:
            table = table.slice(0, int(request["max_rows"]))
        if table.nbytes > int(limits["result_mb"]) * 1024 * 1024:
            return reply({"ok": False, "rule": "too_big", "limit": limits["result_mb"],
                          "size": table.nbytes // (1024 * 1024)})  # fmt: skip
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        meta = {"ok": True, "columns": columns, "rows": table.num_rows,
                "truncated": truncated, "seconds": seconds}  # fmt: skip
        return reply(meta, sink.getvalue().to_pybytes())
    except MemoryError:
        return reply({"ok": False, "rule": "memory", "detail": "out of memory"})
    except Exception as error:  # noqa: BLE001 - reported as a message, never a traceback
        return reply({"ok": False, "rule": "error", "detail": f"{type(error).__name__}: {error}"})


if __name__ == "__main__":
    raise SystemExit(_worker())
