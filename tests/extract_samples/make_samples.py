"""Build the sample documents of the extractor tests.

ministry_docx(path): a ministry plan as Word builds it: the letterhead in a two-column table,
paragraphs, and an activity table (STT / Nội dung / Đơn vị chủ trì / Đơn vị phối hợp /
Thời gian / Kinh phí) with group rows. Built in the test with python-docx.

`python tests/extract_samples/make_samples.py` rewrites department-2024.pdf (a provincial
department's plan with a text layer, two pages, page numbers) with fpdf2 and the DejaVu font;
the PDF is committed so the tests need neither.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

MINISTRY_ROWS = [
    ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian", "Kinh phí (đồng)"],
    ["I", "Thông tin về chính sách đối ngoại", "", "", "", ""],
    [
        "1",
        "Tổ chức họp báo định kỳ của người phát ngôn",
        "Vụ Thông tin Báo chí",
        "Văn phòng Bộ",
        "Hằng tuần",
        "150.000.000",
    ],
    [
        "2",
        "Xây dựng phim tài liệu về ngoại giao kinh tế",
        "Vụ Thông tin Báo chí",
        "Cục Ngoại vụ, Đài Truyền hình Việt Nam",
        "Quý III/2024",
        "500.000.000",
    ],
    ["II", "Quảng bá hình ảnh quốc gia", "", "", "", ""],
    [
        "1",
        "Tổ chức Tuần Văn hóa Việt Nam tại nước ngoài",
        "Cục Ngoại vụ",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Tháng 9/2024",
        "",
    ],
]


def ministry_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "BỘ NGOẠI GIAO"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 1234/KH-BNG"
    head.cell(1, 1).text = "Hà Nội, ngày 15 tháng 01 năm 2024"
    for text in (
        "KẾ HOẠCH",
        "Công tác thông tin đối ngoại của Bộ Ngoại giao năm 2024",
        "Căn cứ Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ về quản lý hoạt động "
        "thông tin đối ngoại; Quyết định số 1191/QĐ-TTg ngày 05/8/2020 của Thủ tướng Chính phủ;",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Nâng cao hiệu quả công tác thông tin đối ngoại.",
        "II. NỘI DUNG VÀ PHÂN CÔNG THỰC HIỆN",
    ):
        document.add_paragraph(text)
    table = document.add_table(rows=0, cols=6)
    for cells in MINISTRY_ROWS:
        row = table.add_row()
        for i, value in enumerate(cells):
            row.cells[i].text = value
    for text in (
        "III. KINH PHÍ",
        "Kinh phí thực hiện từ nguồn ngân sách nhà nước giao cho Bộ Ngoại giao năm 2024.",
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. Vụ Thông tin Báo chí",
        "- Chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch này.",
        "2. Cục Ngoại vụ",
        "- Phối hợp với Vụ Thông tin Báo chí tổ chức các hoạt động quảng bá.",
        "Nơi nhận:",
        "- Như trên;",
        "BỘ TRƯỞNG",
        "Bùi Thanh Sơn",
    ):
        document.add_paragraph(text)
    document.save(path)
    return path


DEPARTMENT_PAGES = [
    [
        "UBND TỈNH NGHỆ AN",
        "SỞ NGOẠI VỤ",
        "Số: 56/KH-SNgV",
        "Nghệ An, ngày 10 tháng 01 năm 2024",
        "KẾ HOẠCH",
        "Hoạt động thông tin đối ngoại năm 2024",
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh Nghệ An;",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Nâng cao hiệu quả thông tin đối ngoại của Sở.",
        "II. NỘI DUNG",
        "1. Cung cấp thông tin cho cơ quan đại diện Việt Nam ở nước ngoài",
        "- Đơn vị chủ trì: Phòng Lãnh sự và Người Việt Nam ở nước ngoài.",
        "- Thời gian thực hiện: Thường xuyên trong năm 2024.",
        "2. Cập nhật trang tin tiếng Anh của Sở về tiềm năng hợp tác của tỉnh với các đối tác",
        "nước ngoài và kiều bào.",
        "1",
    ],
    [
        "III. KINH PHÍ",
        "Kinh phí từ nguồn chi thường xuyên của Sở Ngoại vụ năm 2024.",
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. Văn phòng Sở",
        "- Chủ trì tổng hợp, báo cáo kết quả thực hiện Kế hoạch.",
        "GIÁM ĐỐC",
        "Lê Thị Mai",
        "2",
    ],
]


def department_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=11)
    for page in DEPARTMENT_PAGES:
        pdf.add_page()
        for line in page:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


if __name__ == "__main__":
    print(department_pdf(HERE / "department-2024.pdf"))
