"""The extractor on documents that are not seeds: a 2025-merged province's text plan, a
ministry's .docx with an activity table, a department's PDF, a web page. Expected rows
written by hand from the documents in tests/extract_samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extract_samples.make_samples import ministry_docx
from ttdn.extract import extract_document

SAMPLES = Path(__file__).parent / "extract_samples"


def _rows(extraction, sheet: str, columns: list[str]) -> list[tuple]:
    return [tuple(r) for r in extraction.tables[sheet][columns].itertuples(index=False)]


def test_merged_province_text_plan():
    extraction = extract_document(SAMPLES / "lao-cai-2026.txt")
    plan = extraction.tables["plans"].iloc[0]
    assert plan.plan_id == "LC-2026-318"
    assert (plan.number, plan.issued_date, plan.year) == ("318/KH-UBND", "26/12/2025", 2026)
    assert plan.title == "Thông tin đối ngoại tỉnh Lào Cai năm 2026"
    assert (plan.issuer, plan.issuer_level, plan.province) == (
        "UBND tỉnh Lào Cai",
        "tỉnh",
        "Lào Cai",
    )
    assert plan.signer == "Nguyễn Văn Hòa"
    assert plan.legal_bases == (
        "Nghị định 72/2015/NĐ-CP; Thông tư 22/2016/TT-BTTTT; Kết luận 57-KL/TW"
    )
    assert _rows(
        extraction, "activities", ["activity_id", "lead_units", "cooperating_units", "timeframe"]
    ) == [
        (
            "II.1",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Báo và Phát thanh, Truyền hình Lào Cai",
            "Quý I/2026",
        ),
        ("II.2", "", "", ""),
        ("II.2.1", "Sở Ngoại vụ", "Sở Văn hóa, Thể thao và Du lịch; Công an tỉnh", "Tháng 5/2026"),
        ("II.2.2", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh", "", "Quý III/2026"),
        ("II.3", "", "", ""),
        ("II.3.a", "", "", ""),
        ("II.3.b", "", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", ""),
    ]
    # the line broken after 'hai cấp' is joined again; the page number '12' is dropped
    first = extraction.tables["activities"].description[0]
    assert first.endswith("bộ máy chính quyền hai cấp trên các kênh thông tin đối ngoại.")
    assert _rows(extraction, "assignments", ["unit", "role"]) == [
        ("Sở Văn hóa, Thể thao và Du lịch", "chủ trì"),
        ("Sở Văn hóa, Thể thao và Du lịch", "thực hiện"),
        ("Sở Ngoại vụ", "phối hợp"),
        ("Các sở, ban, ngành; Ủy ban nhân dân các xã, phường", "thực hiện"),
    ]
    # two sources in one sentence: two rows
    assert extraction.tables["budgets"].source.tolist() == [
        "ngân sách tỉnh năm 2026",
        "nguồn xã hội hóa theo quy định",
    ]


def test_ministry_docx_with_activity_table(tmp_path):
    extraction = extract_document(ministry_docx(tmp_path / "bng.docx"))
    plan = extraction.tables["plans"].iloc[0]
    assert (plan.number, plan.issuer, plan.issuer_level, plan.province) == (
        "1234/KH-BNG",
        "Bộ Ngoại giao",
        "trung ương",
        "Trung ương",
    )
    assert (plan.year, plan.issued_date, plan.signer) == (2024, "15/01/2024", "Bùi Thanh Sơn")
    assert plan.legal_bases == "Nghị định 72/2015/NĐ-CP; Quyết định 1191/QĐ-TTg"
    assert _rows(
        extraction,
        "activities",
        ["activity_id", "title", "lead_units", "cooperating_units", "timeframe", "budget_vnd"],
    ) == [
        ("II.I", "Thông tin về chính sách đối ngoại", "", "", "", ""),
        (
            "II.I.1",
            "Tổ chức họp báo định kỳ của người phát ngôn",
            "Vụ Thông tin Báo chí",
            "Văn phòng Bộ",
            "Hằng tuần",
            "150000000",
        ),
        (
            "II.I.2",
            "Xây dựng phim tài liệu về ngoại giao kinh tế",
            "Vụ Thông tin Báo chí",
            "Cục Ngoại vụ; Đài Truyền hình Việt Nam",
            "Quý III/2024",
            "500000000",
        ),
        ("II.II", "Quảng bá hình ảnh quốc gia", "", "", "", ""),
        (
            "II.II.1",
            "Tổ chức Tuần Văn hóa Việt Nam tại nước ngoài",
            "Cục Ngoại vụ",
            "Bộ Văn hóa, Thể thao và Du lịch",
            "Tháng 9/2024",
            "",
        ),
    ]
    assert _rows(extraction, "assignments", ["unit", "role"]) == [
        ("Vụ Thông tin Báo chí", "chủ trì"),
        ("Cục Ngoại vụ", "phối hợp"),
    ]
    assert extraction.tables["budgets"].source.tolist() == [
        "ngân sách nhà nước giao cho Bộ Ngoại giao năm 2024"
    ]


def test_department_pdf():
    extraction = extract_document(SAMPLES / "department-2024.pdf")
    plan = extraction.tables["plans"].iloc[0]
    assert (plan.number, plan.issuer, plan.issuer_level, plan.province) == (
        "56/KH-SNgV",
        "Sở Ngoại vụ tỉnh Nghệ An",
        "sở",
        "Nghệ An",
    )
    assert (plan.year, plan.issued_date, plan.signer) == (2024, "10/01/2024", "Lê Thị Mai")
    assert _rows(extraction, "activities", ["activity_id", "lead_units", "timeframe"]) == [
        ("II.1", "Phòng Lãnh sự và Người Việt Nam ở nước ngoài", "Thường xuyên trong năm 2024"),
        ("II.2", "", ""),
    ]
    # the line broken across the margin is joined; page numbers are not text
    assert (
        extraction.tables["activities"]
        .description[1]
        .endswith("với các đối tác nước ngoài và kiều bào.")
    )
    # the signature block is not a duty
    assert _rows(extraction, "assignments", ["unit", "role", "duty"]) == [
        ("Văn phòng Sở", "chủ trì", "Chủ trì tổng hợp, báo cáo kết quả thực hiện Kế hoạch.")
    ]
    assert extraction.tables["budgets"].source.tolist() == [
        "chi thường xuyên của Sở Ngoại vụ năm 2024"
    ]


HTML = """<!doctype html><html><head><title>Kế hoạch</title><script>var a=1;</script></head>
<body><nav class="menu"><a>Trang chủ</a><a>Đăng nhập</a></nav>
<div class="breadcrumb">Văn bản &gt; Kế hoạch</div>
<article><p>ỦY BAN NHÂN DÂN<br>TỈNH QUẢNG TRỊ</p><p>Số: 77/KH-UBND</p>
<p>Quảng Trị, ngày 02 tháng 3 năm 2025</p><p><b>KẾ HOẠCH</b></p>
<p>Thông tin đối ngoại tỉnh Quảng Trị năm 2025</p>
<h3>I. NỘI DUNG</h3><p>1. Quảng bá hình ảnh tỉnh</p>
<ul><li>Sản xuất video giới thiệu tiềm năng du lịch</li><li>Cập nhật trang tin tiếng Anh</li></ul>
<p>- Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du lịch</p>
<h3>II. TỔ CHỨC THỰC HIỆN</h3><p>1. Sở Ngoại vụ</p><p>- Chủ trì theo dõi, tổng hợp.</p></article>
<footer class="footer">Bản quyền © Cổng thông tin điện tử</footer>
<div class="share-box">Chia sẻ Facebook</div></body></html>"""


def test_web_page_chrome_is_dropped():
    extraction = extract_document(HTML.encode("utf-8"), "ke-hoach.html")
    plan = extraction.tables["plans"].iloc[0]
    assert (plan.number, plan.issuer, plan.year) == ("77/KH-UBND", "UBND tỉnh Quảng Trị", 2025)
    activities = extraction.tables["activities"]
    # <li> items are bullets; the field line after them belongs to item 1 and its bullets
    assert activities.activity_id.tolist() == ["I.1", "I.1.1", "I.1.2"]
    assert activities.lead_units.tolist() == ["Sở Văn hóa, Thể thao và Du lịch"] * 3
    assert activities.title[1] == "Sản xuất video giới thiệu tiềm năng du lịch"
    everything = " ".join(f.astype(str).to_string() for f in extraction.tables.values())
    assert "Trang chủ" not in everything and "Facebook" not in everything
    assert extraction.tables["assignments"].unit.tolist() == ["Sở Ngoại vụ"]


def test_district_markdown_plan():
    """A district's plan in markdown: A./B. sections, 'Nội dung:' lines, an inline timeframe,
    'Giao ...' / 'Đề nghị ...' duties without unit headings, an amount in the budget."""
    extraction = extract_document(SAMPLES / "nghi-loc-2023.md")
    plan = extraction.tables["plans"].iloc[0]
    assert (plan.plan_id, plan.issuer, plan.issuer_level, plan.province) == (
        "NA-2023-89",
        "UBND huyện Nghi Lộc",
        "huyện",
        "Nghệ An",  # named in the text ('UBND tỉnh Nghệ An'), not in the letterhead
    )
    assert (plan.year, plan.issued_date, plan.signer) == (2023, "15/02/2023", "Trần Quốc Khánh")
    assert _rows(
        extraction,
        "activities",
        ["activity_id", "title", "lead_units", "cooperating_units", "timeframe"],
    ) == [
        (
            "B.1",
            "Tuyên truyền trên Cổng thông tin điện tử huyện",
            "Văn phòng HĐND và UBND huyện",
            "Phòng Văn hóa và Thông tin huyện",
            "Thường xuyên",
        ),
        ("B.2", "Tổ chức lễ hội Đền Cờn gắn với quảng bá du lịch", "", "", "Tháng 3/2023"),
        (
            "B.2.1",
            "Tổ chức các hoạt động văn hóa, thể thao",
            "Phòng Văn hóa và Thông tin",
            "Trung tâm Văn hóa - Thể thao huyện",
            "Tháng 3/2023",
        ),
    ]
    assert extraction.tables["activities"].description[0] == (
        "Nội dung: Đăng tải tin, bài về thành tựu kinh tế - xã hội của huyện."
    )
    assert _rows(extraction, "assignments", ["unit", "role"]) == [
        ("Phòng Văn hóa và Thông tin huyện", "chủ trì"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "phối hợp"),
    ]
    assert _rows(extraction, "budgets", ["source", "amount_vnd"]) == [
        ("ngân sách huyện năm 2023", "120000000")
    ]


def test_letterhead_columns_on_one_line():
    """Text taken from a PDF puts both letterhead columns on one line."""
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH QUẢNG NINH Độc lập - Tự do - Hạnh phúc\n"
        "Số: 25/KH-UBND Quảng Ninh, ngày 10 tháng 01 năm 2024\n"
        "KẾ HOẠCH\nThông tin đối ngoại tỉnh Quảng Ninh năm 2024\n"
        "I. NỘI DUNG\n1. Quảng bá hình ảnh Vịnh Hạ Long\n2. Tập huấn cán bộ\n"
    )
    extraction = extract_document(text.encode(), "qn.txt")
    plan = extraction.tables["plans"].iloc[0]
    assert (plan.number, plan.issued_date, plan.issuer, plan.province) == (
        "25/KH-UBND",
        "10/01/2024",
        "UBND tỉnh Quảng Ninh",
        "Quảng Ninh",
    )
    assert plan.signer == "" and plan.needs_review
    assert "Không tìm thấy tên người ký" in [i.reason_vi for i in extraction.review]


def test_department_plan_with_unit_colon_duties():
    """'1. Unit: duty' under Tổ chức thực hiện; 'Cơ quan chủ trì' fields under lettered items;
    a numbered budget section."""
    extraction = extract_document(SAMPLES / "binh-dinh-so-2024.txt")
    plan = extraction.tables["plans"].iloc[0]
    assert (plan.issuer, plan.issuer_level, plan.year, plan.issued_date) == (
        "Sở Thông tin và Truyền thông tỉnh Bình Định",
        "sở",
        2024,
        "28/12/2023",
    )
    assert _rows(
        extraction, "activities", ["activity_id", "lead_units", "cooperating_units", "timeframe"]
    ) == [
        ("II.1", "", "", ""),
        (
            "II.1.a",
            "Phòng Thông tin - Báo chí - Xuất bản",
            "Văn phòng Sở; các phòng, đơn vị thuộc Sở",
            "Quý I/2024",
        ),
        ("II.1.b", "Văn phòng Sở", "", "Tháng 7/2024"),
        ("II.2", "", "Đài Phát thanh và Truyền hình Bình Định", ""),
    ]
    assert _rows(extraction, "assignments", ["unit", "role", "duty"]) == [
        (
            "Phòng Thông tin - Báo chí - Xuất bản",
            "chủ trì",
            "Chủ trì, hướng dẫn, theo dõi việc triển khai Kế hoạch; tổng hợp báo cáo kết quả.",
        ),
        ("Văn phòng Sở", "thực hiện", "Bố trí kinh phí thực hiện Kế hoạch."),
        (
            "Các phòng, đơn vị thuộc Sở",
            "thực hiện",
            "Căn cứ nhiệm vụ được giao, tổ chức thực hiện.",
        ),
    ]
    assert extraction.tables["budgets"].source.tolist() == [
        "ngân sách nhà nước cấp cho Sở năm 2024"
    ]


def test_docx_appendix_table_with_merged_cells(tmp_path):
    """The activities in an appendix table after the signature: a row of column numbers,
    a group row merged across the table, a lead unit merged down two rows, '-' sub-rows."""
    import docx

    document = docx.Document()
    for text in (
        "ỦY BAN NHÂN DÂN",
        "TỈNH CÀ MAU",
        "Số: 15/KH-UBND",
        "Cà Mau, ngày 05 tháng 02 năm 2026",
        "KẾ HOẠCH",
        "Thông tin đối ngoại tỉnh Cà Mau năm 2026",
        "I. NHIỆM VỤ",
        "Các nhiệm vụ cụ thể tại Phụ lục kèm theo.",
        "II. TỔ CHỨC THỰC HIỆN",
        "1. Sở Văn hóa, Thể thao và Du lịch",
        "- Chủ trì theo dõi, tổng hợp.",
        "Nơi nhận:",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lê Văn Sử",
        "PHỤ LỤC",
    ):
        document.add_paragraph(text)
    table = document.add_table(rows=7, cols=5)
    rows = [
        ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["I", "QUẢNG BÁ HÌNH ẢNH", "", "", ""],
        ["1", "Sản xuất phim quảng bá Mũi Cà Mau", "Sở Văn hóa, Thể thao và Du lịch", "", "Quý II"],
        ["2", "Tổ chức đoàn báo chí nước ngoài", "", "Sở Ngoại vụ", "Tháng 8/2026"],
        ["", "- Đón đoàn phóng viên Nhật Bản", "", "", ""],
        ["", "- Đón đoàn phóng viên Hàn Quốc", "", "", ""],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(2, 0).merge(table.cell(2, 4)).text = "I. QUẢNG BÁ HÌNH ẢNH"
    merged = table.cell(3, 2).merge(table.cell(4, 2))
    merged.text = "Sở Văn hóa, Thể thao và Du lịch"
    path = tmp_path / "ca-mau.docx"
    document.save(path)
    extraction = extract_document(path)
    plan = extraction.tables["plans"].iloc[0]
    assert (plan.issuer, plan.year, plan.signer) == ("UBND tỉnh Cà Mau", 2026, "Lê Văn Sử")
    assert _rows(
        extraction,
        "activities",
        ["activity_id", "title", "lead_units", "cooperating_units", "timeframe"],
    ) == [
        ("PL.I", "Quảng bá hình ảnh", "", "", ""),
        (
            "PL.I.1",
            "Sản xuất phim quảng bá Mũi Cà Mau",
            "Sở Văn hóa, Thể thao và Du lịch",
            "",
            "Quý II",
        ),
        (
            "PL.I.2",
            "Tổ chức đoàn báo chí nước ngoài",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Sở Ngoại vụ",
            "Tháng 8/2026",
        ),
        ("PL.I.2.1", "Đón đoàn phóng viên Nhật Bản", "", "", ""),
        ("PL.I.2.2", "Đón đoàn phóng viên Hàn Quốc", "", "", ""),
    ]
    assert _rows(extraction, "assignments", ["unit", "role"]) == [
        ("Sở Văn hóa, Thể thao và Du lịch", "chủ trì")
    ]


def test_unnumbered_section_headings():
    """Section headings without numbers (a Word heading style): 'NỘI DUNG', 'TỔ CHỨC THỰC HIỆN'."""
    extraction = extract_document(SAMPLES / "bo-y-te-2024.txt")
    plan = extraction.tables["plans"].iloc[0]
    assert (plan.issuer, plan.issuer_level, plan.province, plan.signer) == (
        "Bộ Y tế",
        "trung ương",
        "Trung ương",
        "Đào Hồng Lan",
    )
    assert _rows(extraction, "activities", ["activity_id", "title"]) == [
        ("II.1", "Cung cấp thông tin về chính sách y tế cho báo chí nước ngoài"),
        ("II.2", "Tổ chức họp báo quốc tế về phòng chống dịch bệnh"),
    ]
    assert _rows(extraction, "assignments", ["unit", "role"]) == [("Vụ Hợp tác quốc tế", "chủ trì")]


def test_duties_listed_by_unit_in_the_content_section():
    """'II. NHIỆM VỤ CỦA CÁC CƠ QUAN, ĐƠN VỊ' with one numbered item per unit: assignments."""
    extraction = extract_document(SAMPLES / "an-giang-2025.txt")
    assert extraction.tables["activities"].empty
    assert _rows(extraction, "assignments", ["unit", "role"]) == [
        ("Sở Văn hóa, Thể thao và Du lịch", "chủ trì"),
        ("Sở Văn hóa, Thể thao và Du lịch", "thực hiện"),
        ("Sở Ngoại vụ", "phối hợp"),
        ("Công an tỉnh", "thực hiện"),
    ]
    assert extraction.tables["plans"].signer[0] == "Hồ Văn Mừng"


GIA_LAI = (
    "SỞ NGOẠI VỤ TỈNH GIA LAI\nSố: 7/KH-SNgV\nGia Lai, ngày 02 tháng 01 năm 2025\nKẾ HOẠCH\n"
    "Thông tin đối ngoại năm 2025\nI. NỘI DUNG\n"
    "{b}Cung cấp thông tin cho các cơ quan đại diện Việt Nam ở nước ngoài.\n"
    "{b}Sở Ngoại vụ chủ trì, phối hợp với Công an tỉnh quản lý hoạt động của phóng viên nước ngoài.\n"
    "II. TỔ CHỨC THỰC HIỆN\nVăn phòng Sở chủ trì theo dõi, tổng hợp kết quả.\nGIÁM ĐỐC\nRơ Lan Anh\n"
)


@pytest.mark.parametrize("bullet", ["\uf0b7 ", ""])
def test_symbol_bullets_and_plain_paragraphs(bullet):
    """Word's symbol-font bullet (U+F0B7) is a bullet; without any mark, the paragraphs of a
    content section are taken as its tasks, flagged for review."""
    extraction = extract_document(GIA_LAI.format(b=bullet).encode(), "gia-lai.txt")
    plan = extraction.tables["plans"].iloc[0]
    assert (plan.issuer, plan.issuer_level, plan.signer) == (
        "Sở Ngoại vụ tỉnh Gia Lai",
        "sở",
        "Rơ Lan Anh",
    )
    assert _rows(
        extraction, "activities", ["activity_id", "lead_units", "cooperating_units", "needs_review"]
    ) == [
        ("I.1", "", "", not bullet),
        ("I.2", "Sở Ngoại vụ", "Công an tỉnh", not bullet),
    ]
    assert extraction.tables["activities"].title[1] == "Quản lý hoạt động của phóng viên nước ngoài"
    assert _rows(extraction, "assignments", ["unit", "role"]) == [("Văn phòng Sở", "chủ trì")]


def test_docx_letterhead_in_a_two_cell_table(tmp_path):
    """The usual Word letterhead: one table row, each cell several lines."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\n-------\nSố: 88/KH-UBND"
    table.cell(0, 1).text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
        "Ninh Bình, ngày 14 tháng 8 năm 2025"
    )
    for text in (
        "KẾ HOẠCH",
        "Thông tin đối ngoại tỉnh Ninh Bình năm 2026",
        "I. NỘI DUNG",
        "1. Quảng bá Khu du lịch Tràng An",
        "2. Tập huấn kỹ năng thông tin đối ngoại",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Phạm Quang Ngọc",
    ):
        document.add_paragraph(text)
    path = tmp_path / "ninh-binh.docx"
    document.save(path)
    plan = extract_document(path).tables["plans"].iloc[0]
    assert (plan.plan_id, plan.number, plan.issued_date, plan.year) == (
        "NB-2026-88",
        "88/KH-UBND",
        "14/08/2025",
        2026,
    )
    assert (plan.issuer, plan.province, plan.signer) == (
        "UBND tỉnh Ninh Bình",
        "Ninh Bình",
        "Phạm Quang Ngọc",
    )


def test_task_titles_that_start_like_section_names():
    """'4. Tổ chức thực hiện các chương trình ...' is a task; '5. Kinh phí thực hiện' inside
    the content section is the budget."""
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\nSố: 5/KH-UBND\nKẾ HOẠCH\nThông tin đối ngoại năm 2024\n"
        "I. NỘI DUNG\n1. Tổ chức thực hiện các chương trình quảng bá\n"
        "2. Kinh phí thực hiện\nKinh phí từ nguồn ngân sách tỉnh.\n"
        "II. TỔ CHỨC THỰC HIỆN\n1. Sở Ngoại vụ\n- Chủ trì tổng hợp.\n"
    )
    extraction = extract_document(text.encode(), "hg.txt")
    assert _rows(extraction, "activities", ["activity_id", "title"]) == [
        ("I.1", "Tổ chức thực hiện các chương trình quảng bá")
    ]
    assert extraction.tables["budgets"].source.tolist() == ["ngân sách tỉnh"]
    assert _rows(extraction, "assignments", ["unit", "role"]) == [("Sở Ngoại vụ", "chủ trì")]


def test_web_page_letterhead_table():
    """A legal-documents site: the letterhead is an HTML table whose cells hold paragraphs."""
    page = (
        "<html><body><div class='content1'><table><tr><td><p>ỦY BAN NHÂN DÂN<br>THÀNH PHỐ HÀ NỘI"
        "</p><p>-------</p></td><td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - "
        "Hạnh phúc</p></td></tr><tr><td><p>Số: 92/KH-UBND</p></td><td><p><i>Hà Nội, ngày 06 "
        "tháng 4 năm 2021</i></p></td></tr></table><p><b>KẾ HOẠCH</b></p><p><b>TỔ CHỨC CÁC HOẠT "
        "ĐỘNG THÔNG TIN ĐỐI NGOẠI NĂM 2021</b></p><p>Căn cứ Thông tư số 22/2016/TT-BTTTT ngày "
        "19/10/2016, UBND thành phố Hà Nội ban hành Kế hoạch tổ chức các hoạt động thông tin đối "
        "ngoại năm 2021 như sau:</p><p><b>I. NỘI DUNG</b></p><p>1. Tập huấn</p><p>- Tổ chức tập "
        "huấn cho phóng viên.</p><p>- Biên soạn tài liệu.</p></div></body></html>"
    )
    extraction = extract_document(page.encode(), "hn.html")
    plan = extraction.tables["plans"].iloc[0]
    assert (plan.plan_id, plan.number, plan.issued_date) == (
        "HN-2021-92",
        "92/KH-UBND",
        "06/04/2021",
    )
    assert (plan.issuer, plan.province) == ("UBND thành phố Hà Nội", "Hà Nội")
    assert plan.title == "Tổ chức các hoạt động thông tin đối ngoại năm 2021"
    assert extraction.tables["activities"].activity_id.tolist() == ["I.1", "I.1.1", "I.1.2"]


@pytest.mark.parametrize(
    ("letterhead", "issuer", "level", "province"),
    [
        (
            "UBND TỈNH QUẢNG NAM\nSỞ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH",
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Nam",
            "sở",
            "Quảng Nam",
        ),
        (
            "BỘ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH",
            "Bộ Văn hóa, Thể thao và Du lịch",
            "trung ương",
            "Trung ương",
        ),
        ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẠI LỘC", "UBND huyện Đại Lộc", "huyện", "Quảng Nam"),
    ],
)
def test_letterheads(letterhead, issuer, level, province):
    text = (
        f"{letterhead}\nSố: 3/KH-X\nQuảng Nam, ngày 1 tháng 2 năm 2024\nKẾ HOẠCH\n"
        "Thông tin đối ngoại năm 2024\nI. NỘI DUNG\n1. Quảng bá di sản Hội An\n2. Tập huấn\n"
    )
    plan = extract_document(text.encode(), "qnam.txt").tables["plans"].iloc[0]
    assert (plan.issuer, plan.issuer_level, plan.province) == (issuer, level, province)


def test_several_fields_on_one_line():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 3/KH-UBND\nKẾ HOẠCH\nThông tin đối ngoại năm 2024\n"
        "I. NỘI DUNG\n1. Quảng bá di sản Hội An\n- Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du "
        "lịch; đơn vị phối hợp: Sở Ngoại vụ, Báo Quảng Nam; thời gian thực hiện: Quý II/2024.\n"
        "2. Tập huấn\n- Thời gian: Tháng 5/2024.\n"
    )
    extraction = extract_document(text.encode(), "qnam.txt")
    assert _rows(
        extraction, "activities", ["activity_id", "lead_units", "cooperating_units", "timeframe"]
    ) == [
        ("I.1", "Sở Văn hóa, Thể thao và Du lịch", "Sở Ngoại vụ; Báo Quảng Nam", "Quý II/2024"),
        ("I.2", "", "", "Tháng 5/2024"),
    ]


def test_unnumbered_unit_headings_in_organization():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 3/KH-UBND\nKẾ HOẠCH\nThông tin đối ngoại năm 2024\n"
        "I. NỘI DUNG\n1. Quảng bá\n2. Tập huấn\nII. TỔ CHỨC THỰC HIỆN\n"
        "Sở Văn hóa, Thể thao và Du lịch:\n- Chủ trì tổ chức triển lãm.\n- Báo cáo kết quả.\n"
        "Sở Ngoại vụ: Phối hợp đón phóng viên nước ngoài.\nCông an tỉnh\n- Bảo đảm an ninh.\n"
    )
    extraction = extract_document(text.encode(), "qnam.txt")
    assert _rows(extraction, "assignments", ["unit", "role", "duty"]) == [
        ("Sở Văn hóa, Thể thao và Du lịch", "chủ trì", "Chủ trì tổ chức triển lãm."),
        ("Sở Văn hóa, Thể thao và Du lịch", "thực hiện", "Báo cáo kết quả."),
        ("Sở Ngoại vụ", "phối hợp", "Phối hợp đón phóng viên nước ngoài."),
        ("Công an tỉnh", "thực hiện", "Bảo đảm an ninh."),
    ]
