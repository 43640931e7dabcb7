"""The one string catalog (ttdn/strings.csv: key, vi, en) and Vietnamese /
English formatting of numbers and dates."""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

CATALOG = Path(__file__).with_name("strings.csv")
LANGS = ("vi", "en")
_MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    with CATALOG.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    entries: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["key"] in entries:
            raise ValueError(f"duplicate key in strings.csv: {row['key']}")
        entries[row["key"]] = {"vi": row["vi"], "en": row["en"]}
    return entries


# English nouns that follow a count in the catalog, and their singular: "{n} plans" reads
# "1 plan" when n is 1 (Vietnamese nouns do not change with the count).
_SINGULAR_EN = {
    "activities": "activity",
    "characters": "character",
    "choices": "choice",
    "days": "day",
    "duties": "duty",
    "errors": "error",
    "notes": "note",
    "plans": "plan",
    "provinces": "province",
    "results": "result",
    "rows": "row",
    "seconds": "second",
    "units": "unit",
    "warnings": "warning",
    "words": "word",
}
_VERB_SINGULAR_EN = {"have": "has", "are": "is", "were": "was"}
_COUNT_NOUN_EN = re.compile(
    r"\{(\w+)([^}]*)\}(\*\*)? ((?:budget|more|dated|recurring|busiest) )?("
    + "|".join(_SINGULAR_EN)
    + r")\b( (?:have|are|were)\b)?"
)


def _singular_en(text: str, values: dict) -> str:
    """Rewrite "{n} plans" in an English template to "{n} plan" where n is 1."""

    def one(match: re.Match) -> str:
        name, spec, bold, between, noun, verb = match.groups()
        if str(values.get(name, "")).strip() not in ("1", "1.0"):
            return match.group(0)
        verb_text = f" {_VERB_SINGULAR_EN[verb.strip()]}" if verb else ""
        return f"{{{name}{spec}}}{bold or ''} {between or ''}{_SINGULAR_EN[noun]}{verb_text}"

    return _COUNT_NOUN_EN.sub(one, text)


def t(key: str, lang: str = "vi", **values) -> str:
    """The text for key in lang; a missing key raises (tests catch it). In English a
    count of 1 takes the singular noun ("1 plan", not "1 plans")."""
    language = lang if lang in LANGS else "vi"
    text = catalog()[key][language]
    if values and language == "en":
        text = _singular_en(text, values)
    return text.format(**values) if values else text


def fmt_int(value, lang: str = "vi") -> str:
    if value is None:
        return "–"
    text = f"{int(round(value)):,}"
    return text.replace(",", ".") if lang == "vi" else text


def fmt_number(value, lang: str = "vi", decimals: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_date(value, lang: str = "vi") -> str:
    if value is None or value != value:  # None or NaT/NaN
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime().date()
    if lang == "vi":
        return value.strftime("%d/%m/%Y")
    return f"{value.day:02d} {_MONTHS_EN[value.month - 1]} {value.year}"
