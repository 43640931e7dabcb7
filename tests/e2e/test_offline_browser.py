"""Every page works on an intranet without internet: with every request outside the app's
own host blocked, no page asks for anything outside it (the page icon included), and no
request fails — in particular no 404 from the browser probing /<page>/_stcore/health and
/<page>/_stcore/host-config before it finds the app (asgi.py, ttdn/web.py)."""

import re

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "tong-quan",
    "chu-de",
    "don-vi",
    "kinh-phi",
    "tien-do",
    "so-sanh",
    "xep-hang",
    "doi-chieu",
    "tra-cuu",
    "kham-pha",
    "du-lieu",
]


def test_every_url_path_of_app_py_is_visited():
    from ttdn import ROOT

    declared = re.findall(r'url_path="([^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))
    assert set(declared) - {"trang-chu"} <= set(PAGES)  # trang-chu: the default page's name


def test_no_page_reaches_outside_the_app_and_no_request_fails(page, app_url):
    outside: list[str] = []
    failed: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith(app_url):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def request_failed(request):
        # a request cut short by the next page.goto is not a failure of the app
        if request.url.startswith(app_url) and "ERR_ABORTED" not in (request.failure or ""):
            failed.append(f"{request.failure} {request.url}")

    page.on("requestfailed", request_failed)
    for path in PAGES:
        page.goto(f"{app_url}/{path}")
        wait_for_app(page)
        page.wait_for_timeout(500)  # late requests (favicon, fonts) after the script ran
    assert outside == []
    assert failed == []
    icon = page.evaluate("document.querySelector('link[rel~=icon]').href")
    assert icon.startswith(app_url)
