"""Streamlit's own words on a Vietnamese page (ttdn/ui/chrome.py) and deep links: /tong-quan
opens the home page without the "Page not found" dialog, an unknown path says so in
Vietnamese, the table toolbar speaks Vietnamese, and there is no English ⋮ menu."""

import pytest

from tests.e2e.conftest import wait_for_app
from ttdn.i18n import t

pytestmark = pytest.mark.browser


def dialogs(page) -> list[str]:
    return page.locator("[role=dialog]").all_inner_texts()


def test_tong_quan_opens_without_a_dialog(page, app_url):
    page.goto(f"{app_url}/tong-quan")
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert dialogs(page) == []
    assert page.locator("h1").first.inner_text() == t("home.title")
    links = page.locator('[data-testid="stSidebarNavLink"]')
    shade = "e => getComputedStyle(e).backgroundColor"
    assert links.nth(0).evaluate(shade) != links.nth(1).evaluate(shade)  # Tổng quan is open


def test_an_unknown_path_is_reported_in_vietnamese(page, app_url):
    page.goto(f"{app_url}/khong-co")
    wait_for_app(page)
    page.wait_for_selector("[role=dialog]")
    text = " ".join(dialogs(page))
    assert t("chrome.page_not_found") in text
    assert t("chrome.page_not_found_body") in text
    assert "Page not found" not in text
    assert page.locator("h1").first.inner_text() == t("home.title")  # the home page runs


def test_table_toolbar_and_menu_in_vietnamese(page, app_url):
    page.goto(f"{app_url}/du-lieu")  # Nguồn dữ liệu (Tổng quan's grids moved or fold away)
    wait_for_app(page)
    assert page.locator('[data-testid="stMainMenu"]').count() == 0  # toolbarMode minimal
    page.locator('[data-testid="stDataFrame"]').first.hover()
    page.wait_for_timeout(500)
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    labels = [b.get_attribute("aria-label") for b in toolbar.locator("button").all()]
    assert t("chrome.table.search") in labels
    assert "Search" not in labels and "Fullscreen" not in labels
    assert not page.locator('button[aria-label="Download as CSV"]').first.is_visible()
    page.locator(f'button[aria-label="{t("chrome.table.search")}"]').first.hover()
    page.wait_for_selector('[data-testid="stTooltipContent"]')
    assert page.locator('[data-testid="stTooltipContent"]').first.inner_text() == t(
        "chrome.table.search"
    )


def help_labels(page) -> list[str]:
    """The screen reader's name of every ⓘ button in the sidebar."""
    icons = page.locator('[data-testid="stSidebar"] [data-testid="stTooltipIcon"] [aria-label]')
    return [icon.get_attribute("aria-label") for icon in icons.all()]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_help_buttons_are_named_in_the_pages_language(page, app_url, language):
    """Streamlit names an ⓘ button "Help for <label>" (aria-label): in Vietnamese a screen
    reader hears Vietnamese, in English Streamlit's own words."""
    page.goto(f"{app_url}/chu-de?lang={language}")
    wait_for_app(page)
    label = t("filters.p2025", language)
    spoken = t("chrome_pattern.help_for", language, label=label)
    page.wait_for_function(
        "spoken => [...document.querySelectorAll("
        "'[data-testid=stSidebar] [data-testid=stTooltipIcon] [aria-label]')]"
        ".some(e => e.getAttribute('aria-label') === spoken)",
        arg=spoken,
        timeout=10_000,
    )
    names = help_labels(page)
    assert spoken in names
    assert not [n for n in names if n.startswith("Help") == (language == "vi")]


# what a screen reader hears on a Vietnamese page: no name left in Streamlit's English
ENGLISH_NAMES = ("Open", "Clear all", "Close", "Download as CSV")


def spoken_names(page) -> list[str]:
    """aria-label and title of every element that is shown (a hidden one is not read)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[aria-label],[title]')]
        .filter(e => e.getClientRects().length > 0)
        .flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('title')])
        .filter(Boolean)"""
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_select_and_dialog_buttons_are_named_in_the_pages_language(page, app_url, language):
    """The drop-downs' "Open" and "Clear all" and a dialog's "Close" are Streamlit's English
    names: Vietnamese on a Vietnamese page, as they were in English."""
    page.goto(f"{app_url}/?tinh=H%C3%A0+T%C4%A9nh&lang={language}")  # a province chosen: ✕
    wait_for_app(page)
    names = spoken_names(page)
    assert t("chrome.open", language) in names
    assert t("chrome.clear_all", language) in names
    page.goto(f"{app_url}/khong-co?lang={language}")  # Streamlit's "Page not found" dialog
    wait_for_app(page)
    page.wait_for_selector("[role=dialog]")
    names = spoken_names(page)
    assert t("chrome.close", language) in names
    if language == "vi":
        assert [n for n in names if n in ENGLISH_NAMES] == []
