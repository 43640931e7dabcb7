"""What a query must be before the sandbox runs it, checked with DuckDB's own parser.

The rules (each refusal names its rule; messages live in ttdn/strings.csv under
``sandbox.*``):

- ``empty`` / ``multiple``: exactly one statement (``extract_statements``, the
  parser DuckDB itself uses, so comments or quotes cannot hide a second one);
- ``not_select``: its type is SELECT (SELECT, WITH, FROM-first, VALUES, TABLE,
  DESCRIBE, SUMMARIZE, SHOW, PIVOT with listed values). PRAGMA is rewritten by
  the parser into a SELECT, so the first keyword is checked as well;
- ``table``: every table it names is a table or view of the database, an
  ``information_schema`` view or one of the query's own CTEs. The tables of
  ``HIDDEN_TABLES`` (audit_log: who loaded and deleted what, with account names)
  are refused however they are named, even where a CTE of that name would shadow
  them (``WITH audit_log AS (SELECT * FROM audit_log)`` reads the stored table).
  A file name or URL used as a table (``FROM '/etc/passwd'``), other catalogs and
  ``pg_catalog`` (settings) are refused;
- ``function``: table functions only from a short list of harmless ones (so no
  read_csv, read_text, glob, parquet_*, query(), pragma_*, duckdb_settings(),
  ...); scalar functions that reveal the host or settings (getenv,
  current_setting) are refused.

These checks give clear messages; they are not the only wall. The worker also
runs on a connection that cannot read or write files, load extensions or change
settings (see ttdn.sandbox), so what slips past a rule still fails.
"""

from __future__ import annotations

import json
import re

import duckdb

ALIAS = "ttdn"  # the catalog name the database is attached under

# Table functions a query may call (everything else is refused).
ALLOWED_TABLE_FUNCTIONS = frozenset(
    {
        "range",
        "generate_series",
        "unnest",
        "repeat",
        "json_each",
        "json_tree",
        "duckdb_tables",
        "duckdb_columns",
        "duckdb_views",
        "duckdb_schemas",
        "duckdb_types",
        "duckdb_keywords",
        "duckdb_constraints",
        "duckdb_indexes",
        "duckdb_functions",
        "icu_calendar_names",
        "pg_timezone_names",
    }
)  # plus the table macros of queries/_macros.sql (f_plans, f_activities, ...)

# Scalar functions refused anywhere: they reveal the machine or the settings,
# write logs or run SQL given as text.
DENIED_FUNCTIONS = frozenset(
    {
        "getenv",
        "current_setting",
        "write_log",
        "json_execute_serialized_sql",
        "query",
        "query_table",
        "read_text",
        "read_blob",
        "glob",
        "sniff_csv",
    }
)
DENIED_PREFIXES = ("pragma_", "read_", "parquet_", "iceberg_", "delta_", "sqlite_", "postgres_",
                   "mysql_", "arrow_", "pandas_", "python_")  # fmt: skip

# Tables a query may never read: the audit log holds the editors' account names
# (the Data page's history tab shows it to editors only).
HIDDEN_TABLES = frozenset({"audit_log"})

_PATH_LIKE = re.compile(r"[/\\:~]|\.[A-Za-z0-9]{1,8}$|^\.")

# StatementType name -> what kind of statement it is (strings: sandbox.kind.<kind>)
_KINDS = {
    "INSERT": "write",
    "UPDATE": "write",
    "DELETE": "write",
    "MERGE_INTO": "write",
    "CREATE": "schema",
    "CREATE_FUNC": "schema",
    "DROP": "schema",
    "ALTER": "schema",
    "ATTACH": "attach",
    "DETACH": "attach",
    "COPY": "file",
    "EXPORT": "file",
    "COPY_DATABASE": "file",
    "LOAD": "extension",
    "EXTENSION": "extension",
    "SET": "setting",
    "VARIABLE_SET": "setting",
    "PRAGMA": "setting",
}


class Refused(Exception):
    """A query the sandbox will not run: ``rule`` plus values for the message."""

    def __init__(self, rule: str, **values):
        super().__init__(rule, values)
        self.rule = rule
        self.values = {k: str(v) for k, v in values.items()}

    def as_dict(self) -> dict:
        return {"rule": self.rule, **self.values}


def statement_kind(type_name: str, first_word: str = "") -> str:
    if first_word.upper() == "PRAGMA":
        return "setting"
    return _KINDS.get(type_name.upper(), "other")


def first_keyword(sql: str) -> str:
    """The first token of the text, comments skipped (DuckDB's tokenizer)."""
    try:
        tokens = duckdb.tokenize(sql)
    except Exception:  # noqa: BLE001 - tokenizer problems show up in the parser below
        return ""
    if not tokens:
        return ""
    match = re.match(r"[A-Za-z_]+", sql[tokens[0][0] :])
    return match.group(0) if match else ""


def _walk(tree) -> tuple[set[str], list[tuple[str, str, str]], list[str], list[str]]:
    """CTE names, base tables (catalog, schema, name), table functions, other functions."""
    ctes: set[str] = set()
    tables: list[tuple[str, str, str]] = []
    table_functions: list[str] = []
    functions: list[str] = []
    skip: set[int] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if kind == "BASE_TABLE":
            tables.append(
                (
                    str(node.get("catalog_name") or ""),
                    str(node.get("schema_name") or ""),
                    str(node.get("table_name") or ""),
                )
            )
        elif kind == "TABLE_FUNCTION" and isinstance(node.get("function"), dict):
            function = node["function"]
            table_functions.append(str(function.get("function_name") or ""))
            skip.add(id(function))
        if node.get("class") in ("FUNCTION", "WINDOW", "AGGREGATE") and id(node) not in skip:
            functions.append(str(node.get("function_name") or ""))
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            for entry in cte_map.get("map") or []:
                if isinstance(entry, dict) and entry.get("key"):
                    ctes.add(str(entry["key"]).lower())
        stack.extend(v for v in node.values() if isinstance(v, dict | list))
    return ctes, tables, table_functions, functions


def _function_refused(name: str) -> bool:
    name = name.lower()
    return name in DENIED_FUNCTIONS or name.startswith(DENIED_PREFIXES)


def check(
    con: duckdb.DuckDBPyConnection, sql: str, known_tables: set[str], macros: set[str] = frozenset()
) -> None:
    """Raise Refused unless sql is one read-only SELECT over known tables; `macros` are
    the table macros defined for the query (the shared filters)."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as error:
        raise Refused("syntax", detail=str(error)) from None
    if not statements:
        raise Refused("empty")
    if len(statements) > 1:
        raise Refused("multiple", count=len(statements))
    statement = statements[0]
    type_name = getattr(statement.type, "name", str(statement.type))
    word = first_keyword(sql)
    if type_name != "SELECT" or word.upper() == "PRAGMA":
        raise Refused("not_select", kind=statement_kind(type_name, word),
                      statement=(word or type_name).upper())  # fmt: skip

    raw = con.execute("SELECT json_serialize_sql($1::VARCHAR)", [sql]).fetchone()[0]
    try:
        tree = json.loads(raw)
    except (ValueError, RecursionError):
        raise Refused("complex") from None
    if tree.get("error"):
        if tree.get("error_type") == "parser":
            raise Refused("syntax", detail=tree.get("error_message", ""))
        raise Refused("not_select", kind="other", statement=(word or type_name).upper())
    if len(tree.get("statements") or []) != 1:
        raise Refused("multiple", count=len(tree.get("statements") or []))

    ctes, tables, table_functions, functions = _walk(tree["statements"])
    known = {t.lower() for t in known_tables} - HIDDEN_TABLES
    for catalog, schema, name in tables:
        low, catalog, schema = name.lower(), catalog.lower(), schema.lower()
        if low in HIDDEN_TABLES:
            raise Refused("table", name=name)
        if _PATH_LIKE.search(name):
            raise Refused("table", name=name)
        if not catalog and not schema and (low in ctes or low in known):
            continue
        if catalog in ("", ALIAS) and schema in ("", "main", ALIAS) and low in known:
            continue
        if catalog in ("", ALIAS) and schema == "information_schema":
            continue
        raise Refused("table", name=".".join(p for p in (catalog, schema, name) if p))
    allowed = ALLOWED_TABLE_FUNCTIONS | {m.lower() for m in macros}
    for name in table_functions:
        if name.lower() not in allowed:
            raise Refused("function", name=name)
    for name in functions:
        if _function_refused(name):
            raise Refused("function", name=name)
