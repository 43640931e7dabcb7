"""The home page caches what it computes per database snapshot (ttdn.ui.home_view.overview,
ttdn.ui.tilemap.map_view, the named queries), and so does the Dữ liệu page's list of sources
(ttdn.ui.data_view.sources): after a load replaces the file at the same path, the next rerun
with the same filters shows the new data, not the cached one."""

import json

from streamlit.testing.v1 import AppTest

from ttdn import ROOT, queries
from ttdn.db import read_fresh
from ttdn.demo import build_demo
from ttdn.i18n import t
from ttdn.ui.filters import Filters
from ttdn.ui.highlights import highlights
from ttdn.ui.safe import md
from ttdn.ui.table import EMPTY


def _expected(path) -> dict:
    """What the page must show, counted on the file itself."""
    with read_fresh(path) as con:  # not the instance the app holds open
        plans = con.execute("SELECT count(*) FROM plans").fetchone()[0]
        activities = con.execute("SELECT count(*) FROM activities").fetchone()[0]
        numbers = sorted(
            n for (n,) in con.execute("SELECT number FROM plans").fetchall() if n is not None
        )
        by_province = dict(
            con.execute(
                "SELECT province_2025, count(*) FROM plans "
                "WHERE province_2025 <> 'Trung ương' GROUP BY ALL"
            ).fetchall()
        )
        sentences = [h.text for h in highlights(queries.prepare(con), Filters(), "vi")]
    return {
        "plans": plans,
        "activities": activities,
        "numbers": numbers,
        "by_province": by_province,
        "sentences": sentences,
    }


def _shown(at) -> dict:
    metrics = {m.label: m.value for m in at.metric}
    charts = {c.proto.id.rsplit("-", 1)[-1]: c for c in at.get("plotly_chart")}
    coloured = json.loads(charts["tile_map"].proto.spec)["data"][1]
    return {
        "plans": metrics[t("home.kpi.plans")],
        "activities": metrics[t("home.kpi.activities")],
        "map": {c[0]: c[2] for c in coloured["customdata"]},
        "markdown": [m.value for m in at.markdown],
    }


def _check_sources(at, expected: dict) -> None:
    """The Dữ liệu page's list of sources, then back to the home page."""
    at.switch_page("app_pages/data.py")
    at.run()
    assert not at.exception
    sources = next(d.value for d in at.dataframe if t("col.source_file") in d.value.columns)
    numbers = [n for n in sources[t("col.number")] if isinstance(n, str) and n != EMPTY]
    assert sorted(numbers) == expected["numbers"]
    assert len(sources) == expected["plans"]
    at.switch_page("app_pages/home.py")
    at.run()


def _check(at, expected: dict) -> None:
    assert not at.exception
    shown = _shown(at)
    assert shown["plans"] == f"{expected['plans']:,}".replace(",", ".")
    assert shown["activities"] == f"{expected['activities']:,}".replace(",", ".")
    assert set(shown["map"]) == set(expected["by_province"])
    for index, text in enumerate(expected["sentences"]):
        assert f"{index + 1}. {md(text)}" in shown["markdown"]
    _check_sources(at, expected)


def _reload(path, **demo) -> dict:
    build_demo(path, **demo)  # writes a new file and swaps it in (atomic replace)
    return _expected(path)


def test_a_load_into_the_same_path_shows_the_new_data_at_national_scale(monkeypatch, tmp_path):
    path = tmp_path / "ttdn.duckdb"
    before = _reload(path, provinces=34, years=[2024, 2025], per_plan=3, seed=3)
    monkeypatch.setenv("TTDN_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    _check(at, before)
    after = _reload(path, provinces=20, years=[2022, 2023], per_plan=2, seed=4)  # 40 plans
    assert after["plans"] != before["plans"] and after["by_province"] != before["by_province"]
    _check(at.run(), after)


def test_a_load_into_the_same_path_shows_the_new_data_at_small_scale(monkeypatch, db_copy):
    before = _expected(db_copy)
    monkeypatch.setenv("TTDN_DB", str(db_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    _check(at, before)
    after = _reload(db_copy, provinces=3, years=[2025], per_plan=2, seed=5)
    assert after["plans"] != before["plans"]
    _check(at.run(), after)
