"""Cleaning: blocks → clean lines.

- markdown marks (#, **, *, <sup>), table pipes and decorative rules are stripped;
- web page chrome (menus, "Đăng xuất", job ads ...) and page numbers are dropped, and so
  are PDF running headers/footers (the same line at the top or bottom of most pages);
- a block of lines that appears twice in a row (a copy-paste or web-scrape accident) is kept once;
- scanner noise that interrupts a sentence (a few short lines between a line that does not
  end a sentence and one that starts in lower case) is dropped;
- a line broken in the middle of a sentence (the next line starts in lower case, or in a
  PDF the line runs to the margin without a full stop) is joined again.

Everything dropped is reported as a note, so the review sheet can say what was removed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ttdn.extract.readers import Block
from ttdn.text import fold

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)|(?<=\S)(\*{1,3}|_{2,3})")
_TAGS = re.compile(r"<sup>.*?</sup>|<[^>]{1,40}>", re.I)
_RULE = re.compile(r"^[\s\-–—_=*~.]{3,}$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?$|^(?:trang|page)\s+\d{1,3}(?:\s*(?:/|của|of)\s*\d{1,3})?$",
    re.I,
)
_MARKER = re.compile(
    r"^(?:[IVXLC]{1,6}[.)]|\d{1,2}(?:\.\d{1,2})*[.)]?\s|[a-zđ][)]|[a-zđ]\.\s|[-–—•+*∙▪●○◦❖➢►▶✓✔"
    "\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\uf06c\uf0e0]\\s?)"
)
_CHROME_LINES = {
    fold(x)
    for x in (
        "Đăng xuất", "Đăng nhập", "Đăng ký", "Trang chủ", "Liên hệ", "Chia sẻ", "In văn bản",
        "In trang", "Tải về", "Tải văn bản", "Quay lại", "Về đầu trang", "Lên đầu trang",
        "Bình luận", "Tin liên quan", "Bài viết liên quan", "Văn bản liên quan", "Xem thêm",
        "Chia sẻ bài viết", "Gửi email", "Facebook", "Zalo", "Twitter", "Print", "Share",
        "Lượt xem", "Theo dõi", "Tìm kiếm", "Menu", "Đóng", "Mục lục", "Lưu văn bản",
        "Báo lỗi văn bản", "Tải ứng dụng", "Việc làm", "Tuyển dụng", "Quảng cáo",
    )
}  # fmt: skip
_CHROME_START = re.compile(
    r"^(?:việc làm|tuyển dụng|quảng cáo|copyright|©|bản quyền|giấy phép (?:số|thiết lập)|"
    r"đăng xuất|cookie|tải ứng dụng|hotline)",
    re.I,
)
_ENDS_SENTENCE = re.compile(r"[.;:!?…”\"')\]]\s*(?:/\.)?$|/\.$")


@dataclass
class Line:
    text: str
    number: int  # position among the document's blocks (1-based), for messages
    table: list[list[str]] | None = None


@dataclass
class Cleaned:
    lines: list[Line]
    notes: list[tuple[str, str]] = field(default_factory=list)  # (vi, en) what was removed
    truncated: bool = False


def _strip_marks(text: str) -> str:
    text = _TAGS.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    if "|" in text:
        cells = [c.strip() for c in text.split("|")]
        text = " ".join(c for c in cells if c)
    text = text.replace("\t", " ").strip()
    # "- + Sở X: ..." (a bullet written twice) → "+ Sở X: ..."
    text = re.sub(r"^[-–•]\s+(?=[+]\s)", "", text)
    return " ".join(text.split())


def _strip_cell(text: str) -> str:
    """A table cell keeps its lines (a letterhead cell: 'ỦY BAN NHÂN DÂN / TỈNH X / Số: ...')."""
    lines = [_strip_marks(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line and not _RULE.match(line))


def _is_chrome(text: str) -> bool:
    folded = fold(text).strip(" .:")
    if folded in _CHROME_LINES:
        return True
    return bool(_CHROME_START.match(text)) and len(text.split()) <= 8


def clean(blocks: list[Block], fmt: str) -> Cleaned:
    notes: list[tuple[str, str]] = []
    lines: list[Line] = []
    pages: list[list[int]] = [[]]
    truncated = False
    for number, block in enumerate(blocks, 1):
        if block.kind == "page":
            pages.append([])
            continue
        if block.kind == "table":
            rows = [[_strip_cell(c) for c in row] for row in block.rows]
            rows = [r for r in rows if any(r)]
            if rows:
                lines.append(Line("", number, rows))
            continue
        text = _strip_marks(block.text)
        if not text or _RULE.match(text):
            continue
        if text in ("[...]", "[…]", "...", "…", "(...)"):
            truncated = True
            notes.append(
                (
                    f"Dòng {number}: văn bản bị cắt ở đây ('{text}'); phần sau không có trong nguồn",
                    f"Line {number}: the text is cut off here ('{text}'); the rest is not in the source",
                )
            )
            continue
        if _PAGE_NUMBER.match(text):
            continue
        if _is_chrome(text):
            notes.append(
                (
                    f"Dòng {number}: bỏ phần thừa của trang web '{text}'",
                    f"Line {number}: web page chrome dropped '{text}'",
                )
            )
            continue
        pages[-1].append(len(lines))
        lines.append(Line(text, number))
    if fmt == "pdf" and len(pages) >= 3:
        lines = _drop_running_heads(lines, pages)
    lines = _drop_repeated_block(lines, notes)
    lines = _drop_ocr_noise(lines, notes)
    lines = _join_broken(lines, fmt)
    return Cleaned(lines, notes, truncated)


def _drop_running_heads(lines: list[Line], pages: list[list[int]]) -> list[Line]:
    """Drop a line found at the top or bottom of most pages (a running header or footer)."""
    edges: Counter[str] = Counter()
    for page in pages:
        if not page:
            continue
        picks = {fold(lines[i].text) for i in page[:2] + page[-2:]}
        edges.update(picks)
    limit = max(3, len(pages) // 2)
    common = {text for text, n in edges.items() if n >= limit and len(text) < 120}
    return [line for line in lines if line.table is not None or fold(line.text) not in common]


def _drop_repeated_block(lines: list[Line], notes: list[tuple[str, str]]) -> list[Line]:
    """A run of ≥ 3 lines (≥ 200 characters) found twice: keep the second copy only."""
    texts = [line.text if line.table is None else None for line in lines]
    where: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if text and len(text) >= 20:
            where.setdefault(text, []).append(i)
    drop: set[int] = set()
    i = 0
    while i < len(texts):
        text = texts[i]
        best, best_j = 0, 0
        for j in where.get(text or "", []):
            if j <= i + 2 or j + 2 >= len(texts):
                continue
            if texts[i + 1] != texts[j + 1] or texts[i + 2] != texts[j + 2]:
                continue  # a run of three at least: checked cheaply first
            run = 3
            while i + run < j and j + run < len(texts) and texts[i + run] == texts[j + run]:
                run += 1
            if run > best and sum(len(texts[i + k] or "") for k in range(run)) >= 200:
                best, best_j = run, j
        if best:
            # the copy may begin with short lines (a letterhead) before the long ones
            j = best_j
            start = i
            while (
                start > 0
                and start - 1 not in drop
                and texts[start - 1] == texts[j - (i - start) - 1]
            ):
                if j - (i - start) - 1 <= i + best - 1:
                    break
                start -= 1
            drop.update(range(start, i + best))
            first, last = lines[start].number, lines[i + best - 1].number
            notes.append(
                (
                    f"Dòng {first}–{last}: đoạn văn bị lặp hai lần trong nguồn, chỉ giữ một lần",
                    f"Lines {first}–{last}: a block repeated twice in the source, kept once",
                )
            )
            i += best
        else:
            i += 1
    return [line for k, line in enumerate(lines) if k not in drop]


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower() and not _MARKER.match(text)


def _drop_ocr_noise(lines: list[Line], notes: list[tuple[str, str]]) -> list[Line]:
    """Short lines that interrupt a sentence: the line before does not end it and the line
    after goes on in lower case."""
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if line.table is not None or _ENDS_SENTENCE.search(line.text) or _MARKER.match(line.text):
            continue
        if len(line.text.split()) < 6:
            continue
        for run in range(1, 7):
            k = i + run
            if k >= len(lines) or lines[k].table is not None:
                break
            if _starts_lower(lines[k].text):
                junk = range(i + 1, k)
                if run > 1 and all(len(lines[m].text.split()) <= 8 for m in junk):
                    drop.update(junk)
                    shown = " / ".join(lines[m].text for m in junk)
                    notes.append(
                        (
                            f"Dòng {lines[i + 1].number}–{lines[k - 1].number}: bỏ chữ nhiễu (OCR) "
                            f"chen giữa câu: {shown}",
                            f"Lines {lines[i + 1].number}–{lines[k - 1].number}: scanner (OCR) "
                            f"noise inside a sentence dropped: {shown}",
                        )
                    )
                break
            if len(lines[k].text.split()) > 8:
                break
    return [line for k, line in enumerate(lines) if k not in drop]


_NUMBERED = re.compile(r"^(?:[IVX]{1,4}[.)]|\d{1,2}(?:\.\d{1,2})*[.)]?\s|[a-zđ][)]\s)")
_LINE_START = re.compile(
    r"^(?:Số\b|Ngày\b|Người ký|Cơ quan ban hành|Loại văn bản|Lĩnh vực|Nơi nhận|Căn cứ|"
    r"Thực hiện\b|Trên đây|KT\.|TM\.|Q\.)|^[^,;:]{2,40}, ngày\b"
)


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _join_broken(lines: list[Line], fmt: str) -> list[Line]:
    """Join a line to the one before when it goes on with the same sentence: it starts in
    lower case; or, in a PDF, the line before runs to the right margin without ending its
    sentence (and neither is a heading, a letterhead line or a numbered item's title)."""
    out: list[Line] = []
    lengths = sorted(len(line.text) for line in lines if line.table is None and line.text)
    full = lengths[int(0.95 * (len(lengths) - 1))] if lengths else 0
    for line in lines:
        previous = out[-1] if out else None
        if previous is not None and previous.table is None and line.table is None:
            join = _starts_lower(line.text) and not previous.text.endswith("/.")
            if fmt == "pdf" and not join and not _ENDS_SENTENCE.search(previous.text):
                runs_on = len(previous.text) >= 0.8 * full and not _upper(previous.text)
                starts_fresh = (
                    _upper(line.text)
                    or _LINE_START.match(line.text) is not None
                    or (_NUMBERED.match(previous.text) is not None and len(previous.text) < full)
                )
                if runs_on and not starts_fresh:
                    # a PDF line wrapped at the dash of 'kinh tế - xã hội' is not a bullet
                    dash_wrap = (
                        re.match(r"^[-–]\s+\w", line.text) is not None
                        and line.text.lstrip("-– ")[:1].islower()
                    )
                    join = dash_wrap or not _MARKER.match(line.text)
            if join:
                previous.text = f"{previous.text} {line.text}"
                continue
        out.append(Line(line.text, line.number, line.table))
    return out
