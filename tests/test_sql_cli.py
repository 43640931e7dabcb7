"""`python -m ttdn sql`: the sandbox for scripts. Exit 0 with the result on stdout,
1 with the reason (Vietnamese and English) on stderr, 2 on a usage error."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from collections import Counter

import pytest

from tests.fixtures import ACTIVITIES, PLANS
from ttdn import ROOT
from ttdn.i18n import t


def sql(db, *args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "ttdn", "sql", "--db", str(db), *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


QUERY = "SELECT plan_id, count(*) AS n FROM activities GROUP BY ALL ORDER BY plan_id"
EXPECTED = sorted(Counter(a["plan_id"] for a in ACTIVITIES).items())


def test_table_output(fixture_db):
    done = sql(fixture_db, QUERY)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [c.strip() for c in lines[0].split("|")] == ["plan_id", "n"]
    assert set(lines[1]) <= {"-", "+"}
    rows = [tuple(c.strip() for c in line.split("|")) for line in lines[2:]]
    assert rows == [(p, str(n)) for p, n in EXPECTED]
    assert done.stderr == ""


def test_csv_output(fixture_db):
    done = sql(fixture_db, "--format", "csv", QUERY)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["plan_id", "n"]
    assert [(p, int(n)) for p, n in rows[1:]] == EXPECTED


def test_json_output_keeps_types(fixture_db):
    done = sql(fixture_db, "--format", "json",
               "SELECT plan_id, year, issued_date, [1, 2] AS l FROM plans ORDER BY plan_id")  # fmt: skip
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert [r["plan_id"] for r in records] == sorted(p["plan_id"] for p in PLANS)
    hn = next(r for r in records if r["plan_id"] == "HN-2021-92")
    assert hn == {"plan_id": "HN-2021-92", "year": 2021, "issued_date": "2021-04-06", "l": [1, 2]}
    assert next(r for r in records if r["plan_id"] == "HT-2020")["issued_date"] is None


def test_query_from_stdin(fixture_db):
    done = sql(fixture_db, "--format", "csv", "-", stdin="SELECT count(*) AS plans FROM plans\n")
    assert done.returncode == 0 and done.stdout.splitlines() == ["plans", str(len(PLANS))]


@pytest.mark.parametrize(
    ("query", "rule", "values"),
    [
        ("DROP TABLE plans", "not_select", {"statement": "DROP"}),
        ("SELECT 1; DELETE FROM plans", "multiple", {"count": 2}),
        ("SELECT * FROM read_text('/etc/passwd')", "function", {"name": "read_text"}),
        ("SELECT * FROM '/etc/passwd'", "table", {"name": "/etc/passwd"}),
    ],
)
def test_refusals_exit_1_with_both_languages(fixture_db, query, rule, values):
    before = hashlib.sha256(fixture_db.read_bytes()).hexdigest()
    done = sql(fixture_db, query)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    for lang in ("vi", "en"):
        expected = {k: str(v) for k, v in values.items()}
        if rule == "not_select":
            expected["kind"] = t("sandbox.kind.schema", lang)
        assert t(f"sandbox.{rule}", lang, **expected) in done.stderr
    assert hashlib.sha256(fixture_db.read_bytes()).hexdigest() == before


def test_duckdb_error_and_timeout_exit_1(fixture_db):
    done = sql(fixture_db, "SELECT no_such_column FROM plans")
    assert done.returncode == 1 and "no_such_column" in done.stderr
    assert "DuckDB" in done.stderr and "Traceback" not in done.stderr
    done = sql(fixture_db, "--timeout", "1", "SELECT count(*) FROM range(1000000000000)")
    assert done.returncode == 1
    assert t("sandbox.timeout", "en", seconds="1") in done.stderr


def test_row_cap_is_said_on_stderr(fixture_db):
    done = sql(fixture_db, "--format", "csv", "--max-rows", "5", "SELECT * FROM range(100)")
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["range", "0", "1", "2", "3", "4"]
    assert "5" in done.stderr


def test_usage_errors_exit_2(fixture_db, tmp_path):
    assert sql(fixture_db).returncode == 2
    assert sql(fixture_db, "--format", "xml", "SELECT 1").returncode == 2
    missing = sql(tmp_path / "none.duckdb", "SELECT 1")
    assert missing.returncode == 1 and "none.duckdb" in missing.stderr
    assert not (tmp_path / "none.duckdb").exists()
