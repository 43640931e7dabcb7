"""Reference data (data/reference/*.csv) and the matchers of ttdn.reference."""

import shutil
import unicodedata
from datetime import date

import pytest

from ttdn import REFERENCE_DIR
from ttdn.reference import UnitMatch, load_reference

UNIT_TYPES = {
    "trung ương",
    "ubnd",
    "sở",
    "ban",
    "báo chí",
    "lực lượng vũ trang",
    "nội bộ",
    "đoàn thể",
    "đơn vị trực thuộc",
    "nhóm",
    "khác",
}
PROVINCES_2025 = {
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "TP Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
}  # fmt: skip
ETH = "\u00d0"  # Icelandic eth, typed for Vietnamese Đ


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture(scope="module")
def ref():
    return load_reference()


# data files ------------------------------------------------------------------------------


def test_themes_are_the_19_of_the_spec_in_order(ref):
    assert ref.themes.theme_code.tolist() == [
        "chi_dao", "nhan_su", "tap_huan", "phan_bac", "quang_ba", "bien_dao", "su_kien",
        "bao_chi", "so_hoa", "kieu_bao", "xuc_tien", "ngoai_ngu", "nhan_quyen", "hop_tac",
        "tu_lieu", "bao_mat", "kiem_tra", "van_hoa", "moi_truong",
    ]  # fmt: skip
    assert list(ref.themes.columns) == ["theme_code", "name_vi", "name_en", "keywords"]
    assert all(ref.themes.keywords.str.len() > 0)


def test_no_theme_keyword_is_the_topic_itself(ref):
    for keywords in ref.themes.keywords:
        assert "thông tin đối ngoại" not in keywords.lower().split(";")


def test_budget_codes(ref):
    assert sorted(ref.budget_codes.budget_code) == sorted(
        [
            "nsnn_thuong_xuyen",
            "nsnn",
            "du_toan_rieng",
            "xa_hoi_hoa",
            "vien_tro",
            "khac",
            "khong_neu",
        ]
    )
    assert list(ref.budget_codes.columns) == ["budget_code", "name_vi", "name_en"]


def test_provinces_63_plus_central(ref):
    provinces = ref.provinces
    assert list(provinces.columns) == [
        "province",
        "province_2025",
        "kind",
        "region",
        "border_or_coast",
    ]
    assert len(provinces) == 64
    assert provinces.province.is_unique
    old = provinces[provinces.province != "Trung ương"]
    assert len(old) == 63
    assert set(old.province_2025) == PROVINCES_2025
    assert set(old.kind) == {"tỉnh", "thành phố"}
    assert old.region.value_counts().to_dict() == {
        "Đồng bằng sông Cửu Long": 13,
        "Đông Bắc": 11,
        "Đồng bằng sông Hồng": 10,
        "Nam Trung Bộ": 8,
        "Bắc Trung Bộ": 6,
        "Đông Nam Bộ": 6,
        "Tây Nguyên": 5,
        "Tây Bắc": 4,
    }
    central = provinces[provinces.province == "Trung ương"].iloc[0]
    assert (central.province_2025, central.kind, central.region) == (
        "Trung ương",
        "trung ương",
        None,
    )


def test_border_or_coast(ref):
    """25 provinces with a land border (China, Laos, Cambodia), 28 with a coast, 9 both."""
    values = ref.provinces.set_index("province").border_or_coast
    border = {p for p, v in values.items() if v and "biên giới" in v}
    coast = {p for p, v in values.items() if v and "biển" in v}
    assert (len(border), len(coast), len(border & coast)) == (25, 28, 9)
    assert {"Lai Châu", "Kon Tum", "Kiên Giang", "Cao Bằng"} <= border
    assert {"Hải Phòng", "Cà Mau", "Bà Rịa - Vũng Tàu", "Thái Bình"} <= coast
    assert values["Hà Nội"] is None and values["Trung ương"] is None
    assert values["Hà Tĩnh"] == "biên giới; biển"


def test_units_table(ref):
    units = ref.units
    assert list(units.columns) == ["unit_canonical", "unit_type", "successor", "successor_from"]
    assert units.unit_canonical.is_unique
    assert set(units.unit_type) <= UNIT_TYPES
    successors = units.dropna(subset=["successor"])
    assert set(successors.successor) <= set(units.unit_canonical)
    row = units.set_index("unit_canonical").loc["Sở Thông tin và Truyền thông"]
    assert (row.successor, row.successor_from) == ("Sở Khoa học và Công nghệ", date(2025, 3, 1))
    assert units.set_index("unit_canonical").loc["Sở Ngoại vụ"].successor is None


def test_unit_aliases_include_each_canonical(ref):
    aliases = ref.unit_aliases
    assert list(aliases.columns) == ["alias", "unit_canonical"]
    pairs = set(zip(aliases.alias, aliases.unit_canonical, strict=True))
    assert all((name, name) in pairs for name in ref.units.unit_canonical)
    assert ("Sở TT&TT", "Sở Thông tin và Truyền thông") in pairs


def test_unit_type_rules_use_known_types(ref):
    assert set(ref.unit_type_rules.unit_type) <= UNIT_TYPES


def test_alias_claimed_by_two_units_is_rejected(tmp_path):
    shutil.copytree(REFERENCE_DIR, tmp_path, dirs_exist_ok=True)
    with open(tmp_path / "units.csv", "a", encoding="utf-8") as fh:
        fh.write("Sở Mới,sở,Sở TT & TT,,\n")
    with pytest.raises(ValueError, match="Sở TT & TT"):
        load_reference(tmp_path)


# themes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("bien_dao", "bien_dao"),
        ("Biển, đảo, biên giới", "bien_dao"),
        ("BIỂN ĐẢO BIÊN GIỚI", "bien_dao"),
        ("bien dao bien gioi", "bien_dao"),
        ("Culture and sport", "van_hoa"),
        (nfd("Văn hóa, thể thao"), "van_hoa"),
        (ETH + "ấu tranh phản bác thông tin sai trái", "phan_bac"),
        ("Chuyển đổi số, không gian mạng", "so_hoa"),
        ("không có chủ đề này", None),
        ("", None),
    ],
)
def test_theme_code(ref, value, code):
    assert ref.theme_code(value) == code


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Tuyên truyền về chủ quyền biển, đảo và biên giới", ["bien_dao"]),
        ("tình hình Biển Đông", ["bien_dao"]),
        ("tuyen truyen bien dao", ["bien_dao"]),  # no diacritics: folded match
        (
            "phóng viên, biên tập viên",
            [],
        ),  # 'biên' is not 'biển'; reporters alone are no press work
        ("lãnh đạo, chỉ đạo", []),  # 'đạo' is not 'đảo'
        ("thông tin đối ngoại", []),
        ("các dự án có vốn đầu tư trực tiếp nước ngoài (FDI)", ["xuc_tien"]),
        ("Kodak và CODA", []),  # 'ODA' only as a whole word
        ("hội chợ ODA.", ["xuc_tien"]),
        ("Tổ chức lễ hội văn hoá", ["su_kien", "van_hoa"]),  # old tone placement 'hoá'; a festival
        (nfd("Tập huấn kỹ năng phát ngôn"), ["tap_huan", "bao_chi"]),
        (ETH + "ẤU TRANH PHẢN BÁC CÁC LUẬN ĐIỆU XUYÊN TẠC", ["phan_bac"]),
        ("Xây dựng hệ thống dữ liệu bằng tiếng Anh, tiếng Trung Quốc", ["ngoai_ngu", "tu_lieu"]),
        ("văn hóa, thể thao, biển, đảo; hội chợ, triển lãm", ["bien_dao", "xuc_tien", "van_hoa"]),
        ("bảo đảm an toàn, an ninh thông tin", ["bao_mat"]),
        ("trên môi trường Internet", ["so_hoa"]),  # 'môi trường' alone is no environment
        ("ứng phó biến đổi khí hậu", ["moi_truong"]),
        ("", []),
    ],
)
def test_classify_themes(ref, text, codes):
    assert ref.classify_themes(text) == codes


# budget sources --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("nsnn", "nsnn"),
        ("XA_HOI_HOA", "xa_hoi_hoa"),
        ("Ngân sách chi thường xuyên", "nsnn_thuong_xuyen"),
        ("Viện trợ, tài trợ (ODA, NGO)", "vien_tro"),
        (
            "Kinh phí tổ chức triển khai hoạt động thông tin đối ngoại năm 2023 được bố trí từ "
            "nguồn ngân sách chi thường xuyên của Viện Hàn lâm",
            "nsnn_thuong_xuyen",
        ),
        (
            "Kinh phí thực hiện công tác thông tin đối ngoại (nếu có) được sử dụng từ ngân sách "
            "nhà nước cấp cho cơ quan năm 2024",
            "nsnn",
        ),
        (
            "Các cơ quan được phân công chủ trì lập đề cương dự toán kinh phí cụ thể, gửi Sở Tài "
            "chính thẩm định, trình UBND tỉnh xem xét, quyết định",
            "du_toan_rieng",
        ),
        ("huy động nguồn lực xã hội hoá", "xa_hoi_hoa"),
        ("vốn ODA", "vien_tro"),
        ("các nguồn hợp pháp khác", "khac"),
        ("quỹ riêng của đơn vị", "khac"),
        (nfd("Ngân sách nhà nước"), "nsnn"),
        ("", "khong_neu"),
        ("   ", "khong_neu"),
        (None, "khong_neu"),
    ],
)
def test_budget_code(ref, text, code):
    assert ref.budget_code(text) == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kinh phí (nếu có) từ ngân sách", True),
        ("NẾU CÓ", True),
        ("neu co", True),
        (nfd("nếu có"), True),
        ("ngân sách nhà nước", False),
        ("nếu cóc", False),
        ("", False),
    ],
)
def test_is_conditional(ref, text, expected):
    assert ref.is_conditional(text) is expected


# units -----------------------------------------------------------------------------------

ICT = "Sở Thông tin và Truyền thông"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sở TT&TT", UnitMatch(ICT, "sở", "alias")),
        ("Sở Thông tin - Truyền thông", UnitMatch(ICT, "sở", "alias")),
        ("sở thông tin và truyền thông", UnitMatch(ICT, "sở", "alias")),
        ("  Sở Thông tin và Truyền thông. ", UnitMatch(ICT, "sở", "alias")),
        (nfd("Sở Thông tin và Truyền thông"), UnitMatch(ICT, "sở", "alias")),
        ("Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", UnitMatch(ICT, "sở", "alias")),
        ("Sở Thông tin và Truyền thôngg", UnitMatch(ICT, "sở", "fuzzy")),
        ("Sở VH,TT&DL", UnitMatch("Sở Văn hóa, Thể thao và Du lịch", "sở", "alias")),
        ("Sở KHĐT", UnitMatch("Sở Kế hoạch và Đầu tư", "sở", "alias")),
        ("Sở KH&CN", UnitMatch("Sở Khoa học và Công nghệ", "sở", "alias")),
        # "đoàn thể" is part of who is meant: kept (issue 10)
        (
            "các sở, ban, ngành, đoàn thể",
            UnitMatch("Các sở, ban, ngành, đoàn thể", "nhóm", "alias"),
        ),
        (
            "Các sở, ban, ngành, đoàn thể cấp tỉnh",
            UnitMatch("Các sở, ban, ngành, đoàn thể", "nhóm", "alias"),
        ),
        (
            "UBND các huyện, thị xã, thành phố",
            UnitMatch("UBND các huyện, thành phố, thị xã", "nhóm", "alias"),
        ),
        (
            "Ủy ban nhân dân các huyện, thành phố",
            UnitMatch("UBND các huyện, thành phố, thị xã", "nhóm", "alias"),
        ),
        (
            "các đơn vị liên quan",
            UnitMatch("Các cơ quan, đơn vị liên quan", "nhóm", "alias"),
        ),
        ("UBND thành phố Hà Nội", UnitMatch("UBND tỉnh", "ubnd", "alias")),
        ("Công an tỉnh Hà Tĩnh", UnitMatch("Công an tỉnh", "lực lượng vũ trang", "alias")),
        (
            "Bộ Chỉ huy Bộ đội biên phòng tỉnh",
            UnitMatch("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "lực lượng vũ trang", "alias"),
        ),
        (
            "BĐBP tỉnh",
            UnitMatch("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "lực lượng vũ trang", "alias"),
        ),
        (
            "B" + ETH.lower() + "BP tỉnh",  # 'BðBP': look-alike eth
            UnitMatch("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "lực lượng vũ trang", "alias"),
        ),
        ("Báo Hà Tĩnh", UnitMatch("Báo tỉnh", "báo chí", "alias")),
        (
            ETH + "ài Phát thanh và Truyền hình tỉnh",
            UnitMatch("Đài Phát thanh và Truyền hình tỉnh", "báo chí", "alias"),
        ),
        (
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đắk Lắk",
            UnitMatch("Ủy ban MTTQ Việt Nam tỉnh", "đoàn thể", "alias"),
        ),
        ("Bộ TT&TT", UnitMatch("Bộ Thông tin và Truyền thông", "trung ương", "alias")),
        ("Cục TTĐN", UnitMatch("Cục Thông tin đối ngoại", "trung ương", "alias")),
        # the Viện Hàn lâm's own Ban: an internal body, not a party board
        ("Ban Tổ chức - Cán bộ", UnitMatch("Ban Tổ chức – Cán bộ", "nội bộ", "alias")),
        ("(không rõ đơn vị)", UnitMatch("Không rõ đơn vị", "khác", "alias")),
        ("", UnitMatch("Không rõ đơn vị", "khác", "none")),
        (None, UnitMatch("Không rõ đơn vị", "khác", "none")),
        # not in units.csv: the name itself, typed by the rules
        ("Sở Ngoại giao", UnitMatch("Sở Ngoại giao", "sở", "rule")),  # never 'Bộ Ngoại giao'
        (
            "phòng Văn hóa và Thông tin huyện",
            UnitMatch("Phòng Văn hóa và Thông tin huyện", "đơn vị trực thuộc", "rule"),
        ),
        ("UBND huyện Can Lộc", UnitMatch("UBND huyện Can Lộc", "ubnd", "rule")),
        ("Báo Nhân Dân", UnitMatch("Báo Nhân Dân", "báo chí", "rule")),
        ("Đại học Huế", UnitMatch("Đại học Huế", "đơn vị trực thuộc", "rule")),
        ("các hợp tác xã", UnitMatch("Các hợp tác xã", "nhóm", "rule")),
        ("Nhà xuất bản Thế giới", UnitMatch("Nhà xuất bản Thế giới", "khác", "none")),
    ],
)
def test_match_unit(ref, name, expected):
    assert ref.match_unit(name) == expected


def test_match_unit_is_cached(ref):
    first = ref.match_unit("Một đơn vị chưa từng gặp")
    assert ref.match_unit("Một đơn vị chưa từng gặp") is first


# provinces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hà Nội", ("Hà Nội", "Hà Nội")),
        ("Thành phố Hà Nội", ("Hà Nội", "Hà Nội")),
        ("thành phố hà nội", ("Hà Nội", "Hà Nội")),
        ("TP. Hồ Chí Minh", ("TP Hồ Chí Minh", "TP Hồ Chí Minh")),
        ("TP.HCM", ("TP Hồ Chí Minh", "TP Hồ Chí Minh")),
        ("Sài Gòn", ("TP Hồ Chí Minh", "TP Hồ Chí Minh")),
        ("tỉnh Đắk Lắk", ("Đắk Lắk", "Đắk Lắk")),
        ("Dak Lak", ("Đắk Lắk", "Đắk Lắk")),
        ("Đắc Lắc", ("Đắk Lắk", "Đắk Lắk")),
        (nfd("Đắk Lắk"), ("Đắk Lắk", "Đắk Lắk")),
        (ETH + "ẮK LẮK", ("Đắk Lắk", "Đắk Lắk")),
        ("Huế", ("Thừa Thiên Huế", "Huế")),
        ("Thừa Thiên - Huế", ("Thừa Thiên Huế", "Huế")),
        ("Bà Rịa – Vũng Tàu", ("Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh")),
        ("UBND tỉnh Hà Tĩnh", ("Hà Tĩnh", "Hà Tĩnh")),
        ("Thái Bình", ("Thái Bình", "Hưng Yên")),
        ("Phú Yên", ("Phú Yên", "Đắk Lắk")),
        ("Hải Dương", ("Hải Dương", "Hải Phòng")),
        ("Hà Giang", ("Hà Giang", "Tuyên Quang")),
        ("Yên Bái", ("Yên Bái", "Lào Cai")),
        ("Bắc Kạn", ("Bắc Kạn", "Thái Nguyên")),
        ("Hòa Bình", ("Hòa Bình", "Phú Thọ")),
        ("Bắc Giang", ("Bắc Giang", "Bắc Ninh")),
        ("Nam Định", ("Nam Định", "Ninh Bình")),
        ("Quảng Bình", ("Quảng Bình", "Quảng Trị")),
        ("Quảng Nam", ("Quảng Nam", "Đà Nẵng")),
        ("Kon Tum", ("Kon Tum", "Quảng Ngãi")),
        ("Bình Định", ("Bình Định", "Gia Lai")),
        ("Ninh Thuận", ("Ninh Thuận", "Khánh Hòa")),
        ("Đắk Nông", ("Đắk Nông", "Lâm Đồng")),
        ("Bình Dương", ("Bình Dương", "TP Hồ Chí Minh")),
        ("Bình Phước", ("Bình Phước", "Đồng Nai")),
        ("Long An", ("Long An", "Tây Ninh")),
        ("Sóc Trăng", ("Sóc Trăng", "Cần Thơ")),
        ("Trà Vinh", ("Trà Vinh", "Vĩnh Long")),
        ("Tiền Giang", ("Tiền Giang", "Đồng Tháp")),
        ("Bạc Liêu", ("Bạc Liêu", "Cà Mau")),
        ("Kiên Giang", ("Kiên Giang", "An Giang")),
        ("Cao Bằng", ("Cao Bằng", "Cao Bằng")),
        ("Trung ương", ("Trung ương", "Trung ương")),
        ("Atlantis", (None, None)),
        ("", (None, None)),
    ],
)
def test_match_province(ref, name, expected):
    assert ref.match_province(name) == expected


def test_every_2025_province_is_reachable_by_name(ref):
    for name in PROVINCES_2025:
        assert ref.match_province(name)[1] == name


# coded columns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("issuer_level", "Trung ương", "trung ương"),
        ("issuer_level", "TW", "trung ương"),
        ("issuer_level", "central", "trung ương"),
        ("issuer_level", "tinh", "tỉnh"),
        ("issuer_level", "Sở", "sở"),
        ("issuer_level", "district", "huyện"),
        ("status", "Kế hoạch", "kế hoạch"),
        ("status", "in progress", "đang thực hiện"),
        ("status", "done", "hoàn thành"),
        ("status", "huỷ", "hủy"),
        ("status", nfd("Hủy"), "hủy"),
        ("assignment_role", "Chủ trì", "lead"),
        ("assignment_role", "phoi hop", "cooperating"),
        ("assignment_role", "thực hiện", "executing"),
        ("assignment_role", "executing", "executing"),
        ("unit_role", "phối hợp", "cooperating"),
        ("unit_role", "thực hiện", None),
        ("status", "không biết", None),
        ("no_such_field", "lead", None),
        ("status", "", None),
    ],
)
def test_code(ref, field, value, code):
    assert ref.code(field, value) == code


def test_code_values(ref):
    assert ref.code_values("issuer_level") == ["trung ương", "tỉnh", "sở", "huyện"]
    assert ref.code_values("status") == ["kế hoạch", "đang thực hiện", "hoàn thành", "hủy"]
    assert ref.code_values("assignment_role") == ["lead", "cooperating", "executing"]
    assert ref.code_values("unit_role") == ["lead", "cooperating"]
    assert ref.code_values("no_such_field") == []
