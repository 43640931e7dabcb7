"""Reference vocabularies (data/reference/*.csv) and the matching built on them.

Keyword matching (themes, budget sources) works on whole words, ignoring case and punctuation.
A word written with diacritics must match them (tone-mark placement aside: "hoá" = "hóa"), so
"biển" does not fire on "biên" nor "đảo" on "lãnh đạo"; a word written without any diacritic
matches whatever it folds to ("bien" matches "biển" and "biên"). Unaccented text is therefore
matched less precisely than accented text. A misspelt accent ("Biên Đông") is not matched.

Units are matched on fold_key: an alias of units.csv, also after generalizing a trailing
province ("Công an tỉnh Hà Tĩnh" → "Công an tỉnh", "Báo Hà Tĩnh" → "Báo tỉnh"); then fuzzy
(token-sort ratio >= 92, names of 8+ characters, never across the kinds of unit_type_rules.csv,
so "Sở X" never becomes "Bộ X"); else the name itself, typed by unit_type_rules.csv.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import product
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from ttdn import REFERENCE_DIR
from ttdn.text import fold, fold_key, fold_words, nfc, split_multi
from ttdn.theme_rules import ThemeRules, syllable

FUZZY_CUTOFF = 92
FUZZY_MIN_LENGTH = 8
UNKNOWN_UNIT = "Không rõ đơn vị"
CENTRAL = "Trung ương"
NO_SOURCE = "khong_neu"
OTHER_SOURCE = "khac"
RULES = "theme_rules.csv"
PRESS = "báo chí"  # unit type of newspapers and broadcasters
COLLECTIVE = "nhóm"  # unit type of collective wording ("các sở, ban, ngành")
_PROVINCE_PREFIXES = ("ubnd ", "uy ban nhan dan ", "tinh ", "thanh pho ", "tp ")
_LOCAL_SUFFIXES = (" tinh", " thanh pho", " tp")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class UnitMatch:
    unit_canonical: str
    unit_type: str
    matched_by: str  # 'alias', 'fuzzy', 'rule' or 'none'


# one syllable key for both matchers: 'hoá', 'hóa' → 'hoa1' (ttdn.theme_rules.syllable)
_syllable = syllable


def _tokens(text: str) -> list[str]:
    """Text as a list of syllable keys, for whole-word keyword search."""
    text = unicodedata.normalize("NFC", str(text))
    if "\u00d0" in text or "\u00f0" in text:  # look-alike Đ/đ: let nfc() fold them
        text = nfc(text)
    return [_syllable(word) for word in _WORD.findall(text.lower())]


class _Keywords:
    """Whole-word search for the keywords of ranked labels (themes, budget codes).

    A keyword word matches a text word with the same syllable key, or an unaccented text
    word equal to its folded form.
    """

    def __init__(self, entries: list[tuple[str, list[str]]]) -> None:
        self.labels = [label for label, _ in entries]
        self.single: dict[str, set[int]] = {}  # one-word keywords
        self.pairs: dict[tuple[str, str], list[tuple[int, tuple[frozenset[str], ...]]]] = {}
        for rank, (_, keywords) in enumerate(entries):
            for keyword in keywords:
                words = _WORD.findall(nfc(keyword).lower())
                forms = [frozenset({_syllable(w), fold(w)}) for w in words]
                if len(forms) == 1:
                    for form in forms[0]:
                        self.single.setdefault(form, set()).add(rank)
                elif forms:
                    for pair in product(forms[0], forms[1]):
                        self.pairs.setdefault(pair, []).append((rank, tuple(forms[2:])))

    def ranks(self, text: str) -> set[int]:
        """Ranks of the labels with a keyword in text."""
        tokens = _tokens(text)
        single, pairs = self.single, self.pairs
        found = {rank for token in tokens if token in single for rank in single[token]}
        for i, pair in enumerate(zip(tokens, tokens[1:], strict=False)):
            for rank, rest in pairs.get(pair, ()):
                if rank not in found and len(rest) <= len(tokens) - i - 2:
                    if all(tokens[i + 2 + j] in forms for j, forms in enumerate(rest)):
                        found.add(rank)
        return found


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
    theme_rules: pd.DataFrame = field(repr=False, default=None)

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
            "_theme_rules",
            ThemeRules(
                self.theme_rules if self.theme_rules is not None else _read(REFERENCE_DIR, RULES),
                self.themes.theme_code.tolist(),
                _mask_names(self.units, self.unit_aliases),
            ),
        )
        put(self, "_theme_cache", lru_cache(maxsize=100_000)(self._theme_rules.classify))
        budget_names = [
            (value, row.budget_code)
            for row in self.budget_keywords.itertuples()
            for value in (row.budget_code, row.name_vi, row.name_en)
        ]
        put(self, "_budget_by_key", _index(budget_names, "budget_codes"))
        budget_keywords = [
            (r.budget_code, split_multi(r.keywords)) for r in self.budget_keywords.itertuples()
        ]
        put(self, "_budget_keywords", _Keywords(budget_keywords))
        province_2025 = dict(
            zip(self.provinces.province, self.provinces.province_2025, strict=True)
        )
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
        put(
            self,
            "_unit_type",
            dict(zip(self.units.unit_canonical, self.units.unit_type, strict=True)),
        )
        put(self, "_alias_words", [fold_words(alias) for alias, _ in pairs])
        put(self, "_alias_targets", [canonical for _, canonical in pairs])
        rules = [(fold_words(p) + " ", t) for p, t in self.unit_type_rules.itertuples(index=False)]
        put(self, "_unit_rules", rules)
        put(self, "_alias_rule_types", [self._rule_type(words) for words in self._alias_words])
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

    def classify_themes(self, title: str, description: str = "") -> list[str]:
        """Codes of the themes an activity's own words name, by the rules of theme_rules.csv,
        in themes.csv order. Pass the title and the description, never unit columns."""
        title = "" if _blank(title) else str(title)
        description = "" if _blank(description) else str(description)
        if not title and not description:
            return []
        return list(self._theme_cache(title, description))

    def explain_themes(self, title: str, description: str = "") -> list[tuple[str, str, str, str]]:
        """(theme_code, rule_id, field, matched words) of every rule that fires."""
        return self._theme_rules.explain(
            "" if _blank(title) else str(title), "" if _blank(description) else str(description)
        )

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
        ranks = self._budget_keywords.ranks(text)
        return self._budget_keywords.labels[min(ranks)] if ranks else OTHER_SOURCE

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
        rule_type = self._rule_type(words)
        if len(text) >= FUZZY_MIN_LENGTH:
            for _, _, i in process.extract(
                words,
                self._alias_words,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=FUZZY_CUTOFF,
                limit=5,
            ):
                # never across kinds: "Sở Ngoại giao" is not "Bộ Ngoại giao"
                if self._alias_rule_types[i] == rule_type:
                    canonical = self._alias_targets[i]
                    return UnitMatch(canonical, self._unit_type[canonical], "fuzzy")
        display = text[0].upper() + text[1:]
        if rule_type is None:
            return UnitMatch(display, "khác", "none")
        return UnitMatch(display, rule_type, "rule")

    def _rule_type(self, words: str) -> str | None:
        """Unit type from the first rule of unit_type_rules.csv matching the folded name."""
        return next((t for prefix, t in self._unit_rules if (words + " ").startswith(prefix)), None)

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
            stripped = next(
                (words[len(p) :] for p in _PROVINCE_PREFIXES if words.startswith(p)), ""
            )
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


def _mask_names(units: pd.DataFrame, aliases: pd.DataFrame) -> list[str]:
    """Unit names whose words are never theme evidence: every unit but the press (working
    with a newspaper or broadcaster named in the text is press work) and collective wording
    ("các cơ quan báo chí Trung ương" is what the activity works with, not a name)."""
    kept = set(units.unit_canonical[~units.unit_type.isin([PRESS, COLLECTIVE])])
    return [
        alias
        for alias, unit in zip(aliases.alias, aliases.unit_canonical, strict=True)
        if unit in kept
    ]


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
            "unit_canonical": units.unit_canonical.tolist(),
            "unit_type": units.unit_type.tolist(),
            "successor": [_none(v) for v in units.successor],
            "successor_from": [date.fromisoformat(v) if v else None for v in units.successor_from],
        },
        dtype=object,
    )
    provinces_table = pd.DataFrame(
        {
            "province": provinces.province.tolist(),
            "province_2025": provinces.province_2025.tolist(),
            "kind": provinces.kind.tolist(),
            "region": [_none(v) for v in provinces.region],
            "border_or_coast": [_none(v) for v in provinces.border_or_coast],
        },
        dtype=object,
    )
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
        theme_rules=_read(directory, RULES),
    )


@lru_cache(maxsize=4)
def theme_short_names(language: str, directory: Path = REFERENCE_DIR) -> dict[str, str]:
    """Theme code → its short name in `language` ('vi' or 'en'), the short_vi / short_en
    columns of data/reference/themes.csv: what chart axes and legends show (a phone has no
    room for "Xúc tiến đầu tư, thương mại, du lịch"; the hover and the tables keep the full
    name). A theme without a short name keeps its full name."""
    themes = _read(Path(directory), "themes.csv")
    column = "short_en" if language == "en" else "short_vi"
    full = "name_en" if language == "en" else "name_vi"
    shorts = themes[column] if column in themes else themes[full]
    return {
        code: short or name
        for code, short, name in zip(themes["theme_code"], shorts, themes[full], strict=True)
    }
