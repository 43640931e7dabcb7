"""The extractor on the five seed texts (../shared/seeds), values checked by hand against
the source text and the gold workbooks in data/plans."""

from __future__ import annotations

import pytest

from ttdn.extract import extract_document
from ttdn.extract.evaluate import SEEDS_DIR, as_pdf, heading_ids, run

pytestmark = pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="../shared/seeds not present")

HT, HY, VHL, HN, DL = (
    "002_ca757b694eb3b039.txt",
    "001_bd84a8c0b43f92fc.txt",
    "000_2b9b40e15bd0732e.txt",
    "003_90fd5a8570340aee.txt",
    "004_9bb98433dda4987f.txt",
)


@pytest.fixture(scope="module")
def seeds():
    return {name: extract_document(SEEDS_DIR / name) for name in (HT, HY, VHL, HN, DL)}


def _plan(extraction) -> dict:
    return extraction.tables["plans"].iloc[0].to_dict()


def _activity(extraction, activity_id: str) -> dict:
    frame = extraction.tables["activities"]
    return frame[frame.activity_id == activity_id].iloc[0].to_dict()


def _reasons(extraction) -> str:
    return "\n".join(i.reason_vi for i in extraction.review)


def test_ha_tinh_header(seeds):
    plan = _plan(seeds[HT])
    assert plan["plan_id"] == "HT-2020"
    assert plan["number"] == ""  # the source has no number and no date
    assert plan["issued_date"] == ""
    assert plan["signer"] == "Đặng Quốc Vinh"
    assert plan["year"] == 2020
    assert plan["title"] == "Công tác thông tin đối ngoại tỉnh Hà Tĩnh năm 2020"
    assert (plan["issuer"], plan["issuer_level"], plan["province"]) == (
        "UBND tỉnh Hà Tĩnh",
        "tỉnh",
        "Hà Tĩnh",
    )
    assert plan["legal_bases"] == (
        "Quyết định 1486/QĐ-TTg; Nghị định 72/NĐ-CP; Thông tư 22/2016/TT-BTTTT; "
        "Văn bản 3362/BTTTT-TTĐN"
    )


def test_ha_tinh_activities(seeds):
    extraction = seeds[HT]
    assert len(extraction.tables["activities"]) == 22
    training = _activity(extraction, "II.3")
    assert training["title"] == "Tập huấn, bồi dưỡng nghiệp vụ về thông tin đối ngoại"
    assert training["lead_units"] == "Sở Thông tin và Truyền thông"
    assert training["timeframe"] == "Quý III/2020"
    assert training["cooperating_units"] == (
        "Các sở, ban, ngành, đoàn thể; UBND các huyện, thành phố, thị xã; "
        "các cơ quan, đơn vị liên quan"
    )
    # '- Đơn vị chủ trì:' followed by '+ Sở X: task' lines
    assert _activity(extraction, "II.4.1")["lead_units"] == (
        "Sở Thông tin và Truyền thông; Sở Ngoại vụ"
    )
    # fields written after the bullets of 4.2 apply to its bullets; the broken line is rejoined
    bullet = _activity(extraction, "II.4.2.2")
    assert bullet["lead_units"] == (
        "Sở Thông tin và Truyền thông; Báo Hà Tĩnh; Đài Phát thanh và Truyền hình tỉnh"
    )
    assert bullet["description"].endswith("quan hệ đối ngoại của Việt Nam.")
    assert "du lịch; tiềm năng phát triển hợp tác" in bullet["description"]
    # 'Sở Thông tin và Truyền thông hướng dẫn.': the role word is not part of the unit
    assert _activity(extraction, "II.4.4")["lead_units"] == "Sở Thông tin và Truyền thông"
    # inline 'X chủ trì, phối hợp với Y ...'
    last = _activity(extraction, "II.5")
    assert (last["lead_units"], last["cooperating_units"], last["timeframe"]) == (
        "Sở Thông tin và Truyền thông",
        "các cơ quan, đơn vị liên quan",
        "",
    )


def test_ha_tinh_assignments_and_budget(seeds):
    extraction = seeds[HT]
    assignments = extraction.tables["assignments"]
    assert len(assignments) == 18
    assert assignments.unit.value_counts().to_dict() == {
        "Sở Thông tin và Truyền thông": 4,
        "Sở Ngoại vụ": 3,
        "Sở Kế hoạch và Đầu tư": 2,
        "Sở Văn hóa, Thể thao và Du lịch": 2,
        "Sở Công Thương": 3,
        "Các sở, ban, ngành, đoàn thể cấp tỉnh; UBND các huyện, thành phố, thị xã": 4,
    }
    assert assignments.role.tolist()[:4] == ["chủ trì", "phối hợp", "phối hợp", "thực hiện"]
    # units 6-11 are missing in the source: said, not invented
    assert "Tiêu đề đơn vị số 6–11 bị mất trong nguồn" in _reasons(extraction)
    budgets = extraction.tables["budgets"]
    assert budgets.source.tolist() == ["du_toan_rieng"]
    assert budgets.amount_vnd.tolist() == [""]


def test_academy_ocr_noise_and_issuer(seeds):
    extraction = seeds[VHL]
    plan = _plan(extraction)
    assert (plan["number"], plan["issued_date"], plan["year"]) == (
        "2641/KH-VHL",
        "06/12/2022",
        2023,
    )
    assert plan["issuer"] == "Viện Hàn lâm Khoa học và Công nghệ Việt Nam"
    assert (plan["issuer_level"], plan["province"]) == ("trung ương", "Trung ương")
    assert plan["signer"] == "Trần Tuấn Anh"
    assert "bỏ chữ nhiễu (OCR)" in _reasons(extraction)
    everything = " ".join(frame.astype(str).to_string() for frame in extraction.tables.values())
    assert "Thuê hiến" not in everything
    ids = extraction.tables["activities"].activity_id.tolist()
    assert ids[-5:] == ["II.5.a", "II.5.b", "II.5.c", "II.5.d", "II.5.đ"]
    assert len(extraction.tables["assignments"]) == 19
    assert extraction.tables["budgets"].source.tolist() == [
        "ngân sách chi thường xuyên của Viện Hàn lâm và của các đơn vị trực thuộc"
    ]


def test_hung_yen_markdown_and_blanks(seeds):
    extraction = seeds[HY]
    plan = _plan(extraction)
    assert (plan["number"], plan["issued_date"], plan["year"]) == ("", "", 2024)
    assert plan["issuer"] == "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    assert plan["legal_bases"] == "Kế hoạch 147/KH-UBND"
    assert plan["needs_review"]
    ids = extraction.tables["activities"].activity_id.tolist()
    # 'II.4 Kinh phí thực hiện' sits in section II but is the budget, not an activity
    assert "II.4" not in ids and len(ids) == 10
    assert extraction.tables["assignments"].unit.tolist() == [
        "Các phòng, đơn vị thuộc Sở",
        "Văn phòng Sở",
        "Trung tâm Thông tin, thống kê và ứng dụng KH&CN",
    ]
    assert extraction.tables["assignments"].role.tolist()[1] == "chủ trì"
    budgets = extraction.tables["budgets"]
    assert budgets.source.tolist() == ["ngân sách nhà nước cấp cho cơ quan năm 2024"]
    assert budgets.needs_review.tolist() == [True]  # '(nếu có)'


def test_ha_noi_truncated(seeds):
    extraction = seeds[HN]
    plan = _plan(extraction)
    assert plan["title"] == "Tổ chức các hoạt động thông tin đối ngoại năm 2021"
    assert (plan["issuer"], plan["signer"]) == ("UBND thành phố Hà Nội", "Chử Xuân Dũng")
    assert len(extraction.tables["activities"]) == 15
    assert extraction.tables["assignments"].empty and extraction.tables["budgets"].empty
    assert "văn bản bị cắt" in _reasons(extraction)
    assert _activity(extraction, "II.3.2")["cooperating_units"] == "Ban Tuyên giáo Thành ủy"


def test_dak_lak_web_copy(seeds):
    extraction = seeds[DL]
    plan = _plan(extraction)
    assert (plan["number"], plan["issued_date"], plan["signer"]) == (
        "143/KH-UBND",
        "05/08/2024",
        "Nguyễn Tuấn Hà",
    )
    assert (plan["year"], plan["period_end"]) == (2024, 2030)
    assert plan["title"].endswith("trên địa bàn tỉnh Đắk Lắk")
    reasons = _reasons(extraction)
    assert "đoạn văn bị lặp hai lần" in reasons and "Đăng xuất" in reasons
    activities = extraction.tables["activities"]
    assert len(activities) == 29  # the repeated block counted once
    assignments = extraction.tables["assignments"]
    assert len(assignments) == 43
    # unit 1's heading is lost: its three duties are not activities and have no unit
    assert assignments.unit.tolist()[:4] == ["(không rõ đơn vị)"] * 3 + [
        "Văn phòng Ủy ban nhân dân tỉnh"
    ]
    assert set(assignments.unit) >= {
        "Các sở, ban, ngành; Uỷ ban nhân dân các huyện, thị xã, thành phố",
        "Ủy ban Mặt trận Tổ quốc tỉnh; các đoàn thể chính trị - xã hội tỉnh",
    }
    unknown = assignments[assignments.unit == "(không rõ đơn vị)"]
    assert unknown.needs_review.all()


def test_heading_rule():
    assert heading_ids(["II.1", "II.1.1", "II.2", "II.10"]) == {"II.1"}


def test_eval_meets_the_targets():
    result = run(SEEDS_DIR)
    total = result["total"]
    assert all(total["targets_met"].values()), total["targets_met"]
    assert total["header"]["accuracy"] >= 0.95


@pytest.mark.skipif(as_pdf("x") is None, reason="fpdf2 or the DejaVu font is missing")
def test_eval_on_the_seeds_as_pdf():
    """The same seeds printed to PDF (lines wrapped at the margin, as a word processor
    does): the joined lines give the same rows."""
    total = run(SEEDS_DIR, fmt="pdf")["total"]
    assert all(total["targets_met"].values()), total["targets_met"]
    assert total["header"]["accuracy"] >= 0.95
