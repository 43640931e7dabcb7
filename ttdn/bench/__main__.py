"""python -m ttdn.bench [--quick] [--datasets default,national,national_x10] [--suites pages,search]

Builds (or reuses) the datasets, runs every bench suite of this package, merges the rows
into bench-results.json at the repository root and prints one table."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import pkgutil
import platform
import sys
import time
import traceback

# AppTest and the floor queries run Streamlit code outside a server: its "missing
# ScriptRunContext" warnings would bury the table. Errors are still shown.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

import ttdn.bench as package
from ttdn.bench import CACHE_DIR, DATASETS, RESULTS_FILE, build_info, dataset

# modules of this package that are not suites of `make bench` (run on their own)
STANDALONE = {"load_ws", "bare_app", "profile_pages"}  # bench-load, its floor page; a profile


def suites() -> list[str]:
    return sorted(
        m.name
        for m in pkgutil.iter_modules(package.__path__)
        if not m.name.startswith("_") and m.name not in STANDALONE
    )


def _fmt(value) -> str:
    return "" if value is None else f"{value:,.1f}"


def table(rows: list[dict]) -> str:
    head = ["suite", "case", "dataset", "runs", "median ms", "p95 ms", "floor ms", "target", "ok"]
    body = [
        [
            r["suite"],
            r["case"],
            r["dataset"],
            str(r.get("runs", "")),
            _fmt(r.get("median_ms")),
            _fmt(r.get("p95_ms")),
            _fmt(r.get("floor_ms")),
            r.get("target") or "",
            {True: "yes", False: "NO", None: ""}[r.get("ok")]
            + (f" ({r['note']})" if r.get("note") else ""),
        ]
        for r in rows
    ]
    widths = [
        max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(head)
    ]
    numeric = {3, 4, 5, 6}
    lines = [
        " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)),
        "-+-".join("-" * w for w in widths),
    ]
    for b in body:
        lines.append(
            " | ".join(
                (c.rjust(w) if i in numeric else c.ljust(w))
                for i, (c, w) in enumerate(zip(b, widths, strict=True))
            )
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ttdn.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer reruns")
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--suites", default=",".join(suites()))
    args = parser.parse_args(argv)
    names = [d for d in args.datasets.split(",") if d]
    unknown = [d for d in names if d not in DATASETS]
    if unknown:
        parser.error(f"unknown datasets: {', '.join(unknown)} (known: {', '.join(DATASETS)})")
    began = time.perf_counter()
    paths = {name: dataset(name) for name in names}
    rows: list[dict] = []
    for suite in [s for s in args.suites.split(",") if s]:
        print(f"… {suite}", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"ttdn.bench.{suite}")
            rows.extend(module.bench(paths, quick=args.quick))
        except Exception as exc:  # one broken suite must not hide the others
            traceback.print_exc()
            rows.append(
                {
                    "suite": suite,
                    "case": "*",
                    "dataset": "*",
                    "runs": 0,
                    "ok": False,
                    "note": f"{type(exc).__name__}: {exc}"[:200],
                }
            )
    merged = {}
    if RESULTS_FILE.exists():
        try:
            merged = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
        except ValueError:
            merged = {}
    fresh = {(n.get("suite"), n.get("case"), n.get("dataset")) for n in rows}
    crashed = {n.get("suite") for n in rows if n.get("case") == "*"}
    old = [
        r
        for r in merged.get("results", [])
        if (r.get("suite"), r.get("case"), r.get("dataset")) not in fresh
        and r.get("suite") not in crashed
    ]
    merged = {
        "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
        "command": "python -m ttdn.bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "datasets": {
            n: {"what": DATASETS[n][0], "path": str(paths[n]), **build_info(n)} for n in names
        },
        "cache_dir": str(CACHE_DIR),
        "results": old + rows,
    }
    RESULTS_FILE.write_text(
        json.dumps(merged, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    print(table(rows))
    print(f"\n{len(rows)} rows in {time.perf_counter() - began:.0f} s → {RESULTS_FILE}")
    missed = [r for r in rows if r.get("ok") is False]
    if missed:
        print(f"{len(missed)} rows miss their target or failed (see 'ok').")
    return 1 if any(r.get("case") == "*" for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
