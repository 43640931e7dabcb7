"""`make bench-browser` (ttdn.bench.browser): one view per page of app.py, the bare page as
its floor, and a part of `make bench`."""

from ttdn.bench.__main__ import suites
from ttdn.bench.browser import BARE, TARGET_RATIO, bench_views, table
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


def test_make_bench_runs_it():
    assert "browser" in suites()


def test_table_rows_and_ratio_text():
    page = {"first_median_ms": 1300.0, "first_p95_ms": 1500.0, "settled_median_ms": 1400.0,
            "ratio": 1.3, "settled_ratio": 1.27, "ok": True, "elements": {"elements": 20}}  # fmt: skip
    bare = {**page, "first_median_ms": 1000.0, "ratio": 1.0, "ok": None,
            "elements": {"elements": 1}}  # fmt: skip
    search = {**page, "ratio": None, "ok": None}
    lines = table({"default": {"home": page, "search": search, "bare": bare}}).splitlines()
    assert len(lines) == 5
    assert "1.30" in lines[2] and "yes" in lines[2]
    assert "(no chart)" in lines[3]
    assert lines[4].split("|")[1].strip() == "bare"
