"""A mistyped page address goes where the reader meant (ttdn/web.py page_target): found in
a browser, where /trang-chu showed "page not found", /CHU-DE too, and /chu-de/extra and
/%E0%A4%A a blank page."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from ttdn.screenshots import app_pages
from ttdn.web import HOME, BackendBaseUrl, page_target


def test_home_is_the_default_page_of_app_py():
    (default,) = [path for _file, path, is_default, _hidden in app_pages() if is_default]
    assert HOME == default


@pytest.mark.parametrize(
    ("raw", "base", "target"),
    [
        (b"/", "", None),
        (b"/chu-de", "", None),
        (b"/chu-de/", "", None),
        (b"/tong-quan", "", None),
        (b"/khong-co", "", None),  # unknown: Streamlit's (translated) notice, then home
        (b"/trang-chu", "", "/"),
        (b"/TRANG-CHU", "", "/"),
        (b"/Chu-De", "", "/chu-de"),
        (b"/chu-de/extra", "", "/chu-de"),
        (b"/trang-chu/extra/more", "", "/"),
        (b"/%E0%A4%A", "", "/"),  # not UTF-8
        (b"/ttdn/Chu-De", "/ttdn", "/ttdn/chu-de"),
        (b"/ttdn/chu-de", "/ttdn", None),
        (b"/ttdn/trang-chu", "/ttdn", "/ttdn/"),
    ],
)
def test_page_target(raw, base, target):
    assert page_target(raw, base) == target


def serve(path: bytes, query: bytes = b""):
    """The middleware over an app that answers every path with its HTML page."""
    sent = []

    async def app(scope, receive, send):
        body = b"<html><head></head><body>app</body></html>"
        headers = [(b"content-type", b"text/html"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path.decode("latin-1"),
        "raw_path": path,
        "query_string": query,
        "headers": [(b"host", b"x")],
    }
    with ThreadPoolExecutor(1) as pool:  # see tests/test_chrome.py: an event loop may run here
        pool.submit(asyncio.run, BackendBaseUrl(app)(scope, None, send)).result()
    return sent


def test_a_mistyped_page_is_redirected_with_its_query():
    sent = serve(b"/Chu-De/extra", b"nam=2020&lang=en")
    assert sent[0]["status"] == 302
    assert dict(sent[0]["headers"])[b"location"] == b"/chu-de?nam=2020&lang=en"
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b""


def test_a_page_is_served_as_before():
    sent = serve(b"/chu-de", b"lang=en")
    assert sent[0]["status"] == 200
    assert b"app" in b"".join(m.get("body", b"") for m in sent[1:])
