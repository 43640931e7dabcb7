"""Bench suite: the leaders' brief (ttdn.brief.build_brief).

What the download button and `python -m ttdn brief` do once the process is up: run the
named queries for each entity, draw the four charts with matplotlib, write the .docx.
Cases: one province over all its years (the 34-province view), a comparison of two
provinces in two years, and the whole country. The first build (imports, matplotlib's
font cache) is a warm-up and not timed. The target is ≤ 5 s per brief on every dataset.
The floor is the time of the named queries alone (what the database must do); the note
gives the CPU time and the load average (on a busy machine the wall time grows while
the CPU time does not).
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import duckdb

from ttdn import queries
from ttdn.bench import summary

TARGET_MS = 5000.0
RUNS, QUICK_RUNS = 3, 1
CASES = {
    "one province": [{"provinces": ["Hà Tĩnh"], "province_mode": "2025"}],
    "comparison": [
        {"provinces": ["Hà Tĩnh"], "years": [2020], "province_mode": "2025"},
        {"provinces": ["Đắk Lắk"], "years": [2024], "province_mode": "2025"},
    ],
    "all provinces": [{}],
}


def _floor(con, entities) -> float:
    from ttdn.brief import gather

    began = time.perf_counter()
    for entity in entities:
        gather(con, entity.params)
    queries.run(con, "filter_options_themes")
    queries.run(con, "synthetic_flag")
    return (time.perf_counter() - began) * 1000


def bench(datasets: dict[str, Path], quick: bool = False) -> list[dict]:
    from ttdn.brief import Entity, build_brief

    rows = []
    runs = QUICK_RUNS if quick else RUNS
    for name, path in datasets.items():
        with duckdb.connect(str(path), read_only=True) as con:
            queries.prepare(con)
            build_brief(con, [Entity({})])  # warm-up: imports, font cache, columns
            for case, params in CASES.items():
                entities = [Entity(p) for p in params]
                load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
                wall, cpu, sizes = [], [], []
                for _ in range(runs):
                    began, began_cpu = time.perf_counter(), time.process_time()
                    data = build_brief(con, entities)
                    wall.append((time.perf_counter() - began) * 1000)
                    cpu.append((time.process_time() - began_cpu) * 1000)
                    sizes.append(len(data))
                median, p95 = summary(wall)
                rows.append(
                    {
                        "suite": "brief",
                        "case": f"brief: {case}",
                        "dataset": name,
                        "runs": runs,
                        "median_ms": median,
                        "p95_ms": p95,
                        "floor_ms": _floor(con, entities),
                        "target": f"median ≤ {TARGET_MS:g}",
                        "ok": median <= TARGET_MS,
                        "note": f"CPU time median {statistics.median(cpu):.0f} ms, "
                        f"{sizes[-1] // 1024} KB"
                        + (f", load average {load:.1f} at start" if load is not None else ""),
                    }
                )
    return rows
