"""Reading a workbook file into raw sheets: .xlsx/.xlsm/.xls/.ods through
python-calamine, or a folder of CSV files (one per sheet) in UTF-8 (with or
without BOM), UTF-16 or Windows-1258. Text comes out NFC, without control
characters or bidirectional overrides.

Sizes are checked before anything is parsed: only regular files are read (no
devices or pipes; symlinks are followed a bounded number of times), the file
size, an .xlsx sheet's claimed <dimension> and the cells it really holds (a far
corner cell makes calamine allocate the whole rectangle), and the row count."""

from __future__ import annotations

import codecs
import csv
import errno
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from ttdn.ingest.problems import Problem, WorkbookRejected
from ttdn.text import nfc, strip_unsafe

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Files that are certainly not CSV text, by their first bytes.
BINARY_MAGIC = {
    b"\x89PNG": ("ảnh PNG", "a PNG image"),
    b"\xff\xd8\xff": ("ảnh JPEG", "a JPEG image"),
    b"GIF8": ("ảnh GIF", "a GIF image"),
    b"%PDF": ("tệp PDF", "a PDF file"),
    b"PK\x03\x04": ("tệp nén (xlsx/docx/zip)", "a zip archive (xlsx/docx/zip)"),
    OLE_MAGIC: ("tệp Office nhị phân (xls/doc)", "a binary Office file (xls/doc)"),
    b"\x7fELF": ("chương trình máy tính", "a program"),
    b"\x1f\x8b": ("tệp nén gzip", "a gzip archive"),
}
MAX_SYMLINKS = 8  # symlinks followed from a path before giving up
MAX_CSV_FILES = 64  # CSV files in one workbook folder
MAX_CELL_WARNINGS = 20  # cells listed one by one; the rest are counted
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?\""
)
# Cell and row references (r="B12", r="12") that are rare in a normal sheet, so that the
# scan only builds a match for them: columns of two or more letters, and long row numbers.
_WIDE_REF = re.compile(rb'r="([A-Z]{2,3})(\d{1,9})"')


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 200_000
    max_columns: int = 256  # a sheet's widest row (the format has 14 columns)
    max_cells: int = 5_000_000  # rows × columns of the rectangle a sheet spans
    max_unzipped: int = 512 * 1024 * 1024  # XML inside an .xlsx/.ods, all parts

    @classmethod
    def from_env(cls) -> Limits:
        mb = float(os.environ.get("TTDN_MAX_FILE_MB", 50))
        rows = int(os.environ.get("TTDN_MAX_ROWS", 200_000))
        return cls(max_bytes=int(mb * 1024 * 1024), max_rows=rows)


@dataclass
class RawSheet:
    name: str
    header_row: int  # Excel row number of the header
    headers: list[str]
    rows: list[tuple[int, list]]  # (Excel row number, cells)


@dataclass
class RawWorkbook:
    path: Path
    sheets: list[RawSheet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # warnings found while reading

    @property
    def name(self) -> str:
        return self.path.name


def read_workbook(path: Path, limits: Limits | None = None) -> RawWorkbook:
    """Read any accepted workbook; raise WorkbookRejected with a clear problem otherwise."""
    limits = limits or Limits.from_env()
    path = Path(path)
    files = inspect(path, limits)
    book = RawWorkbook(path)
    if path.is_dir() or path.suffix.lower() == ".csv":
        for file in files:
            book.sheets.append(_read_csv(file, path, limits, book.problems))
    else:
        book.sheets = _read_spreadsheet(path, limits, book.problems)
    total = sum(len(s.rows) for s in book.sheets)
    if total > limits.max_rows:
        raise _too_many_rows(path, total, limits)
    return book


def inspect(path: Path, limits: Limits | None = None) -> list[Path]:
    """The files a workbook path stands for (itself, or a folder's CSV files), after
    checking, without reading them, that each is a regular file within the size limit.
    Raises WorkbookRejected otherwise."""
    limits = limits or Limits.from_env()
    path = Path(path)
    mode = _mode(path, path)
    if stat.S_ISDIR(mode):
        files = _csv_files(path)
        if not files:
            raise _reject(
                path,
                "Thư mục không có tệp CSV nào (mỗi trang một tệp .csv)",
                "The folder holds no CSV file (one .csv per sheet)",
            )
        size = 0
        for file in files:
            _regular(file, path)
            size += file.stat().st_size
        _check_size(path, size, limits)
        return files
    _regular(path, path)
    _check_size(path, path.stat().st_size, limits)
    return [path]


def workbook_files(path: Path) -> list[Path]:
    """The files whose bytes make up a workbook (for its content hash)."""
    path = Path(path)
    return _csv_files(path) if path.is_dir() else [path]


def _csv_files(folder: Path) -> list[Path]:
    files = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.lower().endswith(".csv") and not entry.name.startswith("."):
                    files.append(Path(entry.path))
                    if len(files) > MAX_CSV_FILES:
                        raise _reject(
                            folder,
                            f"Thư mục có hơn {MAX_CSV_FILES} tệp CSV (mỗi trang một tệp)",
                            f"The folder holds more than {MAX_CSV_FILES} CSV files (one per sheet)",
                        )
    except OSError as exc:
        raise _unreadable(folder, folder, exc) from exc
    return sorted(files)


def _mode(file: Path, book: Path) -> int:
    """st_mode of a path, following at most MAX_SYMLINKS links; a loop is refused."""
    current = file
    for _ in range(MAX_SYMLINKS + 1):
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            raise _reject(
                book,
                "Không tìm thấy tệp hoặc thư mục" + (f" ({file.name})" if file != book else ""),
                "File or folder not found" + (f" ({file.name})" if file != book else ""),
            ) from None
        except OSError as exc:
            raise _unreadable(file, book, exc) from exc
        if not stat.S_ISLNK(info.st_mode):
            return info.st_mode
        try:
            target = os.readlink(current)
        except OSError as exc:
            raise _unreadable(file, book, exc) from exc
        current = Path(os.path.join(os.path.dirname(current), target))
    raise _symlink_loop(file, book)


def _regular(file: Path, book: Path) -> None:
    mode = _mode(file, book)
    if not stat.S_ISREG(mode):
        sheet = file.stem if file != book else None
        raise _reject(
            book,
            f"'{file.name}' không phải tệp thông thường (thiết bị, ống dẫn hoặc thư mục); không đọc",
            f"'{file.name}' is not a regular file (a device, pipe or folder); not read",
            sheet,
        )


def _symlink_loop(file: Path, book: Path) -> WorkbookRejected:
    return _reject(
        book,
        f"Liên kết tượng trưng '{file.name}' tạo vòng lặp hoặc quá {MAX_SYMLINKS} bước; không đọc",
        f"The symbolic link '{file.name}' loops or goes over {MAX_SYMLINKS} steps; not read",
        file.stem if file != book else None,
    )


def _unreadable(file: Path, book: Path, exc: OSError) -> WorkbookRejected:
    if exc.errno == errno.ELOOP:
        return _symlink_loop(file, book)
    return _reject(
        book,
        f"Không đọc được '{file.name}' ({exc.strerror or exc})",
        f"Cannot read '{file.name}' ({exc.strerror or exc})",
    )


def _reject(
    path: Path,
    vi: str,
    en: str,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
) -> WorkbookRejected:
    return WorkbookRejected([Problem(path.name, sheet, row, column, None, vi, en)])


def _vi(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _too_many_rows(path: Path, total: int, limits: Limits, sheet=None, row=None):
    return _reject(
        path,
        f"Tệp có hơn {_vi(total)} dòng, vượt giới hạn {_vi(limits.max_rows)} dòng",
        f"The file has more than {total:,} rows, over the limit of {limits.max_rows:,}",
        sheet,
        row,
    )


def _check_size(path: Path, size: int, limits: Limits) -> None:
    if size == 0:
        raise _reject(path, "Tệp rỗng (0 byte)", "The file is empty (0 bytes)")
    if size > limits.max_bytes:
        mb, cap = size / 1048576, limits.max_bytes / 1048576
        raise _reject(
            path,
            f"Tệp nặng {mb:.1f} MB, vượt giới hạn {cap:.0f} MB".replace(".", ","),
            f"The file is {mb:.1f} MB, over the limit of {cap:.0f} MB",
        )


def _read_bytes(file: Path, book: Path, limits: Limits) -> bytes:
    """A regular file's bytes, never more than the size limit (it may grow meanwhile)."""
    try:
        with open(file, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                _regular(file, book)
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise _unreadable(file, book, exc) from exc
    _check_size(book, len(data), limits)
    return data


def _read_spreadsheet(path: Path, limits: Limits, warnings: list[Problem]) -> list[RawSheet]:
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC) and path.suffix.lower() != ".xls":
        raise _reject(
            path,
            "Bảng tính được đặt mật khẩu hoặc mã hóa; hãy bỏ mật khẩu rồi nạp lại",
            "The workbook is password-protected or encrypted; remove the password and load it again",
        )
    if path.suffix.lower() in {".xlsx", ".xlsm", ".ods"}:
        _check_zip(path, limits)
    elif path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise _reject(
            path,
            f"Không nhận dạng được loại tệp '{path.suffix}'; cần .xlsx, .ods hoặc thư mục CSV",
            f"Unknown file type '{path.suffix}'; expected .xlsx, .ods or a folder of CSV files",
        )
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(_to_raw_sheet(path, nfc(strip_unsafe(name)[0]), rows, warnings))
        return sheets
    except WorkbookRejected:
        raise
    except Exception as exc:  # calamine raises many kinds for broken files
        raise _reject(
            path,
            f"Bảng tính bị hỏng, không đọc được ({type(exc).__name__}: {exc})",
            f"The workbook is corrupt and cannot be read ({type(exc).__name__}: {exc})",
        ) from exc


def _check_zip(path: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if any(n.startswith(("word/", "ppt/")) for n in names):
                raise _reject(
                    path,
                    "Tệp là văn bản Word/PowerPoint đổi tên, không phải bảng tính",
                    "The file is a renamed Word/PowerPoint document, not a spreadsheet",
                )
            if "xl/workbook.xml" not in names and "content.xml" not in names:
                raise _reject(
                    path,
                    "Tệp nén không chứa bảng tính (.xlsx/.ods)",
                    "The archive holds no spreadsheet (.xlsx/.ods)",
                )
            if sum(i.file_size for i in archive.infolist()) > limits.max_unzipped:
                raise _reject(
                    path,
                    f"Bảng tính giải nén ra hơn {limits.max_unzipped // 1048576} MB; không đọc",
                    f"The workbook unpacks to over {limits.max_unzipped // 1048576} MB; not read",
                )
            if "content.xml" in names and "xl/workbook.xml" not in names:
                _check_ods(path, archive, limits)
            if "xl/workbook.xml" in names:
                _check_counts(path, archive, names, limits)
                for sheet, member in _xlsx_sheets(archive, names):
                    _check_sheet_xml(path, archive, sheet, member, limits)
    except zipfile.BadZipFile as exc:
        raise _reject(
            path,
            "Tệp không phải bảng tính hợp lệ hoặc đã bị hỏng",
            "The file is not a valid spreadsheet, or it is corrupt",
        ) from exc
    except (OSError, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
        raise _reject(
            path,
            f"Bảng tính bị hỏng, không đọc được ({type(exc).__name__})",
            f"The workbook is corrupt and cannot be read ({type(exc).__name__})",
        ) from exc


_COUNT = re.compile(rb'\b(?:uniqueCount|count)="(\d{1,20})"')


def _check_counts(path: Path, archive, names: set[str], limits: Limits) -> None:
    """Counts an .xlsx declares up front (shared strings, styles) that a reader may
    allocate for before reading: a false, huge count aborts the process."""
    for member in sorted(n for n in names if n.endswith((".xml", ".rels"))):
        with archive.open(member) as stream:
            head = stream.read(16384)
        for match in _COUNT.finditer(head):
            count = int(match.group(1))
            if count > limits.max_cells:
                raise _reject(
                    path,
                    f"Phần '{member}' của bảng tính khai báo {_vi(count)} mục, vượt giới hạn"
                    f" {_vi(limits.max_cells)}; tệp bị hỏng hoặc cố ý làm sai; không đọc",
                    f"The workbook part '{member}' declares {count:,} items, over the limit of"
                    f" {limits.max_cells:,}; the file is corrupt or crafted; not read",
                )


_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*)>")
_ODS_REPEAT_ROWS = re.compile(rb'number-rows-repeated="(\d{1,12})"')
_ODS_CELL = re.compile(
    rb'<table:(?:covered-)?table-cell\b[^>]*number-columns-repeated="(\d{1,12})"[^>]*>'
)
_ODS_ROW_END = b"</table:table-row>"
_ODS_TABLE = re.compile(rb'<table:table\b[^>]*?table:name="([^"]*)"')


def _check_ods(path: Path, archive, limits: Limits) -> None:
    """An .ods repeats rows and cells by count (table:number-rows-repeated,
    number-columns-repeated). Empty repeats are normal (LibreOffice pads to the sheet's
    end); repeats that hold a value make the reader build every copy, so they count."""

    def sheet_at(position: int) -> str | None:
        names = [n for p, n in tables if p < position]
        return names[-1] if names else sheet

    def refuse(rows: int, cols: int, where: str | None):
        raise _reject(
            path,
            f"Trang '{where}': bảng tính .ods lặp một ô có giá trị thành {_vi(rows)} dòng × {_vi(cols)} cột,"
            f" vượt giới hạn {_vi(limits.max_rows)} dòng, {limits.max_columns} cột; không đọc",
            f"Sheet '{where}': the .ods repeats a cell holding a value over {rows:,} rows × {cols:,} columns,"
            f" over the limit of {limits.max_rows:,} rows, {limits.max_columns} columns;"
            " not read",
            where,
            rows,
            column_letters(min(cols, 16384)),
        )

    rows_seen: dict[str | None, int] = {}  # sheet → rows, repeats that hold a value counted
    read, tail, sheet = 0, b"", None
    with archive.open("content.xml") as stream:
        while True:
            chunk = stream.read(1 << 20)
            read += len(chunk)
            if read > limits.max_unzipped:
                raise _reject(
                    path,
                    f"Bảng tính giải nén ra hơn {limits.max_unzipped // 1048576} MB; không đọc",
                    f"The workbook unpacks to over {limits.max_unzipped // 1048576} MB; not read",
                )
            data = tail + chunk
            cut = data.rfind(b"<table:table-row") if chunk else len(data)
            if cut <= 0:
                tail = data
                if not chunk:
                    break
                continue
            body, tail = data[:cut], data[cut:]
            tables = [
                (m.start(), _xml_unescape(m.group(1).decode("utf-8", "replace")))
                for m in _ODS_TABLE.finditer(body)
            ]
            for match in _ODS_CELL.finditer(body):
                if b"value-type" in match.group(0) and int(match.group(1)) > limits.max_columns:
                    refuse(1, int(match.group(1)), sheet_at(match.start()))
            for match in _ODS_ROW.finditer(body):
                repeat = _ODS_REPEAT_ROWS.search(match.group(1))
                count = int(repeat.group(1)) if repeat else 1
                if count > 1:
                    end = body.find(_ODS_ROW_END, match.end())
                    content = body[match.end() : end if end >= 0 else len(body)]
                    if b"value-type" not in content and b"<text:p" not in content:
                        continue
                where = sheet_at(match.start())
                rows_seen[where] = rows_seen.get(where, 0) + count
                if rows_seen[where] > limits.max_rows + 1:
                    refuse(rows_seen[where], 1, where)
            sheet = sheet_at(len(body) + 1)
            if not chunk:
                break


def _xlsx_sheets(archive: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """(sheet name, XML member) of every worksheet, read from workbook.xml and its rels
    with bounded regular expressions (both files are small; refuse them otherwise)."""

    def small(member: str) -> str:
        if member not in names or archive.getinfo(member).file_size > 4 * 1048576:
            return ""
        return archive.read(member).decode("utf-8", errors="replace")

    targets = {}
    for rel in re.finditer(r"<(?:\w+:)?Relationship\b[^>]*>", small("xl/_rels/workbook.xml.rels")):
        tag = rel.group(0)
        ident, target = re.search(r'\bId="([^"]*)"', tag), re.search(r'\bTarget="([^"]*)"', tag)
        if ident and target:
            value = target.group(1)
            member = value.lstrip("/") if value.startswith("/") else f"xl/{value}"
            targets[ident.group(1)] = os.path.normpath(member).replace(os.sep, "/")
    found = []
    for tag in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", small("xl/workbook.xml")):
        name = re.search(r'\bname="([^"]*)"', tag.group(0))
        ident = re.search(r'\b(?:\w+:)?id="([^"]*)"', tag.group(0))
        member = targets.get(ident.group(1)) if ident else None
        if name and member in names:
            found.append((_xml_unescape(name.group(1)), member))
    listed = {m for _, m in found}
    found += [
        (Path(n).stem, n)
        for n in sorted(names)
        if n.startswith("xl/worksheets/") and n.endswith(".xml") and n not in listed
    ]
    return found


def _xml_unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return nfc(text.replace("&amp;", "&"))


def column_letters(index: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _check_sheet_xml(path: Path, archive, sheet: str, member: str, limits: Limits) -> None:
    """Refuse a sheet whose claimed or real extent is too large, streaming its XML with a
    cap, before calamine allocates anything."""

    def refuse(kind_vi: str, kind_en: str, row: int, col: int):
        cells, corner = row * col, f"{column_letters(col)}{row}"
        raise _reject(
            path,
            f"Trang '{sheet}' {kind_vi} tới ô {corner} ({_vi(row)} dòng × {_vi(col)} cột ="
            f" {_vi(cells)} ô), vượt giới hạn {_vi(limits.max_rows)} dòng,"
            f" {limits.max_columns} cột, {_vi(limits.max_cells)} ô; không đọc",
            f"Sheet '{sheet}' {kind_en} cell {corner} ({row:,} rows × {col:,} columns ="
            f" {cells:,} cells), over the limit of {limits.max_rows:,} rows,"
            f" {limits.max_columns} columns, {limits.max_cells:,} cells; not read",
            sheet,
            row,
            column_letters(col),
        )

    def too_big(row: int, col: int) -> bool:
        return row > limits.max_rows + 1 or col > limits.max_columns or row * col > limits.max_cells

    long_ref = re.compile(rb'r="[A-Z]{0,3}(\d{%d,9})"' % len(str(limits.max_rows + 2)))
    max_row = max_col = 1
    tags = 0
    read = 0
    tail = b""
    with archive.open(member) as stream:
        first = True
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            read += len(chunk)
            if read > limits.max_unzipped:
                raise _reject(
                    path,
                    f"Trang '{sheet}' giải nén ra hơn {limits.max_unzipped // 1048576} MB",
                    f"Sheet '{sheet}' unpacks to over {limits.max_unzipped // 1048576} MB",
                    sheet,
                )
            data = tail + chunk
            if first:
                first = False
                claim = _DIMENSION.search(data[:8192])
                if claim:
                    col = column_number((claim.group(3) or claim.group(1)).decode())
                    row = int(claim.group(4) or claim.group(2))
                    if too_big(row, col):
                        refuse("khai báo vùng dữ liệu", "claims data up to", row, col)
            cut = max(data.rfind(b"<"), 0)  # never split a tag between two chunks
            body, tail = data[:cut], data[cut:]
            tags += body.count(b"<row") + body.count(b":row")
            for match in long_ref.finditer(body):
                max_row = max(max_row, int(match.group(1)))
            for match in _WIDE_REF.finditer(body):
                max_col = max(max_col, column_number(match.group(1).decode()))
                max_row = max(max_row, int(match.group(2)))
            if too_big(max(max_row, tags), max_col):
                refuse("có dữ liệu", "holds data up to", max(max_row, tags), max_col)
    if tail and too_big(max(max_row, tags), max_col):
        refuse("có dữ liệu", "holds data up to", max(max_row, tags), max_col)


def _to_raw_sheet(book: Path, name: str, rows: list[list], warnings: list[Problem]) -> RawSheet:
    header_index = None
    cleaned = []
    dirty: list[tuple[int, int, str]] = []  # (row index, column index, what was removed)
    clean: dict[str, str] = {}  # text → cleaned text (sheets repeat many values)
    for i, row in enumerate(rows):
        out = list(row)
        for j, cell in enumerate(out):
            if type(cell) is str:
                done = clean.get(cell)
                if done is None:
                    text, removed = strip_unsafe(cell)
                    if removed:
                        dirty.append((i, j, removed))
                    else:
                        clean[cell] = done = nfc(text)
                    out[j] = nfc(text) if removed else done
                else:
                    out[j] = done
        cleaned.append(out)
        if header_index is None and any(_filled(c) for c in out):
            header_index = i
    if header_index is None:
        return RawSheet(name, 1, [], [])
    headers = ["" if c is None else str(c).strip() for c in cleaned[header_index]]
    body = [  # cleaned text is stripped: an empty cell is None or ""
        (i + 1, row)
        for i, row in enumerate(cleaned)
        if i > header_index and any(c is not None and c != "" for c in row)
    ]
    _list_dirty(book, name, headers, dirty, warnings)
    return RawSheet(name, header_index + 1, headers, body)


def column_name(headers: list[str], index: int) -> str:
    """A column as the user knows it: its header, else its letter."""
    header = headers[index] if index < len(headers) else ""
    return header or column_letters(index + 1)


def _list_dirty(book, sheet, headers, dirty, warnings: list[Problem]) -> None:
    for i, j, removed in dirty[:MAX_CELL_WARNINGS]:
        warnings.append(
            Problem(
                book.name,
                sheet,
                i + 1,
                column_name(headers, j),
                None,
                f"đã xóa ký tự điều khiển/ẩn khỏi ô ({removed})",
                f"control or hidden characters removed from the cell ({removed})",
                "warning",
            )
        )
    if len(dirty) > MAX_CELL_WARNINGS:
        more = len(dirty) - MAX_CELL_WARNINGS
        warnings.append(
            Problem(
                book.name,
                sheet,
                None,
                None,
                None,
                f"… và {more} ô khác cũng đã được xóa ký tự điều khiển/ẩn",
                f"… and {more} more cells had control or hidden characters removed",
                "warning",
            )
        )


def _filled(cell) -> bool:
    return cell is not None and not (isinstance(cell, str) and cell.strip() == "")


class MixedEncoding(ValueError):
    def __init__(self, line: int):
        super().__init__(f"line {line}")
        self.line = line


def decode_csv_bytes(data: bytes) -> str:
    """Decode CSV bytes: BOMs first, then UTF-16 without BOM, UTF-8, else Windows-1258.
    Raises MixedEncoding (with the first line number) when some lines are UTF-8 and
    others are not."""
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise MixedEncoding(_first_bad_line(body)) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        odd_zeros = sample[1::2].count(b"\x00")
        encoding = "utf-16-le" if odd_zeros >= sample[0::2].count(b"\x00") else "utf-16-be"
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    bad = _first_bad_line(data)
    if any(not line.isascii() and _is_utf8(line) for line in data.split(b"\n")):
        raise MixedEncoding(bad)
    return data.decode("cp1258", errors="replace")


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _first_bad_line(data: bytes) -> int:
    for number, line in enumerate(data.split(b"\n"), 1):
        if not _is_utf8(line):
            return number
    return 1


def _mixed_column(data: bytes, line: int) -> str | None:
    """The header of the first field on a line that is not UTF-8 (a best guess: the line
    is split as a CSV line on its own)."""
    lines = data.split(b"\n")
    if line > len(lines):
        return None
    header = lines[0].decode("utf-8", errors="replace").lstrip("\ufeff")
    delimiter = max([",", ";", "\t"], key=header.count)
    try:
        headers = next(csv.reader([header], delimiter=delimiter))
        fields = next(csv.reader([lines[line - 1].decode("latin-1")], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    for index, field_text in enumerate(fields):
        if not _is_utf8(field_text.encode("latin-1")):
            return column_name([h.strip() for h in headers], index)
    return None


def _read_csv(file: Path, book_path: Path, limits: Limits, warnings: list[Problem]) -> RawSheet:
    sheet = nfc(strip_unsafe(file.stem)[0])
    data = _read_bytes(file, book_path, limits)
    for magic, (vi, en) in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise _reject(
                book_path,
                f"'{file.name}' không phải tệp CSV dạng văn bản: đây là {vi}",
                f"'{file.name}' is not a CSV text file: it is {en}",
                sheet,
            )
    try:
        text = nfc_keep_lines(decode_csv_bytes(data))
    except MixedEncoding as mixed:
        column = _mixed_column(data, mixed.line)
        raise _reject(
            book_path,
            f"Tệp '{file.name}' trộn hai bảng mã (UTF-8 và Windows-1258); dòng {mixed.line} không"
            " phải UTF-8. Hãy lưu lại cả tệp bằng một bảng mã (UTF-8)",
            f"'{file.name}' mixes two encodings (UTF-8 and Windows-1258); line {mixed.line} is not"
            " UTF-8. Save the whole file in one encoding (UTF-8)",
            sheet,
            mixed.line,
            column,
        ) from None
    controls = sum(1 for ch in text[:4000] if ord(ch) < 32 and ch not in "\n\t")
    if controls > max(8, len(text[:4000]) // 20):
        raise _reject(
            book_path,
            f"'{file.name}' không phải tệp CSV dạng văn bản (có nhiều byte nhị phân)",
            f"'{file.name}' is not a CSV text file (it holds binary bytes)",
            sheet,
        )
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count) if first else ","
    rows, lines = _parse_csv(text, delimiter, file, book_path, sheet, limits)
    raw = _to_raw_sheet(book_path, sheet, rows, warnings)
    _check_csv_shape(raw, rows, lines, delimiter, file, book_path, sheet, warnings)
    return raw


def _parse_csv(text, delimiter, file, book_path, sheet, limits):
    """Rows and the file line each starts on. An unclosed quote is refused with the line
    where it opened; more rows than the limit stop the parse at once."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows, lines = [], []
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
            if len(rows) > limits.max_rows + 1:
                raise _too_many_rows(book_path, limits.max_rows, limits, sheet)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            limit = csv.field_size_limit()
            raise _reject(
                book_path,
                f"Một ô bắt đầu ở dòng {start} của '{file.name}' dài hơn {_vi(limit)} ký tự"
                " (thường do một dấu ngoặc kép không được đóng)",
                f"A cell starting on line {start} of '{file.name}' is longer than {limit:,}"
                " characters (usually a double quote that is never closed)",
                sheet,
                start,
            ) from None
        line = text.split("\n", start)[start - 1] if start <= text.count("\n") + 1 else ""
        header = rows[0] if rows else []
        column = column_name(header, _quote_field(line, delimiter)) if line else None
        raise _reject(
            book_path,
            f"Dấu ngoặc kép mở ở dòng {start} của '{file.name}' không được đóng (hoặc sai vị trí),"
            f" nên các dòng sau bị gộp vào một ô ({exc})",
            f"A double quote opened on line {start} of '{file.name}' is never closed (or is"
            f" misplaced), so the following lines would merge into one cell ({exc})",
            sheet,
            start,
            column,
        ) from None
    return rows, lines


def _quote_field(line: str, delimiter: str) -> int:
    """The index of the field on a CSV line whose double quote is never closed, or is
    closed in the middle of the field."""
    field, opened, inside = 0, 0, False
    for i, ch in enumerate(line):
        if inside:
            if ch == '"':
                nxt = line[i + 1 : i + 2]
                if nxt == '"':
                    continue
                inside = False
                if nxt not in ("", delimiter):
                    return opened
        elif ch == '"':
            inside, opened = True, field
        elif ch == delimiter:
            field += 1
    return opened if inside else field


def _check_csv_shape(raw, rows, lines, delimiter, file, book_path, sheet, warnings) -> None:
    """Ragged rows and values under an empty header are accepted with a warning; a quoted
    cell that swallowed whole CSV lines (a stray quote closed much later) is refused."""
    width = len(raw.headers)
    header_line = raw.header_row
    ragged = []
    for index, row in enumerate(rows):
        if index + 1 <= header_line or not any(c.strip() for c in row):
            continue
        if len(row) != width:
            ragged.append((index, len(row)))
        for j, cell in enumerate(row):
            if "\n" in cell and width >= 4:
                swallowed = next(
                    (
                        n
                        for n, part in enumerate(cell.split("\n"))
                        if part.count(delimiter) >= width - 1
                    ),
                    None,
                )
                if swallowed is not None:
                    raise _reject(
                        book_path,
                        f"Ô ở dòng {lines[index]} ('{column_name(raw.headers, j)}') chứa nguyên một"
                        " dòng CSV khác: có dấu ngoặc kép không được đóng đúng chỗ",
                        f"The cell starting on line {lines[index]} ('{column_name(raw.headers, j)}')"
                        " holds a whole other CSV line: a double quote is not closed where it"
                        " should be",
                        sheet,
                        lines[index],
                        column_name(raw.headers, j),
                    )
    for index, length in ragged[:MAX_CELL_WARNINGS]:
        vi = f"dòng có {length} ô nhưng tiêu đề có {width} cột"
        en = f"the row has {length} fields but the header has {width} columns"
        warnings.append(Problem(book_path.name, sheet, index + 1, None, None, vi, en, "warning"))
    if len(ragged) > MAX_CELL_WARNINGS:
        more = len(ragged) - MAX_CELL_WARNINGS
        warnings.append(
            Problem(
                book_path.name,
                sheet,
                None,
                None,
                None,
                f"… và {more} dòng khác có số ô khác số cột tiêu đề",
                f"… and {more} more rows have a different number of fields than the header",
                "warning",
            )
        )


def nfc_keep_lines(text: str) -> str:
    """NFC for a whole CSV text without touching its line structure."""
    import unicodedata

    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
