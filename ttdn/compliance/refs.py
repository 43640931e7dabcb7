"""Read references to legal documents as plans write them, and say whether one cites another.

    >>> [r.key for r in parse_refs("Nghị định số 72/2015/NĐ-CP ngày 07/9/2015; NĐ 72/2015")]
    ['72/2015/ndcp', '72/2015/nd']

A reference is a number, optionally the year it belongs to and the document's code
("72/2015/NĐ-CP", "3362/BTTTT-TTĐN", "57-KL/TW"), optionally preceded by the kind of
document ("Nghị định", "NĐ", "Thông tư số") and followed by its date ("ngày 07/9/2015").
The text is folded first (case, diacritics, đ→d, dashes, spaces around / and -), so
"Nghị định số 72/2015/NĐ-CP", "NĐ 72/2015", "72/2015/NĐ-CP" and "nghi dinh 72 / 2015 / nd-cp"
are all the same document.

:func:`match` compares a cited reference with a target:

- 2 (cited fully): same number, compatible code or kind, and the same year, taken from the
  number ("72/2015") or, when the number has none, from the date ("72/NĐ-CP ngày
  07/9/2015": decrees are numbered per year, so the date names the year);
- 1 (cited without its year): same number and code, but neither a year nor a date, so
  the document is not pinned down ("Nghị định 72/NĐ-CP");
- 0: another document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ttdn.text import fold

# kind of document (folded) → the start of its code
KINDS = {
    "nghi dinh": "nd",
    "nd": "nd",
    "thong tu": "tt",
    "tt": "tt",
    "quyet dinh": "qd",
    "qd": "qd",
    "ket luan": "kl",
    "kl": "kl",
    "chi thi": "ct",
    "ct": "ct",
    "nghi quyet": "nq",
    "nq": "nq",
    "ke hoach": "kh",
    "kh": "kh",
    "cong van": "",
    "van ban": "",
    "cv": "",
}
_KIND = "|".join(sorted((re.escape(k) for k in KINDS), key=len, reverse=True))
_REF = re.compile(
    rf"(?:\b(?P<kind>{_KIND})\s*(?:so\s*)?[:.]?\s*)?"
    r"(?<![\d/.])(?P<num>\d{1,5})"
    r"(?:/(?P<year>(?:19|20)\d{2})(?!\d))?"
    r"(?:[/-](?P<code>[a-z]+(?:[-/][a-z]+)*))?"
    r"(?:\s*,?\s*(?:ngay\s*)?(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>(?:19|20)\d{2}))?"
)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_AROUND = re.compile(r"\s*([/-])\s*")


@dataclass(frozen=True)
class Ref:
    number: int
    year: int | None = None
    code: str | None = None  # folded, without - and / ('ndcp', 'btttttdn')
    kind: str | None = None  # the code start its kind word implies ('nd', 'tt', '' for letters)
    date: dt.date | None = None
    text: str = ""  # the part of the folded text it was read from

    @property
    def key(self) -> str:
        return f"{self.number}/{self.year or ''}/{self.code or self.kind or ''}"

    @property
    def any_year(self) -> int | None:
        """The year from the number, else from the date."""
        return self.year or (self.date.year if self.date else None)


def normalise(text: str) -> str:
    text = fold(_DASHES.sub("-", str(text or "")))
    return _AROUND.sub(r"\1", text)


def _date(d: str | None, m: str | None, y: str | None) -> dt.date | None:
    if not (d and m and y):
        return None
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def parse_refs(text: str) -> tuple[Ref, ...]:
    """Every document reference in a text (numbers with neither a kind nor a code, such
    as dates or counts, are skipped)."""
    out = []
    for m in _REF.finditer(normalise(text)):
        kind = KINDS.get(m["kind"]) if m["kind"] else None
        code = re.sub(r"[-/]", "", m["code"]) if m["code"] else None
        if code is None and kind is None:
            continue
        if code is None and kind == "":  # "Công văn 3362" without its code names nothing
            continue
        out.append(
            Ref(
                number=int(m["num"]),
                year=int(m["year"]) if m["year"] else None,
                code=code,
                kind=kind,
                date=_date(m["d"], m["m"], m["y"]),
                text=m.group(0).strip(),
            )
        )
    return tuple(out)


def parse_target(text: str) -> Ref | None:
    """The one reference a criterion names (it must have a number and a code)."""
    refs = [r for r in parse_refs(text) if r.code]
    return refs[0] if len(refs) == 1 else None


def match(target: Ref, cited: Ref) -> int:
    """2 cited with its year, 1 cited without a year or date, 0 another document."""
    if cited.number != target.number or not target.code:
        return 0
    if cited.code is not None:
        if cited.code != target.code:
            return 0
    elif not cited.kind or not target.code.startswith(cited.kind):
        return 0
    want, got = target.any_year, cited.any_year
    if got is None:
        return 1
    if want is not None and got != want:
        return 0
    if target.date and cited.date and target.year is None and cited.date != target.date:
        return 0  # letters: same number and code, another date → another letter
    return 2


def best_match(target: Ref, text: str) -> tuple[int, Ref | None]:
    best, found = 0, None
    for ref in parse_refs(text):
        strength = match(target, ref)
        if strength > best:
            best, found = strength, ref
    return best, found
