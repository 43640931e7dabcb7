"""Named SQL in queries/*.sql. Each file starts with '-- key: value' lines
(title_vi, title_en, description_vi, description_en, and 'param: name type
default' lines) followed by one statement using $name parameters."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from ttdn import QUERIES_DIR

MACROS_FILE = "_macros.sql"


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # int, int[], text, text[], date
    default: object = None


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    meta: dict = field(default_factory=dict)
    params: tuple[Param, ...] = ()

    def title(self, lang: str = "vi") -> str:
        return self.meta.get(f"title_{lang}") or self.meta.get("title_vi") or self.name

    def description(self, lang: str = "vi") -> str:
        return self.meta.get(f"description_{lang}") or self.meta.get("description_vi") or ""

    def bind(self, values: dict | None = None) -> dict:
        """Parameters for DuckDB: every declared param, defaults filled in."""
        values = values or {}
        return {p.name: values.get(p.name, p.default) for p in self.params}


def parse_query(name: str, text: str) -> Query:
    meta: dict[str, str] = {}
    params: list[Param] = []
    body: list[str] = []
    header = True
    for line in text.splitlines():
        stripped = line.strip()
        if header and stripped.startswith("--") and ":" in stripped:
            key, value = stripped[2:].split(":", 1)
            key, value = key.strip(), value.strip()
            if key == "param":
                parts = value.split(None, 2)
                default = json.loads(parts[2]) if len(parts) > 2 else None
                params.append(Param(parts[0], parts[1], default))
            else:
                meta[key] = value
            continue
        if stripped:
            header = False
        body.append(line)
    return Query(name, "\n".join(body).strip().rstrip(";"), meta, tuple(params))


@lru_cache(maxsize=1)
def load_queries(directory: Path = QUERIES_DIR) -> dict[str, Query]:
    return {
        path.stem: parse_query(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(Path(directory).glob("*.sql"))
        if not path.name.startswith("_")
    }


@lru_cache(maxsize=4)
def names_by_title(lang: str = "vi") -> tuple[str, ...]:
    """The saved questions' names, in the order of their titles in `lang` (Vietnamese
    collation): the Khám phá page's list, sorted once per process and language."""
    from ttdn.text import vi_sort_key

    saved = load_queries()
    return tuple(sorted(saved, key=lambda n: vi_sort_key(saved[n].title(lang))))


@lru_cache(maxsize=1)
def macros_sql(directory: Path = QUERIES_DIR) -> str:
    path = Path(directory) / MACROS_FILE
    return path.read_text(encoding="utf-8") if path.exists() else ""


def prepare(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Define the shared filter macros (temporary, per cursor) on a connection."""
    sql = macros_sql()
    if sql:
        con.execute(sql)
    return con


def run(con: duckdb.DuckDBPyConnection, name: str, values: dict | None = None) -> pd.DataFrame:
    query = load_queries()[name]
    return con.execute(query.sql, query.bind(values)).df()
