"""Showing text that comes from the data (or from a URL) inside Streamlit's markdown
elements (st.caption, st.info, st.warning, st.markdown): escaped, so that it is shown
as written and never becomes a link, an image, emphasis or HTML."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def md(text) -> str:
    """Text for a markdown element, shown literally. Every markdown punctuation mark is
    backslash-escaped, ':' included, so that 'https://x.y' is not auto-linked and
    ':material/…:' is not an icon."""
    return _MARKDOWN.sub(r"\\\1", "" if text is None else str(text))
