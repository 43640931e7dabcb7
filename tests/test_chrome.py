"""Streamlit's own words (ttdn/ui/chrome.py) and the page's base path (ttdn/web.py)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import streamlit

from ttdn.i18n import catalog, t
from ttdn.ui import chrome
from ttdn.web import BackendBaseUrl, inject

BUNDLE = Path(streamlit.__file__).parent / "static" / "static" / "js"


def test_every_word_is_streamlits_own():
    """The English side of each chrome.* row is a string of the installed Streamlit's
    frontend: an upgrade that rewords one fails here instead of showing English again."""
    text = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in BUNDLE.glob("*.js"))
    words = chrome.words("vi")
    assert len(words) >= 15
    # the dialog body is built from two pieces: "...does not seem to exist" + ". Running..."
    missing = [
        en
        for en in words
        if en not in text and not en.startswith("The page that you have requested")
    ]
    assert missing == []
    assert "The page that you have requested does not seem to exist" in text
    assert ". Running the app's main page." in text


def test_words_go_both_ways():
    vi = chrome.words("vi")
    assert vi["Sort ascending"] == catalog()["chrome.column.sort_asc"]["vi"]
    assert chrome.words("en")[vi["Search"]] == "Search"


def test_script_cannot_be_closed_by_catalog_text(monkeypatch):
    monkeypatch.setattr(chrome, "words", lambda language: {"Stop": "</script><b>x"})
    text = chrome.script("vi")
    assert text.count("</script>") == 1  # only the script's own end
    assert "<\\/script><b>x" in text


INDEX = b'<html><head><script type="module" src="./static/js/index.js"></script></head></html>'


def test_the_base_path_is_set_before_streamlits_scripts():
    page = inject(INDEX, "")
    assert page.startswith(
        b"<html><head><script>window.__streamlit=Object.assign({},window.__streamlit,"
        b'{BACKEND_BASE_URL:window.location.origin+""});</script><script type="module"'
    )
    assert b'origin+"/ttdn"' in inject(INDEX, "/ttdn")
    assert inject(page, "") == page  # once only
    assert inject(b"{}", "") == b"{}"


def serve(path: str, body: bytes, kind: bytes = b"text/html; charset=utf-8"):
    """Run the middleware over a one-response app; what it sent and what the app saw."""
    seen, sent = {}, []

    async def app(scope, receive, send):
        seen["headers"] = dict(scope["headers"])
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "headers": [(b"accept-encoding", b"gzip"), (b"host", b"x")],
    }
    # in a thread of its own: an earlier test (a browser test's sync Playwright) may have left
    # an event loop running in this one, where asyncio.run() refuses to start
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, BackendBaseUrl(app)(scope, None, send)).result()
    return seen, sent


def test_middleware_edits_pages_only():
    seen, sent = serve("/chu-de", INDEX)
    assert b"accept-encoding" not in seen["headers"]  # asked uncompressed, to edit it
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert b"BACKEND_BASE_URL" in body
    length = dict(sent[0]["headers"])[b"content-length"]
    assert int(length) == len(body)
    seen, sent = serve("/static/js/index.js", b"console.log(1)", b"text/javascript")
    assert b"accept-encoding" in seen["headers"]
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b"console.log(1)"


def test_every_pattern_is_built_by_streamlit():
    """The chrome_pattern.* rows: their English, the {placeholders} left out, is how the
    installed Streamlit builds the text (` per file`, ` files are not allowed.`)."""
    import re

    text = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in BUNDLE.glob("*.js"))
    rows = {k: v for k, v in catalog().items() if k.startswith(chrome.PATTERN_PREFIX)}
    assert len(rows) >= 3
    for row in rows.values():
        for piece in re.split(r"\{\w+\}", row["en"]):
            assert piece in text, piece
    found = dict(chrome.patterns("vi"))
    limit = next(s for s in found if "per" in s)
    assert re.sub(limit, found[limit].replace("$1", r"\1"), "50MB per file") == (
        "Tối đa 50MB mỗi tệp"
    )
    assert chrome.patterns("en") == []


def test_one_script_carries_words_and_patterns():
    """The fixed words and the patterns travel in the one script of every page (the Data
    page's uploader is no longer the only place a pattern is rewritten): an ⓘ button's
    aria-label "Help for <label>" becomes Vietnamese."""
    import json
    import re

    text = chrome.script("vi")
    config = json.loads(text[text.index("const config = ") + 15 : text.index(";\n")])
    assert config["words"]["Search"] == t("chrome.table.search")
    found = dict(config["patterns"])
    help_for = next(s for s in found if re.match(s, "Help for Năm"))
    spoken = re.sub(help_for, found[help_for].replace("$1", r"\1"), "Help for Năm")
    assert spoken == t("chrome_pattern.help_for", label="Năm")
    english = chrome.script("en")
    assert json.loads(english[english.index("const config = ") + 15 :].split(";\n")[0]) == {
        "lang": "en",
        "words": chrome.words("en"),
        "patterns": [],
    }
