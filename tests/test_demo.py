"""The synthetic data generator: reproducible from a seed, realistic counts and wording,
rows made by the loader's own normalization, marked synthetic (and the app says so)."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import ttdn.ingest.normalize as normalize_module
from ttdn import ROOT
from ttdn.cli import main
from ttdn.demo import build_demo, content_hash, generate, parse_years, province_names
from ttdn.i18n import t
from ttdn.reference import load_reference
from ttdn.text import fold

SMALL = {"provinces": 3, "years": [2020, 2021], "per_plan": 40}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path, seed=7, **SMALL)
    return path


def rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_same_seed_same_content_different_seed_different(demo_db, tmp_path):
    again = build_demo(tmp_path / "again.duckdb", seed=7, **SMALL)
    other = build_demo(tmp_path / "other.duckdb", seed=8, **SMALL)
    assert again.content_hash == content_hash(demo_db)
    assert other.content_hash != again.content_hash
    # the whole activity table is identical, not only the hashes
    query = "SELECT * EXCLUDE (source_file) FROM activities ORDER BY plan_id, activity_id"
    assert rows(demo_db, query) == rows(tmp_path / "again.duckdb", query)


def test_counts_are_what_was_asked(demo_db):
    plans = SMALL["provinces"] * len(SMALL["years"])
    assert rows(demo_db, "SELECT count(*), bool_and(synthetic) FROM plans") == [(plans, True)]
    per_plan = rows(demo_db, "SELECT DISTINCT count(*) FROM activities GROUP BY plan_id")
    assert per_plan == [(SMALL["per_plan"],)]
    years = rows(demo_db, "SELECT DISTINCT year FROM plans ORDER BY year")
    assert [y for (y,) in years] == SMALL["years"]


def test_scale_adds_department_plans(tmp_path):
    report = build_demo(tmp_path / "s.duckdb", provinces=2, years=[2022], per_plan=5, scale=3)
    assert (report.plans, report.activities) == (6, 30)
    levels = rows(
        tmp_path / "s.duckdb", "SELECT issuer_level, count(*) FROM plans GROUP BY 1 ORDER BY 1"
    )
    assert levels == [("sở", 4), ("tỉnh", 2)]


def test_province_names_are_the_real_ones():
    reference = load_reference()
    after = set(reference.provinces.province_2025) - {"Trung ương"}
    before = set(reference.provinces.province) - {"Trung ương"}
    assert len(after) == 34 and len(before) == 63
    assert set(province_names(34)) == after
    assert set(province_names(63)) == before
    assert province_names(5) == province_names(34)[:5]
    with pytest.raises(ValueError):
        province_names(64)


def test_provinces_and_units_map_to_canonical_entries(demo_db):
    assert rows(demo_db, "SELECT count(*) FROM plans WHERE province_canonical IS NULL") == [(0,)]
    written = dict(rows(demo_db, "SELECT DISTINCT unit, unit_canonical FROM activity_units"))
    # alias spellings are exercised and land on the canonical unit
    assert written.get("Sở TT&TT") == "Sở Thông tin và Truyền thông"
    assert written.get("Sở Thông tin và Truyền thông") == "Sở Thông tin và Truyền thông"
    kinds = dict(rows(demo_db, "SELECT unit_type, count(*) FROM activity_units GROUP BY 1"))
    assert kinds.get("nhóm", 0) > 0  # collective wording such as "các sở, ban, ngành"
    matched = rows(demo_db, "SELECT DISTINCT matched_by FROM activity_units")
    assert ("alias",) in matched


def test_wording_is_realistic(demo_db):
    timeframes = [tf for (tf,) in rows(demo_db, "SELECT DISTINCT timeframe FROM activities")]
    folded = {fold(tf) for tf in timeframes if tf}
    assert any(f.startswith("quy ") for f in folded)
    assert any(f.startswith("thuong xuyen") for f in folded)
    assert any("ngay sau khi ke hoach" in f for f in folded)
    flags = dict(rows(demo_db, "SELECT timeframe_parsed, count(*) FROM activities GROUP BY 1"))
    assert flags[True] > flags.get(False, 0) > 0  # most understood, some flagged on purpose
    assert rows(demo_db, "SELECT bool_or(recurring) FROM activities") == [(True,)]
    themes = dict(rows(demo_db, "SELECT assigned, count(*) FROM activity_themes GROUP BY 1"))
    assert themes["auto"] > 0 and themes["manual"] > 0
    titles = [t for (t,) in rows(demo_db, "SELECT title FROM activities")]
    assert all(t and t[0].isupper() for t in titles)


def test_budgets_have_every_status():
    tables = generate(provinces=6, years=[2020, 2021], per_plan=5, seed=3)
    plans = {p for t in tables for p in t.declared_plans}
    lines = [b for t in tables for b in t.rows["budgets"]]
    with_lines = {b["plan_id"] for b in lines}
    assert plans - with_lines, "some plans name no budget source"
    assert any(b["conditional"] for b in lines)
    assert any(not b["conditional"] for b in lines)
    assert any(b["amount_vnd"] for b in lines) and any(b["amount_vnd"] is None for b in lines)


def test_memoized_loader_functions_are_restored():
    before = normalize_module.fold, normalize_module.parse_timeframe
    generate(provinces=1, years=[2020], per_plan=2)
    from ttdn import text
    from ttdn.ingest import timeframe

    assert (normalize_module.fold, normalize_module.parse_timeframe) == before
    # the loader memoizes the pure text functions themselves (bounded caches)
    assert normalize_module.fold.__wrapped__ is text.fold
    assert normalize_module.parse_timeframe.__wrapped__ is timeframe.parse_timeframe


def test_parse_years():
    assert parse_years("2016-2018") == [2016, 2017, 2018]
    assert parse_years("2022, 2020") == [2020, 2022]
    with pytest.raises(ValueError):
        parse_years("1800")


def test_cli_demo(tmp_path, capsys):
    db = tmp_path / "cli.duckdb"
    code = main(
        [
            "demo",
            "--provinces",
            "2",
            "--years",
            "2024-2025",
            "--activities-per-plan",
            "4",
            "--seed",
            "1",
            "--db",
            str(db),
        ]
    )
    assert code == 0
    assert "4 kế hoạch / plans, 16 hoạt động / activities" in capsys.readouterr().out
    assert rows(db, "SELECT count(*) FROM activities") == [(16,)]


def test_app_shows_the_synthetic_banner(monkeypatch, demo_db, fixture_db):
    for db, expected in ((demo_db, True), (fixture_db, False)):
        monkeypatch.setenv("TTDN_DB", str(db))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
        assert not at.exception
        banner = t("app.synthetic_banner")  # Streamlit may show a leading emoji as the icon
        banners = [w.value for w in at.warning if w.value and w.value in banner]
        assert bool(banners) is expected
