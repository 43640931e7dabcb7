"""AppTest of the So sánh page on the fixture database: the choice in the URL (both ways),
bad values in the URL, what the page says with no or one entity, the side-by-side charts
and the evidence behind a difference."""

import json

from streamlit.testing.v1 import AppTest

from ttdn import ROOT
from ttdn.i18n import t
from ttdn.ui.safe import md

APP_FILE = ROOT / "app.py"
PAGE = "app_pages/compare.py"


def open_page(monkeypatch, db, query=None):
    monkeypatch.setenv("TTDN_DB", str(db))
    at = AppTest.from_file(str(APP_FILE), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def heatmap(at) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if s["data"][0]["type"] == "heatmap")


def test_provinces_from_the_url(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"ss_tinh": "Hà Tĩnh,Hà Nội"})
    assert not at.exception
    assert at.title[0].value == t("compare.title")
    assert at.multiselect(key="cmp_provinces").value == ["Hà Tĩnh", "Hà Nội"]
    assert {m.label: m.value for m in at.metric} == {"Hà Tĩnh": "3", "Hà Nội": "3"}
    assert heatmap(at)["data"][1]["x"] == ["Hà Tĩnh", "Hà Nội", t("compare.median")]
    assert [s.value for s in at.subheader] == [t("compare.s1.title")]  # only the open tab runs
    assert [tab.label for tab in at.tabs] == [
        t(f"compare.tab.{k}") for k in ("themes", "diff", "units", "budgets", "legal", "quarters")
    ]


def test_every_tab_from_the_url(monkeypatch, fixture_db):
    for key, title in (
        ("units", "compare.units.title"),
        ("budgets", "compare.budgets.title"),
        ("legal", "compare.legal.title"),
        ("quarters", "compare.quarters.title"),
    ):
        at = open_page(
            monkeypatch,
            fixture_db,
            {"ss_tinh": "Hà Tĩnh,Hà Nội", "ss_xem": t(f"compare.tab.{key}")},
        )
        assert not at.exception
        assert [s.value for s in at.subheader] == [t(title)], key
        if key == "legal":
            table = at.dataframe[0].value
            assert dict(zip(table[t("compare.col.basis")], table["Hà Nội"], strict=True)) == {
                "22/TT-BTTTT": "✓",
                "72/NĐ-CP": "—",
            }


def test_widgets_write_the_url(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    assert at.info[0].value == t("compare.need.province.0")
    at.multiselect(key="cmp_provinces").set_value(["Hà Tĩnh"]).run()
    assert at.query_params["ss_tinh"] == "Hà Tĩnh"
    assert t("compare.need.province.1", chosen="Hà Tĩnh") in [i.value for i in at.info]
    at.multiselect(key="cmp_provinces").set_value(["Hà Tĩnh", "Thái Bình"]).run()
    assert not at.exception
    assert at.query_params["ss_tinh"] == "Hà Tĩnh,Thái Bình"
    at.segmented_control(key="cmp_mode").set_value("plan").run()
    assert at.query_params["ss"] == "kehoach" and "ss_tinh" not in at.query_params
    at.multiselect(key="cmp_plans").set_value(["HT-2020", "HN-2021-92"]).run()
    assert at.query_params["ss_kh"] == "HT-2020,HN-2021-92"
    names = [x.replace("<br>", " ") for x in heatmap(at)["data"][1]["x"]]  # wrapped labels
    assert names[:2] == ["Hà Tĩnh 2020 (HT-2020)", "Hà Nội 2021 (92/KH-UBND)"]


def test_bad_url_says_so_and_stays_usable(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"ss_tinh": "Hà Tĩnh,Atlantis"})
    assert not at.exception
    assert at.warning[0].value == t("compare.unknown.provinces", values="Atlantis")
    assert at.info[0].value == t("compare.need.province.1", chosen="Hà Tĩnh")
    at.multiselect(key="cmp_provinces").set_value(["Hà Tĩnh", "Hà Nội"]).run()
    assert not at.exception and at.get("plotly_chart")

    at = open_page(monkeypatch, fixture_db, {"ss": "kehoach", "ss_kh": "NOPE-1", "lang": "en"})
    assert not at.exception
    assert at.warning[0].value == t("compare.unknown.plans", "en", values=md("NOPE-1"))
    assert at.info[0].value == t("compare.need.plan.0", "en")


def test_one_province_over_its_years(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"ss": "nam", "ss_tinh": "Hà Tĩnh"})
    assert not at.exception
    assert at.selectbox(key="cmp_province").value == "Hà Tĩnh"
    assert at.info[0].value == t("compare.need.years", province="Hà Tĩnh")  # one year only
    at = open_page(monkeypatch, fixture_db, {"ss": "nam"})
    assert at.info[0].value == t("compare.need.year.0")


def test_2025_provinces(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"tinh2025": "1", "ss_tinh": "Hưng Yên,Hà Tĩnh"})
    assert not at.exception
    assert {m.label: m.value for m in at.metric} == {"Hưng Yên": "1", "Hà Tĩnh": "3"}


def test_difference_row_shows_its_evidence(monkeypatch, fixture_db):
    at = open_page(
        monkeypatch, fixture_db, {"ss_tinh": "Hà Tĩnh,Hà Nội", "ss_xem": t("compare.tab.diff")}
    )
    table = at.dataframe(key="cmp_diff").value
    items = list(table[t("compare.col.item")])
    row = items.index("Văn bản chỉ đạo, điều hành")  # chi_dao: Hà Tĩnh has it, Hà Nội not
    assert table.iloc[row][t("compare.col.has")] == "Hà Tĩnh"
    assert table.iloc[row][t("compare.col.lacks")] == "Hà Nội"
    state = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.session_state["cmp_diff"] = state
    at.run()
    assert not at.exception
    detail = "\n".join(h.proto.body for h in at.get("html"))  # the drill's detail box
    assert "Xây dựng văn bản chỉ đạo, hướng dẫn" in detail  # the activity's text


def test_back_from_another_page_keeps_the_choice(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"ss_tinh": "Hà Tĩnh,Hà Nội"})
    at.switch_page("app_pages/themes.py").run()
    del at.query_params["ss_tinh"]  # navigation drops the page's own keys
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.multiselect(key="cmp_provinces").value == ["Hà Tĩnh", "Hà Nội"]
    assert at.query_params["ss_tinh"] == "Hà Tĩnh,Hà Nội"


def test_province_filter_gives_way(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"tinh": "Thái Bình", "ss_tinh": "Hà Tĩnh,Hà Nội"})
    assert not at.exception
    assert t("compare.provinces_ignored") in [c.value for c in at.caption]
    assert {m.label: m.value for m in at.metric} == {"Hà Tĩnh": "3", "Hà Nội": "3"}
