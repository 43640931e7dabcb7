"""The workbook contract (docs/workbook.md) as data the reader and the
template share: sheets, their columns, Vietnamese labels and which are required."""

from __future__ import annotations

from dataclasses import dataclass

from ttdn.text import fold_key


@dataclass(frozen=True)
class Column:
    key: str
    label_vi: str
    required: bool
    help_vi: str
    help_en: str
    kind: str = "text"  # text, multi, int, date, amount, code:<field>, theme


@dataclass(frozen=True)
class Sheet:
    key: str
    label_vi: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


PLANS = Sheet(
    "plans",
    "Kế hoạch",
    (
        Column(
            "plan_id",
            "Mã kế hoạch",
            True,
            "Mã do người nhập đặt, ví dụ HN-2021-92; nạp lại cùng mã sẽ thay thế kế hoạch đó",
            "Stable id chosen by you, e.g. HN-2021-92; loading it again replaces that plan",
        ),
        Column(
            "number",
            "Số hiệu",
            False,
            "Số văn bản, ví dụ 92/KH-UBND",
            "Document number, e.g. 92/KH-UBND",
        ),
        Column("title", "Trích yếu", True, "Trích yếu của kế hoạch", "The plan's title"),
        Column(
            "issuer",
            "Cơ quan ban hành",
            True,
            "Ví dụ UBND thành phố Hà Nội",
            "Issuing body, e.g. UBND thành phố Hà Nội",
        ),
        Column(
            "issuer_level",
            "Cấp ban hành",
            True,
            "trung ương, tỉnh, sở hoặc huyện",
            "trung ương, tỉnh, sở or huyện",
            "code:issuer_level",
        ),
        Column(
            "province",
            "Tỉnh/thành phố",
            True,
            "Tên tỉnh khi ban hành, hoặc Trung ương",
            "Province as named then, or Trung ương",
            "province",
        ),
        Column(
            "year",
            "Năm kế hoạch",
            True,
            "Năm mà kế hoạch áp dụng (1990–2100)",
            "The year the plan is for (1990–2100)",
            "int",
        ),
        Column(
            "period_end",
            "Năm kết thúc",
            False,
            "Năm cuối với kế hoạch nhiều năm; để trống = năm kế hoạch",
            "Last year of a multi-year plan; empty = the plan year",
            "int",
        ),
        Column(
            "issued_date",
            "Ngày ban hành",
            False,
            "Ngày, dạng dd/mm/yyyy hoặc yyyy-mm-dd",
            "Date, dd/mm/yyyy or yyyy-mm-dd",
            "date",
        ),
        Column("signer", "Người ký", False, "Người ký văn bản", "Who signed"),
        Column(
            "legal_bases",
            "Căn cứ",
            False,
            "Các văn bản làm căn cứ, cách nhau bởi ; hoặc xuống dòng",
            "Documents cited, separated by ; or line breaks",
            "multi",
        ),
        Column(
            "source",
            "Nguồn",
            False,
            "Tên tệp hoặc đường dẫn gốc",
            "File name or link of the source",
        ),
    ),
)

ACTIVITIES = Sheet(
    "activities",
    "Hoạt động",
    (
        Column(
            "plan_id",
            "Mã kế hoạch",
            True,
            "Phải có trong trang Kế hoạch hoặc đã nạp",
            "Must exist in the plans sheet or be loaded already",
        ),
        Column(
            "activity_id",
            "Mã hoạt động",
            True,
            "Duy nhất trong kế hoạch, ví dụ II.4.2",
            "Unique within the plan, e.g. II.4.2",
        ),
        Column("section", "Mục", False, "Đề mục chứa hoạt động", "The heading it sits under"),
        Column("title", "Tên hoạt động", True, "Tên ngắn", "Short title"),
        Column("description", "Nội dung", False, "Toàn văn", "Full text"),
        Column(
            "themes",
            "Chủ đề",
            False,
            "Mã hoặc tên chủ đề, cách nhau bởi ;. Để trống = tự phân loại",
            "Theme codes or names separated by ;. Empty = classified automatically",
            "theme",
        ),
        Column(
            "lead_units",
            "Đơn vị chủ trì",
            False,
            "Các đơn vị, cách nhau bởi ; hoặc xuống dòng",
            "Units, separated by ; or line breaks",
            "multi",
        ),
        Column(
            "cooperating_units",
            "Đơn vị phối hợp",
            False,
            "Các đơn vị, cách nhau bởi ; hoặc xuống dòng",
            "Units, separated by ; or line breaks",
            "multi",
        ),
        Column(
            "timeframe",
            "Thời gian thực hiện",
            False,
            "Như trong văn bản: Quý III/2020, tháng 6/2021, Thường xuyên…",
            "As written: Quý III/2020, tháng 6/2021, Thường xuyên…",
        ),
        Column(
            "start_date",
            "Bắt đầu",
            False,
            "Để trống = suy ra từ thời gian thực hiện",
            "Empty = derived from the timeframe",
            "date",
        ),
        Column(
            "end_date",
            "Kết thúc",
            False,
            "Để trống = suy ra từ thời gian thực hiện",
            "Empty = derived from the timeframe",
            "date",
        ),
        Column(
            "budget_source",
            "Nguồn kinh phí",
            False,
            "Như trong văn bản hoặc mã nguồn kinh phí",
            "As written, or a budget code",
        ),
        Column(
            "budget_vnd",
            "Kinh phí (đồng)",
            False,
            "Số tiền: 1.500.000 hoặc 1,500,000 hoặc 1 500 000",
            "Amount: 1.500.000 or 1,500,000 or 1 500 000",
            "amount",
        ),
        Column(
            "status",
            "Trạng thái",
            False,
            "kế hoạch, đang thực hiện, hoàn thành, hủy",
            "planned, in progress, done, cancelled",
            "code:status",
        ),
    ),
)

ASSIGNMENTS = Sheet(
    "assignments",
    "Phân công",
    (
        Column("plan_id", "Mã kế hoạch", True, "Mã kế hoạch", "Plan id"),
        Column("unit", "Đơn vị", True, "Tên đơn vị như trong văn bản", "Unit as written", "multi"),
        Column(
            "role",
            "Vai trò",
            False,
            "chủ trì, phối hợp hoặc thực hiện (mặc định)",
            "chủ trì (lead), phối hợp (cooperate) or thực hiện (carry out, default)",
            "code:assignment_role",
        ),
        Column("duty", "Nhiệm vụ", True, "Một nhiệm vụ mỗi dòng", "One duty per row"),
    ),
)

BUDGETS = Sheet(
    "budgets",
    "Kinh phí",
    (
        Column("plan_id", "Mã kế hoạch", True, "Mã kế hoạch", "Plan id"),
        Column(
            "source",
            "Nguồn",
            True,
            "Như trong văn bản hoặc mã nguồn kinh phí",
            "As written, or a budget code",
        ),
        Column(
            "amount_vnd",
            "Số tiền (đồng)",
            False,
            "Để trống nếu kế hoạch không nêu",
            "Empty when the plan states none",
            "amount",
        ),
        Column("note", "Ghi chú", False, "Nguyên văn của kế hoạch", "The plan's wording"),
    ),
)

SHEETS: tuple[Sheet, ...] = (PLANS, ACTIVITIES, ASSIGNMENTS, BUDGETS)
# Sheets the template adds for people (help and drop-down lists) and the extractor's list
# of things to check: never data.
REVIEW_SHEET = "Cần xem lại"
HELPER_SHEETS = ("Hướng dẫn", "Danh mục", REVIEW_SHEET)
# The extractor's mark on rows to check (ttdn.extract): editorial, ignored by the loader
# without a warning (any other unknown column is kept aside and reported).
EDITORIAL_COLUMNS = ("needs_review", "Cần xem lại")


def is_editorial(header: str) -> bool:
    return fold_key(header) in {fold_key(h) for h in EDITORIAL_COLUMNS}


def sheet_for_name(name: str) -> Sheet | None:
    """The sheet a tab or CSV file name stands for ('Hoạt động', 'activities', 'hoat dong')."""
    wanted = fold_key(name)
    for sheet in SHEETS:
        if wanted in (fold_key(sheet.key), fold_key(sheet.label_vi)):
            return sheet
    return None


def column_for_header(sheet: Sheet, header: str) -> Column | None:
    """The column a header stands for, matching key or label case/space/diacritic-insensitively."""
    wanted = fold_key(header)
    for column in sheet.columns:
        if wanted in (fold_key(column.key), fold_key(column.label_vi)):
            return column
    return None
