"""Bench suite: the loader, from a workbook file to a swapped-in database.

A workbook is written from a synthetic dataset (the first N plans of 'national',
in the workbook format: .xlsx and a folder of CSV files) and loaded into a fresh
database, then loaded again (the content-hash path, which must write nothing).

Targets (issue 10): the whole national set (340 plans, 51,000 activities) as ONE
.xlsx loads in ≤ 5 s; loading it again (a no-op) takes ≤ 0.5 s; a 1,048,576-row
file (a CSV folder, and an .xlsx without a <dimension>) is refused in ≤ 2 s."""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path

import duckdb
import xlsxwriter

from ttdn.bench import summary
from ttdn.ingest.columns import SHEETS
from ttdn.ingest.loader import load_files
from ttdn.ingest.problems import WorkbookRejected

PLANS = 34  # one year of a national dataset: 34 plans × 150 activities
RUNS = 3

_SELECT = {
    "plans": "SELECT plan_id, number, title, issuer, issuer_level, province, year, period_end,"
    " strftime(issued_date, '%d/%m/%Y') AS issued_date, signer,"
    " (SELECT string_agg(reference, '; ') FROM legal_bases l WHERE l.plan_id = p.plan_id)"
    " AS legal_bases, source FROM plans p WHERE list_contains($ids, plan_id) ORDER BY plan_id",
    "activities": "SELECT a.plan_id, activity_id, section, title, description,"
    " (SELECT string_agg(theme_code, '; ') FROM activity_themes t WHERE t.plan_id = a.plan_id"
    "  AND t.activity_id = a.activity_id AND assigned = 'manual') AS themes,"
    " (SELECT string_agg(unit, '; ') FROM activity_units u WHERE u.plan_id = a.plan_id"
    "  AND u.activity_id = a.activity_id AND role = 'lead') AS lead_units,"
    " (SELECT string_agg(unit, '; ') FROM activity_units u WHERE u.plan_id = a.plan_id"
    "  AND u.activity_id = a.activity_id AND role = 'cooperating') AS cooperating_units,"
    " timeframe, NULL AS start_date, NULL AS end_date, budget_source, budget_vnd, status"
    " FROM activities a WHERE list_contains($ids, plan_id) ORDER BY plan_id, seq",
    "assignments": "SELECT plan_id, unit, CASE role WHEN 'lead' THEN 'chủ trì' WHEN 'cooperating'"
    " THEN 'phối hợp' ELSE 'thực hiện' END AS role, duty FROM assignments"
    " WHERE list_contains($ids, plan_id) ORDER BY plan_id, seq",
    "budgets": "SELECT plan_id, source, amount_vnd, note FROM budgets"
    " WHERE list_contains($ids, plan_id) ORDER BY plan_id, seq",
}


def _export(source: Path, out: Path, plans: int | None = PLANS) -> tuple[Path, Path, int]:
    with duckdb.connect(str(source), read_only=True) as con:
        ids = [r[0] for r in con.execute("SELECT plan_id FROM plans ORDER BY plan_id").fetchall()]
        ids = ids[:plans]
        sheets = {}
        for sheet in SHEETS:
            cur = con.execute(_SELECT[sheet.key], {"ids": ids})
            sheets[sheet] = ([d[0] for d in cur.description], cur.fetchall())
    xlsx = out / "national.xlsx"
    book = xlsxwriter.Workbook(str(xlsx), {"constant_memory": True})
    folder = out / "national-csv"
    folder.mkdir()
    for sheet, (header, rows) in sheets.items():
        ws = book.add_worksheet(sheet.label_vi)
        ws.write_row(0, 0, [sheet.column(k).label_vi for k in header])
        for i, row in enumerate(rows, 1):
            ws.write_row(i, 0, ["" if v is None else v for v in row])
        with open(folder / f"{sheet.key}.csv", "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    book.close()
    return xlsx, folder, len(sheets[SHEETS[1]][1])


def _row(case: str, values: list[float], note: str, target_ms: float | None = None) -> dict:
    median, p95 = summary(values)
    return {
        "suite": "load",
        "case": case,
        "dataset": "national",
        "runs": len(values),
        "median_ms": median,
        "p95_ms": p95,
        "floor_ms": None,
        "target": None if target_ms is None else f"median ≤ {target_ms:,.0f}",
        "ok": None if target_ms is None else median <= target_ms,
        "note": note,
    }


CPU_MS: list[float] = []  # CPU time (this process, all threads) of the last _timed calls


def _timed(function) -> float:
    """Wall milliseconds of one call; its CPU milliseconds go to CPU_MS (on a shared,
    busy machine wall time can be many times the CPU time: both are reported)."""
    began, cpu = time.perf_counter(), time.process_time()
    function()
    CPU_MS.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - began) * 1000


def _cpu_note(runs: int) -> str:
    values = CPU_MS[-runs:]
    return f"CPU median {summary(values)[0]:,.0f} ms"


def _refused(path: Path, db: Path) -> None:
    try:
        load_files([path], db)
    except WorkbookRejected:
        return
    raise AssertionError(f"{path} was not refused")


def bench_targets(source: Path, quick: bool = False) -> list[dict]:
    """The three targets of issue 10, on files written into a temporary folder."""
    from tests.corpus.make_corpus import row_bomb_csv, row_bomb_xlsx

    runs = 1 if quick else RUNS
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "all").mkdir()
        xlsx, _, activities = _export(source, work / "all", plans=None)
        first, again, cpu_first, cpu_again = [], [], [], []
        for run in range(runs):
            db = work / f"all-{run}.duckdb"
            first.append(_timed(lambda db=db: load_files([xlsx], db)))
            cpu_first.append(CPU_MS[-1])
            again.append(_timed(lambda db=db: load_files([xlsx], db)))
            cpu_again.append(CPU_MS[-1])
        note = f"all plans as one .xlsx, {activities:,} activities"
        cpu = f"CPU median {summary(cpu_first)[0]:,.0f} ms"
        rows.append(_row("load national xlsx (one file)", first, f"{note}; {cpu}", 5000))
        cpu = f"CPU median {summary(cpu_again)[0]:,.0f} ms"
        rows.append(_row("load national xlsx again (no-op)", again, f"{note}; {cpu}", 500))
        db = work / "all-0.duckdb"
        bombs = (
            ("csv folder", row_bomb_csv(work / "bomb-csv")),
            ("xlsx, no dimension", row_bomb_xlsx(work / "bomb.xlsx")),
        )
        for name, path in bombs:
            times = [_timed(lambda path=path: _refused(path, db)) for _ in range(runs)]
            note = f"row bomb; {_cpu_note(runs)}"
            rows.append(_row(f"refuse 1,048,576-row {name}", times, note, 2000))
    return rows


def bench(datasets: dict[str, Path], quick: bool = False) -> list[dict]:
    source = datasets.get("national")
    if source is None:
        return []
    rows = bench_targets(source, quick)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx, folder, activities = _export(source, Path(tmp))
        for name, path in (("xlsx", xlsx), ("csv folder", folder)):
            first, again = [], []
            for run in range(1 if quick else RUNS):
                db = Path(tmp) / f"load-{name.replace(' ', '-')}-{run}.duckdb"
                began = time.perf_counter()
                load_files([path], db)
                first.append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                report = load_files([path], db)
                again.append((time.perf_counter() - began) * 1000)
                assert not report.loaded
            for case, values in (
                (f"load {name}", first),
                (f"load {name} again (unchanged)", again),
            ):
                median, p95 = summary(values)
                rows.append(
                    {
                        "suite": "load",
                        "case": case,
                        "dataset": "national",
                        "runs": len(values),
                        "median_ms": median,
                        "p95_ms": p95,
                        "floor_ms": None,
                        "target": None,
                        "ok": None,
                        "note": f"{PLANS} plans, {activities:,} activities",
                    }
                )
    return rows
