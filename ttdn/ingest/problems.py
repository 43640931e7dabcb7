"""Problems found in a workbook: each names sheet, Excel row, column, value and
what was expected, in Vietnamese and English."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str | None
    row: int | None  # the row number the user sees in Excel (header = row 1)
    column: str | None
    value: str | None
    message_vi: str
    message_en: str
    severity: str = "error"  # 'error' rejects the file, 'warning' is reported only

    def where(self, lang: str = "vi") -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(("trang " if lang == "vi" else "sheet ") + self.sheet)
        if self.row:
            parts.append(("dòng " if lang == "vi" else "row ") + str(self.row))
        if self.column:
            parts.append(("cột " if lang == "vi" else "column ") + self.column)
        return ", ".join(parts)

    def render(self) -> str:
        value = "" if self.value in (None, "") else f" [{_short(self.value)}]"
        tag = {"error": "LỖI/ERROR", "warning": "CẢNH BÁO/WARNING"}[self.severity]
        return (
            f"{tag} {self.where('vi')}{value}: {self.message_vi}\n"
            f"    {self.where('en')}: {self.message_en}"
        )

    def as_dict(self) -> dict:
        return asdict(self)


def _short(value: str, limit: int = 80) -> str:
    value = str(value).replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


class WorkbookRejected(Exception):
    """A file that cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join([*(p.render() for p in problems), CONTRACT_HINT]))


CONTRACT_HINT = (
    "Mẫu bảng tính / the workbook format: docs/workbook.md (tiếng Việt và tiếng Anh / "
    "Vietnamese and English)"
)
