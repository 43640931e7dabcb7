"""The one string catalog (ttdn/strings.csv: key, vi, en) and Vietnamese /
English formatting of numbers and dates. A count's English noun is written in the text
as a plural block, {n, plural, one {plan} other {plans}} (see plurals)."""

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


# Plural forms are catalog data, written as in ICU MessageFormat inside a text:
#   "{n} {n, plural, one {plan has} other {plans have}} no issue date"
# The block is replaced by the branch for the count's plural category in the language
# (CLDR: English "one" for 1, "other" else; Vietnamese has "other" only), then the text
# is formatted. A new counted noun is a new catalog text, no code.
_BRANCH_BODY = r"[^{}]*(?:\{[^{}]*\}[^{}]*)*"  # a branch may hold {placeholders}
_PLURAL = re.compile(r"\{(\w+), plural,((?:\s*\w+\s*\{" + _BRANCH_BODY + r"\})+)\s*\}")
_BRANCH = re.compile(r"(\w+)\s*\{(" + _BRANCH_BODY + r")\}")


def plural_category(value, lang: str) -> str:
    """The CLDR plural category of a count shown in lang: 'one' or 'other'. Values may
    be numbers or already formatted numbers ("1", "1.234")."""
    if lang == "en" and str(value).strip() in ("1", "1.0"):
        return "one"
    return "other"


def plurals(text: str, lang: str, values: dict) -> str:
    """Replace every {name, plural, one {…} other {…}} block of text by the branch for
    values[name] (the 'other' branch when the category has none)."""
    if ", plural," not in text:
        return text

    def choose(match: re.Match) -> str:
        branches = dict(_BRANCH.findall(match.group(2)))
        if "other" not in branches:
            raise ValueError(f"plural without an 'other' form: {match.group(0)}")
        category = plural_category(values[match.group(1)], lang)
        return branches.get(category, branches["other"])

    return _PLURAL.sub(choose, text)


def t(key: str, lang: str = "vi", **values) -> str:
    """The text for key in lang; a missing key raises (tests catch it). Plural blocks
    take the form for their count ("1 plan", "2 plans"; see plurals)."""
    language = lang if lang in LANGS else "vi"
    text = catalog()[key][language]
    return plurals(text, language, values).format(**values) if values else text


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
