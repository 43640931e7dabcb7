"""AppTest of Tra cứu: results counted against the fixture lists, highlighted in the
original text, filtered by the filter bar, restricted to one plan from its link."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.fixtures import PLANS
from tests.test_search import _items, _reference_match
from ttdn import ROOT
from ttdn.i18n import t
from ttdn.ui.safe import md

APP_FILE = ROOT / "app.py"


def open_page(monkeypatch, db, query=None):
    monkeypatch.setenv("TTDN_DB", str(db))
    at = AppTest.from_file(str(APP_FILE), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/search.py").run()
    assert not at.exception
    return at


def search(at, box):
    at.text_input(key="q").set_value(box).run()
    assert not at.exception
    return at


def cards(at) -> str:
    found = at.get("html")
    return found[0].proto.body if found else ""


def expected(box, years=None):
    plan_year = {p["plan_id"]: p["year"] for p in PLANS}
    return [
        item
        for item in _items()
        if _reference_match(box, f"{item[2]} {item[3] or ''}")
        and (years is None or plan_year[item[1]] in years)
    ]


def count_line(items, lang="vi"):
    return t("search.count", lang, total=len(items),
             activity=sum(i[0] == "activity" for i in items),
             duty=sum(i[0] == "duty" for i in items),
             budget=sum(i[0] == "budget" for i in items))  # fmt: skip


def test_empty_box_explains(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db)
    assert at.info[0].value == t("search.start")
    assert "ttdn-hit" not in cards(at)  # no result card (the app's style element aside)


def test_diacritic_free_search_is_highlighted(monkeypatch, fixture_db):
    at = search(open_page(monkeypatch, fixture_db), "quang ba hinh anh")
    items = expected("quang ba hinh anh")
    assert count_line(items) in [m.value for m in at.markdown]
    body = cards(at)
    assert "<mark>Quảng</mark> <mark>bá</mark> <mark>hình</mark> <mark>ảnh</mark>" in body
    assert body.count('class="ttdn-hit"') == len(items)


def test_every_kind_is_found_and_counted(monkeypatch, fixture_db):
    at = search(open_page(monkeypatch, fixture_db), "thong tin")
    items = expected("thong tin")
    assert {i[0] for i in items} >= {"activity", "duty"}
    assert count_line(items) in [m.value for m in at.markdown]
    body = cards(at)
    assert t("search.kind.duty") in body and t("search.kind.activity") in body


def test_d_folding_and_url(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"q": "bien dong"})
    assert at.text_input(key="q").value == "bien dong"
    assert "<mark>Biển</mark> <mark>Đông</mark>" in cards(at)


def test_filter_bar_applies(monkeypatch, fixture_db):
    at = search(open_page(monkeypatch, fixture_db), "thong tin")
    at.multiselect(key="flt_years").set_value([2021]).run()
    items = expected("thong tin", years={2021})
    assert count_line(items) in [m.value for m in at.markdown]
    body = cards(at)
    for plan in PLANS:
        issuer = plan["issuer"]
        assert (issuer in body) == (
            plan["year"] == 2021 and any(i[1] == plan["plan_id"] for i in items)
        )


def test_kinds_can_be_chosen(monkeypatch, fixture_db):
    at = search(open_page(monkeypatch, fixture_db), "thong tin")
    at.pills(key="sr_kinds").set_value(["duty"]).run()
    items = [i for i in expected("thong tin") if i[0] == "duty"]
    assert cards(at).count('class="ttdn-hit"') == len(items)
    at.pills(key="sr_kinds").set_value([]).run()
    assert at.info[0].value == t("search.no_kinds")


def test_result_links_to_its_plan(monkeypatch, fixture_db):
    at = search(open_page(monkeypatch, fixture_db), "thong tin")
    links = set(re.findall(r'href="\?([^"]*kh=[^"&]+[^"]*)"', cards(at)))
    assert any("kh=HN-2021-92" in link for link in links)
    at = open_page(monkeypatch, fixture_db, {"q": "thong tin", "kh": "HN-2021-92"})
    items = [i for i in expected("thong tin") if i[1] == "HN-2021-92"]
    plan = next(p for p in PLANS if p["plan_id"] == "HN-2021-92")
    label = f"{plan['number']} · {plan['issuer']} · {plan['year']}"
    assert at.info[0].value == t("search.only_plan", plan=md(label))  # shown as written
    assert cards(at).count('class="ttdn-hit"') == len(items)
    assert label in cards(at)


def test_nothing_found(monkeypatch, fixture_db):
    at = search(open_page(monkeypatch, fixture_db), "xyzzy")
    assert at.info[0].value == t("search.none", query="xyzzy")


def test_in_english(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, {"lang": "en", "q": "tap huan"})
    assert at.title[0].value == t("search.title", "en")
    assert count_line(expected("tap huan"), "en") in [m.value for m in at.markdown]
    assert t("search.kind.activity", "en") in cards(at)


def test_empty_database(monkeypatch, tmp_path):
    at = open_page(monkeypatch, tmp_path / "missing.duckdb")
    assert at.info[0].value == t("search.empty_db")


def test_a_result_shows_its_document_and_keeps_the_storage_path_in_a_hover(monkeypatch, fixture_db):
    html_cards = cards(search(open_page(monkeypatch, fixture_db), "tap huan"))
    sources = re.findall(r'<div class="ttdn-source" title="([^"]*)">([^<]*)', html_cards)
    assert sources
    for hover, shown in sources:
        assert shown.startswith("Văn bản gốc: ")
        assert "›" not in shown and "dòng" not in shown
        # the hover names the sheet as the reader knows it, not the storage key
        assert "trang Hoạt động" in hover or "trang Phân công" in hover
        assert "activities" not in hover


def test_a_hashed_stored_file_name_is_not_shown(monkeypatch, default_db):
    # the default data keep their documents as "000_2b9b40e15bd0732e.txt": a name that
    # says nothing; the plan line (number · issuer · year — title) names the document
    html_cards = cards(search(open_page(monkeypatch, default_db), "biển đảo"))
    assert 'class="ttdn-plan"' in html_cards
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", html_cards)


def test_folded_words_are_highlighted_as_meant(monkeypatch, fixture_db):
    # "biển, đảo" side by side: "biên" (biên giới) is not highlighted although "bien"
    # matches it after folding; "chỉ đạo" elsewhere is not found by this query at all
    at = search(open_page(monkeypatch, fixture_db), "tuyen truyen bien dao")
    body = cards(at)
    assert ("<mark>Tuyên</mark> <mark>truyền</mark> về biên giới lãnh thổ, <mark>biển</mark>, "
            "<mark>đảo</mark>") in body  # fmt: skip
    assert "<mark>biên</mark>" not in body and "<mark>Biên</mark>" not in body
