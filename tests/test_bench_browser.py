"""`make bench-browser` (ttdn.bench.browser): one view per page of app.py, the bare page as
its floor, and a part of `make bench`."""

import json

from ttdn import ROOT
from ttdn.bench.__main__ import suites
from ttdn.bench.browser import BARE, SERVED, TARGET_RATIO, bench_views, renderer_cpu_ms, table
from ttdn.screenshots import app_pages


def test_one_view_per_page_of_app_py_as_a_viewer():
    views = bench_views()
    shown = [path for _f, path, _d, hidden in app_pages() if not hidden]
    assert sorted(v.path for v in views) == sorted(shown)
    assert not any(v.editor for v in views)
    # a page that shows nothing until a choice is timed with its representative choice
    compare = next(v for v in views if v.path == "so-sanh")
    assert dict(compare.query)["ss_tinh"]
    assert [v.name for v in bench_views(["home", "xep-hang"])] == ["home", "ranking"]
    assert [v.name for v in bench_views(["trang-chu"])] == ["home"]


def test_the_floor_is_the_bare_page_and_the_target_that_of_issue_11():
    assert BARE.name == "bare_app.py" and BARE.exists()
    assert TARGET_RATIO == 1.3


def test_the_app_is_measured_as_it_is_served():
    """asgi.py, as `make run` and ttdn.serve serve app.py (with ttdn.web's base path: pages
    other than the home page connect without two failing requests first)."""
    assert SERVED == ROOT / "asgi.py" and SERVED.exists()


def test_renderer_cpu_counts_main_thread_tasks_from_navigation_to_the_chart():
    def task(ts, dur, tdur, tid=1):
        return {"ph": "X", "name": "RunTask", "pid": 7, "tid": tid, "ts": ts, "dur": dur,
                "tdur": tdur}  # fmt: skip

    events = [  # µs, as Chromium writes them
        task(0, 50_000, 40_000),  # before the navigation: not counted
        {"ph": "R", "name": "navigationStart", "pid": 7, "tid": 1, "ts": 1_000},
        task(2_000, 100_000, 60_000),
        task(3_000, 10_000, 9_000),  # nested in the one above: counted once, in it
        task(150_000, 50_000, 30_000),
        task(160_000, 90_000, 90_000, tid=2),  # another thread: not counted
        {"ph": "R", "name": "ttdn_chart_drawn", "pid": 7, "tid": 1, "ts": 250_000},
        task(300_000, 50_000, 50_000),  # after the chart: not counted
    ]
    trace = json.dumps({"traceEvents": events}).encode()
    assert renderer_cpu_ms(trace) == 90.0  # 60 + 30 ms of thread time
    events = [e for e in events if e.get("name") != "ttdn_chart_drawn"]
    assert renderer_cpu_ms(json.dumps({"traceEvents": events}).encode()) is None


def test_make_bench_runs_it():
    assert "browser" in suites()


def test_table_rows_and_ratio_text():
    page = {"first_median_ms": 1300.0, "first_p95_ms": 1500.0, "settled_median_ms": 1400.0,
            "ratio": 1.3, "settled_ratio": 1.27, "ok": True, "elements": {"elements": 20}}  # fmt: skip
    bare = {**page, "first_median_ms": 1000.0, "ratio": 1.0, "ok": None,
            "elements": {"elements": 1}}  # fmt: skip
    page["renderer_cpu_ratio"] = 1.85
    search = {**page, "ratio": None, "ok": None, "renderer_cpu_ratio": None}
    lines = table({"default": {"home": page, "search": search, "bare": bare}}).splitlines()
    assert len(lines) == 5
    assert "1.30" in lines[2] and "yes" in lines[2]
    assert lines[2].split("|")[-1].strip() == "1.85"  # cpu × bare
    assert "(no chart)" in lines[3] and lines[3].split("|")[-1].strip() == ""
    assert lines[4].split("|")[1].strip() == "bare"
