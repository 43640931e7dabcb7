import codecs
import unicodedata
import zipfile

import pytest

from tests.fixtures import write_csv_folder, write_xlsx
from ttdn.ingest.problems import WorkbookRejected
from ttdn.ingest.reader import Limits, decode_csv_bytes, read_workbook

TEXT = "plan_id,title\nHN-1,Quảng bá hình ảnh Đắk Lắk\n"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Vietnamese Windows does: letters with ă â ê ô ơ ư đ precomposed, tones combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # without BOM
        to_cp1258(TEXT),
        unicodedata.normalize("NFD", TEXT).encode("utf-8"),
    ],
)
def test_csv_encodings_give_the_same_nfc_text(data):
    text = unicodedata.normalize("NFC", decode_csv_bytes(data))
    assert text == TEXT


def test_windows_1258_file_reads_as_nfc(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "plans.csv").write_bytes(to_cp1258(TEXT))
    book = read_workbook(folder)
    assert book.sheets[0].rows[0][1] == ["HN-1", "Quảng bá hình ảnh Đắk Lắk"]
    assert unicodedata.is_normalized("NFC", book.sheets[0].rows[0][1][1])


def test_semicolon_delimited_csv(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "plans.csv").write_text("plan_id;title\nA;Tiêu đề, có dấu phẩy\n", encoding="utf-8")
    assert read_workbook(folder).sheets[0].rows[0] == (2, ["A", "Tiêu đề, có dấu phẩy"])


def test_xlsx_rows_keep_excel_row_numbers(tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx")
    sheets = {s.name: s for s in read_workbook(path).sheets}
    acts = sheets["Hoạt động"]
    assert acts.header_row == 1
    assert acts.rows[0][0] == 2 and acts.rows[-1][0] == 10  # 8 activities and 1 heading
    assert acts.headers[0] == "Mã kế hoạch"


def test_csv_folder_and_xlsx_read_the_same_values(tmp_path):
    x = read_workbook(write_xlsx(tmp_path / "b.xlsx", labels=False))
    c = read_workbook(write_csv_folder(tmp_path / "csv"))
    xs = {s.name: s for s in x.sheets}
    cs = {s.name: s for s in c.sheets}
    assert [r[1][3] for r in xs["activities"].rows] == [r[1][3] for r in cs["activities"].rows]


def _reason(path, limits=None):
    with pytest.raises(WorkbookRejected) as info:
        read_workbook(path, limits)
    (problem,) = info.value.problems
    return problem


def test_empty_file_is_rejected(tmp_path):
    path = tmp_path / "e.xlsx"
    path.write_bytes(b"")
    assert "rỗng" in _reason(path).message_vi


def test_renamed_docx_is_rejected(tmp_path):
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    problem = _reason(path)
    assert "Word" in problem.message_vi and "Word" in problem.message_en


def test_corrupt_xlsx_is_rejected(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file at all")
    assert "hỏng" in _reason(path).message_vi


def test_password_protected_workbook_is_rejected(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "mật khẩu" in _reason(path).message_vi


def test_size_and_row_limits(tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx")
    assert "MB" in _reason(path, Limits(max_bytes=100)).message_vi
    assert "dòng" in _reason(path, Limits(max_rows=5)).message_vi
