"""The "what stands out" sentences on a hand-built set of plans, the home page's
province × theme heatmap of shares, and the home page at national scale."""

import json

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ttdn import ROOT, queries
from ttdn.i18n import t
from ttdn.ui import home_view
from ttdn.ui.filters import Filters
from ttdn.ui.highlights import highlights
from ttdn.ui.safe import md

# five plans: A has two years, B and C one each, and a central body's plan
PLANS = pd.DataFrame(
    [
        ("P1", "1/KH", "UBND A", "A", 2023, False, 10, 10, "stated"),
        ("P2", "2/KH", "UBND B", "B", 2023, False, 4, 0, "none"),
        ("P3", "3/KH", "UBND A", "A", 2024, False, 12, 6, "conditional"),
        ("P4", None, "UBND C", "C", 2024, False, 2, 2, "none"),
        ("P5", "5/KH", "Bộ X", "Trung ương", 2024, True, 1, 0, "stated"),
    ],
    columns=home_view.HIGHLIGHT_COLUMNS,
)
THEMES = pd.DataFrame(
    [
        ("tap_huan", "Tập huấn", "Training", 14),
        ("bao_chi", "Báo chí", "Press", 3),
        ("so_hoa", "Chuyển đổi số", "Digital", 0),
    ],
    columns=["theme_code", "name_vi", "name_en", "activities"],
)
FRAMES = {"plans": PLANS, "themes": THEMES}


def test_the_five_sentences_by_hand():
    got = highlights(FRAMES, Filters(), "vi")
    assert [h.text for h in got] == [
        # 29 activities: training 14 → 48 %, digital 0 → 0 %
        t(
            "highlights.themes",
            top="Tập huấn",
            top_share="48%",
            low="Chuyển đổi số",
            low_share="0%",
        ),
        # A 22, B 4, C 2 (the central plan left out); median 4
        t("highlights.fewest", provinces="C (2); B (4)", median="4"),
        t("highlights.no_budget", n="2", total="5", plans="B 2023 (2/KH); C 2024 (P4)"),
        # P2 and P5 have activities and not one lead unit
        t("highlights.no_lead", n="2", total="5", plans="B 2023 (2/KH); Trung ương 2024 (5/KH)"),
        # 2023: 14 activities; 2024: 15 in 3 plans → +7 %
        t(
            "highlights.change_up",
            year=2024,
            before=2023,
            activities="15",
            plans="3",
            previous="14",
            change="7%",
        ),
    ]
    assert [h.page for h in got] == ["chu-de", "so-sanh", "kinh-phi", "don-vi", "chu-de"]
    assert got[1].params == {"ss_tinh": "C,B"}
    assert got[1].link == "so-sanh?ss_tinh=C%2CB"
    assert got[1].file == "app_pages/compare.py"
    assert got[4].params["nam"] == "2023,2024"


def test_links_keep_the_filters_and_the_language():
    filters = Filters(levels=("tỉnh",))
    got = highlights(FRAMES, filters, "en")
    assert got[0].text.startswith('The most covered theme is "Training" (48% of activities)')
    assert got[2].link == "kinh-phi?cap=t%E1%BB%89nh&lang=en"
    assert got[3].params["donvi_xem"] == "unknown"  # the tab key: the same in both languages


def test_thin_or_even_data():
    assert highlights({"plans": PLANS.iloc[:0], "themes": THEMES}, None, "vi") == []
    even = PLANS[PLANS["plan_id"].isin(["P2", "P4"])].assign(activities=[3, 3], with_lead=[1, 1])
    got = highlights({"plans": even, "themes": THEMES}, None, "vi")
    assert t("highlights.even", n="2", activities="3") in [h.text for h in got]
    assert all(h.page != "don-vi" for h in got)  # every plan names a lead unit


def test_province_theme_shares():
    matrix = pd.DataFrame(
        [
            ("A", 4, "tap_huan", "Tập huấn", "Training", 3),
            ("A", 4, "bao_chi", "Báo chí", "Press", 1),
            ("B", 0, "tap_huan", "Tập huấn", "Training", 0),
            ("B", 0, "bao_chi", "Báo chí", "Press", 0),
        ],
        columns=["province", "row_activities", "theme_code", "name_vi", "name_en", "activities"],
    )
    frame = home_view.shares(matrix, "vi")
    assert list(frame["share"]) == [75.0, 25.0, 0.0, 0.0]
    spec = home_view.heatmap(frame, "vi")
    assert spec["data"][1]["x"] == ["Tập huấn", "Báo chí"]
    assert spec["data"][1]["z"] == [[75.0, 25.0], [None, None]]
    assert spec["data"][0]["z"] == [[None, None], [1, 1]]  # B's gaps


@pytest.fixture(scope="module")
def national_db(tmp_path_factory):
    from ttdn.demo import build_demo

    path = tmp_path_factory.mktemp("national") / "national.duckdb"
    build_demo(path, provinces=34, years=[2024, 2025], per_plan=4, seed=3)
    return path


def test_home_at_national_scale_is_a_heatmap(monkeypatch, national_db):
    monkeypatch.setenv("TTDN_DB", str(national_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert [s["data"][0]["type"] for s in specs][0] == "heatmap"  # then the tile map
    assert len(specs[0]["data"][1]["y"]) == 34  # one row per province
    assert t("home.heatmap.title") in [s.value for s in at.subheader]
    links = [p.proto.label for p in at.get("page_link")]
    assert links[-1] == t("home.sources.link")  # under the map: the list of sources
    links = links[:-1]
    assert 3 <= len(links) <= 5 and set(links) == {t("highlights.view")}
    with duckdb.connect(str(national_db), read_only=True) as con:
        expected = highlights(queries.prepare(con), Filters(), "vi")
    shown = [m.value for m in at.markdown]
    for index, item in enumerate(expected):
        assert f"{index + 1}. {md(item.text)}" in shown
    assert t("highlights.title") in [s.value for s in at.subheader]
