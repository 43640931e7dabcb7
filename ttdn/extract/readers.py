"""Readers: a document's bytes → a list of blocks (text lines, and tables of cells).

One reader per format: .txt/.md (plain text), .html (lxml, page chrome dropped),
.docx (python-docx: paragraphs and tables in document order), .pdf with a text layer
(PDFium via pypdfium2, page by page). Every reader returns NFC text; cleaning comes after.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from ttdn.extract import errors
from ttdn.ingest.reader import OLE_MAGIC, decode_csv_bytes

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf", ".doc"}
# the smallest text layer (characters per page) that is not a scan
MIN_CHARS_PER_PAGE = 40


@dataclass
class Block:
    """A line of text, or a table (rows of cell texts) when kind == 'table'."""

    text: str
    kind: str = "line"  # 'line', 'table', 'page' (a PDF page break)
    rows: list[list[str]] = field(default_factory=list)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ")


def read_blocks(data: bytes, suffix: str, filename: str = "") -> tuple[list[Block], str]:
    """The blocks of a document and the format they were read as ('text', 'html', 'docx', 'pdf')."""
    suffix = suffix.lower()
    if not data or not data.strip():
        raise errors.empty(filename)
    if data.startswith(OLE_MAGIC):
        raise errors.word97(filename)
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return read_pdf(data, filename), "pdf"
    if data.startswith(b"PK\x03\x04"):
        if suffix in (".docx", "") or _is_docx(data):
            return read_docx(data, filename), "docx"
        raise errors.unknown_format(suffix or "zip", filename)
    if suffix == ".doc":
        # a .doc that is not OLE2: often RTF or HTML saved with a .doc name
        text = decode_csv_bytes(data)
        if text.lstrip().startswith("{\\rtf"):
            raise errors.word97(filename)
        suffix = ".html" if "<html" in text[:2000].lower() else ".txt"
    if suffix in (".docx", ".xlsx", ".pptx"):
        raise errors.corrupt("not a zip archive", filename)
    text = decode_csv_bytes(data)
    head = text[:2000].lower()
    if suffix in HTML_SUFFIXES or (
        suffix not in TEXT_SUFFIXES and ("<html" in head or "<body" in head or "<div" in head)
    ):
        return read_html(text, filename), "html"
    if suffix and suffix not in TEXT_SUFFIXES:
        raise errors.unknown_format(suffix, filename)
    if "\x00" in text[:2000]:
        raise errors.unknown_format(suffix or "binary", filename)
    return read_text(text), "text"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_text(text: str) -> list[Block]:
    return [
        Block(line) for line in _nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]


# html ----------------------------------------------------------------------------------------

_CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")
_CHROME_WORDS = re.compile(
    r"(^|[\s_-])(nav|menu|breadcrumb|footer|header|sidebar|banner|share|social|comment|"
    r"related|advert|ads|login|cookie|toolbar|pagination)([\s_-]|$)",
    re.I,
)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "blockquote", "pre", "ul", "ol", "dd", "dt", "center",
}  # fmt: skip


def read_html(text: str, filename: str = "") -> list[Block]:
    """Text of a web page: scripts, menus, headers, footers and share bars dropped; tables kept."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError, ValueError...
        raise errors.corrupt(f"HTML: {exc}", filename) from exc
    for element in list(root.iter(*_CHROME_TAGS)):
        element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
        if marks.strip() and _CHROME_WORDS.search(marks) and element.tag not in ("body", "html"):
            if element.getparent() is not None:
                element.drop_tree()
    main = root.find(".//article") if root.find(".//article") is not None else root
    blocks: list[Block] = []
    _html_walk(main, blocks)
    return blocks


def _cell_text(cell) -> str:
    """A table cell's text with its paragraphs and line breaks kept as lines."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.tail and node is not cell:
            parts.append(node.tail)

    walk(cell)
    lines = (" ".join(line.split()) for line in _nfc("".join(parts)).split("\n"))
    return "\n".join(line for line in lines if line)


def _html_walk(element, blocks: list[Block]) -> None:
    buffer: list[str] = []

    def flush() -> None:
        text = _nfc("".join(buffer))
        for line in text.split("\n"):
            if line.strip():
                blocks.append(Block(" ".join(line.split())))
        buffer.clear()

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "table":
            flush()
            rows = []
            for tr in node.iter("tr"):
                cells = [
                    " ".join(_nfc(td.text_content()).split()) for td in tr if td.tag in ("td", "th")
                ]
                if any(cells):
                    rows.append(cells)
            if rows:
                blocks.append(Block("", "table", rows))
            if node.tail:
                buffer.append(node.tail)
            return
        if tag in _BLOCK_TAGS:
            flush()
        if tag == "br":
            buffer.append("\n")
        if tag == "li":
            parent = node.getparent()
            if parent is not None and parent.tag == "ol":
                buffer.append(f"{list(parent).index(node) + 1}. ")
            else:
                buffer.append("- ")
        if node.text and tag:
            buffer.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCK_TAGS:
            flush()
        if node.tail:
            buffer.append(node.tail)

    walk(element)
    flush()


# docx ----------------------------------------------------------------------------------------


def read_docx(data: bytes, filename: str = "") -> list[Block]:
    """Paragraphs and tables in document order; list numbering Word draws itself is lost
    (python-docx gives the text only), so numbered Word lists come out without numbers."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise errors.corrupt(f"DOCX: {type(exc).__name__}", filename) from exc
    blocks: list[Block] = []
    numbering = _Numbering(document)
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            mark = numbering.mark(item)
            for k, line in enumerate(_nfc(item.text).split("\n")):
                blocks.append(Block(f"{mark}{line}" if k == 0 and line.strip() else line))
        elif isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells: list[str] = []
                previous = None
                for cell in row.cells:
                    if cell._tc is previous:  # a merged cell repeats itself
                        continue
                    previous = cell._tc
                    cells.append(_nfc(cell.text).strip())
                rows.append(cells)
            blocks.append(Block("", "table", rows))
    return blocks


def qn(tag: str) -> str:
    from docx.oxml.ns import qn as _qn

    return _qn(tag)


class _Numbering:
    """The numbers and bullets Word draws for list paragraphs (w:numPr), which python-docx
    does not put in the text: counted here per list and level."""

    _FORMATS = {"bullet", "decimal", "lowerLetter", "upperLetter", "upperRoman", "lowerRoman"}

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.styles: dict[str | None, tuple] = {}
        from docx.enum.style import WD_STYLE_TYPE

        paragraph_styles = [s for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH]
        self.by_id = {s.style_id: s for s in paragraph_styles}
        self.default = next(
            (s for s in paragraph_styles if s.element.get(qn("w:default")) in ("1", "true")), None
        )
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        root = part.element
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(f"{ns}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{ns}lvl"):
                fmt = lvl.find(f"{ns}numFmt")
                text = lvl.find(f"{ns}lvlText")
                start = lvl.find(f"{ns}start")
                levels[int(lvl.get(f"{ns}ilvl"))] = (
                    fmt.get(f"{ns}val") if fmt is not None else "",
                    text.get(f"{ns}val") if text is not None else "",
                    int(start.get(f"{ns}val")) if start is not None else 1,
                )
            abstract[node.get(f"{ns}abstractNumId")] = levels
        for node in root.iter(f"{ns}num"):
            ref = node.find(f"{ns}abstractNumId")
            if ref is None:
                continue
            for level, spec in abstract.get(ref.get(f"{ns}val"), {}).items():
                self.formats[(node.get(f"{ns}numId"), level)] = spec

    def _style_info(self, style_id: str | None):
        """(numPr, lower-case name) of a paragraph style, following its base styles; cached
        (python-docx's own style lookup is slow: it scans every style each time)."""
        if style_id in self.styles:
            return self.styles[style_id]
        style = self.by_id.get(style_id) if style_id else self.default
        name = (style.name or "").lower() if style is not None else ""
        num_pr = None
        while style is not None:
            spr = style.element.pPr
            if spr is not None and spr.numPr is not None:
                num_pr = spr.numPr
                break
            style = style.base_style
        self.styles[style_id] = (num_pr, name)
        return num_pr, name

    def mark(self, paragraph) -> str:
        ppr = paragraph._p.pPr
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        style_num_pr, style_name = self._style_info(style_id)
        num_pr = ppr.numPr if ppr is not None and ppr.numPr is not None else style_num_pr
        if num_pr is None or num_pr.numId is None:
            return "- " if "list bullet" in style_name else ""
        num_id = str(num_pr.numId.val)
        if num_id == "0":
            return ""
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        fmt, text, _start = self.formats.get((num_id, level), ("decimal", "", 1))
        if fmt == "bullet" or fmt not in self._FORMATS:
            return "- " if fmt in ("bullet", "") else ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        if counts[level] == 0:
            counts[level] = _start - 1
        counts[level] += 1
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        if not text:
            text = {"decimal": "%{n}.", "upperRoman": "%{n}."}.get(fmt, "%{n})").replace(
                "{n}", str(level + 1)
            )

        def render(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            spec = self.formats.get((num_id, k), ("decimal", "", 1))
            return _format_number(max(counts[k], 1), spec[0])

        return re.sub(r"%(\d)", render, text).strip() + " "


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][
            (n - 1) % 12
        ]
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


# pdf -----------------------------------------------------------------------------------------


def read_pdf(data: bytes, filename: str = "") -> list[Block]:
    """The text layer page by page (PDFium, through pypdfium2); a page break is a Block of
    kind 'page'. Less than MIN_CHARS_PER_PAGE characters a page: a scan without text."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception as exc:  # PdfiumError for broken or encrypted files
        raise errors.corrupt(f"PDF: {exc}", filename) from exc
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    if not pages:
        raise errors.empty(filename)
    chars = sum(len("".join(p.split())) for p in pages)
    if chars < MIN_CHARS_PER_PAGE * len(pages):
        raise errors.scanned_pdf(filename)
    blocks: list[Block] = []
    for number, page in enumerate(pages):
        if number:
            blocks.append(Block("", "page"))
        text = _CONTROL.sub("", page.replace("\r\n", "\n").replace("\r", "\n"))
        blocks.extend(Block(line) for line in _nfc(text).split("\n"))
    return blocks


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\ufeff]")
