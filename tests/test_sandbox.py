"""The SQL sandbox refuses every attempt in a corpus, one rule each, with a clear
message, and leaves the database file and the file system untouched."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pytest

from ttdn import ROOT
from ttdn.sandbox import Limits, SandboxError, _connect, run_sql
from ttdn.sql_guard import ALIAS

FAST = Limits(timeout=1.5)

# (id, sql, rules that count as a correct refusal). {T} is a folder the query
# would write into; {DB} the database file itself.
REFUSED = [
    # writes and schema changes
    ("insert", "INSERT INTO plans (plan_id) VALUES ('x')", {"not_select"}),
    ("update", "UPDATE plans SET year = 1999", {"not_select"}),
    ("delete", "DELETE FROM activities", {"not_select"}),
    ("truncate", "TRUNCATE plans", {"not_select"}),
    ("merge", "MERGE INTO plans USING plans p2 ON true WHEN MATCHED THEN DELETE", {"not_select"}),
    ("create_table", "CREATE TABLE x AS SELECT 1 AS a", {"not_select"}),
    ("create_temp", "CREATE TEMP TABLE x (a INTEGER)", {"not_select"}),
    ("create_view", "CREATE VIEW v AS SELECT * FROM plans", {"not_select"}),
    ("create_macro", "CREATE MACRO m(x) AS x + 1", {"not_select"}),
    ("drop", "DROP TABLE plans", {"not_select"}),
    ("alter", "ALTER TABLE plans ADD COLUMN x INTEGER", {"not_select"}),
    (
        "insert_returning_cte",
        "WITH d AS (DELETE FROM plans RETURNING *) SELECT * FROM d",
        {"syntax", "not_select"},
    ),
    # several statements, and comments or strings hiding them
    ("two_statements", "SELECT 1; DROP TABLE plans", {"multiple"}),
    ("two_lines", "SELECT 1;\nDELETE FROM plans;", {"multiple"}),
    ("comment_semicolon", "SELECT 1 /* ; */ ; UPDATE plans SET year = 0 -- bye", {"multiple"}),
    ("line_comment_break", "SELECT 1 -- harmless\n; DROP TABLE plans", {"multiple"}),
    ("block_comment_first", "/* SELECT 1 */ DROP TABLE plans", {"not_select"}),
    ("line_comment_first", "-- SELECT 1\nDELETE FROM plans", {"not_select"}),
    ("only_comment", "-- nothing here", {"empty"}),
    ("blank", "   \n  ", {"empty"}),
    # other databases, files written
    ("attach_file", "ATTACH '{T}/evil.duckdb' AS evil", {"not_select"}),
    ("attach_memory", "ATTACH ':memory:' AS m", {"not_select"}),
    ("attach_self_rw", "ATTACH '{DB}' AS rw", {"not_select"}),
    ("detach", f"DETACH {ALIAS}", {"not_select"}),
    ("use", "USE memory", {"not_select"}),
    ("copy_to", "COPY plans TO '{T}/plans.csv'", {"not_select"}),
    (
        "copy_query_to",
        "COPY (SELECT * FROM plans) TO '{T}/p.parquet' (FORMAT parquet)",
        {"not_select"},
    ),
    ("copy_from", "COPY plans FROM '/etc/passwd'", {"not_select"}),
    ("export", "EXPORT DATABASE '{T}/dump'", {"not_select"}),
    ("copy_database", f"COPY FROM DATABASE {ALIAS} TO memory", {"not_select", "multiple"}),
    # extensions
    ("install", "INSTALL httpfs", {"not_select"}),
    ("force_install", "FORCE INSTALL fts", {"not_select"}),
    ("load", "LOAD httpfs", {"not_select"}),
    ("load_path", "LOAD '{T}/evil.duckdb_extension'", {"not_select"}),
    # settings
    ("set_external", "SET enable_external_access = true", {"not_select"}),
    ("reset_external", "RESET enable_external_access", {"not_select"}),
    ("unlock", "SET lock_configuration = false", {"not_select"}),
    ("set_memory", "SET memory_limit = '100GB'", {"not_select"}),
    ("set_global", "SET GLOBAL threads = 64", {"not_select"}),
    ("set_variable", "SET VARIABLE x = 1", {"not_select"}),
    ("pragma_setting", "PRAGMA enable_profiling", {"not_select"}),
    ("pragma_select", "PRAGMA version", {"not_select"}),
    ("pragma_comment", "/* x */ PRAGMA database_list", {"not_select"}),
    ("call", "CALL pragma_version()", {"not_select"}),
    ("checkpoint", "CHECKPOINT", {"not_select"}),
    ("transaction", "BEGIN TRANSACTION", {"not_select"}),
    ("explain_analyze", "EXPLAIN ANALYZE SELECT 1", {"not_select"}),
    ("prepare", "PREPARE p AS SELECT 1", {"not_select"}),
    ("vacuum", "VACUUM", {"not_select"}),
    # files read through table functions
    ("read_csv", "SELECT * FROM read_csv('/etc/passwd')", {"function"}),
    ("read_csv_auto", "SELECT * FROM read_csv_auto('/etc/passwd', header = false)", {"function"}),
    ("read_text", "SELECT * FROM read_text('/etc/passwd')", {"function"}),
    ("read_blob", "SELECT content FROM read_blob('/etc/hostname')", {"function"}),
    ("read_json", "SELECT * FROM read_json('/etc/passwd')", {"function"}),
    ("read_parquet", "SELECT * FROM read_parquet('x.parquet')", {"function"}),
    ("read_duckdb", "SELECT * FROM read_duckdb('{DB}', table_name = 'plans')", {"function"}),
    ("parquet_meta", "SELECT * FROM parquet_metadata('/etc/passwd')", {"function"}),
    ("glob", "SELECT * FROM glob('/*')", {"function"}),
    ("sniff_csv", "SELECT * FROM sniff_csv('/etc/passwd')", {"function"}),
    ("upper_case_fn", "select * from READ_CSV('/etc/passwd')", {"function"}),
    (
        "cte_read",
        "WITH c AS (SELECT * FROM read_text('/etc/passwd')) SELECT * FROM c",
        {"function"},
    ),
    (
        "subquery_read",
        "SELECT * FROM plans WHERE title IN (SELECT content FROM read_text('/etc/passwd'))",
        {"function"},
    ),
    (
        "scalar_subquery_read",
        "SELECT (SELECT count(*) FROM read_csv('/etc/passwd')) AS n",
        {"function"},
    ),
    (
        "lateral_read",
        "SELECT * FROM plans, LATERAL (SELECT * FROM glob(plans.source_file))",
        {"function"},
    ),
    ("describe_read", "DESCRIBE SELECT * FROM read_csv('/etc/passwd')", {"function"}),
    ("summarize_read", "SUMMARIZE SELECT * FROM read_text('/etc/passwd')", {"function"}),
    ("query_fn", "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')", {"function"}),
    ("query_table", "SELECT * FROM query_table('plans')", {"function"}),
    ("serialized_sql", "SELECT * FROM json_execute_serialized_sql('{{}}')", {"function"}),
    ("arrow_pointer", "SELECT * FROM arrow_scan(1, 2, 3)", {"function"}),
    ("pandas_scan", "SELECT * FROM pandas_scan(1)", {"function"}),
    ("checkpoint_fn", "SELECT * FROM checkpoint()", {"function"}),
    ("iceberg", "SELECT * FROM iceberg_scan('s3://bucket/table')", {"function"}),
    ("sqlite", "SELECT * FROM sqlite_scan('x.db', 't')", {"function"}),
    # files and URLs used as tables (replacement scans)
    ("path_as_table", "SELECT * FROM '/etc/passwd'", {"table"}),
    ("quoted_path", 'SELECT * FROM "/etc/passwd"', {"table"}),
    ("relative_file", "SELECT * FROM 'data/reference/themes.csv'", {"table"}),
    ("db_file_as_table", "SELECT * FROM '{DB}'", {"table"}),
    ("describe_path", "DESCRIBE '/etc/passwd'", {"table"}),
    ("http_url", "SELECT * FROM 'http://example.com/x.csv'", {"table"}),
    ("https_fn", "SELECT * FROM read_csv('https://example.com/x.csv')", {"function"}),
    ("s3_url", "SELECT * FROM 's3://bucket/x.parquet'", {"table"}),
    ("home_path", "SELECT * FROM '~/.bashrc'", {"table"}),
    ("cte_named_path", 'WITH "x.csv" AS (SELECT 1) SELECT * FROM "x.csv"', {"table"}),
    ("unknown_table", "SELECT * FROM nowhere", {"table"}),
    ("other_catalog", "SELECT * FROM memory.main.anything", {"table"}),
    ("system_catalog", "SELECT * FROM system.main.duckdb_settings", {"table"}),
    ("pg_settings", "SELECT * FROM pg_catalog.pg_settings", {"table"}),
    ("pragma_view", "SELECT * FROM pragma_database_list", {"table"}),
    # the machine and the settings
    ("getenv", "SELECT getenv('HOME')", {"function"}),
    ("current_setting", "SELECT current_setting('temp_directory')", {"function"}),
    ("duckdb_settings", "SELECT * FROM duckdb_settings()", {"function"}),
    ("duckdb_databases", "SELECT path FROM duckdb_databases()", {"function"}),
    ("duckdb_extensions", "SELECT * FROM duckdb_extensions()", {"function"}),
    ("duckdb_secrets", "SELECT * FROM duckdb_secrets()", {"function"}),
    ("pragma_fn", "SELECT * FROM pragma_database_size()", {"function"}),
    ("write_log", "SELECT write_log('x')", {"function"}),
    # size
    ("too_long", "SELECT 1" + " " * 100_001, {"too_long"}),
]

# Queries that run too long or ask for too much: stopped, never allowed to finish.
EXHAUSTING = [
    ("endless_count", "SELECT count(*) FROM range(1000000000000)", {"timeout"}),
    (
        "cross_join",
        "SELECT count(*) FROM range(100000) a, range(100000) b, range(100000) c",
        {"timeout"},
    ),
    (
        "recursive_cte",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
        {"timeout", "memory"},
    ),
    ("huge_list", "SELECT range(400000000)", {"memory", "timeout"}),
    ("huge_string", "SELECT length(repeat('x', 2000000000))", {"memory", "timeout"}),
    (
        "huge_aggregate",
        "SELECT length(string_agg(repeat('x', 100), '')) FROM range(100000000)",
        {"memory", "timeout"},
    ),
    (
        "huge_cells",
        "SELECT repeat('x', 1000000) AS s FROM range(1000)",
        {"too_big", "memory", "timeout"},
    ),
]

ALLOWED = [
    ("count", "SELECT count(*) AS n FROM plans"),
    ("from_first", "FROM plans SELECT plan_id"),
    (
        "cte_window",
        "WITH a AS (SELECT plan_id, count(*) AS n FROM activities GROUP BY ALL) "
        "SELECT plan_id, n, rank() OVER (ORDER BY n DESC) AS r FROM a",
    ),
    ("string_with_drop", "SELECT '; DROP TABLE plans; --' AS harmless"),
    ("qualified", f"SELECT count(*) FROM {ALIAS}.main.plans"),
    ("macro", "SELECT count(*) FROM f_activities([], [], 'written', [], [], [])"),
    ("describe", "DESCRIBE plans"),
    ("summarize", "SUMMARIZE activities"),
    ("show_tables", "SHOW TABLES"),
    ("information_schema", "SELECT table_name, column_name FROM information_schema.columns"),
    ("duckdb_columns", "SELECT table_name, column_name FROM duckdb_columns()"),
    ("values", "VALUES (1, 'a'), (2, 'b')"),
    ("pivot", "PIVOT (SELECT year FROM plans) ON year IN (2020, 2021) USING count(*)"),
    ("range", "SELECT * FROM range(5)"),
    ("collate", "SELECT issuer FROM plans ORDER BY issuer COLLATE vi"),
    ("lambda", "SELECT list_transform([1, 2], x -> x + 1) AS l"),
    ("trailing_semicolon", "SELECT 1 AS one;"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def _suspects(folder) -> set[str]:
    """Entries of a shared folder (the project, the system temp folder) with the names
    the attempts write to, or DuckDB's spill folder; other programs may add unrelated
    files meanwhile, so only these are compared. The worker's own working folder and the
    database's folder are compared whole."""
    names = set()
    for name in os.listdir(folder):
        low = name.lower()
        if low in (".tmp", "x.csv", "plans.csv", "p.parquet", "dump") or low.startswith("evil"):
            names.add(name)
    return names


@pytest.fixture(scope="module")
def arena(tmp_path_factory, fixture_db):
    """A private copy of the database, an empty working folder for the worker and
    a folder the attempts try to write into."""
    import shutil

    base = tmp_path_factory.mktemp("sandbox")
    (base / "db").mkdir()
    db = base / "db" / "ttdn.duckdb"
    shutil.copy2(fixture_db, db)
    (base / "work").mkdir()
    (base / "target").mkdir()
    return {"db": db, "work": base / "work", "target": base / "target"}


@pytest.fixture
def untouched(arena):
    """Assert after the test that nothing changed on disk."""
    db = arena["db"]
    before = {
        "digest": _digest(db),
        "db_dir": _listing(db.parent),
        "work": _listing(arena["work"]),
        "target": _listing(arena["target"]),
        "root": _suspects(ROOT),
        "tmp": _suspects(tempfile.gettempdir()),
    }
    yield
    assert _digest(db) == before["digest"], "the database file changed"
    assert _listing(db.parent) == before["db_dir"], "files appeared beside the database"
    assert _listing(arena["work"]) == before["work"] == set(), "the worker wrote files"
    assert _listing(arena["target"]) == before["target"] == set(), "an attempt wrote a file"
    assert _suspects(ROOT) <= before["root"], "files appeared in the project folder"
    assert _suspects(tempfile.gettempdir()) <= before["tmp"]


def _attempt(arena, sql: str, limits: Limits = FAST, **kwargs):
    sql = sql.replace("{T}", str(arena["target"])).replace("{DB}", str(arena["db"]))
    sql = sql.replace("{{}}", "{}")
    return run_sql(sql, arena["db"], limits, workdir=arena["work"], **kwargs)


def _assert_clear(error: SandboxError) -> None:
    for lang in ("vi", "en"):
        text = error.message(lang)
        assert text and "Traceback" not in text and "sandbox." not in text, text
    assert error.message("vi") != error.message("en")


@pytest.mark.parametrize(("sql", "rules"), [(s, r) for _, s, r in REFUSED],
                         ids=[i for i, _, _ in REFUSED])  # fmt: skip
def test_refused(arena, untouched, sql, rules):
    with pytest.raises(SandboxError) as caught:
        _attempt(arena, sql)
    assert caught.value.rule in rules, (caught.value.rule, caught.value.message("en"))
    assert caught.value.refused or caught.value.rule == "syntax"
    _assert_clear(caught.value)


@pytest.mark.parametrize(("sql", "rules"), [(s, r) for _, s, r in EXHAUSTING],
                         ids=[i for i, _, _ in EXHAUSTING])  # fmt: skip
def test_exhausting_queries_are_stopped(arena, untouched, sql, rules):
    import time

    started = time.perf_counter()
    with pytest.raises(SandboxError) as caught:
        _attempt(arena, sql)
    assert caught.value.rule in rules, (caught.value.rule, caught.value.message("en"))
    assert time.perf_counter() - started < FAST.timeout + 10
    _assert_clear(caught.value)


@pytest.mark.parametrize("sql", [s for _, s in ALLOWED], ids=[i for i, _ in ALLOWED])
def test_allowed_queries_run(arena, untouched, sql):
    result = _attempt(arena, sql, Limits(timeout=20))
    assert result.rows > 0
    assert len(result.frame) == result.rows
    assert not result.truncated


def test_results_match_the_fixture(arena, untouched):
    from tests.fixtures import ACTIVITIES, PLANS

    result = _attempt(arena, "SELECT plan_id, count(*) AS n FROM activities GROUP BY ALL",
                      Limits(timeout=20))  # fmt: skip
    got = dict(zip(result.frame["plan_id"], result.frame["n"], strict=True))
    expected = {p["plan_id"]: sum(a["plan_id"] == p["plan_id"] for a in ACTIVITIES) for p in PLANS}
    assert got == {k: v for k, v in expected.items() if v}


def test_shown_rows_are_capped(arena, untouched):
    result = _attempt(arena, "SELECT * FROM range(10000000)", Limits(timeout=20, show_rows=1000))
    assert result.rows == 1000 and result.truncated
    assert list(result.frame["range"][:3]) == [0, 1, 2]


def test_downloads_are_capped(arena, untouched):
    limits = Limits(timeout=20, download_rows=100_000)
    result = _attempt(arena, "SELECT range AS n, range * 2 AS m FROM range(10000000)", limits,
                      max_rows=limits.download_rows)  # fmt: skip
    assert result.rows == 100_000 and result.truncated
    exact = _attempt(arena, "SELECT * FROM range(1234)", limits, max_rows=limits.download_rows)
    assert exact.rows == 1234 and not exact.truncated


def test_parameters_are_bound(arena, untouched):
    result = _attempt(
        arena,
        "SELECT plan_id FROM f_plans($years, $provinces, $province_mode, $levels) ORDER BY 1",
        Limits(timeout=20),
        params={"years": [2021], "provinces": [], "province_mode": "written", "levels": []},
    )
    from tests.fixtures import PLANS

    assert list(result.frame["plan_id"]) == sorted(p["plan_id"] for p in PLANS if p["year"] == 2021)


def test_duckdb_errors_come_as_messages(arena, untouched):
    with pytest.raises(SandboxError) as caught:
        _attempt(arena, "SELECT no_such_column FROM plans")
    assert caught.value.rule == "error" and not caught.value.refused
    assert "no_such_column" in caught.value.message("en")
    _assert_clear(caught.value)
    with pytest.raises(SandboxError) as caught:
        _attempt(arena, "SELEC 1")
    assert caught.value.rule == "syntax" and "SELEC" in caught.value.message("vi")


def test_missing_database(tmp_path):
    with pytest.raises(SandboxError) as caught:
        run_sql("SELECT 1", tmp_path / "none.duckdb")
    assert caught.value.rule == "no_db"
    assert not (tmp_path / "none.duckdb").exists()


def test_the_connection_itself_refuses_what_the_rules_would_miss(arena, untouched):
    """Second wall: even without the text checks the worker's connection cannot
    touch files, load extensions, write, or change its settings."""
    import duckdb

    limits = {"memory": "256MB", "threads": 1}
    con, tables, _ = _connect(str(arena["db"]), limits, "")
    target = arena["target"]
    assert {"plans", "activities", "assignments", "budgets"} <= tables
    attempts = [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM '/etc/passwd'",
        f"COPY plans TO '{target}/x.csv'",
        f"EXPORT DATABASE '{target}/dump'",
        f"ATTACH '{target}/evil.duckdb' AS evil",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "RESET enable_external_access",
        "SET lock_configuration = false",
        "SET temp_directory = '/tmp'",
        "CREATE TABLE plans2 AS SELECT * FROM plans",
        "DELETE FROM plans",
        "SELECT * FROM glob('/*')",
    ]
    for sql in attempts:
        with pytest.raises(duckdb.Error):
            con.execute(sql).fetchall()
    assert con.execute("SELECT count(*) FROM plans").fetchone()[0] > 0
    con.close()


# --- the audit log's account names stay out of the sandbox ------------------------------

SECRET_ACCOUNT = "bi.mat.bien.tap"
AUDIT_READS = [
    "SELECT account FROM audit_log",
    "SELECT * FROM AUDIT_LOG",
    'SELECT * FROM "audit_log"',
    f"SELECT * FROM {ALIAS}.audit_log",
    f"SELECT * FROM {ALIAS}.main.audit_log",
    "FROM audit_log",
    "TABLE audit_log",
    "SUMMARIZE audit_log",
    "SELECT * FROM (SUMMARIZE SELECT * FROM audit_log)",
    "DESCRIBE audit_log",
    # a CTE named like the table reads the stored table inside its own body
    "WITH audit_log AS (SELECT * FROM audit_log) SELECT * FROM audit_log",
    "WITH x AS (SELECT account FROM audit_log) SELECT * FROM x",
    "SELECT (SELECT max(account) FROM audit_log) AS a",
    "SELECT plan_id FROM plans WHERE EXISTS (SELECT 1 FROM audit_log WHERE account LIKE 'b%')",
    "SELECT plan_id AS account FROM plans UNION ALL SELECT account FROM audit_log",
    "PIVOT audit_log ON account USING count(*)",
    "UNPIVOT audit_log ON account INTO NAME k VALUE v",
]


@pytest.fixture(scope="module")
def audited(tmp_path_factory, fixture_db):
    """A copy of the database whose audit log holds one load by SECRET_ACCOUNT."""
    import datetime as dt
    import shutil

    import duckdb

    from ttdn.ingest import history

    base = tmp_path_factory.mktemp("audited")
    db = base / "ttdn.duckdb"
    shutil.copy2(fixture_db, db)
    with duckdb.connect(str(db)) as con:
        history.ensure_audit(con)
        con.execute(
            "INSERT INTO audit_log (changed_at, account, action, plan_ids, rows_added, "
            "rows_replaced, rows_removed) VALUES (?, ?, 'load', ['HT-2020'], 1, 0, 0)",
            [dt.datetime(2026, 1, 2, 3, 4, 5), SECRET_ACCOUNT],
        )
    (base / "work").mkdir()
    return {"db": db, "work": base / "work"}


@pytest.mark.parametrize("sql", AUDIT_READS)
def test_the_audit_log_is_hidden_from_queries(audited, sql):
    import duckdb

    with duckdb.connect(str(audited["db"]), read_only=True) as con:  # it is there to find
        assert con.execute("SELECT account FROM audit_log").fetchall() == [(SECRET_ACCOUNT,)]
    with pytest.raises(SandboxError) as caught:
        run_sql(sql, audited["db"], FAST, workdir=audited["work"])
    assert caught.value.refused, (caught.value.rule, caught.value.message("en"))
    for lang in ("vi", "en"):
        assert SECRET_ACCOUNT not in caught.value.message(lang)
    _assert_clear(caught.value)


def test_other_tables_still_answer_beside_the_hidden_audit_log(audited):
    from tests.fixtures import PLANS

    result = run_sql("SELECT count(*) AS n FROM plans", audited["db"], Limits(timeout=20),
                     workdir=audited["work"])  # fmt: skip
    assert result.frame["n"].tolist() == [len(PLANS)]
    # the catalog views name the table (no account in them), its rows stay out
    names = run_sql("SELECT table_name FROM information_schema.tables", audited["db"],
                    Limits(timeout=20), workdir=audited["work"])  # fmt: skip
    assert SECRET_ACCOUNT not in names.frame.to_string()


def test_the_schema_browser_leaves_the_audit_log_out():
    from ttdn.sandbox import schema_catalog

    names = {table.name for table in schema_catalog()}
    assert "audit_log" not in names
    assert {"plans", "activities", "assignments", "budgets"} <= names
