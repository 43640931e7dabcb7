"""What a browser check with hostile links and a phone found (issue 11, helper 'checker'):
a nested or mistyped page address opened a blank page; a segmented control's last options
were cut at a phone's edge (they scrolled sideways, without a scrollbar)."""

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(90000)  # a cold server on a busy machine can be slow
    yield page
    context.close()


def test_a_nested_page_address_opens_the_page(page, app_url):
    page.set_default_timeout(90000)
    page.goto(f"{app_url}/Chu-De/extra?lang=en")
    wait_for_app(page)
    assert page.url == f"{app_url}/chu-de?lang=en"
    assert page.locator("h1").first.inner_text() == "External-information themes"


def test_phone_every_option_of_a_segmented_control_is_on_screen(phone, app_url):
    phone.goto(f"{app_url}/xep-hang")
    wait_for_app(phone)
    group = phone.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').first
    # Xếp hạng theo: Hoạt động, Chủ đề, Chủ trì + thời gian, Nêu kinh phí, Điểm đối chiếu
    edges = group.locator("button").evaluate_all(
        "bs => bs.map(b => { const r = b.getBoundingClientRect(); return [r.left, r.right]; })"
    )
    assert len(edges) == 5
    assert all(left >= 0 and right <= PHONE["width"] for left, right in edges), edges
