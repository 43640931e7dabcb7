"""Synthetic plans for demos and benchmarks: `python -m ttdn demo`.

Every plan, activity, duty and budget line is made from a seed (the same seed gives the same
content hash) with real province names (data/reference/provinces.csv), units drawn from
data/reference/units.csv (canonical names, alias spellings such as "Sở TT&TT" and collective
wording such as "các sở, ban, ngành"), Vietnamese titles built around the theme keywords of
data/reference/themes.csv, timeframes in the wording real plans use (some of them not
understood, on purpose) and budget lines with and without amounts or "nếu có".

The rows go through the loader's own normalize() (canonical units and provinces, automatic
themes, timeframe dates, budget codes) and write_tables(), marked synthetic=TRUE.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

import ttdn.ingest.normalize as normalize_module
from ttdn.ingest.loader import write_tables
from ttdn.ingest.normalize import Tables, normalize
from ttdn.ingest.validate import ParsedWorkbook, Record
from ttdn.reference import CENTRAL, Reference, load_reference
from ttdn.text import fold_key

SHEET_NAMES = {
    "plans": "Kế hoạch",
    "activities": "Hoạt động",
    "assignments": "Phân công",
    "budgets": "Kinh phí",
}
CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "TP Hồ Chí Minh"}

# --- words -------------------------------------------------------------------------------

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Quốc",
    "Thanh",
    "Hữu",
    "Ngọc",
    "Xuân",
    "Tuấn",
    "Hồng",
    "Công",
]
GIVEN = [
    "Hùng",
    "Dũng",
    "Hà",
    "Lan",
    "Hương",
    "Sơn",
    "Hải",
    "Long",
    "Tâm",
    "Thắng",
    "Vinh",
    "Bình",
    "Cường",
    "Hòa",
    "Phúc",
    "Nam",
    "Trung",
    "Thủy",
    "Quang",
    "Tuấn",
]

LEGAL_BASES = [
    (
        2015,
        "Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ về quản lý hoạt động thông tin đối ngoại",
    ),
    (2016, "Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016 của Bộ Thông tin và Truyền thông"),
    (2018, "Quyết định số 1486/QĐ-TTg ngày 06/11/2018 của Thủ tướng Chính phủ"),
    (2020, "Quyết định số 1107/QĐ-TTg ngày 21/7/2020 của Thủ tướng Chính phủ"),
    (2023, "Kết luận số 57-KL/TW ngày 15/6/2023 của Bộ Chính trị"),
    (2024, "Nghị quyết số 47/NQ-CP ngày 15/4/2024 của Chính phủ"),
]

PLACE = "{place}"
# theme code → title templates; each names at least one keyword of the theme
TITLES: dict[str, list[str]] = {
    "chi_dao": [
        "Xây dựng văn bản chỉ đạo, hướng dẫn công tác thông tin đối ngoại năm {year}",
        "Ban hành kế hoạch thông tin đối ngoại chuyên đề của {place}",
        "Rà soát, sửa đổi quy chế quản lý hoạt động thông tin đối ngoại trên địa bàn",
    ],
    "nhan_su": [
        "Kiện toàn đội ngũ cán bộ phụ trách công tác thông tin đối ngoại",
        "Bố trí cán bộ kiêm nhiệm làm đầu mối thông tin đối ngoại tại các cơ quan, đơn vị",
    ],
    "tap_huan": [
        "Tổ chức tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại cho {audience}",
        "Cập nhật kiến thức về tình hình quốc tế cho đội ngũ báo cáo viên",
        "Nâng cao năng lực, kỹ năng thông tin đối ngoại cho {audience}",
    ],
    "phan_bac": [
        "Đấu tranh phản bác các luận điệu sai trái, xuyên tạc của các thế lực thù địch",
        "Định hướng dư luận, xử lý thông tin sai sự thật liên quan đến {place}",
    ],
    "quang_ba": [
        "Quảng bá hình ảnh, tiềm năng, thế mạnh của {place} ra nước ngoài",
        "Sản xuất phóng sự giới thiệu hình ảnh quê hương, con người {place}",
    ],
    "bien_dao": [
        "Tuyên truyền về chủ quyền biển, đảo và biên giới quốc gia",
        "Thông tin về công tác phân giới, cắm mốc và quản lý cửa khẩu",
    ],
    "su_kien": [
        "Tuyên truyền kỷ niệm {event}",
        "Tổ chức các hoạt động thông tin nhân sự kiện {event}",
    ],
    "bao_chi": [
        "Tổ chức họp báo định kỳ, cung cấp thông tin cho báo chí",
        "Hướng dẫn phóng viên nước ngoài đến tác nghiệp tại {place}",
    ],
    "so_hoa": [
        "Nâng cấp chuyên mục thông tin đối ngoại trên cổng thông tin điện tử",
        "Đăng tải tin, bài thông tin đối ngoại trên mạng xã hội",
    ],
    "kieu_bao": [
        "Cung cấp thông tin cho cộng đồng người Việt Nam ở nước ngoài",
        "Tổ chức gặp mặt kiều bào về quê đón Tết",
    ],
    "xuc_tien": [
        "Tổ chức hội nghị xúc tiến đầu tư, thương mại, du lịch {place}",
        "Tham gia hội chợ, triển lãm quốc tế giới thiệu sản phẩm của {place}",
    ],
    "ngoai_ngu": [
        "Xuất bản bản tin đối ngoại song ngữ Việt - Anh",
        "Sản xuất chương trình truyền hình bằng tiếng Anh và tiếng Trung",
    ],
    "nhan_quyen": [
        "Tuyên truyền về chính sách dân tộc, tôn giáo và bảo đảm quyền con người",
    ],
    "hop_tac": [
        "Tổ chức đoàn ra, đón đoàn vào, mở rộng hợp tác quốc tế",
        "Ký kết thỏa thuận hợp tác với đối tác nước ngoài",
    ],
    "tu_lieu": [
        "Xây dựng cơ sở dữ liệu thông tin đối ngoại của {place}",
        "Biên soạn, phát hành ấn phẩm, sách ảnh giới thiệu về {place}",
    ],
    "bao_mat": [
        "Bảo đảm an ninh thông tin, bảo vệ bí mật nhà nước trong hoạt động thông tin đối ngoại",
    ],
    "kiem_tra": [
        "Kiểm tra, giám sát việc thực hiện kế hoạch thông tin đối ngoại",
        "Sơ kết, tổng kết, báo cáo kết quả công tác thông tin đối ngoại năm {year}",
    ],
    "van_hoa": [
        "Tổ chức lễ hội văn hóa, thể thao có yếu tố nước ngoài",
        "Giới thiệu di sản, ẩm thực và nghệ thuật truyền thống của {place}",
    ],
    "moi_truong": [
        "Tuyên truyền về ứng phó biến đổi khí hậu và phát triển bền vững",
    ],
    "": [  # no theme keyword: left unclassified
        "Triển khai các hoạt động thông tin đối ngoại khác theo chỉ đạo",
        "Thực hiện các nhiệm vụ thông tin đối ngoại được giao",
    ],
}
THEME_WEIGHTS = {
    "chi_dao": 5,
    "nhan_su": 3,
    "tap_huan": 7,
    "phan_bac": 6,
    "quang_ba": 8,
    "bien_dao": 4,
    "su_kien": 6,
    "bao_chi": 6,
    "so_hoa": 7,
    "kieu_bao": 3,
    "xuc_tien": 6,
    "ngoai_ngu": 3,
    "nhan_quyen": 2,
    "hop_tac": 5,
    "tu_lieu": 4,
    "bao_mat": 2,
    "kiem_tra": 5,
    "van_hoa": 4,
    "moi_truong": 2,
    "": 3,
}
SECTIONS = {
    "I": "I. Công tác chỉ đạo, điều hành",
    "II": "II. Nâng cao năng lực thông tin đối ngoại",
    "III": "III. Thông tin, tuyên truyền đối ngoại",
    "IV": "IV. Quảng bá hình ảnh, hợp tác quốc tế",
    "V": "V. Kiểm tra, đánh giá",
}
SECTION_OF = {
    "chi_dao": "I",
    "nhan_su": "I",
    "bao_mat": "I",
    "tap_huan": "II",
    "tu_lieu": "II",
    "so_hoa": "III",
    "phan_bac": "III",
    "bien_dao": "III",
    "su_kien": "III",
    "bao_chi": "III",
    "nhan_quyen": "III",
    "moi_truong": "III",
    "ngoai_ngu": "III",
    "kieu_bao": "IV",
    "quang_ba": "IV",
    "xuc_tien": "IV",
    "hop_tac": "IV",
    "van_hoa": "IV",
    "kiem_tra": "V",
    "": "III",
}
AUDIENCES = [
    "cán bộ làm công tác thông tin đối ngoại",
    "phóng viên, biên tập viên",
    "người phát ngôn của các sở, ngành",
    "cán bộ cấp huyện, cấp xã",
]
EVENTS = [
    "Ngày Quốc khánh 2/9",
    "Ngày Giải phóng miền Nam, thống nhất đất nước 30/4",
    "Ngày thành lập Đảng Cộng sản Việt Nam 3/2",
    "Ngày sinh Chủ tịch Hồ Chí Minh 19/5",
    "ngày thành lập tỉnh",
]
PURPOSES = [
    "nhằm nâng cao nhận thức của cán bộ, đảng viên và nhân dân về công tác thông tin đối ngoại",
    "góp phần tạo đồng thuận trong xã hội",
    "bảo đảm thông tin chính thống, kịp thời, chính xác",
    "phục vụ nhiệm vụ phát triển kinh tế - xã hội của địa phương",
    "theo hướng dẫn của cơ quan cấp trên",
]
METHODS = [
    "Phối hợp với các cơ quan liên quan xây dựng nội dung, hình thức phù hợp",
    "Lồng ghép vào các chương trình, đề án đang triển khai",
    "Ưu tiên sử dụng các nền tảng có lượng người dùng lớn",
    "Tổng hợp kết quả gửi về cơ quan thường trực trước ngày 15/12",
]

# units: (as written, weight); several spellings of the same unit exercise canonical mapping
LEAD_UNITS = [
    ("Sở Thông tin và Truyền thông", 12),
    ("Sở TT&TT", 5),
    ("Sở TTTT", 1),
    ("Sở Ngoại vụ", 8),
    ("Sở Văn hóa, Thể thao và Du lịch", 5),
    ("Sở VHTTDL", 2),
    ("Sở Kế hoạch và Đầu tư", 3),
    ("Sở KH&ĐT", 1),
    ("Sở Công Thương", 2),
    ("Sở Giáo dục và Đào tạo", 1),
    ("Sở Nội vụ", 2),
    ("Sở Tài nguyên và Môi trường", 1),
    ("Ban Tuyên giáo Tỉnh ủy", 3),
    ("Công an tỉnh", 2),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", 1),
    ("Đài Phát thanh và Truyền hình tỉnh", 2),
    ("Đài PT-TH tỉnh", 1),
    ("Báo tỉnh", 2),
    ("Văn phòng UBND tỉnh", 2),
    ("Ban Dân tộc tỉnh", 1),
    ("Hội Nhà báo tỉnh", 1),
    ("Liên hiệp các tổ chức hữu nghị tỉnh", 1),
    ("Ban Quản lý Khu kinh tế tỉnh", 1),
]
LEAD_UNITS_2025 = [("Sở Khoa học và Công nghệ", 12), ("Sở KH&CN", 4)]  # after 1 March 2025
COOPERATING_UNITS = [
    ("Các sở, ban, ngành, đoàn thể", 10),
    ("các sở, ban, ngành", 4),
    ("UBND các huyện, thành phố, thị xã", 8),
    ("UBND các huyện, thị xã, thành phố", 3),
    ("các cơ quan, đơn vị liên quan", 8),
    ("Các cơ quan báo chí", 4),
    ("các cơ quan báo chí trên địa bàn tỉnh", 2),
    ("Các đoàn thể chính trị - xã hội", 2),
    ("Sở Ngoại vụ", 4),
    ("Sở Thông tin và Truyền thông", 4),
    ("Sở TT&TT", 2),
    ("Công an tỉnh", 3),
    ("CA tỉnh", 1),
    ("Bộ CHQS tỉnh", 1),
    ("Ban Tuyên giáo Tỉnh ủy", 3),
    ("Ủy ban MTTQ Việt Nam tỉnh", 2),
    ("Tỉnh Đoàn", 1),
    ("Hội LHPN tỉnh", 1),
    ("Đài Phát thanh và Truyền hình tỉnh", 2),
    ("Báo tỉnh", 2),
    ("Sở Tài chính", 2),
    ("Sở Nội vụ", 1),
    ("Sở VH,TT&DL", 1),
]
DEPARTMENTS = [  # issuers of department-level plans (--scale > 1)
    ("Sở Thông tin và Truyền thông", "STTTT"),
    ("Sở Ngoại vụ", "SNgV"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("Sở Công Thương", "SCT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Tài nguyên và Môi trường", "STNMT"),
    ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Sở Y tế", "SYT"),
    ("Sở Tư pháp", "STP"),
    ("Sở Tài chính", "STC"),
]
DUTIES = {
    "lead": [
        "Chủ trì, tham mưu UBND tỉnh quản lý nhà nước về hoạt động thông tin đối ngoại.",
        "Chủ trì theo dõi, đôn đốc và tổng hợp kết quả thực hiện Kế hoạch, báo cáo UBND tỉnh.",
    ],
    "cooperating": [
        "Phối hợp cung cấp thông tin cho báo chí về tình hình của tỉnh.",
        "Phối hợp tổ chức các hoạt động quảng bá hình ảnh của tỉnh.",
    ],
    "executing": [
        "Căn cứ chức năng, nhiệm vụ xây dựng kế hoạch thông tin đối ngoại của đơn vị.",
        "Bố trí cán bộ đầu mối, gửi báo cáo kết quả trước ngày 15/12 hằng năm.",
        "Chủ động cung cấp thông tin cho Sở Thông tin và Truyền thông để đăng tải.",
        "Tuyên truyền sâu rộng nội dung Kế hoạch đến cán bộ, công chức, viên chức.",
    ],
}
# timeframe wordings: (template, weight); {y} plan year, {q} quarter, {m} month
TIMEFRAMES = [
    ("Thường xuyên", 12),
    ("Thường xuyên trong năm {y}", 10),
    ("Quý {q}/{y}", 14),
    ("Quý {q}", 4),
    ("Quý II, III/{y}", 3),
    ("tháng {m}/{y}", 10),
    ("Trong tháng {m}", 3),
    ("6 tháng đầu năm", 4),
    ("6 tháng cuối năm {y}", 3),
    ("Ngay sau khi Kế hoạch này được ban hành", 5),
    ("Trước ngày {d}/{m}/{y}", 4),
    ("Cả năm {y}", 3),
    ("Hằng năm", 3),
    ("Năm {y}", 4),
    ("Từ tháng {m} đến tháng {m2}/{y}", 3),
    ("Định kỳ hằng quý", 2),
    ("Theo chỉ đạo của UBND tỉnh", 2),
    ("Khi có yêu cầu", 2),
    ("Theo tiến độ của từng nội dung", 1),
    ("Trước ngày 31/02/{y}", 1),
    ("", 4),
]
ACTIVITY_BUDGETS = [
    ("Ngân sách chi thường xuyên", 5),
    ("Kinh phí hoạt động thường xuyên của đơn vị", 3),
    ("Ngân sách tỉnh", 3),
    ("Xã hội hóa", 2),
    ("Lập dự toán riêng", 2),
    ("Nguồn tài trợ", 1),
    ("nsnn_thuong_xuyen", 1),
]
PLAN_BUDGETS = {  # (source as written, note) per pattern
    "recurrent": (
        "Ngân sách chi thường xuyên của tỉnh",
        "Kinh phí thực hiện Kế hoạch được bố trí trong dự toán chi thường xuyên của các cơ quan, đơn vị.",
    ),
    "state": ("Ngân sách nhà nước", "Từ nguồn ngân sách nhà nước theo phân cấp hiện hành."),
    "code": ("nsnn_thuong_xuyen", ""),
    "estimate": (
        "Lập dự toán riêng, trình phê duyệt",
        "Các cơ quan chủ trì lập đề cương dự toán kinh phí, gửi Sở Tài chính thẩm định.",
    ),
    "social": ("Xã hội hóa", "Huy động nguồn xã hội hóa (nếu có)."),
    "sponsor": ("Nguồn tài trợ của các tổ chức quốc tế", "Tranh thủ nguồn tài trợ (nếu có)."),
    "other": ("Nguồn hợp pháp khác", "Và các nguồn kinh phí hợp pháp khác (nếu có)."),
    "conditional": ("Ngân sách tỉnh", "Kinh phí thực hiện (nếu có) từ ngân sách tỉnh."),
}
BUDGET_PATTERNS = [  # plan-level budget lines and weight; [] = the plan names no source
    ([], 12),
    (["recurrent"], 25),
    (["state"], 8),
    (["code"], 4),
    (["estimate"], 10),
    (["conditional"], 8),
    (["social"], 4),
    (["recurrent", "social"], 12),
    (["state", "other"], 7),
    (["recurrent", "sponsor"], 5),
    (["estimate", "social"], 5),
]
AMOUNTS_MILLION = [50, 80, 100, 120, 150, 200, 250, 300, 500, 800, 1000, 1500, 2000, 3500]
STATUSES = [(None, 85), ("hoàn thành", 8), ("đang thực hiện", 4), ("hủy", 1), ("kế hoạch", 2)]


def _weighted(pairs):
    """(choices, cumulative weights) for random.choices."""
    return [p[0] for p in pairs], list(itertools.accumulate(p[1] for p in pairs))


_LEAD = _weighted(LEAD_UNITS)
_LEAD_2025 = _weighted(LEAD_UNITS + LEAD_UNITS_2025)
_COOP = _weighted(COOPERATING_UNITS)
_TIMEFRAMES = _weighted(TIMEFRAMES)
_ACT_BUDGETS = _weighted(ACTIVITY_BUDGETS)
_PATTERNS = _weighted(BUDGET_PATTERNS)
_STATUSES = _weighted(STATUSES)
_THEMES = _weighted(list(THEME_WEIGHTS.items()))
_ROMAN = ["I", "II", "III", "IV"]


def pick(rng: random.Random, choices: tuple[list, list]):
    return rng.choices(choices[0], cum_weights=choices[1])[0]


# --- provinces ---------------------------------------------------------------------------


def province_names(count: int, reference: Reference | None = None) -> list[str]:
    """count ≤ 34: the provinces after 1 July 2025; up to 63: the 63 before. In the order of
    data/reference/provinces.csv (north to south)."""
    reference = reference or load_reference()
    rows = reference.provinces[reference.provinces.province != CENTRAL]
    after = list(dict.fromkeys(rows.province_2025))
    before = list(rows.province)
    if count <= len(after):
        return after[:count]
    if count <= len(before):
        return before[:count]
    raise ValueError(f"at most {len(before)} provinces (asked for {count})")


def parse_years(text: str) -> list[int]:
    """'2016-2025' → [2016, ..., 2025]; '2020,2022' → [2020, 2022]."""
    years: list[int] = []
    for part in str(text).split(","):
        part = part.strip()
        if "-" in part:
            first, last = (int(x) for x in part.split("-", 1))
            years.extend(range(first, last + 1))
        elif part:
            years.append(int(part))
    if not years or any(not 1990 <= y <= 2100 for y in years):
        raise ValueError(f"years must be 1990-2100: {text!r}")
    return sorted(set(years))


# --- one plan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSpec:
    plan_id: str
    province: str
    year: int
    index: int  # 0 = the provincial plan; 1.. = department plans


def plan_specs(provinces: list[str], years: list[int], scale: int = 1) -> list[PlanSpec]:
    return [
        PlanSpec(f"SYN-{fold_key(p).upper()}-{y}-{k + 1:02d}", p, y, k)
        for p in provinces
        for y in years
        for k in range(scale)
    ]


def _signer(seed: int, province: str, year: int) -> str:
    term = (year - 2016) // 5  # the same signer for a province over five years
    rng = random.Random(f"{seed}:signer:{province}:{term}")
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _issued(rng: random.Random, year: int) -> dt.date | None:
    roll = rng.random()
    if roll < 0.10:
        return None
    if roll < 0.15:  # early: October-November of the year before
        start, days = dt.date(year - 1, 10, 1), 61
    elif roll < 0.85:  # usual: December to April
        start, days = dt.date(year - 1, 12, 1), 150
    else:  # late: May to September
        start, days = dt.date(year, 5, 1), 153
    return start + dt.timedelta(days=rng.randrange(days))


def _timeframe(rng: random.Random, year: int) -> str:
    template = pick(rng, _TIMEFRAMES)
    month = rng.randint(1, 11)
    return template.format(
        y=year, q=rng.choice(_ROMAN), m=month, m2=rng.randint(month + 1, 12), d=rng.randint(1, 28)
    )


def _units(rng: random.Random, choices, low: int, high: int, province: str) -> list[str]:
    units = []
    for _ in range(rng.randint(low, high)):
        unit = pick(rng, choices)
        if unit.endswith(" tỉnh") and rng.random() < 0.3:
            unit = f"{unit} {province}"  # "Công an tỉnh Hà Tĩnh" → Công an tỉnh
        units.append(unit)
    return list(dict.fromkeys(units))


def _records(spec: PlanSpec, seed: int, per_plan: int, kinds: dict[str, str]) -> dict[str, list]:
    """The typed records (as validate() returns them) of one plan."""
    rng = random.Random(f"{seed}:{spec.plan_id}")
    province, year = spec.province, spec.year
    city = province in CITIES or kinds.get(province) == "thành phố"
    place = (
        province
        if province.startswith("TP ")
        else (f"thành phố {province}" if city else f"tỉnh {province}")
    )
    if spec.index == 0:
        issuer, level, abbr = f"UBND {place}", "tỉnh", "UBND"
        title = rng.choice(
            [
                f"Kế hoạch thông tin đối ngoại {place} năm {year}",
                f"Công tác thông tin đối ngoại {place} năm {year}",
                f"Tổ chức các hoạt động thông tin đối ngoại năm {year}",
            ]
        )
    else:
        department, abbr = DEPARTMENTS[(spec.index - 1) % len(DEPARTMENTS)]
        issuer, level = f"{department} {place}", "sở"
        title = f"Thông tin đối ngoại lĩnh vực {department.removeprefix('Sở ').lower()} năm {year}"
    plan_id = spec.plan_id
    bases = [text for since, text in LEGAL_BASES if since < year]
    plan = {
        "plan_id": plan_id,
        "number": f"{rng.randint(5, 380)}/KH-{abbr}",
        "title": title,
        "issuer": issuer,
        "issuer_level": level,
        "province": province,
        "year": year,
        "period_end": None,
        "issued_date": _issued(rng, year),
        "signer": _signer(seed, province, year),
        "legal_bases": rng.sample(bases, k=min(len(bases), rng.randint(1, 3))),
        "source": f"demo-{seed}/{plan_id}.xlsx",
    }
    leads = _LEAD_2025 if year >= 2025 else _LEAD
    counters: dict[str, int] = {}
    activities = []
    for _ in range(per_plan):
        theme = pick(rng, _THEMES)
        section = SECTION_OF[theme]
        counters[section] = counters.get(section, 0) + 1
        title = rng.choice(TITLES[theme]).format(
            place=place, year=year, audience=rng.choice(AUDIENCES), event=rng.choice(EVENTS)
        )
        description = f"{title} {rng.choice(PURPOSES)}."
        if rng.random() < 0.2:
            description += f" {rng.choice(METHODS)}."
        budget_source, budget_vnd = None, None
        roll = rng.random()
        if roll < 0.2:
            budget_source = pick(rng, _ACT_BUDGETS)
            if roll < 0.08:
                budget_vnd = rng.choice(AMOUNTS_MILLION) * 1_000_000
        start = end = None
        timeframe = _timeframe(rng, year)
        if rng.random() < 0.03:  # dates written in the workbook
            start = dt.date(year, rng.randint(1, 6), rng.randint(1, 28))
            end = start + dt.timedelta(days=rng.randint(0, 150))
        activities.append(
            {
                "plan_id": plan_id,
                "activity_id": f"{section}.{counters[section]}",
                "section": SECTIONS[section],
                "title": title,
                "description": description,
                "themes": [theme] if theme and rng.random() < 0.35 else [],
                "lead_units": _units(rng, leads, 0 if rng.random() < 0.06 else 1, 2, province),
                "cooperating_units": _units(rng, _COOP, 0, 3, province),
                "timeframe": timeframe or None,
                "start_date": start,
                "end_date": end,
                "budget_source": budget_source,
                "budget_vnd": budget_vnd,
                "status": pick(rng, _STATUSES),
            }
        )
    activities.sort(
        key=lambda a: (
            list(SECTIONS).index(a["activity_id"].split(".")[0]),
            int(a["activity_id"].split(".")[1]),
        )
    )
    assignments = []
    for _ in range(rng.randint(5, 12)):
        role = rng.choices(["lead", "cooperating", "executing"], weights=[2, 3, 6])[0]
        units = _units(rng, _LEAD if role == "lead" else _COOP, 1, 2, province)
        assignments.append(
            {
                "plan_id": plan_id,
                "unit": units,
                "role": None if role == "executing" and rng.random() < 0.5 else role,
                "duty": rng.choice(DUTIES[role]),
            }
        )
    budgets = []
    for key in pick(rng, _PATTERNS):
        source, note = PLAN_BUDGETS[key]
        amount = None
        if key in ("recurrent", "state") and rng.random() < 0.35:
            amount = rng.choice(AMOUNTS_MILLION) * 1_000_000
        budgets.append(
            {"plan_id": plan_id, "source": source, "amount_vnd": amount, "note": note or None}
        )
    return {
        "plans": [plan],
        "activities": activities,
        "assignments": assignments,
        "budgets": budgets,
    }


def parsed_workbook(
    specs: list[PlanSpec], seed: int, per_plan: int, reference: Reference
) -> ParsedWorkbook:
    """The plans as the validator would return them from a workbook."""
    kinds = dict(zip(reference.provinces.province, reference.provinces.kind, strict=True))
    records: dict[str, list[Record]] = {key: [] for key in SHEET_NAMES}
    rows = dict.fromkeys(SHEET_NAMES, 1)
    for spec in specs:
        for key, values in _records(spec, seed, per_plan, kinds).items():
            for value in values:
                rows[key] += 1
                records[key].append(Record(SHEET_NAMES[key], rows[key], value))
    return ParsedWorkbook(f"demo-seed-{seed}.xlsx", records)


# --- the whole dataset -------------------------------------------------------------------


@dataclass
class DemoReport:
    db: Path
    plans: int
    activities: int
    seconds: float
    content_hash: str


def _chunks(specs: list[PlanSpec], size: int) -> Iterator[list[PlanSpec]]:
    for start in range(0, len(specs), size):
        yield specs[start : start + size]


@contextmanager
def _memoized(reference: Reference):
    """The loader's text functions, memoized for one run. They are pure functions of their
    arguments, so the rows are exactly what the loader makes; the synthetic texts repeat a
    lot, which makes this several times faster."""
    saved = normalize_module.fold, normalize_module.parse_timeframe
    normalize_module.fold = functools.lru_cache(maxsize=200_000)(saved[0])
    normalize_module.parse_timeframe = functools.lru_cache(maxsize=200_000)(saved[1])
    object.__setattr__(
        reference,
        "classify_themes",
        functools.lru_cache(maxsize=200_000)(reference.classify_themes),
    )
    try:
        yield
    finally:
        normalize_module.fold, normalize_module.parse_timeframe = saved
        object.__delattr__(reference, "classify_themes")


def generate(
    provinces: int = 34,
    years: list[int] | None = None,
    per_plan: int = 150,
    seed: int = 7,
    scale: int = 1,
    reference: Reference | None = None,
) -> list[Tables]:
    """Normalized tables of the synthetic plans (in chunks of plans)."""
    reference = reference or load_reference()
    years = years or list(range(2016, 2026))
    specs = plan_specs(province_names(provinces, reference), years, scale)
    tables = []
    with _memoized(reference):
        for chunk in _chunks(specs, 200):
            parsed = parsed_workbook(chunk, seed, per_plan, reference)
            tables.append(normalize(parsed, reference, synthetic=True))
    return tables


def build_demo(
    db_path: Path,
    provinces: int = 34,
    years: list[int] | None = None,
    per_plan: int = 150,
    seed: int = 7,
    scale: int = 1,
) -> DemoReport:
    """Write a fresh database of synthetic plans (replacing db_path atomically)."""
    began = time.perf_counter()
    reference = load_reference()
    tables = generate(provinces, years, per_plan, seed, scale, reference)
    records = [
        (f"demo-seed-{seed}", f"demo:{seed}:{i}", t.declared_plans) for i, t in enumerate(tables)
    ]
    write_tables(Path(db_path), tables, reference, records, fresh=True)
    plans = sum(len(t.declared_plans) for t in tables)
    activities = sum(len(t.rows["activities"]) for t in tables)
    return DemoReport(
        Path(db_path), plans, activities, time.perf_counter() - began, content_hash(db_path)
    )


def content_hash(db_path: Path) -> str:
    """One hash over every plan's content hash: equal for equal data, whatever the load time."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("SELECT plan_id, content_hash FROM plans ORDER BY plan_id").fetchall()
    digest = hashlib.sha256()
    for plan_id, plan_hash in rows:
        digest.update(f"{plan_id}:{plan_hash}\n".encode())
    return digest.hexdigest()
