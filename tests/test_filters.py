"""The shared filter bar: query-string form, options from the data, URL round trips,
filters kept across pages, the 2025 province switch."""

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures import ACTIVITIES, PLANS, open_app_page
from ttdn import ROOT, queries
from ttdn.i18n import t
from ttdn.reference import load_reference
from ttdn.text import vi_sort_key
from ttdn.ui.filters import Filters, decode, encode

APP_FILE = ROOT / "app.py"
WIDGETS = ("flt_years", "flt_provinces", "flt_levels", "flt_themes", "flt_units")


def open_page(monkeypatch, db, page="app_pages/themes.py", query=None):
    monkeypatch.setenv("TTDN_DB", str(db))
    at = AppTest.from_file(str(APP_FILE), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()  # switch_page needs one run first (st.navigation registers the pages)
    at.switch_page(page)
    return at.run()


def values(at) -> dict:
    out = {key: at.multiselect(key=key).value for key in WIDGETS}
    out["flt_p2025"] = at.toggle(key="flt_p2025").value
    return out


def run_query(db, name, **params):
    with duckdb.connect(str(db), read_only=True) as con:
        queries.prepare(con)
        return queries.run(con, name, params)


# the query-string form ------------------------------------------------------------------------


def test_encode_decode_round_trip():
    filters = Filters(
        years=(2020, 2021),
        provinces=("Hà Tĩnh", "Hà Nội"),
        province_mode="2025",
        levels=("tỉnh",),
        themes=("tap_huan", "so_hoa"),
        units=("Các sở, ban, ngành, đoàn thể", "Sở Ngoại vụ"),
    )
    query = encode(filters)
    assert query == {
        "nam": "2020,2021",
        "tinh": "Hà Tĩnh,Hà Nội",
        "tinh2025": "1",
        "cap": "tỉnh",
        "chude": "tap_huan,so_hoa",
        "donvi": ["Các sở, ban, ngành, đoàn thể", "Sở Ngoại vụ"],  # unit names hold commas
    }
    assert decode(query) == filters


def test_empty_filters_have_an_empty_query_string():
    assert encode(Filters()) == {}
    assert decode({}) == Filters()
    assert Filters().is_empty() and not Filters(themes=("x",)).is_empty()


def test_decode_is_forgiving():
    filters = decode({"nam": ["2019-2021", "2025, x"], "tinh": " Hà Tĩnh ,,", "tinh2025": "0"})
    assert filters.years == (2019, 2020, 2021, 2025)
    assert filters.provinces == ("Hà Tĩnh",)
    assert filters.province_mode == "written"


def test_params_are_what_the_macros_take():
    params = Filters(years=(2020,), themes=("tap_huan",)).params()
    assert params == {
        "years": [2020],
        "provinces": [],
        "province_mode": "written",
        "levels": [],
        "themes": ["tap_huan"],
        "units": [],
    }
    assert set(Filters().plan_params()) == {"years", "provinces", "province_mode", "levels"}


# options ------------------------------------------------------------------------------------


def test_options_come_from_the_data_in_vietnamese_order(fixture_db):
    reference = load_reference()
    years = run_query(fixture_db, "filter_options_years")["year"].tolist()
    assert years == sorted({p["year"] for p in PLANS})
    provinces = run_query(fixture_db, "filter_options_provinces")
    expected = {reference.match_province(p["province"]) for p in PLANS}
    assert set(zip(provinces["province"], provinces["province_2025"], strict=True)) == expected
    assert provinces["province"].tolist() == sorted(provinces["province"], key=vi_sort_key)
    levels = run_query(fixture_db, "filter_options_levels")["issuer_level"].tolist()
    assert levels == ["trung ương", "tỉnh"]
    themes = run_query(fixture_db, "filter_options_themes")
    assert len(themes) == len(reference.themes)
    assert themes["name_vi"].tolist() == sorted(themes["name_vi"], key=vi_sort_key)
    units = run_query(fixture_db, "filter_options_units")["unit_canonical"].tolist()
    assert units == sorted(units, key=vi_sort_key)
    assert "Các sở, ban, ngành, đoàn thể" in units and "Sở Thông tin và Truyền thông" in units
    assert "Sở TT&TT" not in units  # canonical names only


def test_counts_follow_the_filters(fixture_db):
    count = run_query(
        fixture_db,
        "filter_counts",
        years=[2021],
        provinces=[],
        province_mode="written",
        levels=[],
        themes=[],
        units=[],
    ).iloc[0]
    plans_2021 = {p["plan_id"] for p in PLANS if p["year"] == 2021}
    assert count["plans"] == len(plans_2021)
    assert count["years"] == 1
    assert count["activities"] == sum(a["plan_id"] in plans_2021 for a in ACTIVITIES)


# in the app ------------------------------------------------------------------------------------


def test_url_sets_the_widgets_and_is_written_back(monkeypatch, fixture_db):
    query = {"nam": "2021", "tinh": "Hà Nội", "chude": "tap_huan", "lang": "vi"}
    at = open_page(monkeypatch, fixture_db, query=query)
    assert not at.exception
    assert values(at) == {
        "flt_years": [2021],
        "flt_provinces": ["Hà Nội"],
        "flt_levels": [],
        "flt_themes": ["tap_huan"],
        "flt_units": [],
        "flt_p2025": False,
    }
    assert at.query_params == query


def test_values_not_in_the_data_are_dropped(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, query={"nam": "1999,2020", "tinh": "Atlantis"})
    assert not at.exception
    assert values(at)["flt_years"] == [2020]
    assert values(at)["flt_provinces"] == []
    assert at.query_params.get("nam") == "2020" and "tinh" not in at.query_params


def test_a_link_that_matches_nothing_says_what_was_ignored(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, query={"nam": "abc,2020", "tinh": "XYZ"})
    assert values(at)["flt_years"] == [2020]
    notices = [w.value for w in at.warning]
    assert notices == [t("filters.ignored", items="nam=abc; tinh=XYZ")]
    # the reader takes over: the notice goes
    at.multiselect(key="flt_levels").set_value(["tỉnh"]).run()
    assert [w.value for w in at.warning] == []


@pytest.mark.parametrize(
    ("query", "provinces"),
    [
        ({"tinh": "Ha Tinh"}, ["Hà Tĩnh"]),  # no diacritics
        ({"tinh": "ha  noi,HA TINH"}, ["Hà Nội", "Hà Tĩnh"]),  # case and spaces
        ({"tinh": "Thai Binh", "tinh2025": "1"}, ["Hưng Yên"]),  # merged in 2025
        ({"tinh": "Hưng Yên", "tinh2025": "1"}, ["Hưng Yên"]),
    ],
)
def test_plausible_province_spellings_in_a_link(monkeypatch, fixture_db, query, provinces):
    at = open_page(monkeypatch, fixture_db, query=query)
    assert values(at)["flt_provinces"] == provinces
    assert [w.value for w in at.warning] == []


def test_themes_and_levels_by_name_in_a_link(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, query={"chude": "Quảng bá hình ảnh", "cap": "tinh"})
    assert values(at)["flt_themes"] == ["quang_ba"]
    assert values(at)["flt_levels"] == ["tỉnh"]  # without diacritics
    # a theme name holding a comma is cut by the query string's commas, but its parts
    # without punctuation still name it: "tap huan boi duong" = "Tập huấn, bồi dưỡng"
    at = open_page(monkeypatch, fixture_db, query={"chude": "tap huan boi duong"})
    assert values(at)["flt_themes"] == ["tap_huan"]


def test_province_aliases_resolve():
    from ttdn.reference import load_reference
    from ttdn.ui.filters import Filters, Options, resolve

    opts = Options(years=(2024,), provinces_written=("TP Hồ Chí Minh", "Hà Tĩnh"))
    filters = Filters(years=(2024, 1999), provinces=("TP HCM", "Sài Gòn", "Atlantis"))
    resolved, ignored = resolve(filters, opts, load_reference())
    assert resolved.provinces == ("TP Hồ Chí Minh",)
    assert resolved.years == (2024,)
    assert ignored == [("nam", "1999"), ("tinh", "Atlantis")]


def test_changing_a_widget_updates_the_url_and_keeps_lang(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, query={"lang": "en"})
    at.multiselect(key="flt_units").set_value(["Các sở, ban, ngành, đoàn thể", "Sở Ngoại vụ"]).run()
    at.multiselect(key="flt_levels").set_value(["tỉnh"]).run()
    assert at.query_params == {
        "lang": "en",
        "donvi": ["Các sở, ban, ngành, đoàn thể", "Sở Ngoại vụ"],
        "cap": "tỉnh",
    }


def test_filters_survive_a_change_of_page(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, query={"nam": "2021"})
    at.switch_page("app_pages/units.py").run()
    assert not at.exception
    assert values(at)["flt_years"] == [2021]
    at.multiselect(key="flt_years").set_value([2020]).run()
    at.switch_page("app_pages/home.py").run()  # a page without the filter bar
    at.switch_page("app_pages/themes.py").run()
    assert values(at)["flt_years"] == [2020]
    assert at.query_params.get("nam") == "2020"


def test_the_2025_switch_carries_provinces_over(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, query={"tinh": "Thái Bình"})
    at.toggle(key="flt_p2025").set_value(True).run()
    assert values(at)["flt_provinces"] == ["Hưng Yên"]  # Thái Bình joined Hưng Yên in 2025
    assert at.query_params.get("tinh2025") == "1"
    at.toggle(key="flt_p2025").set_value(False).run()
    assert values(at)["flt_provinces"] == ["Thái Bình"]
    assert "tinh2025" not in at.query_params


def test_2025_mode_from_the_url(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, query={"tinh2025": "1", "tinh": "Hưng Yên"})
    assert values(at)["flt_p2025"] is True
    assert values(at)["flt_provinces"] == ["Hưng Yên"]
    options = at.multiselect(key="flt_provinces").options
    assert "Thái Bình" not in options and "Hưng Yên" in options


def test_clear_button_resets_everything(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, query={"nam": "2021", "chude": "tap_huan"})
    at.button(key="flt_clear").click().run()
    assert all(not v for v in values(at).values())
    assert "nam" not in at.query_params and "chude" not in at.query_params


@pytest.mark.parametrize("page", ["app_pages/themes.py", "app_pages/units.py"])
def test_filter_labels_in_english(monkeypatch, fixture_db, page):
    at = open_page(monkeypatch, fixture_db, page=page, query={"lang": "en", "chude": "tap_huan"})
    assert at.multiselect(key="flt_years").label == "Years"
    assert at.multiselect(key="flt_themes").format_func("tap_huan") == "Training"
    assert at.multiselect(key="flt_themes").value == ["tap_huan"]


def test_the_filters_line_shows_data_names_literally():
    from ttdn.ui.filters import Options, describe

    opts = Options(units=("[Xác minh](https://x.y) ![](https://x.y/p.png)",))
    line = describe(Filters(units=opts.units), opts)
    # escaped markdown: no link or image can come out of it
    assert "](" not in line and "\\[Xác minh\\]\\(https\\://x\\.y\\)" in line


# the bar's widgets come after the first chart (filter_bar(defer=True)) -------------------


def record_order(monkeypatch) -> list[str]:
    """What the page sends, in order: "chart" for each Plotly chart, "filter" for each
    drop-down list of the filter bar."""
    import streamlit as st

    sent: list[str] = []
    chart, multiselect = st.plotly_chart, st.multiselect

    def plotly_chart(*args, **kwargs):
        sent.append("chart")
        return chart(*args, **kwargs)

    def multiselect_(*args, **kwargs):
        if str(kwargs.get("key", "")).startswith("flt_"):
            sent.append("filter")
        return multiselect(*args, **kwargs)

    monkeypatch.setattr(st, "plotly_chart", plotly_chart)
    monkeypatch.setattr(st, "multiselect", multiselect_)
    return sent


@pytest.mark.parametrize(
    "page", ["app_pages/themes.py", "app_pages/ranking.py", "app_pages/home.py"]
)
def test_the_filter_widgets_are_sent_after_the_first_chart(monkeypatch, fixture_db, page):
    """The browser mounts what it gets in order: five drop-down lists sent first were mounted
    before the first chart. They come after it now, in their place at the top of the
    sidebar, with the values of the link."""
    sent = record_order(monkeypatch)
    monkeypatch.setenv("TTDN_DB", str(fixture_db))
    at = AppTest.from_file(str(APP_FILE), default_timeout=60)
    at.query_params["nam"] = "2020"
    at.run()
    at.switch_page(page)
    sent.clear()
    at.run()
    assert not at.exception
    assert sent.count("filter") == len(WIDGETS)
    assert sent.index("chart") < sent.index("filter")
    assert [m.key for m in at.sidebar.multiselect] == list(WIDGETS)
    assert at.multiselect(key="flt_years").value == [2020]


def test_a_page_that_stops_still_draws_the_bar(monkeypatch, fixture_db):
    """A filter that matches nothing stops the page before any chart: the bar is drawn, so
    that the reader can change it."""
    at = open_page(monkeypatch, fixture_db, query={"nam": "2020", "tinh": "Hà Nội"})
    assert t("themes.no_match") in [i.value for i in at.info]
    assert not at.get("plotly_chart")
    assert values(at)["flt_years"] == [2020]
    assert at.multiselect(key="flt_provinces").value == ["Hà Nội"]
    at.button(key="flt_clear").click().run()  # and it works
    assert at.get("plotly_chart")


def test_the_home_page_that_stops_still_draws_the_bar(monkeypatch, fixture_db):
    at = open_app_page(
        monkeypatch, fixture_db, "app_pages/home.py", {"nam": "2020", "tinh": "Hà Nội"}
    )
    assert t("home.no_match") in [i.value for i in at.info]
    assert values(at)["flt_years"] == [2020]
    assert at.multiselect(key="flt_provinces").value == ["Hà Nội"]
