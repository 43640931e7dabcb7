"""Every page works on an intranet without internet: with every request outside the app's
own host blocked, no page asks for anything outside it (the page icon included)."""

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.browser

PAGES = ["tong-quan", "chu-de", "don-vi", "kinh-phi", "tien-do", "tra-cuu", "kham-pha"]


def test_no_page_reaches_outside_the_app(page, app_url):
    outside: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith(app_url):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    for path in PAGES:
        page.goto(f"{app_url}/{path}")
        wait_for_app(page)
        page.wait_for_timeout(500)  # late requests (favicon, fonts) after the script ran
    assert outside == []
    icon = page.evaluate("document.querySelector('link[rel~=icon]').href")
    assert icon.startswith(app_url)
