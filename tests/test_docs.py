"""Docs are tested: every column of the schema is described in docs/schema.md."""

import re
from pathlib import Path

import duckdb

from ttdn.db import create_schema

ROOT = Path(__file__).resolve().parent.parent


def _documented() -> dict[str, set[str]]:
    tables: dict[str, set[str]] = {}
    current = None
    for line in (ROOT / "docs" / "schema.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\w+)$", line)
        if heading:
            current = heading.group(1)
            tables[current] = set()
        row = re.match(r"^\| (\w+) \|", line)
        if current and row and row.group(1) != "column":
            tables[current].add(row.group(1))
    return tables


def test_every_schema_column_is_documented():
    con = duckdb.connect()
    create_schema(con)
    documented = _documented()
    columns = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns ORDER BY ALL"
    ).fetchall()
    missing = [f"{t}.{c}" for t, c in columns if c not in documented.get(t, set())]
    assert not missing, f"undocumented columns: {missing}"


def test_issue_contract_columns_exist():
    """The names the foundation issue promises to pages, analysts and scripts."""
    promised = {
        "plans": "plan_id number title issuer issuer_level province province_2025 year period_end issued_date signer source",
        "activities": "plan_id activity_id section title description timeframe start_date end_date recurring budget_source budget_code budget_vnd status",
        "activity_units": "plan_id activity_id role unit unit_canonical unit_type",
        "activity_themes": "plan_id activity_id theme_code assigned",
        "assignments": "plan_id unit unit_canonical unit_type role duty",
        "budgets": "plan_id source budget_code amount_vnd note conditional",
        "legal_bases": "plan_id reference",
        "themes": "theme_code name_vi name_en",
    }
    con = duckdb.connect()
    create_schema(con)
    for table, names in promised.items():
        have = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
        assert set(names.split()) <= have, table
