"""Hostile and misspelled links, as a browser check of every page found them (issue 11):
the page says what it ignored, briefly, and never shows everything silently."""

from streamlit.testing.v1 import AppTest

from ttdn import ROOT
from ttdn.i18n import t
from ttdn.ui.safe import md

APP_FILE = ROOT / "app.py"


def open_page(monkeypatch, db, page, query):
    monkeypatch.setenv("TTDN_DB", str(db))
    at = AppTest.from_file(str(APP_FILE), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    return at.run()


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
