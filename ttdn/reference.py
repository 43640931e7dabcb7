"""Reference vocabularies (data/reference/*.csv) and the matching built on them.

Keyword matching (themes, budget sources) works on whole words, ignoring case and punctuation.
A word written with diacritics must match them (tone-mark placement aside: "hoá" = "hóa"), so
"biển" does not fire on "biên" nor "đảo" on "lãnh đạo"; a word written without any diacritic
matches whatever it folds to ("bien" matches "biển" and "biên"). Unaccented text is therefore
matched less precisely than accented text. A misspelt accent ("Biên Đông") is not matched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from ttdn import REFERENCE_DIR
from ttdn.text import fold, fold_key, fold_words, nfc, split_multi

FUZZY_CUTOFF = 92
FUZZY_MIN_LENGTH = 8
UNKNOWN_UNIT = "Không rõ đơn vị"
CENTRAL = "Trung ương"
NO_SOURCE = "khong_neu"
OTHER_SOURCE = "khac"
_PROVINCE_PREFIXES = ("ubnd ", "uy ban nhan dan ", "tinh ", "thanh pho ", "tp ")
_LOCAL_SUFFIXES = (" tinh", " thanh pho", " tp")
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "3", "\u0309": "4", "\u0323": "5"}
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class UnitMatch:
    unit_canonical: str
    unit_type: str
    matched_by: str  # 'alias', 'fuzzy', 'rule' or 'none'


@lru_cache(maxsize=200_000)
def _syllable(word: str) -> str:
    """A lower-case word with its tone mark moved to a trailing digit: 'hoá', 'hóa' → 'hoa1'."""
    tone, kept = "", []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def _tokens(text: str) -> str:
    """Text as space-separated syllable keys, for whole-word keyword search."""
    return " ".join(_syllable(word) for word in _WORD.findall(nfc(text).lower()))


def _keyword_pattern(keywords: list[str]) -> re.Pattern[str] | None:
    """One regex for a list of keywords; an unaccented text word matches by its folded form."""
    phrases = []
    for keyword in keywords:
        parts = []
        for word in _WORD.findall(nfc(keyword).lower()):
            forms = dict.fromkeys([_syllable(word), fold(word)])
            parts.append("(?:" + "|".join(re.escape(form) for form in forms) + ")")
        if parts:
            phrases.append(" ".join(parts))
    if not phrases:
        return None
    return re.compile(r"(?<!\S)(?:" + "|".join(phrases) + r")(?!\S)")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or not str(value).strip()


def _index(pairs: list[tuple[str, str]], what: str) -> dict[str, str]:
    """fold_key(name) → target; a key claimed by two different targets is an error."""
    index: dict[str, str] = {}
    for name, target in pairs:
        key = fold_key(name)
        if not key:
            continue
        if index.get(key, target) != target:
            raise ValueError(f"{what}: '{name}' matches both '{index[key]}' and '{target}'")
        index[key] = target
    return index


def _read(directory: Path, name: str) -> pd.DataFrame:
    frame = pd.read_csv(directory / name, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.map(nfc).astype(object)


def _none(value: str) -> str | None:
    return value or None


@dataclass(frozen=True, eq=False)
class Reference:
    """The reference tables as DataFrames (shaped like the DuckDB tables) plus matchers."""

    themes: pd.DataFrame
    budget_codes: pd.DataFrame
    provinces: pd.DataFrame
    units: pd.DataFrame
    unit_aliases: pd.DataFrame
    codes: pd.DataFrame
    budget_keywords: pd.DataFrame = field(repr=False)
    province_aliases: pd.DataFrame = field(repr=False)
    unit_type_rules: pd.DataFrame = field(repr=False)

    def __post_init__(self) -> None:
        put = object.__setattr__
        theme_names = [
            (value, row.theme_code)
            for row in self.themes.itertuples()
            for value in (row.theme_code, row.name_vi, row.name_en)
        ]
        put(self, "_theme_by_key", _index(theme_names, "themes"))
        put(
            self,
            "_theme_patterns",
            [
                (row.theme_code, _keyword_pattern(split_multi(row.keywords)))
                for row in self.themes.itertuples()
            ],
        )
        budget_names = [
            (value, row.budget_code)
            for row in self.budget_keywords.itertuples()
            for value in (row.budget_code, row.name_vi, row.name_en)
        ]
        put(self, "_budget_by_key", _index(budget_names, "budget_codes"))
        put(
            self,
            "_budget_patterns",
            [
                (row.budget_code, _keyword_pattern(split_multi(row.keywords)))
                for row in self.budget_keywords.itertuples()
            ],
        )
        province_2025 = dict(zip(self.provinces.province, self.provinces.province_2025, strict=True))
        put(self, "_province_2025", province_2025)
        province_names = [(p, p) for p in province_2025] + [
            (alias, row.province)
            for row in self.province_aliases.itertuples()
            for alias in split_multi(row.aliases)
        ]
        put(self, "_province_by_key", _index(province_names, "provinces"))
        forms = {fold_words(name) for name, target in province_names if target != CENTRAL}
        put(self, "_province_forms", sorted(forms, key=len, reverse=True))
        pairs = list(zip(self.unit_aliases.alias, self.unit_aliases.unit_canonical, strict=True))
        put(self, "_unit_by_key", _index(pairs, "units"))
        put(self, "_unit_type", dict(zip(self.units.unit_canonical, self.units.unit_type, strict=True)))
        put(self, "_alias_words", [fold_words(alias) for alias, _ in pairs])
        put(self, "_alias_targets", [canonical for _, canonical in pairs])
        rules = [(fold_words(p) + " ", t) for p, t in self.unit_type_rules.itertuples(index=False)]
        put(self, "_unit_rules", rules)
        codes: dict[str, dict[str, str]] = {}
        for row in self.codes.itertuples():
            names = [row.code, row.label_vi, row.label_en, *split_multi(row.aliases)]
            table = codes.setdefault(row.field, {})
            table.update(_index([(name, row.code) for name in names], f"codes.{row.field}"))
        put(self, "_codes", codes)
        put(self, "_unit_cache", lru_cache(maxsize=100_000)(self._match_unit))
        put(self, "_province_cache", lru_cache(maxsize=10_000)(self._match_province))

    # themes ------------------------------------------------------------------------------

    def theme_code(self, value: str) -> str | None:
        """A theme written as its code, Vietnamese or English name → its code."""
        return None if _blank(value) else self._theme_by_key.get(fold_key(value))

    def classify_themes(self, text: str) -> list[str]:
        """Codes of the themes whose keywords occur in text, in themes.csv order."""
        if _blank(text):
            return []
        tokens = _tokens(text)
        return [code for code, regex in self._theme_patterns if regex and regex.search(tokens)]

    # budget sources ----------------------------------------------------------------------

    def budget_code(self, text: str) -> str:
        """Budget code for a source as written: a code, a code's name, or keyword wording.

        Codes are tried in budget_codes.csv order; the first whose keyword occurs wins.
        Empty → 'khong_neu'; a source that is not recognized → 'khac'.
        """
        if _blank(text):
            return NO_SOURCE
        direct = self._budget_by_key.get(fold_key(text))
        if direct:
            return direct
        tokens = _tokens(text)
        for code, regex in self._budget_patterns:
            if regex and regex.search(tokens):
                return code
        return OTHER_SOURCE

    @staticmethod
    def is_conditional(text: str) -> bool:
        """True when the wording says 'nếu có' (if any)."""
        return not _blank(text) and re.search(r"(?<!\S)neu co(?!\S)", fold_words(text)) is not None

    # units -------------------------------------------------------------------------------

    def match_unit(self, name: str) -> UnitMatch:
        """Canonical unit for a name as written: alias, then fuzzy, then type rules (cached)."""
        return self._unit_cache(name)

    def _match_unit(self, name: str) -> UnitMatch:
        text = "" if _blank(name) else nfc(str(name)).strip(" .,;:-–")
        key = fold_key(text)
        if not key:
            return UnitMatch(UNKNOWN_UNIT, self._unit_type[UNKNOWN_UNIT], "none")
        words = fold_words(text)
        for candidate in (key, *self._without_province(words)):
            canonical = self._unit_by_key.get(candidate)
            if canonical:
                return UnitMatch(canonical, self._unit_type[canonical], "alias")
        if len(text) >= FUZZY_MIN_LENGTH:
            best = process.extractOne(
                words, self._alias_words, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF
            )
            if best is not None:
                canonical = self._alias_targets[best[2]]
                return UnitMatch(canonical, self._unit_type[canonical], "fuzzy")
        display = text[0].upper() + text[1:]
        for prefix, unit_type in self._unit_rules:
            if (words + " ").startswith(prefix):
                return UnitMatch(display, unit_type, "rule")
        return UnitMatch(display, "khác", "none")

    def _without_province(self, words: str) -> list[str]:
        """Keys with a trailing province name generalized: 'cong an tinh ha tinh' → 'congantinh'."""
        bases = []
        for form in self._province_forms:
            if words.endswith(" " + form):
                bases.append(words[: -len(form) - 1])
                break
        bases.append(words)
        keys = []
        for base in bases:
            for suffix in _LOCAL_SUFFIXES:
                if base.endswith(suffix):
                    base = base[: -len(suffix)]
                    break
            keys += [base.replace(" ", "") + "tinh", base.replace(" ", "")]
        return keys

    # provinces ---------------------------------------------------------------------------

    def match_province(self, name: str) -> tuple[str | None, str | None]:
        """(canonical province, province after 2025) for a name or alias; (None, None) if unknown."""
        return self._province_cache(name)

    def _match_province(self, name: str) -> tuple[str | None, str | None]:
        if _blank(name):
            return None, None
        words = fold_words(name)
        while True:
            province = self._province_by_key.get(words.replace(" ", ""))
            if province:
                return province, self._province_2025[province]
            stripped = next((words[len(p) :] for p in _PROVINCE_PREFIXES if words.startswith(p)), "")
            if not stripped:
                return None, None
            words = stripped

    # coded columns -----------------------------------------------------------------------

    def code(self, field: str, value: str) -> str | None:
        """The stored code of a coded column value (code, label or alias, folded)."""
        if _blank(value):
            return None
        return self._codes.get(field, {}).get(fold_key(value))

    def code_values(self, field: str) -> list[str]:
        """The codes of one field, in codes.csv order."""
        return self.codes.loc[self.codes.field == field, "code"].tolist()


def load_reference(directory: Path = REFERENCE_DIR) -> Reference:
    """Read data/reference/*.csv into a Reference."""
    directory = Path(directory)
    themes = _read(directory, "themes.csv")
    budgets = _read(directory, "budget_codes.csv")
    provinces = _read(directory, "provinces.csv")
    units = _read(directory, "units.csv")
    aliases = pd.DataFrame(
        [
            (alias, row.unit_canonical)
            for row in units.itertuples()
            for alias in dict.fromkeys([row.unit_canonical, *split_multi(row.aliases)])
        ],
        columns=["alias", "unit_canonical"],
        dtype=object,
    )
    units_table = pd.DataFrame(
        {
            "unit_canonical": units.unit_canonical,
            "unit_type": units.unit_type,
            "successor": units.successor.map(_none),
            "successor_from": units.successor_from.map(
                lambda v: date.fromisoformat(v) if v else None
            ),
        },
        dtype=object,
    )
    provinces_table = provinces[["province", "province_2025", "kind", "region"]].copy()
    provinces_table["region"] = provinces_table.region.map(_none)
    return Reference(
        themes=themes[["theme_code", "name_vi", "name_en", "keywords"]],
        budget_codes=budgets[["budget_code", "name_vi", "name_en"]],
        provinces=provinces_table,
        units=units_table,
        unit_aliases=aliases,
        codes=_read(directory, "codes.csv"),
        budget_keywords=budgets,
        province_aliases=provinces[["province", "aliases"]],
        unit_type_rules=_read(directory, "unit_type_rules.csv"),
    )
