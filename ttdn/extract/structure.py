"""Structure: clean lines → an outline tree of numbered items, bullets and paragraphs.

Markers and their depth: I. II. (roman) > 1. 2. > 4.1. > 4.1.1. > a) b) > - (dash) > + (plus).
Field lines ('Đơn vị chủ trì: ...') become fields of the item they belong to; paragraphs
belong to the nearest numbered item. The body ends at 'Trên đây là ...', 'Nơi nhận'
or the closing 'Trong quá trình thực hiện ...'; activity tables are read wherever they are.
Top sections are classified by their titles: intro (mục đích, yêu cầu ...), content
(nội dung, nhiệm vụ ...), budget (kinh phí), org (tổ chức thực hiện), other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ttdn.extract.clean import Line
from ttdn.extract.fields import doc_type_line, inline_fields, parse_field
from ttdn.text import fold

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
         "XI": 11, "XII": 12}  # fmt: skip
_ROMAN_LINE = re.compile(r"^(?P<label>[IVX]{1,4})\s*[.):]\s*(?P<rest>\S.*)$")
_DOTTED = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\)?\s+(?P<rest>\S.*)$")
_ARABIC = re.compile(r"^(?P<label>\d{1,2})\s?[.)]\s*(?P<rest>\D.*|\d.*\D.*)$")
_UPPER_LETTER = re.compile(r"^(?P<label>[A-HĐ])\s?[.)]\s+(?P<rest>\S.*)$")
_LETTER = re.compile(r"^(?P<label>[a-zđ])\s?[).]\s+(?P<rest>\S.*)$")
# dashes and bullets, Word's symbol-font bullets (private use U+F0xx) and arrows included
BULLET_CHARS = "-–—•∙▪●◦○*❖➢►▶✓✔\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf06c\uf0e0"
_DASH = re.compile(r"^[" + re.escape(BULLET_CHARS) + r"]\s*(?P<rest>\S.*)$")
_PLUS = re.compile(r"^\+\s*(?P<rest>\S.*)$")
_END = re.compile(r"^(?:trên đây là|nơi nhận|noi nhận|nơi gửi)\b", re.I)
_SIGNATURE = re.compile(
    r"^(?:KT\.|TM\.|Q\.|PHÓ CHỦ TỊCH|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|CHỦ TỊCH|BỘ TRƯỞNG|THỨ TRƯỞNG|"
    r"VIỆN TRƯỞNG|CỤC TRƯỞNG|TRƯỞNG BAN|CHÁNH VĂN PHÒNG|TỔNG GIÁM ĐỐC|CHỦ NHIỆM)"
)
_CLOSING = re.compile(r"^trong quá trình (?:thực hiện|triển khai|tổ chức)", re.I)
RANKS = {"roman": 1, "arabic": 2, "letter": 6, "dash": 7, "plus": 8}
NUMBERED = {"roman", "arabic", "dotted", "letter"}
BULLETS = {"dash", "plus"}

_KIND_WORDS = [
    ("budget", ("kinh phi", "nguon kinh phi", "du toan kinh phi")),
    ("org", ("to chuc thuc hien", "trach nhiem", "phan cong", "giao nhiem vu", "to chuc trien khai")),
    ("intro", ("muc dich", "yeu cau", "muc tieu", "quan diem", "can cu", "danh gia", "ket qua",
               "tinh hinh", "boi canh", "doi tuong", "pham vi")),
    ("other", ("che do bao cao", "bao cao", "khen thuong", "dieu khoan", "hieu luc")),
    ("content", ("noi dung", "nhiem vu", "hoat dong", "giai phap", "chuong trinh", "de an")),
]  # fmt: skip


@dataclass
class Node:
    kind: str  # root, roman, arabic, dotted, letter, dash, plus, para, table_row
    label: str  # 'II', '4', '4.1', 'a', '' for bullets and paragraphs
    text: str  # the line after its marker
    line: int  # source line number
    rank: int = 0
    children: list[Node] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # lead, coop, time, budget
    details: list[str] = field(default_factory=list)  # '+ Sở X: ...' lines under a lead field
    section: str | None = None  # intro / content / budget / org / other (classified headings)
    parent: Node | None = field(default=None, repr=False)

    @property
    def numbered(self) -> bool:
        return self.kind in NUMBERED

    def items(self) -> list[Node]:
        return [c for c in self.children if c.kind != "para"]

    def paras(self) -> list[Node]:
        return [c for c in self.children if c.kind == "para"]


@dataclass
class Outline:
    root: Node
    tables: list[tuple[Node | None, list[list[str]], int]]  # (owner, rows, line)
    ended: bool  # a closing ('Trên đây là', 'Nơi nhận') was found


def marker(text: str) -> tuple[str, str, str] | None:
    """(kind, label, rest) of a numbered or bulleted line."""
    for kind, pattern in (
        ("roman", _ROMAN_LINE),
        ("dotted", _DOTTED),
        ("arabic", _ARABIC),
        ("letter", _LETTER),
        ("plus", _PLUS),
        ("dash", _DASH),
    ):
        match = pattern.match(text)
        if match:
            label = match.groupdict().get("label", "")
            if kind == "roman" and label not in ROMAN:
                continue
            return kind, label, match.group("rest").strip()
    return None


def _rank(kind: str, label: str) -> int:
    if kind == "dotted":
        return 2 + label.count(".")
    return RANKS[kind]


def classify(title: str) -> str | None:
    """The kind of a section from its heading."""
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(title)))
    if len(folded.split()) > 14:
        return None
    for kind, words in _KIND_WORDS:
        for word in words:
            if folded.startswith(word) or (f" {word}" in f" {folded}" and kind != "intro"):
                return kind
    return None


def classify_item(title: str) -> str | None:
    """The kind of a numbered item that is a section of its own ('4. Kinh phí thực hiện',
    '1. Mục đích'): the section word first and at most three words after it, so '4. Tổ chức
    thực hiện các chương trình thông tin đối ngoại' stays a task."""
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(title)))
    for kind, words in _KIND_WORDS:
        for word in words:
            if folded.startswith(word) and len(folded.split()) <= len(word.split()) + 3:
                if (
                    kind == "org"
                    and folded != word
                    and not re.match(word + r" (ke hoach|nhiem vu|cua cac|$)", folded)
                ):
                    continue
                return kind
    return None


def classify_start(title: str) -> str | None:
    """The kind of a heading that begins with a section word ('NỘI DUNG', 'KINH PHÍ ...')."""
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(title)))
    for kind, words in _KIND_WORDS:
        if any(folded.startswith(word) for word in words):
            return kind
    return None


def _upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def parse(lines: list[Line]) -> Outline:
    has_roman = any(
        (m := marker(line.text)) and m[0] == "roman" for line in lines if line.table is None
    )
    root = Node("root", "", "", 0, 0)
    stack = [root]
    tables: list[tuple[Node | None, list[list[str]], int]] = []
    pending_detail: Node | None = None
    started = False
    ended = False
    last_roman = 0
    title_at = None
    for index, line in enumerate(lines):
        if line.table is not None:
            tables.append((stack[-1] if started and not ended else None, line.table, line.number))
            continue
        if ended:
            continue
        text = line.text
        if _END.match(text) or (
            started and text.isupper() and len(text.split()) <= 8 and _SIGNATURE.match(text)
        ):
            ended = True
            continue
        found = marker(text)
        if found and found[0] == "arabic" and not has_roman and _upper_ratio(found[2]) > 0.8:
            found = ("roman", found[1], found[2])  # '1. MỤC ĐÍCH' as the top level
        if not found and not has_roman:
            upper = _UPPER_LETTER.match(text)
            if upper and _upper_ratio(upper.group("rest")) > 0.8:
                found = ("roman", upper.group("label"), upper.group("rest"))  # 'A. NỘI DUNG'
        if not found and started and _CLOSING.match(text) and _in_org(stack):
            ended = True
            continue
        if doc_type_line(text) is not None:
            title_at = index
        if (
            not found
            and _upper_ratio(text) > 0.8
            and len(text.split()) <= 12
            and (title_at is None or index > title_at + 1)
            and classify_start(text)
        ):
            # an unnumbered section heading ('NỘI DUNG' in a Word heading style)
            found = ("roman", list(ROMAN)[min(last_roman, len(ROMAN) - 1)], text)
        if found and found[0] == "roman":
            last_roman = ROMAN.get(found[1], last_roman)
        field_ = parse_field(text)
        if field_ is not None and started:
            owner = _field_owner(stack, found)
            kind, value = field_
            if kind == "desc":
                owner.children.append(Node("para", "", value, line.number, 99, parent=owner))
                pending_detail = None
                continue
            if kind == "lead" and not value:
                pending_detail = owner
                owner.fields.setdefault("lead", "")
                continue
            pending_detail = None
            # several fields on one line: 'Chủ trì: Sở A; Phối hợp: Sở B; Thời gian: Quý II'
            pairs = [(kind, value)] + list(inline_fields("; " + value).items())
            if len(pairs) > 1:
                pairs[0] = (kind, re.split(r"[;.(]\s*(?=[^;.(]*:)", value)[0])
            for key, part in pairs:
                target = owner
                if owner.fields.get(key) and stack[-1].kind in BULLETS and stack[-1] is not owner:
                    target = stack[-1]  # the item already has it: this one is the bullet's own
                if not target.fields.get(key):
                    target.fields[key] = part
            continue
        if pending_detail is not None and found and found[0] == "plus":
            pending_detail.details.append(found[2])
            continue
        pending_detail = None
        if found:
            kind, label, rest = found
            rank = _rank(kind, label)
            if kind == "roman":
                started = True
            elif not started and kind in ("arabic", "dotted") and classify(rest):
                started = True
            if not started:
                continue
            while stack[-1].rank >= rank:
                stack.pop()
            node = Node(kind, label, rest, line.number, rank, parent=stack[-1])
            if kind == "roman":
                node.section = classify(rest) if len(rest.split()) <= 12 else None
            elif kind in NUMBERED:
                node.section = classify_item(rest)
            stack[-1].children.append(node)
            stack.append(node)
        elif started:
            owner = stack[-1]
            # a paragraph under a bullet belongs to the numbered item above it, unless the
            # bullet ends with ':' (its paragraph is its own continuation)
            if owner.kind in BULLETS and not owner.text.endswith(":"):
                while len(stack) > 1 and stack[-1].kind in BULLETS:
                    stack.pop()
                owner = stack[-1]
            owner.children.append(Node("para", "", text, line.number, 99, parent=owner))
    return Outline(root, tables, ended)


def _in_org(stack: list[Node]) -> bool:
    return any(n.section == "org" for n in stack)


def _field_owner(stack: list[Node], found) -> Node:
    """The item a field line belongs to: the nearest numbered item, or the bullet above it
    when the field line is itself nested deeper than that bullet ('+ Thời gian: ...')."""
    top = stack[-1]
    if top.kind in BULLETS and found and found[0] in BULLETS and _rank(found[0], "") > top.rank:
        return top
    for node in reversed(stack):
        if node.kind not in BULLETS:
            return node
    return stack[0]
