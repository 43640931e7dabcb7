"""Server-side rerun time of every page in app.py, measured with AppTest.

For each dataset and page: open the page (a warm-up run, not timed), then rerun it N
times, each time with other filters set through the filter bar's widgets (years,
provinces, levels, themes, units), so every rerun misses the query cache as a user
changing filters would. The rerun time is the wall time of AppTest's run(). The floor
is the time raw DuckDB takes for the named queries the page actually executed in that
rerun (recorded by wrapping ttdn.queries.run), run again on a fresh connection.

On the Tra cứu page each rerun also types another search into the box (the mix of
ttdn.bench.search), so the rerun includes an uncached search. Pages without the filter bar
are rerun as they are (noted). TTDN_BENCH_PAGES=budgets,timelines limits the run to some
pages.

AppTest makes a new ScriptCache for every run, so each rerun would compile app.py and the
page again (tens of ms); `streamlit run` compiles them once per server. The bench shares
one ScriptCache across runs, as the server does.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import statistics
import time
from pathlib import Path

import duckdb

from ttdn import ROOT, queries
from ttdn.bench import TARGETS, summary

APP = ROOT / "app.py"
RERUNS = 20
QUICK_RERUNS = 10
SEARCH_BOX = "q"  # the search box's widget key on app_pages/search.py
# pages that show nothing until something is chosen: what the bench chooses (URL params)
PAGE_URLS = {
    "compare": lambda opts: {"ss_tinh": ",".join(_spread(opts.get("provinces") or [], 3))},
}
PAGE_TARGETS = {  # page → dataset → (median ms, p95 ms), where a page has its own target
    # issue 8: Compare and Ranking reruns at national scale and at 10×
    "compare": {"national": (150.0, 300.0), "national_x10": (150.0, 300.0)},
    "ranking": {"national": (150.0, 300.0), "national_x10": (150.0, 300.0)},
}
WIDGETS = {
    "years": "flt_years",
    "provinces": "flt_provinces",
    "levels": "flt_levels",
    "themes": "flt_themes",
    "units": "flt_units",
}


def app_pages() -> list[str]:
    """The page files registered in app.py, in navigation order (a file registered twice,
    home.py under "/" and its hidden alias /tong-quan, is one page)."""
    found = re.findall(
        r"""st\.Page\(\s*["'](app_pages/[^"']+\.py)["']""", APP.read_text(encoding="utf-8")
    )
    return list(dict.fromkeys(found))


def options(db: Path) -> dict[str, list]:
    """Filter values present in the data (as the filter bar offers them)."""
    with duckdb.connect(str(db), read_only=True) as con:
        queries.prepare(con)
        found = {
            "years": "filter_options_years",
            "provinces": "filter_options_provinces",
            "levels": "filter_options_levels",
            "themes": "filter_options_themes",
            "units": "filter_options_units",
        }
        column = {
            "years": "year",
            "provinces": "province",
            "levels": "issuer_level",
            "themes": "theme_code",
            "units": "unit_canonical",
        }
        out = {}
        for key, name in found.items():
            frame = queries.run(con, name)
            out[key] = list(dict.fromkeys(frame[column[key]].tolist())) if not frame.empty else []
    return out


def filter_states(opts: dict[str, list], count: int, seed: int = 11) -> list[dict]:
    """`count` different filter states (none empty, so none repeats the warm-up run)."""
    rng = random.Random(seed)
    shapes = [
        ("years",),
        ("themes",),
        ("years", "themes"),
        ("provinces",),
        ("units",),
        ("years", "provinces"),
        ("levels",),
        ("years", "units"),
        ("themes", "units"),
        ("provinces", "themes"),
    ]
    states: list[dict] = []
    seen = set()
    attempts = 0
    while len(states) < count and attempts < count * 50:
        attempts += 1
        shape = shapes[attempts % len(shapes)]
        state = {}
        for key in shape:
            values = opts.get(key) or []
            if values:
                state[key] = sorted(
                    rng.sample(values, k=min(len(values), rng.choice((1, 1, 2)))), key=str
                )
        frozen = tuple(sorted((k, tuple(v)) for k, v in state.items()))
        if state and frozen not in seen:
            seen.add(frozen)
            states.append(state)
    return states


@contextlib.contextmanager
def server_script_cache():
    """One ScriptCache for every AppTest run (as `streamlit run` has one per server)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    saved = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    try:
        yield
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = saved


@contextlib.contextmanager
def recording(log: list):
    """Record (name, values) of every named query executed (cache misses only)."""
    original = queries.run

    def run(con, name, values=None):
        log.append((name, dict(values or {})))
        return original(con, name, values)

    queries.run = run
    try:
        yield
    finally:
        queries.run = original


def floor_ms(con, executed: list[tuple[str, dict]]) -> float:
    """Raw DuckDB time for the same queries (fetching a DataFrame, as the app does)."""
    loaded = queries.load_queries()
    began = time.perf_counter()
    for name, values in executed:
        query = loaded[name]
        con.execute(query.sql, query.bind(values)).df()
    return (time.perf_counter() - began) * 1000


def _set_filters(at, state: dict) -> bool:
    """Set every filter widget; False when the page has no filter bar."""
    try:
        widgets = {key: at.multiselect(key=widget) for key, widget in WIDGETS.items()}
    except KeyError:
        return False
    for key, widget in widgets.items():
        widget.set_value(state.get(key, []))
    return True


def _set_search(at, page: str, index: int) -> None:
    """On the search page, type the next search of the bench mix into the box."""
    if Path(page).stem != "search":
        return
    from ttdn.bench.search import SEARCHES

    at.text_input(key=SEARCH_BOX).set_value(SEARCHES[index % len(SEARCHES)][1])


def _spread(values: list, count: int) -> list:
    """`count` values spread over the list (first, middle, last ...)."""
    if len(values) <= count:
        return list(values)
    step = (len(values) - 1) / (count - 1)
    return [values[round(i * step)] for i in range(count)]


def bench_page(at, page: str, db: Path, states: list[dict]) -> dict:
    chosen = PAGE_URLS.get(Path(page).stem)
    for key, value in (chosen(options(db)) if chosen else {}).items():
        at.query_params[key] = value
    try:
        return _bench_page(at, page, db, states)
    finally:
        for key in chosen(options(db)) if chosen else {}:
            at.query_params.pop(key, None)


def _bench_page(at, page: str, db: Path, states: list[dict]) -> dict:
    at.switch_page(page).run()  # warm-up: imports, first queries
    if at.exception:
        return {"error": str(at.exception[0].value)[:200]}
    times, floors, per_query = [], [], {}
    has_filters = True
    with duckdb.connect(str(db), read_only=True) as con:
        queries.prepare(con)
        for index, state in enumerate(states):
            log: list = []
            has_filters = _set_filters(at, state)
            _set_search(at, page, index)
            with recording(log):
                began = time.perf_counter()
                at.run()
                times.append((time.perf_counter() - began) * 1000)
            if at.exception:
                return {"error": str(at.exception[0].value)[:200]}
            floors.append(statistics.median(floor_ms(con, log) for _ in range(3)))
            for name, values in log:
                query = queries.load_queries()[name]
                began = time.perf_counter()
                con.execute(query.sql, query.bind(values)).df()
                per_query.setdefault(name, []).append((time.perf_counter() - began) * 1000)
    median, p95 = summary(times)
    return {
        "runs": len(times),
        "median_ms": median,
        "p95_ms": p95,
        "floor_ms": statistics.median(floors),
        "queries": {k: round(statistics.median(v), 2) for k, v in sorted(per_query.items())},
        "has_filters": has_filters,
    }


def bench(
    datasets: dict[str, Path], quick: bool = False, pages: list[str] | None = None
) -> list[dict]:
    from streamlit.testing.v1 import AppTest

    rows = []
    for name, db in datasets.items():
        states = filter_states(options(db), QUICK_RERUNS if quick else RERUNS)
        previous = os.environ.get("TTDN_DB")
        os.environ["TTDN_DB"] = str(db)
        try:
            with server_script_cache():
                rows.extend(_bench_dataset(AppTest, name, db, states, pages))
        finally:
            if previous is None:
                os.environ.pop("TTDN_DB", None)
            else:
                os.environ["TTDN_DB"] = previous
    return rows


def _bench_dataset(AppTest, name: str, db: Path, states: list[dict], pages) -> list[dict]:
    rows = []
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.run()
    only = [p for p in os.environ.get("TTDN_BENCH_PAGES", "").split(",") if p]
    for page in pages or [p for p in app_pages() if not only or Path(p).stem in only]:
        result = bench_page(at, page, db, states)
        target = PAGE_TARGETS.get(Path(page).stem, {}).get(name) or TARGETS.get(name)
        row = {
            "suite": "pages",
            "case": Path(page).stem,
            "dataset": name,
            "runs": result.get("runs", 0),
            "median_ms": result.get("median_ms"),
            "p95_ms": result.get("p95_ms"),
            "floor_ms": result.get("floor_ms"),
            "target": None,
            "ok": None,
            "note": result.get("error", ""),
            "queries": result.get("queries", {}),
        }
        if "error" in result:
            row["ok"] = False
        elif target:
            median_target, p95_target = target
            row["target"] = f"median ≤ {median_target:g}" + (
                f", p95 ≤ {p95_target:g}" if p95_target else ""
            )
            row["ok"] = row["median_ms"] <= median_target and (
                p95_target is None or row["p95_ms"] <= p95_target
            )
        if not result.get("has_filters", True):
            row["note"] = "no filter bar: plain reruns"
        rows.append(row)
    return rows
