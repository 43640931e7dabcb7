"""Vietnamese text helpers: NFC normalization, folding for search, splitting."""

from __future__ import annotations

import re
import unicodedata

# Look-alike letters found in real documents: Icelandic eth (U+00D0/U+00F0)
# is typed for Vietnamese Đ/đ (U+0110/U+0111); they must compare equal.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_SPACES = re.compile(r"\s+")
_MULTI_SEP = re.compile(r"\s*(?:;|\r\n|\n|\r)\s*")


def nfc(value: str) -> str:
    """Normalize text to NFC, fold look-alike letters, trim and collapse inner spaces."""
    text = unicodedata.normalize("NFC", value).translate(_LOOKALIKES)
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines).strip()


def fold(value: str) -> str:
    """Lower-case, strip diacritics and fold đ→d: 'Đắk Lắk' → 'dak lak'."""
    text = unicodedata.normalize("NFD", str(value).translate(_LOOKALIKES).lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d")
    return _SPACES.sub(" ", text).strip()


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
