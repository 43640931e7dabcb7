"""Browser time to the first chart, per page, against a bare Streamlit page (`make bench-browser`).

    python -m ttdn.bench.browser [--datasets default,national] [--runs 7] [--pages home,themes]

For each dataset, two servers over the same DuckDB file: the app as it is served
(`streamlit run asgi.py`, as `make run` and ttdn.serve do: app.py behind ttdn.web) and
ttdn/bench/bare_app.py, a bare Streamlit page with one Plotly chart (`streamlit run`). Headless
Chromium (/usr/bin/chromium) opens every page of app.py (the views of ttdn.screenshots, so
a page that needs a choice gets it) and the bare page, round-robin in a shuffled order
for RUNS rounds after one warm-up round, in one browser context (the static files are
cached, as for a reader coming back). Each load is a new Streamlit session.

Measured in the page, from the start of the navigation (performance.now()):
- first chart: the first Plotly chart drawn (.js-plotly-plot .main-svg with a size);
  for a page without a chart, the end of its first script run (noted);
- settled: the script run finished, nothing loading, every visible chart drawn
  (ttdn.screenshots.SETTLED).

The ratio is the page's median first-chart time over the bare page's median in the same
run; the target (issue 11) is ≤ 1.3. The load average is recorded before and after:
a figure taken on a busy machine says little. After the timed rounds, one traced load per
page with a chart gives the CPU time of the page's main thread from navigation to the first
chart (renderer_cpu_ms, "cpu × bare"): the browser's work before the chart, which the load
changes far less than the wall-clock time. Writes bench-browser.json at the repository
root. As a suite of `make bench` (ttdn.bench) it runs on one dataset with fewer rounds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ttdn import ROOT
from ttdn.bench import DATASETS, percentile
from ttdn.screenshots import CHROMIUM, CHROMIUM_ARGS, SETTLED, VIEWS, running_app, view_url

BARE = ROOT / "ttdn" / "bench" / "bare_app.py"
SERVED = ROOT / "asgi.py"  # the app as `make run` and ttdn.serve serve it
RESULT = ROOT / "bench-browser.json"
TARGET_RATIO = 1.3
RUNS, QUICK_RUNS = 7, 3
VIEWPORT = {"width": 1280, "height": 900}
PORTS = range(9000, 9100)  # this bench's ports when free (else any free port)

FIRST_CHART = """() => {
  const svg = document.querySelector('.js-plotly-plot .main-svg');
  return svg && svg.getBoundingClientRect().height > 0 ? performance.now() : null;
}"""
RUN_DONE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  return app && app.dataset.testScriptState === 'notRunning'
    && app.dataset.testConnectionState === 'CONNECTED'
    && main && main.querySelector('[data-testid="stElementContainer"]')
    ? performance.now() : null;
}"""
# phases of a load, recorded in the page from the start of the navigation (profiling: what
# a page waits on): connected (websocket up), first element, chart element (its delta
# arrived), chart drawn; and how many script runs started before the page settled
PHASES = """(() => {
  const marks = {runs: 0};
  window.__ttdn_marks = marks;
  const mark = k => { if (!(k in marks)) marks[k] = performance.now(); };
  const observer = new MutationObserver(records => {
    // every change of the script state counts, even several in one batch
    for (const r of records) {
      if (r.attributeName === 'data-test-script-state') {
        const later = records.slice(records.indexOf(r) + 1).find(x => x.target === r.target
          && x.attributeName === r.attributeName);
        const now = later ? later.oldValue : r.target.getAttribute(r.attributeName);
        if (now === 'running' && r.oldValue !== 'running') marks.runs += 1;
      }
    }
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return;
    if (app.dataset.testConnectionState === 'CONNECTED') mark('connected');
    if (document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')) mark('first_element');
    if (document.querySelector('[data-testid="stPlotlyChart"]')) mark('chart_element');
    if (document.querySelector('.js-plotly-plot .main-svg') && !('chart_drawn' in marks)) {
      mark('chart_drawn');
      performance.mark('ttdn_chart_drawn');  // for the traced load (renderer_cpu_ms)
    }
  });
  const start = () => observer.observe(document, {subtree: true, childList: true, attributes: true,
    attributeOldValue: true, attributeFilter: ['data-test-script-state', 'data-test-connection-state']});
  start();
})();"""
COUNTS = """() => ({
  elements: document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]').length,
  charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
  dataframes: document.querySelectorAll('[data-testid="stDataFrame"]').length,
  html: document.querySelectorAll('[data-testid="stHtml"]').length,
})"""


TRACE_CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "blink.user_timing",
]


def renderer_cpu_ms(trace: bytes) -> float | None:
    """CPU time of the page's main thread (the thread time of its top-level tasks) from the
    start of the navigation to the first chart drawn, in a Chromium trace: what the browser
    had to do before the chart, a figure that the load of a shared machine changes far less
    than a wall-clock time. None without the marks (a page without a chart)."""
    events = json.loads(trace)["traceEvents"]
    drawn = [e for e in events if e.get("name") == "ttdn_chart_drawn"]
    if not drawn:
        return None
    end, thread = drawn[-1]["ts"], (drawn[-1]["pid"], drawn[-1]["tid"])
    starts = [e["ts"] for e in events if e.get("name") == "navigationStart"
              and (e["pid"], e["tid"]) == thread and e["ts"] <= end]  # fmt: skip
    if not starts:
        return None
    start = max(starts)
    tasks = sorted(
        (e for e in events if e.get("ph") == "X" and e.get("name") == "RunTask"
         and (e["pid"], e["tid"]) == thread and start <= e["ts"] < end),
        key=lambda e: e["ts"],
    )  # fmt: skip
    total, covered = 0, start
    for task in tasks:  # a task nested in another is counted once, in the outer one
        if task["ts"] >= covered:
            total += task.get("tdur", 0)
            covered = task["ts"] + task.get("dur", 0)
    return round(total / 1000, 1)


def bench_views(names: list[str] | None = None):
    """One view per page of app.py (the one with a representative choice where there is
    one), as a viewer."""
    chosen = {}
    for view in VIEWS:
        if view.editor:
            continue
        if view.path not in chosen or view.query:
            chosen[view.path] = view
    views = list(chosen.values())
    return [v for v in views if not names or v.name in names or v.path in names]


def port() -> int | None:
    import socket

    for candidate in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return candidate
    return None


def measure(page, url: str, has_chart: bool, timeout_ms: int = 120_000) -> dict:
    page.goto("about:blank")
    page.goto(url, wait_until="commit")
    if has_chart:
        first = page.wait_for_function(FIRST_CHART, timeout=timeout_ms, polling="raf").json_value()
    else:
        first = page.wait_for_function(RUN_DONE, timeout=timeout_ms, polling="raf").json_value()
    settled = page.wait_for_function(
        f"() => ({SETTLED})() ? performance.now() : null", timeout=timeout_ms, polling="raf"
    ).json_value()
    marks = page.evaluate("() => window.__ttdn_marks || {}")
    return {"first_ms": first, "settled_ms": settled, **{f"{k}_ms" if k != "runs" else k: v
            for k, v in marks.items()}}  # fmt: skip


def has_chart(page, url: str) -> tuple[bool, dict]:
    """Whether the page draws a Plotly chart when it opens; its element counts and what the
    server sent over the websocket for this load (frames, kB)."""
    frames: list[int] = []

    def listen(ws) -> None:
        ws.on("framereceived", lambda payload: frames.append(len(payload)))

    page.on("websocket", listen)
    try:
        page.goto(url)
        page.wait_for_function(f"() => ({SETTLED})()", timeout=120_000, polling=100)
        page.wait_for_timeout(500)
        page.wait_for_function(f"() => ({SETTLED})()", timeout=120_000, polling=100)
    finally:
        page.remove_listener("websocket", listen)
    counts = page.evaluate(COUNTS)
    counts.update(ws_frames=len(frames), ws_kb=round(sum(frames) / 1024, 1))
    return counts["charts"] > 0, counts


def run_dataset(db: Path, runs: int, names: list[str] | None = None, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    views = bench_views(names)
    with tempfile.TemporaryDirectory(prefix="ttdn-bench-browser-") as tmp:
        copy = Path(tmp) / db.name  # the app and the bare page read the same file
        shutil.copy2(db, copy)
        env = {"TTDN_USERS": str(Path(tmp) / "users.json")}
        with (
            running_app(copy, env, port=port(), script=SERVED) as app,
            running_app(copy, env, port=port(), script=BARE) as bare,
        ):
            targets = {v.name: view_url(app, v, "vi") for v in views}
            targets["bare"] = bare + "/"
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
                    context.add_init_script(PHASES)
                    page = context.new_page()
                    charts, counts = {}, {}
                    for name, url in targets.items():  # warm-up round: server caches, JS
                        charts[name], counts[name] = has_chart(page, url)
                    times: dict[str, list[dict]] = {name: [] for name in targets}
                    for round_no in range(runs):
                        order = list(targets)
                        random.Random(round_no).shuffle(order)
                        for name in order:
                            times[name].append(measure(page, targets[name], charts[name]))
                        log(f"  round {round_no + 1}/{runs} done")
                    cpu = {}  # one traced load per page with a chart, after the timed ones
                    for name in (n for n in targets if charts[n]):
                        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
                        try:
                            measure(page, targets[name], True)
                        finally:
                            cpu[name] = renderer_cpu_ms(browser.stop_tracing())
                    context.close()
                finally:
                    browser.close()
    bare_first = statistics.median(t["first_ms"] for t in times["bare"])
    bare_cpu = cpu.get("bare")
    bare_settled = statistics.median(t["settled_ms"] for t in times["bare"])
    pages = {}
    for name, samples in times.items():
        first = [t["first_ms"] for t in samples]
        settled = [t["settled_ms"] for t in samples]
        ratio = statistics.median(first) / bare_first if charts[name] else None
        pages[name] = {
            "url": targets[name],
            "measured": "first chart" if charts[name] else "first run done (no chart)",
            "runs": len(samples),
            "first_median_ms": round(statistics.median(first), 1),
            "first_p95_ms": round(percentile(first, 95), 1),
            "settled_median_ms": round(statistics.median(settled), 1),
            "ratio": None if ratio is None else round(ratio, 2),
            "settled_ratio": round(statistics.median(settled) / bare_settled, 2),
            "ok": None if ratio is None or name == "bare" else ratio <= TARGET_RATIO,
            "elements": counts[name],
            "phases_median_ms": {
                k: round(statistics.median(t[k] for t in samples if k in t), 1)
                for k in ("connected_ms", "first_element_ms", "chart_element_ms", "chart_drawn_ms")
                if any(k in t for t in samples)
            },
            "renderer_cpu_ms": cpu.get(name),
            "renderer_cpu_ratio": round(cpu[name] / bare_cpu, 2)
            if cpu.get(name) and bare_cpu
            else None,
            "script_runs_median": statistics.median(t.get("runs", 0) for t in samples),
            "samples_first_ms": [round(v, 1) for v in first],
        }
    return pages


def table(results: dict) -> str:
    head = ["dataset", "page", "first chart ms", "p95", "settled ms", "× bare", "settled × bare",
            "ok", "elements", "cpu × bare"]  # fmt: skip
    rows = []
    for dataset, pages in results.items():
        for name, r in pages.items():
            rows.append([
                dataset, name, f"{r['first_median_ms']:,.0f}", f"{r['first_p95_ms']:,.0f}",
                f"{r['settled_median_ms']:,.0f}",
                "" if r["ratio"] is None else f"{r['ratio']:.2f}",
                f"{r['settled_ratio']:.2f}",
                {True: "yes", False: "NO", None: ""}[r["ok"]]
                + ("" if r["ratio"] is not None or name == "bare" else " (no chart)"),
                str(r["elements"]["elements"]),
                f"{r['renderer_cpu_ratio']:.2f}" if r.get("renderer_cpu_ratio") else "",
            ])  # fmt: skip
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    lines = [" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def run(datasets: dict[str, Path], runs: int, names: list[str] | None = None) -> dict:
    load_before = os.getloadavg()
    began = time.perf_counter()
    results = {}
    for name, db in datasets.items():
        print(f"… {name} ({db})", file=sys.stderr, flush=True)
        results[name] = run_dataset(db, runs, names, log=lambda m: print(m, file=sys.stderr))
    report = {
        "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
        "command": "python -m ttdn.bench.browser " + " ".join(sys.argv[1:]),
        "target": f"first chart ≤ {TARGET_RATIO}× the bare page (median)",
        "viewport": VIEWPORT,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "seconds": round(time.perf_counter() - began),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "datasets": {n: str(p) for n, p in datasets.items()},
        "results": results,
    }
    RESULT.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return report


def bench(datasets: dict[str, Path], quick: bool = False) -> list[dict]:
    """As a suite of `make bench`: one dataset (national when given), fewer rounds."""
    if not Path(CHROMIUM).exists():
        return [{"suite": "browser", "case": "skipped", "dataset": "-", "runs": 0, "ok": None,
                 "note": f"no Chromium at {CHROMIUM} (make browser)"}]  # fmt: skip
    name = "national" if "national" in datasets else next(iter(datasets))
    report = run({name: datasets[name]}, QUICK_RUNS if quick else 5)
    rows = []
    for page, r in report["results"][name].items():
        if page == "bare":
            continue
        rows.append({
            "suite": "browser", "case": page, "dataset": name, "runs": r["runs"],
            "median_ms": r["first_median_ms"], "p95_ms": r["first_p95_ms"],
            "floor_ms": report["results"][name]["bare"]["first_median_ms"],
            "target": f"≤ {TARGET_RATIO}× bare" if r["ratio"] is not None else None,
            "ok": r["ok"],
            "note": (f"{r['ratio']:.2f}× bare" if r["ratio"] is not None else "no chart")
            + f"; load {report['load_average_before'][0]:.1f}",
        })  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ttdn.bench.browser", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--datasets", default="default,national")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--pages", default="", help="view names, e.g. home,themes (default: all)")
    args = parser.parse_args(argv)
    from ttdn.bench import dataset

    names = [d for d in args.datasets.split(",") if d]
    unknown = [d for d in names if d not in DATASETS]
    if unknown:
        parser.error(f"unknown datasets: {', '.join(unknown)}")
    paths = {n: dataset(n) for n in names}
    report = run(paths, args.runs, [p for p in args.pages.split(",") if p] or None)
    print(table(report["results"]))
    before, after = report["load_average_before"], report["load_average_after"]
    print(f"\nload average before {before}, after {after}; {report['seconds']} s → {RESULT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
