"""Reading a workbook file into raw sheets: .xlsx/.xlsm/.xls/.ods through
python-calamine, or a folder of CSV files (one per sheet) in UTF-8 (with or
without BOM), UTF-16 or Windows-1258. Text comes out NFC."""

from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from ttdn.ingest.problems import Problem, WorkbookRejected
from ttdn.text import nfc

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 200_000

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

    @property
    def name(self) -> str:
        return self.path.name


def read_workbook(path: Path, limits: Limits | None = None) -> RawWorkbook:
    """Read any accepted workbook; raise WorkbookRejected with a clear problem otherwise."""
    limits = limits or Limits.from_env()
    path = Path(path)
    if not path.exists():
        raise _reject(path, "Không tìm thấy tệp hoặc thư mục", "File or folder not found")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        if not files:
            raise _reject(
                path,
                "Thư mục không có tệp CSV nào (mỗi trang một tệp .csv)",
                "The folder holds no CSV file (one .csv per sheet)",
            )
        _check_size(path, sum(f.stat().st_size for f in files), limits)
        book = RawWorkbook(path, [_read_csv(f, path) for f in files])
    else:
        _check_size(path, path.stat().st_size, limits)
        if path.suffix.lower() == ".csv":
            book = RawWorkbook(path, [_read_csv(path, path)])
        else:
            book = RawWorkbook(path, _read_spreadsheet(path))
    total = sum(len(s.rows) for s in book.sheets)
    if total > limits.max_rows:
        raise _reject(
            path,
            f"Tệp có {total:,} dòng, vượt giới hạn {limits.max_rows:,} dòng".replace(",", "."),
            f"The file has {total:,} rows, over the limit of {limits.max_rows:,}",
        )
    return book


def _reject(path: Path, vi: str, en: str, sheet: str | None = None) -> WorkbookRejected:
    return WorkbookRejected([Problem(path.name, sheet, None, None, None, vi, en)])


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


def _read_spreadsheet(path: Path) -> list[RawSheet]:
    head = path.read_bytes()[:8]
    if head.startswith(OLE_MAGIC) and path.suffix.lower() != ".xls":
        raise _reject(
            path,
            "Bảng tính được đặt mật khẩu hoặc mã hóa; hãy bỏ mật khẩu rồi nạp lại",
            "The workbook is password-protected or encrypted; remove the password and load it again",
        )
    if path.suffix.lower() in {".xlsx", ".xlsm", ".ods"}:
        _check_zip(path)
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
            sheets.append(_to_raw_sheet(nfc(name), rows))
        return sheets
    except WorkbookRejected:
        raise
    except Exception as exc:  # calamine raises many kinds for broken files
        raise _reject(
            path,
            f"Bảng tính bị hỏng, không đọc được ({type(exc).__name__}: {exc})",
            f"The workbook is corrupt and cannot be read ({type(exc).__name__}: {exc})",
        ) from exc


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise _reject(
            path,
            "Tệp không phải bảng tính hợp lệ hoặc đã bị hỏng",
            "The file is not a valid spreadsheet, or it is corrupt",
        ) from exc
    if any(n.startswith("word/") for n in names) or any(n.startswith("ppt/") for n in names):
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


def _to_raw_sheet(name: str, rows: list[list]) -> RawSheet:
    cleaned = [[nfc(c) if isinstance(c, str) else c for c in row] for row in rows]
    header_index = next((i for i, row in enumerate(cleaned) if any(_filled(c) for c in row)), None)
    if header_index is None:
        return RawSheet(name, 1, [], [])
    headers = ["" if c is None else str(c).strip() for c in cleaned[header_index]]
    body = [
        (i + 1, row)
        for i, row in enumerate(cleaned)
        if i > header_index and any(_filled(c) for c in row)
    ]
    return RawSheet(name, header_index + 1, headers, body)


def _filled(cell) -> bool:
    return cell is not None and not (isinstance(cell, str) and cell.strip() == "")


def decode_csv_bytes(data: bytes) -> str:
    """Decode CSV bytes: BOMs first, then UTF-16 without BOM, UTF-8, else Windows-1258."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        odd_zeros = sample[1::2].count(b"\x00")
        return data.decode("utf-16-le" if odd_zeros >= sample[0::2].count(b"\x00") else "utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _read_csv(file: Path, book_path: Path) -> RawSheet:
    text = nfc_keep_lines(decode_csv_bytes(file.read_bytes()))
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count) if first else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return _to_raw_sheet(nfc(file.stem), rows)


def nfc_keep_lines(text: str) -> str:
    """NFC for a whole CSV text without touching its line structure."""
    import unicodedata

    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
