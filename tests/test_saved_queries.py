"""Every saved question in queries/ (the files not starting with '_') is complete and
runs on the fixture database with its default parameters, on a plain read-only
connection and through the sandbox the Khám phá page uses."""

from __future__ import annotations

import duckdb
import pytest

from ttdn import QUERIES_DIR, queries
from ttdn.sandbox import Limits, SandboxError, run_sql

SAVED = sorted(queries.load_queries())
TYPES = {"int", "int[]", "text", "text[]", "date", "float", "bool"}


def test_there_are_saved_questions():
    assert "search_results" in SAVED
    files = {p.stem for p in QUERIES_DIR.glob("*.sql") if not p.name.startswith("_")}
    assert set(SAVED) == files


@pytest.mark.parametrize("name", SAVED)
def test_has_titles_descriptions_and_known_parameter_types(name):
    query = queries.load_queries()[name]
    for key in ("title_vi", "title_en", "description_vi", "description_en"):
        assert query.meta.get(key, "").strip(), f"{name}: missing {key}"
    assert query.title("vi") != query.title("en") or query.title("vi").isascii()
    for param in query.params:
        assert param.type in TYPES, f"{name}: {param.name} has type {param.type}"
        assert f"${param.name}" in query.sql, f"{name}: ${param.name} is declared but unused"


@pytest.fixture(scope="module")
def con(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as connection:
        queries.prepare(connection)
        yield connection


@pytest.mark.parametrize("name", SAVED)
def test_runs_with_defaults(con, name):
    frame = queries.run(con, name)
    assert len(frame.columns) > 0


# Through the sandbox: a few at a time in one worker each would be slow; run them all
# and report every failure at once.
def test_every_saved_question_runs_in_the_sandbox(fixture_db):
    failures = {}
    for name in SAVED:
        query = queries.load_queries()[name]
        try:
            result = run_sql(query.sql, fixture_db, Limits(timeout=30), params=query.bind())
        except SandboxError as error:
            failures[name] = error.message("en")
            continue
        with duckdb.connect(str(fixture_db), read_only=True) as plain:
            queries.prepare(plain)
            expected = queries.run(plain, name)
        assert list(result.frame.columns) == list(expected.columns), name
        assert result.rows == min(len(expected), Limits().show_rows), name
    assert not failures, failures
