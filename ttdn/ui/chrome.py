"""Streamlit's own words on the page (its "chrome"), in the page's language.

Streamlit 1.67 draws a few English words of its own that no option translates: the table
toolbar's tooltips (Search, Fullscreen, Show/hide columns), a table column's menu (Sort
ascending, Pin column, ...), the chart toolbar's Fullscreen, the "Page not found" dialog,
"Running...", "No results". Each is a row `chrome.*` of ttdn/strings.csv whose English
text is Streamlit's word for word (tests/test_chrome.py checks it against the installed
Streamlit's bundle, so an upgrade that rewords one fails a test instead of turning it
English again). In Vietnamese a small script swaps those words in as they appear (text,
tooltips, aria-label and title); in English it swaps back.

What a reader does not need is hidden instead: the table's "Download as CSV" (every table
has our own CSV/Excel buttons, with translated headers) and, in Vietnamese, the column
menu's Format and Statistics submenus (their items are Streamlit's English only).
The ⋮ main menu (theme, print, record screen, "Made with Streamlit") is gone altogether:
`client.toolbarMode = "minimal"` in .streamlit/config.toml.
"""

from __future__ import annotations

import json

import streamlit as st

from ttdn.i18n import catalog

PREFIX = "chrome."

HIDDEN = (
    # our own CSV / Excel buttons stand under every table
    "[data-testid='stElementToolbarButton']:has(button[aria-label='Download as CSV']){display:none}"
)
HIDDEN_VI = (
    # the Format and Statistics submenus list Streamlit's English words only
    "[data-testid='stDataFrameColumnMenu'] [aria-haspopup='true']{display:none}"
)

SCRIPT = """
<script>
(() => {
  window.__ttdnWords = %s;
  if (window.__ttdnChrome) { window.__ttdnChrome(document.body); return; }
  const swap = (node) => {
    const words = window.__ttdnWords || {};
    if (node.nodeType === 3) {
      const text = node.nodeValue.trim();
      if (text && words[text]) node.nodeValue = node.nodeValue.replace(text, words[text]);
      return;
    }
    if (node.nodeType !== 1) return;
    const elements = [node, ...node.querySelectorAll('[aria-label],[title]')];
    for (const element of elements) {
      for (const name of ['aria-label', 'title']) {
        const value = element.getAttribute && element.getAttribute(name);
        if (value && words[value]) element.setAttribute(name, words[value]);
      }
    }
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) swap(text);
  };
  window.__ttdnChrome = swap;
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'characterData') swap(change.target);
      else if (change.type === 'attributes') swap(change.target);
      else for (const node of change.addedNodes) swap(node);
    }
  }).observe(document.body, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ['aria-label', 'title'],
  });
  swap(document.body);
})();
</script>
"""


def words(language: str) -> dict[str, str]:
    """Streamlit's word → the word shown: English → Vietnamese in VI, back in EN."""
    pairs = {
        row["en"]: row["vi"]
        for key, row in catalog().items()
        if key.startswith(PREFIX) and row.get("en") and row.get("vi")
    }
    if language == "vi":
        return pairs
    return {vi: en for en, vi in pairs.items()}


def script(language: str) -> str:
    # json.dumps escapes quotes; "</" is escaped so no catalog text can close the tag
    return SCRIPT % json.dumps(words(language), ensure_ascii=False).replace("</", "<\\/")


def translate(language: str) -> None:
    """Call once per run (app.py, in the sidebar so that it takes no room on the page)."""
    style = HIDDEN + (HIDDEN_VI if language == "vi" else "")
    st.html(f"<style>{style}</style>")
    st.html(script(language), unsafe_allow_javascript=True)


# --- Streamlit's words with a figure or a name inside -------------------------------------
# The file uploader writes "50MB per file" (and, for a refused file, "CSV files are not
# allowed."): no fixed word to swap. Each is a row `chrome_pattern.*` of ttdn/strings.csv,
# English with {placeholders} as Streamlit builds it (tests/test_chrome.py checks the pieces
# against the bundle); in Vietnamese a script rewrites those texts inside the uploaders
# only. It runs on the pages that call `patterns_script` (the Data page), not everywhere.
PATTERN_PREFIX = "chrome_pattern."
PATTERN_SCRIPT = """
<script>
(() => {
  window.__ttdnPatterns = %s.map(([source, to]) => [new RegExp(source), to]);
  if (window.__ttdnPatternsOn) { window.__ttdnPatternsOn(); return; }
  const scope = '[data-testid^="stFileUploader"]';
  const rewrite = () => {
    for (const box of document.querySelectorAll(scope)) {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue.trim();
        if (!text) continue;
        for (const [pattern, to] of window.__ttdnPatterns) {
          if (pattern.test(text)) { node.nodeValue = text.replace(pattern, to); break; }
        }
      }
    }
  };
  window.__ttdnPatternsOn = rewrite;
  new MutationObserver(rewrite).observe(document.body,
    {childList: true, subtree: true, characterData: true});
  rewrite();
})();
</script>
"""


def patterns(language: str) -> list[tuple[str, str]]:
    """(regular expression over Streamlit's English text, its Vietnamese) for each
    chrome_pattern.* row; none in English (Streamlit's own words are English)."""
    import re

    if language != "vi":
        return []
    found = []
    for key, row in catalog().items():
        if not key.startswith(PATTERN_PREFIX) or not row.get("en") or not row.get("vi"):
            continue
        names = re.findall(r"\{(\w+)\}", row["en"])
        source = "^" + re.sub(r"\\\{(\w+)\\\}", "(.+?)", re.escape(row["en"])) + "$"
        target = row["vi"]
        for i, name in enumerate(names, start=1):
            target = target.replace("{" + name + "}", f"${i}")
        found.append((source, target))
    return found


def patterns_script(language: str) -> None:
    """Call on a page with a file uploader (once per run, any place: it takes no room)."""
    rows = patterns(language)
    if rows:
        text = json.dumps(rows, ensure_ascii=False).replace("</", "<\\/")
        with st.sidebar:
            st.html(PATTERN_SCRIPT % text, unsafe_allow_javascript=True)
