"""Compliance over every plan of a dataset: ``ttdn.compliance.evaluate(con)`` with the
criteria of data/reference/criteria.csv, cold (a fresh read-only connection each run, so
nothing is cached). Target on the national data set: ≤ 1 s (issue 8). The floor is the
rules' SQL alone (what DuckDB spends), without the evidence texts built in Python."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import duckdb

from ttdn import compliance
from ttdn.bench import summary

RUNS = 7
QUICK_RUNS = 3
TARGETS = {"national": 1000.0}  # ms, median


def _sql_only(con) -> float:
    """The rule queries alone, each on the plans it applies to."""
    import json

    criteria, _ = compliance.load_criteria()
    cur = con.cursor()
    compliance._ensure_sections(cur)
    ids = [r[0] for r in cur.execute("SELECT plan_id FROM plans").fetchall()]
    plans = compliance._run_sql(cur, compliance._builtin("_plans"), {"plan_ids": ids})
    for plan in plans:
        plan["province_info"] = json.loads(plan["province_info"] or "{}")
    began = time.perf_counter()
    for criterion in criteria:
        applicable = [
            (p["plan_id"], p["year"]) for p in plans if compliance._applies(criterion, p)[0]
        ]
        if applicable:
            compliance._run_rule(cur, criterion, applicable, compliance.SQL_DIR)
    return (time.perf_counter() - began) * 1000


def bench(datasets: dict[str, Path], quick: bool = False) -> list[dict]:
    rows = []
    for name, db in datasets.items():
        times, floors, cpu, size = [], [], [], 0
        runs = QUICK_RUNS if quick or name == "national_x10" else RUNS
        for _ in range(runs):
            with duckdb.connect(str(db), read_only=True) as con:
                began, began_cpu = time.perf_counter(), time.process_time()
                frame = compliance.evaluate(con)
                times.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
                size = len(frame)
                floors.append(_sql_only(con))
        median, p95 = summary(times)
        target = TARGETS.get(name)
        rows.append(
            {
                "suite": "compliance",
                "case": "evaluate all plans",
                "dataset": name,
                "runs": len(times),
                "median_ms": median,
                "p95_ms": p95,
                "floor_ms": statistics.median(floors),
                "target": f"median ≤ {target:g}" if target else None,
                "ok": (median <= target) if target else None,
                # the machine may be shared: CPU time (all threads) says what the work costs
                "note": f"{size:,} results; CPU {statistics.median(cpu):,.0f} ms",
            }
        )
    return rows
