"""Bench suite: the Tra cứu search and the SQL sandbox.

search: what the page does for a search it has not cached: read the box
(ttdn.search.parse), take a cursor of the read-only database and define the
filter macros, run queries/search_results.sql (top 50), then highlight the titles
and cut the highlighted excerpts. Timed over a fixed mix of searches (common and
rare words, phrases, prefixes, đ-folded words, with and without filters), several
rounds; the target is a median ≤ 100 ms on 'national' (~51,000 activities).
The floor is the same query on an already prepared connection. The note gives the
CPU time of the process (DuckDB's threads included) and the load average: on a busy
machine the wall time grows while the CPU time does not.

search:<class>: the same timings split by kind of search (no target).

sandbox: one small SELECT through ttdn.sandbox.run_sql, worker process included
(no target; it is what the Khám phá page adds to a query).
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import duckdb

from ttdn import queries
from ttdn.bench import summary
from ttdn.db import ReadOnlyDatabase
from ttdn.search import excerpt, highlight, parse, query_params

TARGET_MS = 100.0
TARGET_DATASET = "national"
TOP = 50
ROUNDS, QUICK_ROUNDS = 5, 2

# (class, search box, filters)
SEARCHES = [
    ("rare", "dak lak", {}),
    ("rare", "bien dong", {}),
    ("rare", "xuc tien dau tu", {}),
    ("rare", "nguoi viet nam o nuoc ngoai", {}),
    ("rare", "xyzzy", {}),
    ("common", "quang ba hinh anh", {}),
    ("common", "tap huan", {}),
    ("common", "bao chi nuoc ngoai", {}),
    ("common", "so ngoai vu", {}),
    ("common", "thong tin doi ngoai", {}),
    ("phrase", '"hội nghị"', {}),
    ("phrase", '"quảng bá hình ảnh"', {}),
    ("phrase", '"báo chí nước ngoài" tỉnh', {}),
    ("prefix", "tuyen*", {}),
    ("prefix", "hoi* nghi", {}),
    ("diacritics", "Quảng bá hình ảnh Đắk Lắk", {}),
    ("diacritics", "ĐỐI NGOẠI", {}),
    ("filtered", "tap huan", {"years": [2024]}),
    ("filtered", "quang ba", {"years": [2021, 2022], "levels": ["tỉnh"]}),
    ("filtered", "thong tin", {"themes": ["tap_huan"]}),
]


def page_search(db: ReadOnlyDatabase, box: str, filters: dict) -> int:
    """The work of one uncached search on the page; returns the number of results."""
    query = parse(box)
    con = db.cursor()
    with con:
        queries.prepare(con)
        found = queries.run(con, "search_results", query_params(query, filters, limit=TOP))
    for row in found.itertuples(index=False):
        item = (row.title, row.body)  # as the page: spellings decided over both
        highlight(row.title, query, within=item)
        excerpt(row.body, query, within=item)
    return int(found["total"].iloc[0]) if len(found) else 0


def _time_searches(path: Path, rounds: int) -> tuple[dict, list[float], dict, list[float]]:
    db = ReadOnlyDatabase(path)
    page_search(db, "warm up", {})  # first query: opening the file, loading columns
    by_class: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    cpu: list[float] = []
    for _ in range(rounds):
        for kind, box, filters in SEARCHES:
            began, began_cpu = time.perf_counter(), time.process_time()
            totals[box] = page_search(db, box, filters)
            by_class.setdefault(kind, []).append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
    floors = []
    with duckdb.connect(str(path), read_only=True) as con:
        queries.prepare(con)
        query = queries.load_queries()["search_results"]
        for _, box, filters in SEARCHES:
            values = query.bind(query_params(parse(box), filters, limit=TOP))
            runs = []
            for _ in range(3):
                began = time.perf_counter()
                con.execute(query.sql, values).df()
                runs.append((time.perf_counter() - began) * 1000)
            floors.append(statistics.median(runs))
    return by_class, floors, totals, cpu


def _sandbox_ms(path: Path, runs: int) -> list[float]:
    from ttdn.sandbox import Limits, run_sql

    times = []
    for _ in range(runs):
        began = time.perf_counter()
        run_sql("SELECT plan_id, count(*) AS n FROM activities GROUP BY ALL", path, Limits())
        times.append((time.perf_counter() - began) * 1000)
    return times


def bench(datasets: dict[str, Path], quick: bool = False) -> list[dict]:
    rows = []
    rounds = QUICK_ROUNDS if quick else ROUNDS
    for name, path in datasets.items():
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        by_class, floors, totals, cpu = _time_searches(path, rounds)
        every = [t for times in by_class.values() for t in times]
        median, p95 = summary(every)
        target = name == TARGET_DATASET
        rows.append(
            {
                "suite": "search",
                "case": f"search ({len(SEARCHES)} searches × {rounds})",
                "dataset": name,
                "runs": len(every),
                "median_ms": median,
                "p95_ms": p95,
                "floor_ms": statistics.median(floors),
                "target": f"median ≤ {TARGET_MS:g}" if target else None,
                "ok": median <= TARGET_MS if target else None,
                "note": f"CPU time median {statistics.median(cpu):.0f} ms"
                + (f", load average {load:.1f} at start" if load is not None else ""),
                "results": totals,
            }
        )
        for kind, times in by_class.items():
            median, p95 = summary(times)
            rows.append(
                {
                    "suite": "search",
                    "case": f"search:{kind}",
                    "dataset": name,
                    "runs": len(times),
                    "median_ms": median,
                    "p95_ms": p95,
                    "floor_ms": None,
                    "target": None,
                    "ok": None,
                    "note": "",
                }
            )
        times = _sandbox_ms(path, 3 if quick else 5)
        median, p95 = summary(times)
        rows.append(
            {
                "suite": "search",
                "case": "sandbox: SELECT via worker",
                "dataset": name,
                "runs": len(times),
                "median_ms": median,
                "p95_ms": p95,
                "floor_ms": None,
                "target": None,
                "ok": None,
                "note": "process start included",
            }
        )
    return rows
