"""Benchmarks: `make bench` runs `python -m ttdn.bench`.

Every module of this package (other than __main__) is a bench suite. A suite defines

    def bench(datasets: dict[str, Path], quick: bool = False) -> list[dict]

and returns one result row per case and dataset, with these keys (None where not
applicable):

    suite       the module name ("pages", "search", ...)
    case        what was measured (a page, a kind of search, ...)
    dataset     a key of `datasets` ("default", "national", "national_x10")
    runs        how many timed runs
    median_ms   median of the timed runs
    p95_ms      95th percentile of the timed runs
    floor_ms    the same work in raw DuckDB (median), the floor
    target      the target as text, e.g. "median ≤ 150, p95 ≤ 300"
    ok          True / False against the target, None when there is none
    note        anything worth knowing (errors, skipped parts)

`python -m ttdn.bench` builds the datasets once into a cache directory (reused while
the generator, schema, reference data and seed plans are unchanged), runs every
suite, merges the rows into bench-results.json at the repository root and prints
one table.
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
from pathlib import Path

from ttdn import ROOT

CACHE_DIR = Path(os.environ.get("TTDN_BENCH_CACHE", "/tmp/ttdn-bench-cache"))
RESULTS_FILE = ROOT / "bench-results.json"

# name → (what, demo arguments or None for the default data)
DATASETS = {
    "default": ("the seed plans in data/plans (build-default)", None),
    "national": (
        "synthetic: 34 provinces × 10 years × 150 activities (≈51,000)",
        {"provinces": 34, "years": list(range(2016, 2026)), "per_plan": 150, "seed": 7, "scale": 1},
    ),
    "national_x10": (
        "synthetic: 10 × national (34 × 10 years × 10 plans × 150, ≈510,000)",
        {
            "provinces": 34,
            "years": list(range(2016, 2026)),
            "per_plan": 150,
            "seed": 7,
            "scale": 10,
        },
    ),
}
TARGETS = {  # dataset → (median ms, p95 ms) targets for a page rerun
    "national": (150.0, 300.0),
    "national_x10": (400.0, None),
}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation (as numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary(values_ms: list[float]) -> tuple[float, float]:
    return statistics.median(values_ms), percentile(values_ms, 95)


def _fingerprint(args: dict | None) -> str:
    """Changes when anything that shapes the dataset changes."""
    digest = hashlib.sha256(json.dumps(args, sort_keys=True).encode())
    paths = [ROOT / "ttdn" / "schema.sql", ROOT / "ttdn" / "demo.py"]
    paths += sorted((ROOT / "ttdn" / "ingest").glob("*.py"))
    paths += sorted((ROOT / "data" / "reference").glob("*.csv"))
    if args is None:
        paths += sorted(p for p in (ROOT / "data" / "plans").rglob("*") if p.is_file())
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def dataset(name: str, cache: Path = CACHE_DIR, log=print) -> Path:
    """The database file of a dataset, built into the cache unless an up-to-date one is there."""
    _, args = DATASETS[name]
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{name}.duckdb"
    stamp = cache / f"{name}.json"
    fingerprint = _fingerprint(args)
    if path.exists() and stamp.exists():
        if json.loads(stamp.read_text()).get("fingerprint") == fingerprint:
            return path
    import time

    began = time.perf_counter()
    if args is None:
        from ttdn.ingest.build import build_default

        build_default(path, ROOT / "data" / "plans")
        info = {}
    else:
        from ttdn.demo import build_demo

        report = build_demo(path, **args)
        info = {
            "plans": report.plans,
            "activities": report.activities,
            "content_hash": report.content_hash,
        }
    seconds = time.perf_counter() - began
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "seconds": round(seconds, 1), **info}))
    log(f"built {name} in {seconds:.1f} s → {path}")
    return path


def build_info(name: str, cache: Path = CACHE_DIR) -> dict:
    stamp = cache / f"{name}.json"
    return json.loads(stamp.read_text()) if stamp.exists() else {}
