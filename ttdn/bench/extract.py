"""Bench suite: extracting a plan document (ttdn.extract).

extract:txt / extract:docx: a synthetic ~30-page plan (about 3,000 characters a page) made
of realistic sections — numbered tasks with bullets and 'Đơn vị chủ trì / phối hợp / Thời
gian' lines, a budget section, 'Tổ chức thực hiện' with unit headings and duties — each
copy varied (numbers, years, units) so that no block is a repeat. Timed from the file's
bytes to the tables (reading, cleaning, outline, header, rows); median of several runs,
target ≤ 3,000 ms. The workbook writing is timed apart (extract:write, no target).
"""

from __future__ import annotations

import io
import time

from ttdn.bench import summary

TARGET_MS = 3000.0
RUNS, QUICK_RUNS = 5, 3
PAGE_CHARS = 3000
UNITS = [
    "Sở Thông tin và Truyền thông", "Sở Ngoại vụ", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Công Thương", "Sở Kế hoạch và Đầu tư", "Công an tỉnh", "Báo Hà Tĩnh",
    "Đài Phát thanh và Truyền hình tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    "Liên hiệp các tổ chức hữu nghị tỉnh", "Hội Nhà báo tỉnh", "Ban Tuyên giáo Tỉnh ủy",
]  # fmt: skip
TASKS = [
    "Tuyên truyền về thành tựu phát triển kinh tế - xã hội của tỉnh trên các kênh thông tin "
    "đối ngoại, chú trọng báo chí nước ngoài và mạng xã hội",
    "Tổ chức đoàn phóng viên nước ngoài tác nghiệp tại tỉnh nhằm quảng bá tiềm năng du lịch, "
    "thu hút đầu tư và hợp tác quốc tế",
    "Xây dựng, cập nhật cơ sở dữ liệu thông tin đối ngoại bằng tiếng Anh, tiếng Trung, tiếng "
    "Lào phục vụ các hoạt động đối ngoại của tỉnh",
    "Đấu tranh, phản bác các thông tin sai trái, xuyên tạc về tình hình biên giới, biển đảo, "
    "dân tộc, tôn giáo và nhân quyền trên không gian mạng",
    "Tập huấn, bồi dưỡng kỹ năng thông tin đối ngoại cho đội ngũ cán bộ, phóng viên, biên tập "
    "viên và người phát ngôn của các cơ quan, đơn vị",
]
TIMES = ["Quý I/{y}", "Quý II/{y}", "Tháng 6/{y}", "Thường xuyên trong năm {y}", "Quý IV/{y}"]


def synthetic_plan(pages: int = 30, year: int = 2024) -> str:
    """A plan of about `pages` pages, each copy of a section varied."""
    lines = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH HÀ TĨNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 120/KH-UBND",
        f"Hà Tĩnh, ngày 20 tháng 12 năm {year - 1}",
        "KẾ HOẠCH",
        f"Thông tin đối ngoại tỉnh Hà Tĩnh năm {year}",
        "Căn cứ Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ; Thông tư số "
        "22/2016/TT-BTTTT ngày 19/10/2016 của Bộ Thông tin và Truyền thông;",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "- Nâng cao hiệu quả công tác thông tin đối ngoại của tỉnh.",
        "II. NHIỆM VỤ CỤ THỂ",
    ]
    body_chars = int(pages * PAGE_CHARS * 0.75)
    item = 0
    while sum(len(x) for x in lines) < body_chars:
        item += 1
        task = TASKS[item % len(TASKS)]
        lines.append(f"{item}. {task.split(',')[0]} (nhiệm vụ {item})")
        for k in range(1, 6):
            lines.append(
                f"- {TASKS[(item + k) % len(TASKS)]}, đợt {k} của nhiệm vụ {item} năm {year}."
            )
        lines.append(f"- Đơn vị chủ trì: {UNITS[item % len(UNITS)]}.")
        lines.append(
            f"- Đơn vị phối hợp: {UNITS[(item + 3) % len(UNITS)]}, {UNITS[(item + 5) % len(UNITS)]} "
            "và các cơ quan, đơn vị liên quan."
        )
        lines.append(f"- Thời gian thực hiện: {TIMES[item % len(TIMES)].format(y=year)}.")
    lines += [
        "III. KINH PHÍ THỰC HIỆN",
        f"Kinh phí thực hiện được bố trí từ nguồn ngân sách tỉnh năm {year} và nguồn xã hội hóa.",
        "IV. TỔ CHỨC THỰC HIỆN",
    ]
    unit = 0
    while sum(len(x) for x in lines) < pages * PAGE_CHARS:
        unit += 1
        lines.append(f"{unit}. {UNITS[unit % len(UNITS)]}")
        for k in range(1, 5):
            verb = ("Chủ trì, phối hợp với", "Phối hợp với", "Tham mưu", "Theo dõi")[k - 1]
            lines.append(
                f"- {verb} các cơ quan liên quan thực hiện nhiệm vụ {k} của đơn vị {unit} về "
                f"thông tin đối ngoại năm {year}, báo cáo kết quả định kỳ."
            )
    lines += ["Nơi nhận:", "- Như trên;", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    return "\n".join(lines)


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(text: str) -> bytes | None:
    """The plan as a PDF with a text layer (fpdf2 and the DejaVu font), None without them."""
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    try:
        from fpdf import FPDF
    except ImportError:
        return None
    import os

    if not os.path.exists(font):
        return None
    pdf = FPDF()
    pdf.add_font("DejaVu", "", font)
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in text.split("\n"):
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _time(work, runs: int) -> list[float]:
    work()  # warm-up: imports, reference tables
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        out.append((time.perf_counter() - began) * 1000)
    return out


def _pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(data))


def bench(datasets, quick: bool = False) -> list[dict]:
    import tempfile
    from pathlib import Path

    from ttdn.extract import extract_document, write_workbook
    from ttdn.reference import load_reference

    reference = load_reference()
    runs = QUICK_RUNS if quick else RUNS
    text = synthetic_plan()
    pages = len(text) / PAGE_CHARS
    documents = {"txt": text.encode("utf-8"), "docx": _docx(text)}
    pdf = _pdf(text)
    if pdf is not None:
        documents["pdf"] = pdf
    rows = []
    last = None
    for kind, data in documents.items():

        def work(data=data, kind=kind):
            nonlocal last
            last = extract_document(data, f"plan.{kind}", reference=reference)

        times = _time(work, runs)
        median, p95 = summary(times)
        counts = last.counts
        rows.append(
            {
                "suite": "extract",
                "case": f"extract:{kind}",
                "dataset": "synthetic-30p",
                "runs": runs,
                "median_ms": median,
                "p95_ms": p95,
                "floor_ms": None,
                "target": f"median ≤ {TARGET_MS:.0f}",
                "ok": median <= TARGET_MS,
                "note": f"{pages:.0f} pages of text, {counts['activities']} activities, "
                f"{counts['assignments']} assignments"
                + (f", {_pages(data)} PDF pages" if kind == "pdf" else ""),
            }
        )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "plan.xlsx"
        times = _time(lambda: write_workbook(last, out), runs)
    median, p95 = summary(times)
    rows.append(
        {
            "suite": "extract",
            "case": "extract:write",
            "dataset": "synthetic-30p",
            "runs": runs,
            "median_ms": median,
            "p95_ms": p95,
            "floor_ms": None,
            "target": None,
            "ok": None,
            "note": "the workbook with its review sheet (.xlsx)",
        }
    )
    return rows
