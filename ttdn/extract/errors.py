"""Why a document cannot be extracted, in Vietnamese and English."""

from __future__ import annotations


class ExtractError(Exception):
    """A document that gives no workbook: not a plan, scanned, Word 97, too large, unreadable.

    `code` is one of: empty, not_plan, scanned_pdf, word97, too_large, unknown_format, corrupt.
    """

    def __init__(self, code: str, message_vi: str, message_en: str, filename: str = ""):
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en
        self.filename = filename
        super().__init__(f"{message_vi} / {message_en}")

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi

    def render(self) -> str:
        where = f"{self.filename}: " if self.filename else ""
        return f"LỖI/ERROR {where}{self.message_vi}\n    {self.message_en}"


def empty(filename: str = "") -> ExtractError:
    return ExtractError(
        "empty",
        "Tệp rỗng, không có nội dung để trích xuất",
        "The file is empty: there is nothing to extract",
        filename,
    )


def not_plan(filename: str = "") -> ExtractError:
    return ExtractError(
        "not_plan",
        "Văn bản không phải là kế hoạch: không thấy tiêu đề 'Kế hoạch', các mục đánh số "
        "(I, II, 1, 2...) hay nhiệm vụ nào",
        "The document is not a plan: no 'Kế hoạch' title, no numbered sections (I, II, 1, 2...) "
        "and no tasks were found",
        filename,
    )


def scanned_pdf(filename: str = "") -> ExtractError:
    return ExtractError(
        "scanned_pdf",
        "Tệp PDF là bản quét (ảnh), không có lớp chữ; hãy nhận dạng chữ (OCR) hoặc dùng bản "
        ".docx/.pdf có chữ rồi thử lại",
        "The PDF is a scan (images) without a text layer; run OCR on it or use a .docx or a PDF "
        "with text, then try again",
        filename,
    )


def word97(filename: str = "") -> ExtractError:
    return ExtractError(
        "word97",
        "Tệp .doc (Word 97-2003) không được hỗ trợ; hãy mở bằng Word hoặc LibreOffice và lưu "
        "thành .docx hoặc .pdf rồi thử lại",
        "A .doc file (Word 97-2003) is not supported; open it in Word or LibreOffice, save it as "
        ".docx or .pdf and try again",
        filename,
    )


def too_large(size: int, limit: int, filename: str = "") -> ExtractError:
    mb, cap = size / 1048576, limit / 1048576
    return ExtractError(
        "too_large",
        f"Tệp nặng {mb:.1f} MB, vượt giới hạn {cap:.0f} MB".replace(".", ","),
        f"The file is {mb:.1f} MB, over the limit of {cap:.0f} MB",
        filename,
    )


def unknown_format(suffix: str, filename: str = "") -> ExtractError:
    return ExtractError(
        "unknown_format",
        f"Không đọc được loại tệp '{suffix}'; cần .txt, .md, .html, .docx hoặc .pdf",
        f"Cannot read files of type '{suffix}'; expected .txt, .md, .html, .docx or .pdf",
        filename,
    )


def corrupt(detail: str, filename: str = "") -> ExtractError:
    return ExtractError(
        "corrupt",
        f"Tệp bị hỏng, không đọc được ({detail})",
        f"The file is corrupt and cannot be read ({detail})",
        filename,
    )
