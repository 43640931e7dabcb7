"""The HTTP side of serving the app (asgi.py): what Streamlit's server cannot be told by an
option.

Streamlit's page (index.html) does not know the app's base path, so on a page's own URL
(/chu-de) the browser first asks /chu-de/_stcore/health and /chu-de/_stcore/host-config —
two 404s on every page but the home page — before it finds /_stcore/health. The frontend
reads the base from ``window.__streamlit.BACKEND_BASE_URL`` when a host sets it (the
embedding hook of Streamlit 1.67's frontend); this middleware sets it in every HTML page it
serves: the origin plus ``server.baseUrlPath``. Nothing else of the page changes.

It also sends a mistyped page address where the reader meant to go, instead of a blank page
or Streamlit's "page not found" (a redirect, the query string kept; see `page_target`):
/trang-chu (the home page's own name; Streamlit serves it only at /), /Chu-De and /CHU-DE
(page names are lower case), /chu-de/extra (a nested path loads no script at all: the page's
relative ./static/... resolve under /chu-de/ and come back as HTML), and a path that is not
valid UTF-8 (/%E0%A4%A leaves the page blank).
"""

from __future__ import annotations

import json
from urllib.parse import quote, unquote_to_bytes

MARK = b"<head>"
HOME = "trang-chu"  # app.py's default page: its url_path, served at "/"


def base_path() -> str:
    """'/' + server.baseUrlPath ('' when the app is served at the root)."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def base_script(base: str) -> bytes:
    value = json.dumps(base)
    return (
        "<script>window.__streamlit=Object.assign({},window.__streamlit,"
        f"{{BACKEND_BASE_URL:window.location.origin+{value}}});</script>"
    ).encode()


def inject(html: bytes, base: str) -> bytes:
    """The page with the base set before Streamlit's own scripts run (unchanged without a
    <head>, or when a host already set one)."""
    if MARK not in html or b"BACKEND_BASE_URL" in html:
        return html
    return html.replace(MARK, MARK + base_script(base), 1)


def _is_page(path: str) -> bool:
    """A request for a page (index.html is served for it), not for a file or an API."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return "/_stcore/" not in path and "/static/" not in path and "." not in last


def page_target(raw_path: bytes | str, base: str = "") -> str | None:
    """Where a request for a page should go instead ('/chu-de', '/' ...), or None when its
    path is already a page's own. `raw_path` as sent (percent-encoded), `base` as base_path()."""
    raw = raw_path.encode("latin-1") if isinstance(raw_path, str) else raw_path
    try:
        path = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return base + "/"
    rest = path[len(base) :] if base and path.startswith(base) else path
    segments = [s for s in rest.split("/") if s]
    name = segments[0].lower() if segments else ""
    if name == HOME:
        name = ""
    wanted = f"{base}/{name}"
    current = f"{base}/{'/'.join(segments)}"
    return None if wanted == current else wanted


class BackendBaseUrl:
    """ASGI middleware: the base path in every HTML page (see the module docstring)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or not _is_page(scope.get("path", ""))
        ):
            await self.app(scope, receive, send)
            return
        # the page is a few kB: ask for it uncompressed, to edit it
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        start: dict | None = None
        body: list[bytes] = []
        moved = False

        async def wrapped(message) -> None:
            nonlocal start, moved
            if moved:  # the page's body after a redirect: not sent
                return
            if message["type"] == "http.response.start":
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                if not kind.startswith(b"text/html"):
                    await send(message)
                    return
                # Streamlit answers any unknown path with its page: a page, or a mistyped one
                target = page_target(scope.get("raw_path") or scope["path"], base_path())
                if target is not None:
                    moved = True
                    query = scope.get("query_string") or b""
                    location = quote(target).encode() + (b"?" + query if query else b"")
                    headers = [(b"location", location), (b"content-length", b"0")]
                    await send({"type": "http.response.start", "status": 302, "headers": headers})
                    await send({"type": "http.response.body", "body": b""})
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = inject(b"".join(body), base_path())
            fixed = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            fixed.append((b"content-length", str(len(page)).encode()))
            await send({**start, "headers": fixed})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, wrapped)
