"""Streamlit's own words on the page (its "chrome"), in the page's language.

Streamlit 1.67 draws a few English words of its own that no option translates: the table
toolbar's tooltips (Search, Fullscreen, Show/hide columns), a table column's menu (Sort
ascending, Pin column, ...), the chart toolbar's Fullscreen, the "Page not found" dialog,
"Running...", "No results". Each is a row `chrome.*` of ttdn/strings.csv whose English
text is Streamlit's word for word (tests/test_chrome.py checks it against the installed
Streamlit's bundle, so an upgrade that rewords one fails a test instead of turning it
English again). Words with a name or a figure inside are rows `chrome_pattern.*` (an ⓘ
button's aria-label "Help for <its label>", the uploader's "50MB per file"). In Vietnamese
one small script, installed once per browser tab, swaps both kinds in as they appear (text,
tooltips, aria-label and title; never inside a chart's SVG); in English it swaps the fixed
words back.

What a reader does not need is hidden instead: the table's "Download as CSV" (every table
has our own CSV/Excel buttons, with translated headers) and, in Vietnamese, the column
menu's Format and Statistics submenus (their items are Streamlit's English only).
The ⋮ main menu (theme, print, record screen, "Made with Streamlit") is gone altogether:
`client.toolbarMode = "minimal"` in .streamlit/config.toml.
"""

from __future__ import annotations

import functools
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
    # the chart toolbar's Fullscreen button is Streamlit's own, with an English tooltip that
    # Plotly's locale cannot reach; a reader keeps zoom, reset and the PNG download
    ".modebar-btn[data-title='Fullscreen']{display:none}"
)

# One mechanism for every word: fixed words (a Map: a text node "constructor" is not a word)
# and patterns with a figure or a name inside ("50MB per file", aria-label "Help for Năm").
# It swaps text nodes and the aria-label / title attributes as Streamlit draws them, and
# leaves Plotly's drawing alone (an SVG never holds Streamlit's words; a chart adds hundreds
# of SVG nodes, each one a mutation). Installed once per tab: a rerun in the same language
# does nothing, a language switch swaps the tables and rewrites the page once.
SCRIPT = """
<script>
(() => {
  const config = %s;
  const words = new Map(Object.entries(config.words));
  const patterns = config.patterns.map(([source, to]) => [new RegExp(source), to]);
  const state = window.__ttdnChrome;
  if (state) {
    if (state.lang !== config.lang) {
      Object.assign(state, {lang: config.lang, words, patterns});
      state.scan(document.body);
    }
    return;
  }
  const self = {lang: config.lang, words, patterns};
  const NAMES = ['aria-label', 'title'];
  const turn = (value) => {
    const key = value.trim();
    if (!key) return null;
    const word = self.words.get(key);
    if (word !== undefined) return value.replace(key, word);
    if (key.length > 300) return null;
    for (const [pattern, to] of self.patterns) {
      if (pattern.test(key)) return key.replace(pattern, to);
    }
    return null;
  };
  const text = (node) => {
    const to = turn(node.nodeValue);
    if (to !== null && to !== node.nodeValue) node.nodeValue = to;
  };
  const attributes = (element) => {
    for (const name of NAMES) {
      const value = element.getAttribute(name);
      const to = value && turn(value);
      if (to && to !== value) element.setAttribute(name, to);
    }
  };
  const scan = (node) => {
    if (node.nodeType === 3) {
      if (!(node.parentNode instanceof SVGElement)) text(node);
      return;
    }
    if (node.nodeType !== 1 || node instanceof SVGElement) return;
    attributes(node);
    if (!node.firstChild) return;
    for (const element of node.querySelectorAll('[aria-label],[title]')) attributes(element);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let item = walker.nextNode(); item; item = walker.nextNode()) {
      if (!(item.parentNode instanceof SVGElement)) text(item);
    }
  };
  self.scan = scan;
  window.__ttdnChrome = self;
  new MutationObserver((changes) => {
    for (const change of changes) {
      const target = change.target;
      if (target instanceof SVGElement) continue;  // Plotly's drawing
      if (change.type === 'childList') {
        for (const node of change.addedNodes) scan(node);
      } else if (change.type === 'characterData') {
        if (!(target.parentNode instanceof SVGElement)) text(target);
      } else {
        attributes(target);
      }
    }
  }).observe(document.body, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: NAMES,
  });
  scan(document.body);
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
    """The script of a language: its words and its patterns."""
    config = {
        "lang": language,
        "words": words(language),
        "patterns": patterns(language),
    }
    # json.dumps escapes quotes; "</" is escaped so no catalog text can close the tag
    return SCRIPT % json.dumps(config, ensure_ascii=False).replace("</", "<\\/")


@functools.lru_cache(maxsize=4)
def _html(language: str) -> tuple[str, str]:
    """The style and the script of a language, built once per process (the catalog is read
    once too): they were rebuilt on every rerun of every session."""
    style = HIDDEN + (HIDDEN_VI if language == "vi" else "")
    return f"<style>{style}</style>", script(language)


def translate(language: str, css: str = "") -> None:
    """Call once per run (app.py, in the sidebar so that it takes no room on the page).
    `css`: the app's other style sheets (``<style>...</style>``), sent in the same element:
    each st.html is one more element for the browser to mount before the first chart."""
    style, code = _html(language)
    st.html(style + css)
    st.html(code, unsafe_allow_javascript=True)


# --- Streamlit's words with a figure or a name inside -------------------------------------
# The file uploader writes "50MB per file" (and, for a refused file, "CSV files are not
# allowed."), an ⓘ button is named "Help for <its label>" to a screen reader: no fixed word
# to swap. Each is a row `chrome_pattern.*` of ttdn/strings.csv, English with {placeholders}
# as Streamlit builds it (tests/test_chrome.py checks the pieces against the bundle); the
# script of `translate` rewrites them, in Vietnamese, wherever they appear (text, aria-label,
# title), on every page.
PATTERN_PREFIX = "chrome_pattern."


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
