"""Vietnamese text helpers: NFC normalization, folding for search, splitting."""

from __future__ import annotations

import re
import unicodedata

# Look-alike letters found in real documents: Icelandic eth (U+00D0/U+00F0)
# is typed for Vietnamese Đ/đ (U+0110/U+0111); they must compare equal.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_SPACES = re.compile(r"\s+")
_HSPACES = re.compile(r"[^\S\n\r]+")
_ODD_SPACES = "\t\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_MULTI_SEP = re.compile(r"\s*(?:;|\r\n|\n|\r)\s*")


_NEEDS_SPACE_FIX = re.compile("  |[" + re.escape(_ODD_SPACES) + "]")
# Never meaningful in plan text, and dangerous when shown: C0/C1 control characters (NUL
# included; tab and line breaks are kept), bidirectional embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069), direction marks, and U+FFFE/U+FFFF.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
_UNSAFE_NAMES = {0: "NUL", 0x7F: "DEL"}


def _needs_space_fix(text: str) -> bool:
    return _NEEDS_SPACE_FIX.search(text) is not None


def strip_unsafe(value: str) -> tuple[str, str]:
    """Remove control characters, NUL and bidi overrides. Returns the text and a short
    list of what was removed ('' when nothing was)."""
    if _UNSAFE.search(value) is None:
        return value, ""
    found = sorted({ord(ch) for ch in _UNSAFE.findall(value)})
    names = ", ".join(_UNSAFE_NAMES.get(code, f"U+{code:04X}") for code in found[:6])
    return _UNSAFE.sub("", value), names


def nfc(value: str) -> str:
    """Normalize text to NFC, fold look-alike letters, trim and collapse inner spaces
    (line breaks inside a cell are kept)."""
    text = value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
    if "\u00d0" in text or "\u00f0" in text:
        text = text.translate(_LOOKALIKES)
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _needs_space_fix(text):
        text = _HSPACES.sub(" ", text)
    if "\n" in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
    return text.strip()


def _fold_table() -> dict[int, str]:
    """Every Latin letter with diacritics → its base letter, lower-cased; đ → d."""
    table: dict[int, str] = {}
    for code in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", ch.lower()) if not unicodedata.combining(c)
        )
        if base != ch:
            table[code] = base
    table[ord("đ")] = table[ord("Đ")] = table[0x00D0] = table[0x00F0] = "d"
    return table


_FOLD = _fold_table()
_COMBINING = re.compile(r"[\u0300-\u036f]+")


def fold(value: str) -> str:
    """Lower-case, strip diacritics and fold đ→d: 'Đắk Lắk' → 'dak lak'."""
    text = str(value).lower().translate(_FOLD)
    if not text.isascii():
        text = _COMBINING.sub("", text)
    if _needs_space_fix(text) or "\n" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def fold_key(value: str) -> str:
    """Fold and drop everything but letters and digits: for matching headers and names."""
    return re.sub(r"[^a-z0-9]+", "", fold(value))


def fold_words(value: str) -> str:
    """Fold and turn punctuation into single spaces: for word-boundary matching."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(value)))


def split_multi(value: str | None) -> list[str]:
    """Split a multi-valued cell on ';' or line breaks; drop empty parts."""
    if value is None:
        return []
    return [part.strip() for part in _MULTI_SEP.split(str(value)) if part.strip()]


_VI_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VI_ORDER = {ch: i for i, ch in enumerate(_VI_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def vi_sort_key(value: str) -> tuple:
    """Sort key in Vietnamese alphabetical order: a < ă < â < b ... d < đ, then tones."""
    letters, tones = [], []
    for ch in str(value).lower():
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        marks = decomposed[1:]
        if base == "d" and ch == "đ":
            base = "đ"
        if "\u0306" in marks:
            base = {"a": "ă"}.get(base, base)
        if "\u0302" in marks:
            base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
        if "\u031b" in marks:
            base = {"o": "ơ", "u": "ư"}.get(base, base)
        letters.append(_VI_ORDER.get(base, 100 + ord(base)))
        tones.append(next((_TONES[m] for m in marks if m in _TONES), 0))
    return (tuple(letters), tuple(tones))


# A document kept under a stored, hashed name ("000_2b9b40e15bd0732e.txt"): the name says
# nothing to a reader, so the plan's own identity is shown instead.
_STORED_NAME = re.compile(r"^\d+_[0-9a-f]{12,}\.\w+$")


def is_stored_name(value) -> bool:
    return isinstance(value, str) and bool(_STORED_NAME.match(value.strip()))


def document_label(source, number=None, title=None) -> str:
    """The document a plan came from as a reader knows it: its original file name or
    address when the source names one, else the plan's number and title."""
    if isinstance(source, str) and source.strip() and not is_stored_name(source):
        return source.strip()
    parts = [p.strip() for p in (number, title) if isinstance(p, str) and p.strip()]
    return " — ".join(parts)
