"""Vietnamese full-text search: what a search box means, and highlighting.

Semantics (the Tra cứu page; SQL in queries/search_results.sql):

- Case and diacritics are ignored and đ = d: the box and the texts are folded with
  ttdn.text.fold, so "quang ba hinh anh" finds "quảng bá hình ảnh" and "dak lak"
  finds "Đắk Lắk".
- A word matches a whole word (syllable) of the text: "ba" finds "bá", "bà", "ba"
  but not "ban" or "bao"; digits count as letters ("2021" does not match "20211").
  A word ending in * matches words that start with it: "tuyen*" finds "tuyên",
  "tuyến", "tuyển".
- Several words must all match, in any order and anywhere in the item.
- A quoted phrase ("hình ảnh quốc gia") matches those words next to each other, in
  that order; punctuation between them does not matter ("hình ảnh, quốc gia").
- At most 8 words and phrases are used; the rest are ignored (the page says so).
- Ranking: the whole query as a phrase (its words side by side, punctuation between
  them allowed) in the title first (8 points), then anywhere in the text (4); all words
  in the title (2); one point for each two neighbouring words of the query found side
  by side ("bien dao" in "biển, đảo", not in "biển ... lãnh đạo"); and, when the box has
  diacritics, the exact accented text in the title (2) and one point for each accented
  word found as typed ("đảo" ranks "đảo" above "đạo"); ties: activities before duties
  before budget notes, newer plans first, then plan and order in the plan.
- Matches are highlighted in the original text: folding is done per character, so
  every folded character maps back to the character it came from. The highlight
  follows the ranking, over a result's title and text together: a word typed with
  diacritics is highlighted only as typed when the result has it so; a word found side
  by side with its neighbour in the query is highlighted only in the spellings it has
  there ("bien dao": "biển, đảo" yes, "lãnh đạo" and "biên giới" no); other words
  wherever they match (see _chosen).

Only bound parameters reach SQL: folded words (for a fast substring pre-filter) and
regular expressions built here from words that contain nothing but a-z and 0-9.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ttdn.text import fold, nfc

MAX_TERMS = 8
KINDS = ("activity", "duty", "budget")
_WORD = re.compile(r"[a-z0-9]+")
_QUOTED = re.compile(r"\"([^\"]*)\"|“([^”]*)”|«([^»]*)»|„([^“”]*)[“”]")
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
# SQL (RE2) forms: the boundary is a character that is not a-z/0-9, or an end.
_START, _END, _GAP = "(^|[^a-z0-9])", "([^a-z0-9]|$)", "[^a-z0-9]+"
# over original (accented, lower-cased) text: a boundary is anything but a letter or digit
_U_START, _U_END = r"(^|[^\p{L}\p{N}])", r"([^\p{L}\p{N}]|$)"
_LETTERS = re.compile(r"[^\W_]+")
MAX_PAIRS = 7


@dataclass(frozen=True)
class Term:
    """One condition: a word, a word prefix or a phrase (folded words)."""

    words: tuple[str, ...]
    kind: str = "word"  # 'word' | 'prefix' | 'phrase'

    def pattern(self) -> str:
        """The RE2 expression the folded text must match (SQL side)."""
        body = _GAP.join(self.words)
        return _START + body + ("" if self.kind == "prefix" else _END)

    def python_pattern(self) -> re.Pattern:
        """The same match in Python, spanning only the word(s) (for highlighting)."""
        body = "[^a-z0-9]+".join(self.words)
        tail = "[a-z0-9]*" if self.kind == "prefix" else "(?![a-z0-9])"
        return re.compile("(?<![a-z0-9])" + body + tail)


@dataclass(frozen=True)
class SearchQuery:
    text: str
    terms: tuple[Term, ...] = ()
    dropped: int = 0  # terms beyond MAX_TERMS, ignored
    ranking: tuple[str, ...] = field(default=())  # the words of the query in order
    exact: str = ""  # the box lower-cased with its diacritics, when it has any

    @property
    def empty(self) -> bool:
        return not self.terms

    def needles(self) -> list[str]:
        """Folded words every match contains (a fast substring pre-filter): the
        longest (most selective) 8 of the terms' words."""
        out: list[str] = []
        for term in self.terms:
            out.extend(w for w in term.words if w not in out)
        return sorted(out, key=len, reverse=True)[:MAX_TERMS]

    def patterns(self) -> list[str]:
        return [term.pattern() for term in self.terms]

    def _ranked_words(self) -> tuple[str, ...]:
        if len(self.ranking) >= 2:
            return self.ranking
        phrases = [t for t in self.terms if t.kind == "phrase"]
        return phrases[0].words if phrases else ()

    def phrase(self) -> str:
        """The query's words in order as one RE2 pattern over the folded text, for ranking:
        the words next to each other, punctuation between them allowed ("biển, đảo")."""
        words = self._ranked_words()
        return Term(words, "phrase").pattern() if words else ""

    def pairs(self) -> list[str]:
        """Each two neighbouring words of the query as an adjacent phrase (RE2, folded):
        a text that has "biển, đảo" side by side ranks above one with "biển" here and
        "lãnh đạo" there, although both match "bien dao" word by word."""
        words = self._ranked_words()
        return [Term(pair, "phrase").pattern() for pair in zip(words, words[1:], strict=False)][
            :MAX_PAIRS
        ]

    def exact_words(self) -> list[str]:
        """When the box has diacritics, each accented word as typed (lower case), as an RE2
        pattern over the lower-cased original text: "đảo" typed ranks "đảo" above "đạo"."""
        if not self.exact:
            return []
        out: list[str] = []
        for word in _LETTERS.findall(self.exact):
            if fold(word) != word and re.escape(word) not in out:
                out.append(re.escape(word))
        return [_U_START + w + _U_END for w in out[:MAX_TERMS]]

    def params(self) -> dict:
        """The match parameters of queries/search_results.sql."""
        return {
            "needles": self.needles(),
            "patterns": self.patterns(),
            "phrase": self.phrase(),
            "pairs": self.pairs(),
            "exact": self.exact,
            "exact_words": self.exact_words(),
        }


def parse(text: str | None) -> SearchQuery:
    """Read a search box: quoted phrases, words, word* prefixes."""
    raw = nfc(str(text or ""))
    terms: list[Term] = []
    ranking: list[str] = []

    def add(term: Term) -> None:
        if term.words and term not in terms:
            terms.append(term)

    def unquoted(part: str) -> None:
        for token in part.split():
            words = _WORD.findall(fold(token))
            if not words:
                continue
            prefix = token.rstrip("\"'”»).,;:!?").endswith("*")
            for i, word in enumerate(words):
                is_prefix = prefix and i == len(words) - 1
                add(Term((word,), "prefix" if is_prefix else "word"))
                if not is_prefix:
                    ranking.append(word)

    position = 0
    for match in _QUOTED.finditer(raw):
        unquoted(raw[position : match.start()])
        inner = next(g for g in match.groups() if g is not None)
        words = tuple(_WORD.findall(fold(inner)))
        if len(words) == 1:
            add(Term(words, "word"))
        elif words:
            add(Term(words, "phrase"))
        position = match.end()
    unquoted(raw[position:])

    exact = ""
    plain = re.sub(r"[\"“”«»„*]", " ", raw)
    plain = " ".join(plain.lower().split())
    if any(ord(ch) > 127 for ch in plain) and fold(plain) != plain:
        exact = plain
    kept = tuple(terms[:MAX_TERMS])
    return SearchQuery(raw, kept, max(0, len(terms) - MAX_TERMS), tuple(ranking), exact)


def query_params(query: SearchQuery, filters: dict | None = None, kinds=KINDS,
                 limit: int = 200, plan_ids=()) -> dict:  # fmt: skip
    """Every parameter of search_results: the shared filters, the kinds of item, one
    plan or all (plan_ids), the match, how many rows."""
    base = {"years": [], "provinces": [], "province_mode": "written", "levels": [],
            "themes": [], "units": []}  # fmt: skip
    base.update(filters or {})
    return {**base, "kinds": [k for k in KINDS if k in set(kinds)],
            "plan_ids": [p for p in plan_ids if p], **query.params(),
            "top_n": int(limit)}  # fmt: skip


# highlighting -----------------------------------------------------------------


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFD", ch.translate(_LOOKALIKES).lower())
    return "".join(c for c in folded if unicodedata.category(c) != "Mn").replace("đ", "d")


_ONE_TO_ONE: dict[int, str] = {}  # characters that fold to exactly one character
_OTHER: set[str] = set()  # characters that fold to none or several (combining marks, ...)


def fold_map(text: str) -> tuple[str, list[int] | None]:
    """The folded text (as ttdn.text.fold, without collapsing spaces) and, for every
    folded character, the index of the original character it came from (None when
    every character folded to exactly one, the usual case for NFC Vietnamese)."""
    for ch in set(text):
        if ord(ch) not in _ONE_TO_ONE and ch not in _OTHER:
            folded = _fold_char(ch)
            if len(folded) == 1:
                _ONE_TO_ONE[ord(ch)] = folded
            else:
                _OTHER.add(ch)
    if not _OTHER or _OTHER.isdisjoint(text):
        return text.translate(_ONE_TO_ONE), None
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def _original(text: str, index: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """The span of the original text that folded[start:end] came from."""
    if index is None:
        return start, end
    stop = index[end - 1] + 1
    while stop < len(text) and unicodedata.category(text[stop]) == "Mn":
        stop += 1  # keep a decomposed letter's marks inside the highlight
    return index[start], stop


@dataclass(frozen=True)
class _Match:
    """One match in one text: where (original text), and each word as written there
    (NFC, lower case) with its folded form."""

    span: tuple[int, int]
    words: tuple[tuple[str, str], ...]  # (folded word, spelling in the text)


def _matches(text: str, folded: str, index, pattern: re.Pattern) -> list[_Match]:
    out: list[_Match] = []
    for match in pattern.finditer(folded):
        if match.end() <= match.start():
            continue
        words = []
        for word in _WORD.finditer(folded, match.start(), match.end()):
            s, e = _original(text, index, word.start(), word.end())
            words.append((word.group(), nfc(text[s:e]).lower()))
        out.append(_Match(_original(text, index, match.start(), match.end()), tuple(words)))
    return out


def _typed(query: SearchQuery) -> dict[str, set[str]]:
    """Each word typed with diacritics, by its folded form: {"dao": {"đảo"}}."""
    typed: dict[str, set[str]] = {}
    for word in _LETTERS.findall(query.exact):
        if fold(word) != word:
            typed.setdefault(fold(word), set()).add(word)
    return typed


@lru_cache(maxsize=256)  # a result card asks for its title and its text: decided once
def _chosen(query: SearchQuery, texts: tuple[str, ...]) -> list[list[list[_Match]]]:
    """For each text, for each term, the matches to highlight.

    The search ignores diacritics and folds đ to d, so "bien dao" finds "biển, đảo" but
    also "biên giới" and "lãnh đạo". The ranking prefers the words as typed and the
    query's words side by side; the highlight follows the same rule over the whole item
    (title and text together), word by word:

    1. a word typed with diacritics ("đảo") is highlighted only where it is written
       that way, when the item has it so written at least once;
    2. then, when the item has two neighbouring words of the query side by side
       ("biển, đảo" for "bien dao"), each word that takes part in such a pair is
       highlighted only in the spellings it has there ("đảo", not "đạo"): there, and
       wherever else the item writes it so (each word its own mark);
    3. a word with no such better match is highlighted wherever it matches after
       folding (that is why the item was found).
    Prefixes (tuyen*) are highlighted wherever they match."""
    folded_texts = [fold_map(text) for text in texts]
    typed = _typed(query)

    def agrees(match: _Match, allowed: dict[str, set[str]]) -> bool:
        return all(form in allowed[w] for w, form in match.words if w in allowed)

    found = [
        [_matches(text, folded, index, term.python_pattern()) for term in query.terms]
        for text, (folded, index) in zip(texts, folded_texts, strict=True)
    ]
    # 1. diacritics as typed, when the item has them
    allowed: dict[str, set[str]] = {}
    for w, forms in typed.items():
        spelled = {f for per_text in found for per_term in per_text for m in per_term
                   for fw, f in m.words if fw == w}  # fmt: skip
        if spelled & forms:
            allowed[w] = set(forms)
    # 2. neighbouring words of the query side by side
    single = {term.words[0] for term in query.terms if term.kind == "word"}
    words = query._ranked_words()
    paired: dict[str, set[str]] = {}
    for pair in dict.fromkeys(zip(words, words[1:], strict=False)):
        pattern = Term(pair, "phrase").python_pattern()
        for text, (folded, index) in zip(texts, folded_texts, strict=True):
            for match in _matches(text, folded, index, pattern):
                if agrees(match, allowed):
                    for w, form in match.words:
                        if w in single:
                            paired.setdefault(w, set()).add(form)
    allowed.update(paired)
    # 3. the rest: every match; a quoted phrase none of whose matches agrees keeps them all
    chosen: list[list[list[_Match]]] = []
    for per_text in found:
        per_term = []
        for term, matches in zip(query.terms, per_text, strict=True):
            keep = matches if term.kind == "prefix" else [m for m in matches if agrees(m, allowed)]
            per_term.append(keep if keep or term.kind == "word" else matches)
        chosen.append(per_term)
    return chosen


def spans(text: str | None, query: SearchQuery, within=None) -> list[tuple[int, int]]:
    """Where the query matches in the original text, as merged (start, end) pairs.

    `within` is every text of the item the text belongs to (a result's title and
    text): which spellings are highlighted is decided over all of them (see _chosen);
    by default the text alone."""
    if not text or query.empty:
        return []
    texts = [t for t in (within or ()) if t]
    if text not in texts:
        texts.append(text)
    chosen = _chosen(query, tuple(texts))[texts.index(text)]
    found = [match.span for matches in chosen for match in matches]
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, query: SearchQuery, start: int = 0, end: int | None = None,
              tag: str = "mark", within=None) -> str:  # fmt: skip
    """HTML of text[start:end] with the matches wrapped in <mark>; everything escaped.
    `within`: the item's texts (see spans)."""
    text = text or ""
    end = len(text) if end is None else end
    out: list[str] = []
    position = start
    for s, e in spans(text, query, within):
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(html.escape(text[position:s]))
        out.append(f"<{tag}>{html.escape(text[s:e])}</{tag}>")
        position = e
    out.append(html.escape(text[position:end]))
    return "".join(out)


def excerpt(text: str | None, query: SearchQuery, width: int = 320, within=None) -> str:
    """Highlighted HTML of text, cut to about `width` characters around the first match.
    `within`: the item's texts (see spans)."""
    text = text or ""
    if len(text) <= width:
        return highlight(text, query, within=within)
    found = spans(text, query, within)
    first = found[0][0] if found else 0
    start = max(0, first - width // 3)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 30 else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + highlight(text, query, start, end, within=within) + suffix
