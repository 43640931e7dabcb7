"""AppTest of Khám phá: the editor runs through the sandbox, refusals are messages,
the schema browser lists every table, saved questions run with their parameters,
and the chart builder draws the result."""

from __future__ import annotations

import json
from collections import Counter

import duckdb
from streamlit.testing.v1 import AppTest

from tests.fixtures import ACTIVITIES, PLANS
from ttdn import ROOT, queries
from ttdn.i18n import t
from ttdn.sandbox import schema_catalog

APP_FILE = ROOT / "app.py"


def open_page(monkeypatch, db, query=None, env=None):
    monkeypatch.setenv("TTDN_DB", str(db))
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    at = AppTest.from_file(str(APP_FILE), default_timeout=90)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/explore.py").run()
    assert not at.exception
    return at


def values(data):
    """A Plotly trace array: a list, or a typed array {"dtype", "bdata"} (plotly ≥ 6)."""
    if isinstance(data, dict) and "bdata" in data:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def run_editor(at, sql):
    at.text_area(key="xp_sql").set_value(sql).run()
    at.button(key="xp_run").click().run()
    assert not at.exception
    return at


def test_the_example_query_counts_activities_by_year_and_level(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    at.button(key="xp_run").click().run()
    assert not at.exception
    frame = at.dataframe[0].value
    plans = {p["plan_id"]: p for p in PLANS}
    expected = Counter((plans[a["plan_id"]]["year"], plans[a["plan_id"]]["issuer_level"])
                       for a in ACTIVITIES)  # fmt: skip
    got = {(int(r.year), r.issuer_level): int(r.activities) for r in frame.itertuples()}
    assert got == dict(expected)
    assert any(c.value.startswith(f"{len(expected)} dòng · ") for c in at.caption)


def test_refused_queries_are_messages(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    run_editor(at, "DELETE FROM plans")
    assert not at.dataframe
    assert "DELETE" in at.warning[0].value and "SELECT" in at.warning[0].value
    run_editor(at, "SELECT * FROM read_csv('/etc/passwd')")
    assert "read_csv" in at.warning[0].value
    run_editor(at, "SELECT nope FROM plans")
    assert "nope" in at.error[0].value and "Traceback" not in at.error[0].value
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM plans").fetchone()[0] == len(PLANS)


def test_messages_in_english(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"lang": "en"})
    assert at.title[0].value == t("explore.title", "en")
    run_editor(at, "SELECT 1; DROP TABLE plans")
    assert at.warning[0].value == t("sandbox.multiple", "en", count=2)


def test_schema_browser_lists_every_table_with_descriptions(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    labels = [e.label for e in at.expander]
    for table in schema_catalog():
        assert f"{table.name} ({len(table.columns)})" in labels
    text = "\n".join(m.value for m in at.markdown)
    assert "**search_text** `VARCHAR`" in text and "folded" in text
    at.button(key="xp_try_activities").click().run()
    assert at.text_area(key="xp_sql").value == "SELECT *\nFROM activities\nLIMIT 100"
    at.button(key="xp_run").click().run()
    assert len(at.dataframe[0].value) == len(ACTIVITIES)


def test_saved_question_runs_with_its_parameters(monkeypatch, fixture_db):
    saved = queries.load_queries()
    name = next(n for n, q in sorted(saved.items())
                if [p.name for p in q.params][:1] == ["years"])  # fmt: skip
    at = open_page(monkeypatch, fixture_db)
    at.selectbox(key="xp_saved").set_value(name).run()
    assert saved[name].description("vi") in [c.value for c in at.caption]
    at.multiselect(key=f"xp_p_{name}_years").set_value([2021]).run()
    at.button(key="xp_saved_run").click().run()
    assert not at.exception
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        queries.prepare(con)
        expected = queries.run(con, name, {"years": [2021]})
    shown = at.dataframe[0].value
    assert list(shown.columns) == list(expected.columns)
    assert len(shown) == len(expected)
    assert at.subheader[-2].value == t(
        "explore.result.title", label=saved[name].title("vi")
    ) or any(
        s.value == t("explore.result.title", label=saved[name].title("vi")) for s in at.subheader
    )


def test_shown_rows_are_capped(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, env={"TTDN_SQL_ROWS": "3"})
    run_editor(at, "SELECT * FROM range(10)")
    assert len(at.dataframe[0].value) == 3
    assert any(c.value == t("explore.result.shown", shown="3") for c in at.caption)


def test_chart_builder(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    run_editor(at, "SELECT plan_id, count(*) AS n FROM activities GROUP BY ALL ORDER BY 1")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["type"] == "bar"
    counts = Counter(a["plan_id"] for a in ACTIVITIES)
    trace = spec["data"][0]
    assert dict(zip(values(trace["x"]), values(trace["y"]), strict=True)) == dict(counts)
    at.selectbox(key="xp_chart_kind").set_value("pie").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["type"] == "pie"
    assert sum(values(spec["data"][0]["values"])) == len(ACTIVITIES)
    at.selectbox(key="xp_chart_kind").set_value("bar").run()
    at.selectbox(key="xp_chart_y").set_value("__count__").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert set(values(spec["data"][0]["y"])) == {1}


def test_downloads_are_offered(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    at.button(key="xp_run").click().run()
    keys = {b.proto.id for b in at.get("download_button")}
    assert len(keys) == 2


def test_empty_database(monkeypatch, tmp_path):
    at = open_page(monkeypatch, tmp_path / "missing.duckdb")
    assert at.info[0].value == t("explore.empty_db")


def test_saved_question_widgets_are_labelled_from_the_catalog(monkeypatch, fixture_db):
    saved = queries.load_queries()
    name = next(n for n, q in sorted(saved.items())
                if {"years", "provinces", "province_mode"} <= {p.name for p in q.params})  # fmt: skip
    at = open_page(monkeypatch, fixture_db)
    at.selectbox(key="xp_saved").set_value(name).run()
    assert at.multiselect(key=f"xp_p_{name}_years").label == t("filters.years")
    assert at.multiselect(key=f"xp_p_{name}_provinces").label == t("filters.provinces")
    mode = at.get("button_group")
    labels = [m.proto.label for m in mode]
    assert t("explore.param.province_mode") in labels
    shown = " ".join(str(m.proto) for m in mode)
    assert t("explore.mode.written") in shown and t("explore.mode.2025") in shown
    assert '"written"' not in shown


def test_quick_chart_names_counts_and_ticks_whole_numbers(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    run_editor(at, "SELECT plan_id, count(*) FROM activities GROUP BY ALL ORDER BY 1")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["yaxis"]["title"]["text"] == t("explore.chart.count")
    assert "count_star()" not in json.dumps(spec["layout"], ensure_ascii=False)
    assert spec["layout"]["yaxis"]["tickformat"] == ",d"
    assert spec["layout"]["yaxis"]["dtick"] == 1  # at most 4 activities a plan: 0, 1, 2 ...
