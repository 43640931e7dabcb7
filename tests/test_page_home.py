"""AppTest of the home page on the fixtures database and on an empty one."""

import json

import duckdb
from streamlit.testing.v1 import AppTest

from tests.fixtures import EXPECTED, PLANS
from ttdn import ROOT
from ttdn.i18n import t

APP_FILE = ROOT / "app.py"


def run_app(monkeypatch, db, query=None):
    monkeypatch.setenv("TTDN_DB", str(db))
    at = AppTest.from_file(str(APP_FILE), default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_home_kpis_match_the_fixture(monkeypatch, fixture_db):
    at = run_app(monkeypatch, fixture_db)
    assert not at.exception
    shown = metrics(at)
    assert shown[t("home.kpi.plans")] == str(EXPECTED["plans"])
    assert shown[t("home.kpi.activities")] == str(EXPECTED["activities"])
    assert shown[t("home.kpi.years")] == str(len({p["year"] for p in PLANS}))
    assert shown[t("home.kpi.provinces")] == str(EXPECTED["provinces"])
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        units = con.execute(
            "SELECT count(DISTINCT u) FROM (SELECT unit_canonical u FROM activity_units "
            "UNION SELECT unit_canonical FROM assignments)"
        ).fetchone()[0]
        themes = con.execute("SELECT count(DISTINCT theme_code) FROM activity_themes").fetchone()[0]
    assert shown[t("home.kpi.units")] == str(units)
    assert shown[t("home.kpi.themes")] == str(themes)


def test_home_chart_has_every_plan_and_theme(monkeypatch, fixture_db):
    # a heatmap: plans across, every theme with activities down, the count in each cell
    # (no "khác": folded into one, the other themes were the largest part of every bar)
    at = run_app(monkeypatch, fixture_db)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    zeros, cells = spec["data"]
    assert len(cells["x"]) == len(PLANS)
    assert t("home.chart.title") in [s.value for s in at.subheader]
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        rows = con.execute(
            "SELECT theme_code, plan_id, count(*) FROM activity_themes GROUP BY ALL"
        ).fetchall()
    assert len(cells["y"]) == len({code for code, _, _ in rows})
    shown = sum(v for row in cells["z"] for v in row if v)
    assert shown == sum(n for _, _, n in rows)
    assert t("charts.other") not in cells["y"]


def test_home_in_english(monkeypatch, fixture_db):
    at = run_app(monkeypatch, fixture_db, {"lang": "en"})
    assert at.title[0].value == t("home.title", "en")
    assert t("home.kpi.plans", "en") in metrics(at)


def test_empty_database_says_how_to_load(monkeypatch, tmp_path):
    at = run_app(monkeypatch, tmp_path / "missing.duckdb")
    assert not at.exception
    assert "python -m ttdn load" in at.info[0].value


def test_home_follows_the_filters_in_the_url(monkeypatch, fixture_db):
    from tests.fixtures import ACTIVITIES

    at = run_app(monkeypatch, fixture_db, {"nam": "2021"})
    assert not at.exception
    shown = metrics(at)
    assert shown[t("home.kpi.plans")] == str(sum(p["year"] == 2021 for p in PLANS))
    plans_2021 = {p["plan_id"] for p in PLANS if p["year"] == 2021}
    assert shown[t("home.kpi.activities")] == str(
        sum(a["plan_id"] in plans_2021 for a in ACTIVITIES)
    )
    assert at.query_params["nam"] in ("2021", ["2021"])


def test_home_with_filters_that_match_nothing(monkeypatch, fixture_db):
    at = run_app(monkeypatch, fixture_db, {"nam": "2021", "cap": "trung ương"})
    assert not at.exception
    assert metrics(at)[t("home.kpi.plans")] == "0"
    assert at.info[0].value == t("home.no_match")


def test_central_bodies_are_not_counted_as_provinces(monkeypatch, fixture_db):
    at = run_app(monkeypatch, fixture_db)
    provinces = next(m for m in at.metric if m.label == t("home.kpi.provinces"))
    assert provinces.value == str(EXPECTED["provinces"])  # Trung ương is not a province
    assert provinces.help == t("home.kpi.provinces.help", central=EXPECTED["central_plans"])
