"""Where a page's rerun spends its time: cProfile over AppTest reruns, per page.

    python -m ttdn.bench.profile_pages [--dataset national] [--pages home,themes]
                                       [--reruns 10] [--top 10] [--out profile.md]

For each page: open it (a warm-up run, not profiled), then rerun it `--reruns` times with
other filters each time (the filter states of ttdn.bench.pages, so every rerun misses the
query cache as a user changing filters would; the Tra cứu page also types another search),
profiling the script thread (cProfile sees one thread: AppTest runs the script in its own).
Then the same number of reruns in a fresh session over other filter states, without the
profiler, for the rerun time. Prints per page the median rerun time and the top entries by
cumulative time per rerun, leaving out the frames that contain everything (Streamlit's
script runner and caching wrappers, the page module, ttdn.ui.context.run: the queries show
as `_duckdb.execute`). Markdown, so the before/after tables can be kept in notes.

The dataset is built (or reused) like `python -m ttdn.bench` (TTDN_BENCH_CACHE).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import statistics
import time
from pathlib import Path

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

from ttdn.bench import DATASETS, dataset  # noqa: E402
from ttdn.bench.pages import (  # noqa: E402
    APP,
    PAGE_URLS,
    _set_filters,
    _set_search,
    filter_states,
    options,
    server_script_cache,
)

PAGES = (
    "home",
    "themes",
    "units",
    "budgets",
    "timelines",
    "compare",
    "ranking",
    "compliance",
    "search",
    "explore",
)
# frames that contain the whole rerun: they would fill the top of every table
SKIP = (
    "streamlit/runtime/scriptrunner",
    "streamlit/testing/",
    "streamlit/navigation/page.py",
    "streamlit/runtime/metrics_util.py",
    "streamlit/runtime/caching/",
    "threading.py",
    "app.py",
    "app_pages/",
)

WRAPPERS = ("ttdn/ui/context.py", "ttdn/queries.py")  # run(), _cached(): a query each


@contextlib.contextmanager
def profiled_script_thread(profile: cProfile.Profile):
    """Run AppTest's script thread under `profile` (cProfile sees one thread only)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread

    def run(self):
        profile.enable()
        try:
            original(self)
        finally:
            profile.disable()

    LocalScriptRunner._run_script_thread = run
    try:
        yield
    finally:
        LocalScriptRunner._run_script_thread = original


def _where(func: tuple) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    path = filename
    for marker in ("site-packages/", "/ttdn/", "/app_pages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            path = ("ttdn/" + path) if marker == "/ttdn/" else path
            break
    return f"{path}:{line}({name})"


def top_entries(stats: pstats.Stats, top: int) -> list[tuple]:
    rows = []
    for func, (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():
        filename = func[0]
        if any(s in filename for s in SKIP) or func[2] in (
            "<module>",
            "<built-in method builtins.exec>",
        ):
            continue
        if filename.endswith(WRAPPERS) and func[2] in ("run", "_cached"):
            continue
        rows.append((cumtime, tottime, ncalls, _where(func)))
    rows.sort(reverse=True)
    return rows[:top]


def _open(at, page: str, db: Path):
    chosen = PAGE_URLS.get(Path(page).stem)
    for key, value in (chosen(options(db)) if chosen else {}).items():
        at.query_params[key] = value
    at.switch_page(page).run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")


def profile_page(page: str, db: Path, states: list[dict], top: int) -> dict:
    from streamlit.testing.v1 import AppTest

    times = []
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.run()
    _open(at, page, db)
    profile = cProfile.Profile()
    with profiled_script_thread(profile):
        for index, state in enumerate(states):
            _set_filters(at, state)
            _set_search(at, page, index)
            began = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - began) * 1000)
    profiled = statistics.median(times)
    # unprofiled times: a fresh session over other filter states (cold query cache)
    plain = []
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.run()
    _open(at, page, db)
    for index, state in enumerate(filter_states(options(db), len(states), seed=99)):
        _set_filters(at, state)
        _set_search(at, page, index + 1)
        began = time.perf_counter()
        at.run()
        plain.append((time.perf_counter() - began) * 1000)
    stats = pstats.Stats(profile, stream=io.StringIO())
    return {
        "median_ms": statistics.median(plain),
        "profiled_ms": profiled,
        "total_s": stats.total_tt,
        "top": top_entries(stats, top),
    }


def markdown(results: dict[str, dict], reruns: int) -> str:
    out = []
    for page, r in results.items():
        out.append(
            f"### {page}: rerun median {r['median_ms']:.1f} ms unprofiled "
            f"({r['profiled_ms']:.1f} ms profiled), {reruns} profiled reruns "
            f"= {r['total_s'] * 1000:.0f} ms\n"
        )
        out.append("| cumtime ms/rerun | tottime ms/rerun | calls/rerun | function |")
        out.append("|---:|---:|---:|---|")
        for cumtime, tottime, ncalls, where in r["top"]:
            out.append(
                f"| {cumtime * 1000 / reruns:.1f} | {tottime * 1000 / reruns:.1f} | "
                f"{ncalls / reruns:g} | `{where}` |"
            )
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ttdn.bench.profile_pages", description=__doc__)
    parser.add_argument("--dataset", default="national", choices=list(DATASETS))
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--reruns", type=int, default=10)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--out", type=Path, help="also write the Markdown here")
    args = parser.parse_args(argv)
    db = dataset(args.dataset)
    states = filter_states(options(db), args.reruns)
    os.environ["TTDN_DB"] = str(db)
    results = {}
    with server_script_cache():
        for name in [p for p in args.pages.split(",") if p]:
            results[name] = profile_page(f"app_pages/{name}.py", db, states, args.top)
    load = os.getloadavg()
    head = (
        f"`python -m ttdn.bench.profile_pages --dataset {args.dataset} --reruns {args.reruns}`"
        f" — load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n"
    )
    text = head + "\n" + markdown(results, args.reruns)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
