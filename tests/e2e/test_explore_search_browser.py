"""Khám phá and Tra cứu in headless Chromium: a query typed into the editor runs and
draws its quick chart, a forbidden query shows the sandbox's message, and a search
without diacritics finds and highlights the accented text."""

from __future__ import annotations

from urllib.parse import quote

import duckdb
import pytest

from tests.e2e.conftest import screenshot, wait_for_app
from ttdn.text import fold_words

pytestmark = pytest.mark.browser

TALL = {"width": 1400, "height": 2600}


def open_page(page, url: str) -> None:
    page.set_default_timeout(90000)  # a cold server on a busy machine can be slow
    page.set_viewport_size(TALL)
    page.goto(url)
    wait_for_app(page)
    close = page.locator('[role="dialog"] button:is([aria-label="Close"], [aria-label="Đóng"])')
    if close.count():
        close.first.click()
        page.wait_for_timeout(200)


def type_query(page, sql: str) -> None:
    editor = page.locator(".st-key-xp_sql textarea")
    editor.fill(sql)
    editor.press("Control+Enter")  # commit the text area
    wait_for_app(page)
    page.locator(".st-key-xp_run button").click()
    wait_for_app(page)


def test_explore_runs_a_query_and_draws_it(page, app_url, default_db):
    open_page(page, f"{app_url}/kham-pha")
    assert page.get_by_role("heading", name="Khám phá dữ liệu bằng SQL").count() == 1
    sql = ("SELECT p.year, count(*) AS activities FROM activities a JOIN plans p USING (plan_id) "
           "GROUP BY ALL ORDER BY 1")  # fmt: skip
    type_query(page, sql)
    page.wait_for_selector('[data-testid="stDataFrame"]')
    page.wait_for_selector(".st-key-xp_chart .js-plotly-plot .main-svg")
    with duckdb.connect(str(default_db), read_only=True) as con:
        years = con.execute("SELECT count(DISTINCT year) FROM plans").fetchone()[0]
    captions = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    assert any(c.startswith(f"{years} dòng · ") for c in captions), captions
    bars = page.locator(".st-key-xp_chart .js-plotly-plot .barlayer .point path")
    assert bars.count() == years
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "explore_query")

    type_query(page, "SELECT * FROM read_csv('/etc/passwd')")
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="read_csv")
    alert.first.wait_for()  # the run may start after wait_for_app returned: wait for it
    wait_for_app(page)
    assert alert.count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "explore_refused")


def test_search_finds_accented_text_without_diacritics(page, app_url, default_db):
    open_page(page, f"{app_url}/tra-cuu")
    box = page.locator(".st-key-q input")
    box.fill("dak lak")
    box.press("Enter")
    wait_for_app(page)
    page.wait_for_selector(".ttdn-hit")
    marks = page.locator(".ttdn-hit mark").all_inner_texts()
    assert "Đắk" in marks and "Lắk" in marks
    with duckdb.connect(str(default_db), read_only=True) as con:
        texts = [r[0] for r in con.execute(
            "SELECT title || ' ' || coalesce(description, '') FROM activities "
            "UNION ALL SELECT unit || ' ' || duty FROM assignments "
            "UNION ALL SELECT source || ' ' || coalesce(note, '') FROM budgets").fetchall()]  # fmt: skip
    expected = sum(1 for t in texts if {"dak", "lak"} <= set(fold_words(t).split()))
    shown = min(expected, 50)
    assert page.locator(".ttdn-hit").count() == shown
    count = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="kết quả:")
    total = count.first.locator("strong").inner_text()
    assert total == f"{expected:,}".replace(",", ".")
    assert "dak+lak" in page.url or "dak%20lak" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "search_dak_lak")

    # the link of a result restricts the search to its plan
    page.locator(".ttdn-plan a").first.click()
    wait_for_app(page)
    page.wait_for_selector(".ttdn-hit")
    assert "kh=" in page.url
    assert page.locator('[data-testid="stAlert"]').filter(has_text="Chỉ tìm trong kế hoạch").count()
    screenshot(page, "search_one_plan")


def test_search_from_a_link_in_english(page, app_url):
    open_page(page, f"{app_url}/tra-cuu?lang=en&q={quote('quảng bá')}")
    page.wait_for_selector(".ttdn-hit")
    assert page.locator(".ttdn-hit mark").count() > 0
    assert page.get_by_role("heading", name="Search the plans").count() == 1
    screenshot(page, "search_english")
