"""The legal-reference parser: the ways plans write a document's number."""

import datetime as dt

import pytest

from ttdn.compliance.refs import best_match, parse_refs, parse_target

ND72 = parse_target("Nghị định số 72/2015/NĐ-CP ngày 07/9/2015")
LETTER = parse_target("3362/BTTTT-TTĐN ngày 02/10/2019")


def test_target():
    assert (ND72.number, ND72.year, ND72.code, ND72.date) == (72, 2015, "ndcp", dt.date(2015, 9, 7))
    assert (LETTER.number, LETTER.year, LETTER.code) == (3362, None, "bttttttdn")
    assert LETTER.any_year == 2019
    assert parse_target("Nghị định gì đó") is None
    assert parse_target("72/2015/NĐ-CP; 22/2016/TT-BTTTT") is None  # two documents


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ", 2),
        ("NĐ 72/2015", 2),
        ("72/2015/NĐ-CP", 2),
        ("nghi dinh 72 / 2015 / nd – cp", 2),
        ("NGHỊ ĐỊNH SỐ 72/2015/NĐ-CP", 2),
        ("Nghị định số 72/NĐ-CP ngày 07/9/2015", 2),  # Hà Tĩnh: the date names the year
        ("Nghị định 72/NĐ-CP", 1),  # no year, no date
        ("Nghị định 72/2016/NĐ-CP", 0),  # another year
        ("Thông tư 72/2015/TT-BTTTT", 0),  # another kind
        ("Quyết định 72/2015", 0),
        ("Nghị định 172/2015/NĐ-CP", 0),
        ("ngày 07/9/2015, 72 hoạt động", 0),  # numbers that are not references
    ],
)
def test_decree_72(text, strength):
    assert best_match(ND72, text)[0] == strength


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("Văn bản số 3362/BTTTT-TTĐN ngày 02/10/2019 của Bộ TT&TT", 2),
        ("Công văn 3362/BTTTT-TTĐN ngày 2/10/2019", 2),
        ("3362/BTTTT-TTĐN", 1),  # letters are numbered per year: no date, not pinned down
        ("3362/BTTTT-TTĐN ngày 02/10/2018", 0),  # another year's letter
        ("Công văn 3362", 0),  # no code
    ],
)
def test_guidance_letter(text, strength):
    assert best_match(LETTER, text)[0] == strength


def test_several_references_in_one_text():
    refs = parse_refs(
        "Kết luận số 57-KL/TW ngày 15/6/2023; Nghị quyết số 47/NQ-CP ngày 15/4/2024; "
        "Thông tư 02/2019/TT-BTTTT"
    )
    assert [r.key for r in refs] == ["57//kltw", "47//nqcp", "2/2019/ttbtttt"]
