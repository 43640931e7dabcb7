"""The extractor's bad inputs (VI/EN messages, no workbook), Word list numbering, the
workbook it writes (review column and sheet) and the round trip through ttdn's loader."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from ttdn.cli import main
from ttdn.extract import ExtractError, extract_document, write_workbook
from ttdn.extract.fields import split_units
from ttdn.extract.readers import read_docx
from ttdn.ingest.loader import check_files, load_files
from ttdn.ingest.reader import Limits

SAMPLES = Path(__file__).parent / "extract_samples"
NOVEL = (
    "Chương một\n\nBuổi sáng hôm ấy trời mưa nhỏ. Lan đứng bên cửa sổ nhìn ra con đường "
    "vắng, nghĩ về những ngày còn đi học ở quê. Mẹ gọi cô xuống ăn sáng.\n\n"
    "Chương hai\n\nMùa hè năm đó, cả nhà về thăm ông bà ngoại ở Nam Định.\n"
) * 20


def _error(data: bytes, name: str, **kwargs) -> ExtractError:
    with pytest.raises(ExtractError) as caught:
        extract_document(data, name, **kwargs)
    return caught.value


def test_not_a_plan():
    error = _error(NOVEL.encode(), "tieu-thuyet.txt")
    assert error.code == "not_plan"
    assert "không phải là kế hoạch" in error.message_vi
    assert "not a plan" in error.message_en


@pytest.mark.parametrize("data", [b"", b"   \n\n  \t\n"])
def test_empty_file(data):
    error = _error(data, "rong.txt")
    assert error.code == "empty"
    assert "rỗng" in error.message("vi") and "empty" in error.message("en")


def test_scanned_pdf_without_text():
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    error = _error(buffer.getvalue(), "ban-quet.pdf")
    assert error.code == "scanned_pdf"
    assert "bản quét" in error.message_vi and "OCR" in error.message_en


def test_word_97_doc():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    error = _error(data, "ke-hoach.doc")
    assert error.code == "word97"
    assert ".docx" in error.message_vi and "Word 97" in error.message_en


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "lon.txt"
    path.write_bytes((SAMPLES / "lao-cai-2026.txt").read_bytes())
    with pytest.raises(ExtractError) as caught:
        extract_document(path, limits=Limits(max_bytes=1024))
    assert caught.value.code == "too_large"
    assert "vượt giới hạn" in caught.value.message_vi
    assert "over the limit" in caught.value.message_en


def test_corrupt_pdf():
    error = _error(b"%PDF-1.7\n" + b"garbage " * 100, "hong.pdf")
    assert error.code == "corrupt"
    assert "hỏng" in error.message_vi and "corrupt" in error.message_en


def test_unknown_format():
    assert _error(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "anh.png").code == "unknown_format"


def test_word_list_numbers_are_read(tmp_path):
    document = docx.Document()
    for text in ("KẾ HOẠCH", "Thông tin đối ngoại năm 2024", "II. NỘI DUNG"):
        document.add_paragraph(text)
    document.add_paragraph("Quảng bá hình ảnh", style="List Number")
    document.add_paragraph("Làm phim giới thiệu", style="List Bullet")
    document.add_paragraph("Tập huấn cán bộ", style="List Number")
    path = tmp_path / "list.docx"
    document.save(path)
    texts = [b.text for b in read_docx(path.read_bytes())]
    assert texts[3:] == ["1. Quảng bá hình ảnh", "- Làm phim giới thiệu", "2. Tập huấn cán bộ"]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        (
            "Sở Ngoại vụ và các cơ quan, đơn vị liên quan",
            ["Sở Ngoại vụ", "các cơ quan, đơn vị liên quan"],
        ),
        (
            "Sở Thông tin và Truyền thông, Báo Hà Tĩnh, Đài Phát thanh và Truyền hình tỉnh.",
            ["Sở Thông tin và Truyền thông", "Báo Hà Tĩnh", "Đài Phát thanh và Truyền hình tỉnh"],
        ),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Sở Thông tin và Truyền thông hướng dẫn.", ["Sở Thông tin và Truyền thông"]),
        (
            "Các cơ quan báo chí địa phương, các sở, ban, ngành, đoàn thể; UBND các huyện",
            ["Các cơ quan báo chí địa phương", "các sở, ban, ngành, đoàn thể", "UBND các huyện"],
        ),
    ],
)
def test_split_units(text, units):
    assert split_units(text) == units


def test_workbook_review_sheet_and_round_trip(tmp_path):
    extraction = extract_document(SAMPLES / "lao-cai-2026.txt")
    out = write_workbook(extraction, tmp_path / "lc.xlsx")
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["Kế hoạch", "Hoạt động", "Phân công", "Kinh phí", "Cần xem lại"]
    header = next(book["Hoạt động"].iter_rows(max_row=1, values_only=True))
    assert header[:4] == ("Mã kế hoạch", "Mã hoạt động", "Mục", "Tên hoạt động")
    assert header[-1] == "Cần xem lại"
    # the loader takes it whole: no error and no warning about the review column or sheet
    tables, problems = check_files([out])
    assert problems == []
    db = tmp_path / "rt.duckdb"
    report = load_files([out], db)
    assert report.loaded == ["LC-2026-318"]
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        tables = {
            r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
        }
        rows = con.execute("select count(*) from activities").fetchone()[0]
        if "sections" in tables:  # group headings (II.2, II.3) live there since the schema change
            rows += con.execute("select count(*) from sections").fetchone()[0]
        assert rows == 7
        assert con.execute("select year, signer from plans").fetchone() == (2026, "Nguyễn Văn Hòa")
        # the last assignment names two collective units: one row per unit
        assert con.execute("select count(*) from assignments").fetchone()[0] == 5


def test_review_sheet_lists_flagged_rows(tmp_path):
    data = (SAMPLES / "lao-cai-2026.txt").read_text(encoding="utf-8")
    data = data.replace("Số: 318/KH-UBND", "Số: /KH-UBND")
    extraction = extract_document(data.encode(), "lc.txt")
    assert extraction.tables["plans"].needs_review.tolist() == [True]
    out = write_workbook(extraction, tmp_path / "lc.xlsx")
    rows = list(load_workbook(out, read_only=True)["Cần xem lại"].iter_rows(values_only=True))
    assert rows[0] == ("Trang / sheet", "Dòng / row", "Cột / column", "Lý do", "Reason")
    assert ("Kế hoạch", 2, "Số hiệu") == rows[1][:3]
    assert "Số hiệu để trống" in rows[1][3] and "number is blank" in rows[1][4]


def test_cli_extract(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    code = main(["extract", str(SAMPLES / "lao-cai-2026.txt"), "-o", str(out), "--plan-id", "LC-1"])
    assert code == 0 and out.exists()
    assert "LC-1: 7 hoạt động / activities" in capsys.readouterr().out
    novel = tmp_path / "novel.txt"
    novel.write_text(NOVEL, encoding="utf-8")
    code = main(["extract", str(novel), "-o", str(tmp_path / "none.xlsx")])
    assert code == 1 and not (tmp_path / "none.xlsx").exists()
    err = capsys.readouterr().err
    assert "không phải là kế hoạch" in err and "not a plan" in err


def test_word_multilevel_numbering(tmp_path):
    """Word lists drawn from a numbering definition: 'I.' (upperRoman), '1.' and '1.1.'
    (lvlText '%2.%3.')."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3.")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.append(
        parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">{lvls}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>')
    )

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="77"/></w:numPr>'
            )
        )

    document.add_paragraph("KẾ HOẠCH")
    numbered("MỤC ĐÍCH", 0)
    numbered("NỘI DUNG", 0)
    numbered("Quảng bá", 1)
    numbered("Làm phim", 2)
    numbered("Làm sách", 2)
    numbered("Tập huấn", 1)
    path = tmp_path / "multi.docx"
    document.save(path)
    texts = [b.text for b in read_docx(path.read_bytes())]
    assert texts == [
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH",
        "II. NỘI DUNG",
        "1. Quảng bá",
        "1.1. Làm phim",
        "1.2. Làm sách",
        "2. Tập huấn",
    ]


def test_edited_tables_are_written(tmp_path):
    extraction = extract_document(SAMPLES / "lao-cai-2026.txt")
    activities = extraction.tables["activities"].copy()
    activities.loc[0, "timeframe"] = "Quý II/2026"
    out = write_workbook(extraction.with_tables({"activities": activities}), tmp_path / "e.xlsx")
    rows = list(load_workbook(out, read_only=True)["Hoạt động"].iter_rows(values_only=True))
    column = rows[0].index("Thời gian thực hiện")
    assert rows[1][column] == "Quý II/2026"
    assert extraction.tables["activities"].timeframe[0] == "Quý I/2026"  # the original is kept


def test_cli_several_documents_in_one_workbook(tmp_path, capsys):
    out = tmp_path / "two.xlsx"
    sample = str(SAMPLES / "lao-cai-2026.txt")
    assert main(["extract", sample, sample, "-o", str(out)]) == 0
    plans = list(load_workbook(out, read_only=True)["Kế hoạch"].iter_rows(values_only=True))
    assert [row[0] for row in plans[1:]] == ["LC-2026-318", "LC-2026-318-2"]
    _tables, problems = check_files([out])
    assert [p for p in problems if p.severity == "error"] == []
