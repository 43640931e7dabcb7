"""Hostile and misspelled links, as a browser check of every page found them (issue 11):
the page says what it ignored, briefly, and never shows everything silently."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures import open_app_page as open_page
from ttdn import ROOT
from ttdn.i18n import t
from ttdn.ui.filters import ignored_items
from ttdn.ui.safe import md


def test_a_10_kb_value_is_cut_in_the_notice(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, "app_pages/themes.py", {"tinh": "A" * 10_000})
    assert not at.exception
    items = "tinh=" + "A" * 39 + "…"
    assert [w.value for w in at.warning] == [t("filters.ignored", items=md(items))]


def test_a_range_of_fifty_missing_years_lists_eight(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, "app_pages/units.py", {"nam": "1901-1950"})
    assert not at.exception
    items = "; ".join(f"nam={y}" for y in range(1901, 1909)) + "; … (+42)"
    assert [w.value for w in at.warning] == [t("filters.ignored", items=md(items))]


def test_a_theme_is_found_by_the_short_name_the_charts_show():
    from ttdn.reference import load_reference
    from ttdn.ui.filters import Filters, Options, resolve

    opts = Options(themes={"so_hoa": ("Chuyển đổi số, không gian mạng", "Digital channels")})
    wanted = Filters(themes=("Chuyen doi so", "so hoa", "Atlantis"))
    resolved, ignored = resolve(wanted, opts, load_reference())
    assert resolved.themes == ("so_hoa",)
    assert ignored == [("chude", "Atlantis")]


def test_ranking_says_what_it_ignored_in_vietnamese_only_and_as_text(monkeypatch, default_db):
    link = "[bấm vào đây](http://evil.example)"
    at = open_page(
        monkeypatch, default_db, "app_pages/ranking.py", {"chiso": link, "namxh": "1900"}
    )
    assert not at.exception
    assert [w.value for w in at.warning] == [
        t("ranking.unknown_measure", value=md(link)),
        t("ranking.unknown_year", value="1900"),
    ]
    assert not any("Unknown" in w.value or "No data" in w.value for w in at.warning)
    assert "\\[" in at.warning[0].value  # shown as typed, not as a link


def test_compliance_unknown_plan_in_vietnamese_only(monkeypatch, default_db):
    at = open_page(monkeypatch, default_db, "app_pages/compliance.py", {"kh": "**X**"})
    assert not at.exception
    assert [w.value for w in at.warning] == [t("compliance.unknown_plan", plan=md("**X**"))]
    assert "Unknown" not in at.warning[0].value


def test_compare_reads_province_names_as_people_write_them(monkeypatch, default_db):
    query = {"ss_tinh": "ha tinh,DAK LAK,Atlantis"}
    at = open_page(monkeypatch, default_db, "app_pages/compare.py", query)
    assert not at.exception
    assert at.multiselect(key="cmp_provinces").value == ["Hà Tĩnh", "Đắk Lắk"]
    assert [w.value for w in at.warning] == [t("compare.unknown.provinces", values="Atlantis")]


def test_compare_reads_a_province_alias():
    from ttdn.reference import load_reference
    from ttdn.ui.compare_view import Choice, validate

    match = load_reference().match_province
    hcm = match("TP HCM")[0]
    assert hcm and "Hồ Chí Minh" in hcm
    choice, unknown = validate(
        Choice("province", provinces=("TP HCM", "Ha Noi")), [hcm, "Hà Nội"], [], {}, match
    )
    assert choice.provinces == (hcm, "Hà Nội")
    assert not unknown


@pytest.mark.parametrize(
    ("page", "query", "said"),
    [
        # a tab, segmented controls (the open tab's), a switch: each named once
        (
            "app_pages/themes.py",
            {"chude_xem": "zzz", "chude_thucong": "maybe"},
            ["chude_thucong=maybe", "chude_xem=zzz"],
        ),
        ("app_pages/themes.py", {"chude_xem": "where", "chude_theo": "zzz"}, ["chude_theo=zzz"]),
        ("app_pages/units.py", {"donvi_xem": "<b>x</b>"}, ["donvi_xem=<b>x</b>"]),
        ("app_pages/budgets.py", {"kinhphi_xem": "plans", "kinhphi_tt": "zzz"}, ["kinhphi_tt=zzz"]),
        ("app_pages/timelines.py", {"tiendo_xem": "zzz"}, ["tiendo_xem=zzz"]),
    ],
)
def test_a_view_key_that_names_nothing_is_said(monkeypatch, fixture_db, page, query, said):
    at = open_page(monkeypatch, fixture_db, page, query)
    assert not at.exception
    notices = [w.value for w in at.warning if w.value.startswith("Đường dẫn")]
    assert notices == [t("urlstate.ignored", items=md(item)) for item in said]
    # the reader's next click: nothing said again
    at.run()
    assert not [w.value for w in at.warning if w.value.startswith("Đường dẫn")]


def test_a_view_key_that_names_a_choice_is_not_said(monkeypatch, fixture_db):
    query = {"chude_xem": "Theo năm", "chude_do": "share", "chude_thucong": "1"}
    at = open_page(monkeypatch, fixture_db, "app_pages/themes.py", query)
    assert not at.exception
    assert [w.value for w in at.warning] == []


def test_search_says_an_unknown_plan_and_searches_every_plan(monkeypatch, fixture_db):
    query = {"q": "thong tin", "kh": "**ZZZ**"}
    at = open_page(monkeypatch, fixture_db, "app_pages/search.py", query)
    assert not at.exception
    assert [w.value for w in at.warning] == [t("search.unknown_plan", plan=md("**ZZZ**"))]
    assert "kh" not in at.query_params
    assert not [i.value for i in at.info if i.value.startswith("Chỉ tìm")]


def test_search_reads_a_plan_id_in_lower_case(monkeypatch, fixture_db):
    query = {"q": "thong tin", "kh": "hn-2021-92"}
    at = open_page(monkeypatch, fixture_db, "app_pages/search.py", query)
    assert not at.exception
    assert at.query_params["kh"] in ("HN-2021-92", ["HN-2021-92"])
    assert at.info[0].value.startswith("Chỉ tìm trong kế hoạch 92/KH")
    assert [w.value for w in at.warning] == []


HOSTILE = {
    "nam": "abc",
    "tinh": "<script>alert(1)</script>",
    "chude": "'; DROP TABLE plans;--",
    "cap": "%E0%A4%A",
    "chiso": "zzz",
    "namxh": "1900",
    "kh": "zzz",
    "ss_tinh": "XYZ",
    "q": "tuyen truyen",
    "lang": "fr",
}
FILTER_BAR = {"home", "themes", "units", "budgets", "timelines", "ranking", "compliance", "search"}


@pytest.mark.parametrize("page", sorted(p.stem for p in (ROOT / "app_pages").glob("*.py")))
def test_every_page_takes_a_hostile_link(monkeypatch, default_db, page):
    """No error, no 'None' or 'nan' shown, and the filter bar's pages say what they ignored
    (in Vietnamese: ?lang=fr falls back to it)."""
    at = open_page(monkeypatch, default_db, f"app_pages/{page}.py", HOSTILE)
    assert not at.exception
    shown = [
        e.value
        for kind in ("markdown", "caption", "warning", "info", "error")
        for e in at.get(kind)
    ]
    assert not [s for s in shown if re.search(r"\b(None|nan|NaN)\b", str(s))]
    if page in FILTER_BAR:
        assert any(str(s).startswith("Đường dẫn có giá trị không khớp") for s in shown)


@pytest.mark.parametrize("written", ["EN", "en-US", "English", " en "])
def test_lang_is_read_as_people_write_it(monkeypatch, fixture_db, written):
    at = open_page(monkeypatch, fixture_db, "app_pages/themes.py", {"lang": written})
    assert not at.exception
    assert at.title[0].value == t("themes.title", "en")
    assert at.query_params["lang"] in ("en", ["en"])


def test_a_language_the_app_does_not_have_is_said(monkeypatch, fixture_db):
    # ?lang=fr was shown in Vietnamese without a word: a link that fails silently
    monkeypatch.setenv("TTDN_DB", str(fixture_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception
    assert at.title[0].value == t("home.title", "vi")
    notice = t("urlstate.ignored", "vi", items=md(ignored_items([("lang", "fr")])))
    assert [w.value for w in at.warning] == [notice]
    at.run()  # said once: the link now reads lang=vi
    assert not at.warning
