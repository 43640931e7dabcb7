"""Automatic themes from phrase rules with context (data/reference/theme_rules.csv).

An activity is classified from its own words (title and description), never from its unit
columns. Each rule names a theme and one or more phrases (`|`-separated); a phrase fires when
its words occur in a row in the text (whole words: "ODA" never fires inside "CODA").

- `match`: `accents` (default) compares words with their diacritics, tone-mark placement aside
  ("hoá" = "hóa"), so "biển" is not "biên" nor "đảo" "đạo"; a text written without diacritics
  (under a tenth of its words accented) is then compared folded. `fold` always ignores
  diacritics and folds đ→d, for phrases whose folded form says the same thing ("bo tri can bo"
  also catches the typo "Bổ trí cán bộ"). `strict` needs the diacritics even in unaccented text.
- `requires`: phrases of which one must also occur: with at most `window` words between them
  (`+N` after the phrase, `-N` before it, `N` either side), or anywhere in the same field when
  `window` is empty.
- `excludes`: phrases that veto an occurrence of the phrase, or of a required phrase, that they
  overlap ("dân tộc" in "tự tôn dân tộc"; "kế hoạch" in "kế hoạch truyền thông").
- `field`: `title`, `description` or empty (both). The two are matched separately.
- Lines that list units ("Đơn vị phối hợp: ...", "Chủ trì: ...") are left out.
- A rule without a theme is a mask: a proper name ("Ban Hợp tác quốc tế"), written with a
  word after its first capitalized, whose words are never evidence. The names and aliases of
  data/reference/units.csv are masks too, but for the press (working with a named newspaper
  or broadcaster is press work); collective wording such as "các cơ quan báo chí" is not a name
  and stays evidence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from ttdn.text import fold, nfc

_WORD = re.compile(r"[^\W_]+")
# a line of the text that lists units, e.g. "Đơn vị phối hợp: Các cơ quan báo chí địa phương"
UNIT_LINE = re.compile(
    r"^[ \t]*[-+•*]?[ \t]*(?:(?:đơn vị|cơ quan)[ \t]+)?(?:chủ trì|phối hợp|thực hiện)[ \t]*:.*$",
    re.IGNORECASE | re.MULTILINE,
)
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "3", "\u0309": "4", "\u0323": "5"}
_SYLLABLES: dict[str, str] = {}
MODES = ("accents", "fold", "strict")
FIELDS = ("", "title", "description")
UNACCENTED_SHARE = 0.1  # a text with fewer accented words than this is read folded
_LOCAL_TAILS = (("tỉnh",), ("tỉnh", "ủy"), ("thành", "ủy"), ("thành", "phố"))


def syllable(word: str) -> str:
    """A lower-case word with its tone mark moved to a trailing digit: 'hoá', 'hóa' → 'hoa1'."""
    if word.isascii():
        return word
    key = _SYLLABLES.get(word)
    if key is None:
        tone, kept = "", []
        for ch in unicodedata.normalize("NFD", word):
            if ch in _TONES:
                tone = _TONES[ch]
            else:
                kept.append(ch)
        key = unicodedata.normalize("NFC", "".join(kept)) + tone
        if len(_SYLLABLES) < 200_000:
            _SYLLABLES[word] = key
    return key


_KEYS: dict[str, tuple[str, str]] = {}


def word_keys(word: str) -> tuple[str, str]:
    """(syllable key, folded form) of a word as written, memoized: words repeat a lot."""
    pair = _KEYS.get(word)
    if pair is None:
        pair = (syllable(word.lower()), fold(word))
        if len(_KEYS) < 200_000:
            _KEYS[word] = pair
    return pair


def words(text: str) -> list[str]:
    """The words of a text, NFC, as written (case kept)."""
    text = unicodedata.normalize("NFC", str(text))
    if "\u00d0" in text or "\u00f0" in text:  # look-alike Đ/đ: let nfc() fold them
        text = nfc(text)
    return _WORD.findall(text)


def split_alternatives(value: str) -> list[str]:
    return [part.strip() for part in str(value or "").split("|") if part.strip()]


@dataclass(frozen=True)
class Rule:
    rule_id: str
    theme_code: str  # '' for a mask
    phrases: tuple[int, ...]  # ids in the phrase table
    requires: tuple[int, ...]
    window: tuple[int | None, int | None] | None  # words allowed between, before / after
    excludes: tuple[int, ...]
    field: str


def parse_window(value: str) -> tuple[int | None, int | None] | None:
    """'' → None (anywhere); '4' → (4, 4); '+4' → (None, 4): after only; '-4' → (4, None)."""
    value = str(value or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"[+-]?\d+", value):
        raise ValueError(f"theme_rules: window '{value}' is not a number, +N or -N")
    n = int(value.lstrip("+-"))
    return (None, n) if value[0] == "+" else (n, None) if value[0] == "-" else (n, n)


class ThemeRules:
    """The compiled rules: a phrase table indexed by first word, and the rules over it."""

    def __init__(self, rules: pd.DataFrame, themes: list[str], unit_names: list[str]) -> None:
        self.themes = list(themes)
        self._order = {code: i for i, code in enumerate(self.themes)}
        self._phrases: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
        self._phrase_id: dict[tuple[tuple[str, ...], str], int] = {}
        self._by_accent: dict[str, list[int]] = {}  # accents and strict phrases, in accented text
        self._by_fold: dict[str, list[int]] = {}  # fold phrases, in any text
        self._by_fold_unaccented: dict[str, list[int]] = {}  # accents phrases, in unaccented text
        self.rules: list[Rule] = []
        for row in rules.itertuples(index=False):
            mode = (row.match or "accents").strip()
            if mode not in MODES:
                raise ValueError(f"theme_rules {row.rule_id}: match '{mode}' not in {MODES}")
            if row.field not in FIELDS:
                raise ValueError(f"theme_rules {row.rule_id}: field '{row.field}' not in {FIELDS}")
            if row.theme_code and row.theme_code not in self._order:
                raise ValueError(f"theme_rules {row.rule_id}: unknown theme '{row.theme_code}'")
            phrases = tuple(self._add(p, mode) for p in split_alternatives(row.phrase))
            if not phrases:
                raise ValueError(f"theme_rules {row.rule_id}: no phrase")
            self.rules.append(
                Rule(
                    rule_id=row.rule_id,
                    theme_code=row.theme_code,
                    phrases=phrases,
                    requires=tuple(self._add(p, mode) for p in split_alternatives(row.requires)),
                    window=parse_window(row.window),
                    excludes=tuple(self._add(p, mode) for p in split_alternatives(row.excludes)),
                    field=row.field,
                )
            )
        masks = [self._add(name, "accents") for name in _unit_masks(unit_names)]
        if masks:
            self.rules.append(Rule("units.csv", "", tuple(masks), (), None, (), ""))
        self._masks = {p for r in self.rules if not r.theme_code for p in r.phrases}
        self._rules_of: dict[int, list[int]] = {}  # phrase id → theme rules it can fire
        for i, rule in enumerate(self.rules):
            if rule.theme_code:
                for pid in rule.phrases:
                    self._rules_of.setdefault(pid, []).append(i)

    def _add(self, phrase: str, mode: str) -> int:
        raw = tuple(words(phrase))
        if not raw:
            raise ValueError(f"theme_rules: phrase '{phrase}' has no words")
        accented = tuple(syllable(w.lower()) for w in raw)
        folded = tuple(fold(w) for w in raw)
        key = (accented if mode != "fold" else folded, mode)
        if key in self._phrase_id:
            return self._phrase_id[key]
        pid = len(self._phrases)
        self._phrase_id[key] = pid
        for index, form in (
            (self._by_fold, folded if mode == "fold" else None),
            (self._by_accent, accented if mode != "fold" else None),
            (self._by_fold_unaccented, folded if mode == "accents" else None),
        ):
            if form is not None:
                index.setdefault(form[0], [])
        if mode == "fold":
            self._phrases.append((folded, folded, mode))
            self._by_fold.setdefault(_head(folded), []).append(pid)
        else:
            self._phrases.append((accented, folded, mode))
            self._by_accent.setdefault(_head(accented), []).append(pid)
            if mode == "accents":
                self._by_fold_unaccented.setdefault(_head(folded), []).append(pid)
        return pid

    # matching ------------------------------------------------------------------------------

    def _occurrences(self, raw: list[str]) -> dict[int, list[tuple[int, int]]]:
        """Phrase id → (start, end) word spans in one field, masks applied."""
        found: dict[int, list[tuple[int, int]]] = {}
        if not raw:
            return found
        accented, folded = zip(*map(word_keys, raw), strict=True)
        if sum(a != f for a, f in zip(accented, folded, strict=True)) < UNACCENTED_SHARE * len(raw):
            lookups = [(folded, self._by_fold), (folded, self._by_fold_unaccented)]
        else:
            lookups = [(folded, self._by_fold), (accented, self._by_accent)]
        last = len(raw) - 1
        for keys, index in lookups:
            # phrases are indexed by their first word, or their first two words
            get = index.get
            for i, key in enumerate(keys):
                hits = get(key)
                if hits is None:
                    continue
                if i < last:
                    hits = (*hits, *get((key, keys[i + 1]), ()))
                for pid in hits:
                    accented_form, folded_form, mode = self._phrases[pid]
                    form = folded_form if keys is folded else accented_form
                    end = i + len(form)
                    if len(form) <= 2 or keys[i:end] == form:
                        found.setdefault(pid, []).append((i, end))
        masked = set()
        for pid in self._masks & found.keys():
            for start, end in found[pid]:
                # a name: a word after its first capitalized ("Trung tâm Xúc tiến", "phòng Văn hóa")
                if any(w[:1].isupper() for w in raw[start + 1 : end]):
                    masked.update(range(start, end))
        if masked:
            found = {
                pid: kept
                for pid, spans in found.items()
                if (kept := [(s, e) for s, e in spans if masked.isdisjoint(range(s, e))])
            }
        return found

    def _fires(self, rule: Rule, found: dict[int, list[tuple[int, int]]]) -> tuple[int, int] | None:
        """The first occurrence of a rule's phrase that passes its context, or None."""
        vetoes = [span for pid in rule.excludes for span in found.get(pid, ())]
        needs = [
            (s, e)
            for pid in rule.requires
            for s, e in found.get(pid, ())
            if not any(vs < e and s < ve for vs, ve in vetoes)
        ]
        if rule.requires and not needs:
            return None
        for pid in rule.phrases:
            for start, end in found.get(pid, ()):
                if any(s < end and start < e for s, e in vetoes):
                    continue
                if rule.requires and rule.window is not None:
                    before, after = rule.window
                    if not any(
                        (before is not None and start - before <= e <= start)
                        or (after is not None and end <= s <= end + after)
                        for s, e in needs
                        if (s, e) != (start, end)
                    ):
                        continue
                return start, end
        return None

    def explain(self, title: str, description: str = "") -> list[tuple[str, str, str, str]]:
        """(theme_code, rule_id, field, matched words) for every rule that fires."""
        out = []
        for field, text in (("title", title), ("description", description)):
            raw = words(UNIT_LINE.sub(" ", text)) if text and text == text else []
            found = self._occurrences(raw)
            if not found:
                continue
            candidates = {i for pid in found for i in self._rules_of.get(pid, ())}
            for rule in (self.rules[i] for i in sorted(candidates)):
                if rule.field in ("", field):
                    span = self._fires(rule, found)
                    if span:
                        out.append(
                            (rule.theme_code, rule.rule_id, field, " ".join(raw[slice(*span)]))
                        )
        return out

    def classify(self, title: str, description: str = "") -> list[str]:
        """Theme codes for an activity's own words, in themes.csv order."""
        codes = {code for code, *_ in self.explain(title, description)}
        return sorted(codes, key=self._order.__getitem__)


def _head(form: tuple[str, ...]) -> str | tuple[str, str]:
    """Index key of a phrase: its word, or its first two words (the first word is then a key
    too, with no phrase, so that a text word that starts nothing costs one lookup)."""
    return form[0] if len(form) == 1 else form[:2]


def _unit_masks(names: list[str]) -> list[str]:
    """Proper unit names of two words or more, also without a trailing 'tỉnh', 'Tỉnh ủy'..."""
    out: dict[str, None] = {}
    for name in names:
        raw = words(name)
        if len(raw) < 2 or not (raw[0][:1].isupper() and any(w[:1].isupper() for w in raw[1:])):
            continue
        out[" ".join(raw)] = None
        lower = tuple(w.lower() for w in raw)
        for tail in _LOCAL_TAILS:
            if len(raw) - len(tail) >= 2 and lower[-len(tail) :] == tail:
                out[" ".join(raw[: -len(tail)])] = None
    return list(out)
