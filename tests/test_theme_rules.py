"""Automatic themes: the phrase rules of data/reference/theme_rules.csv, one test per rule,
the matching semantics, and the cases of issue 10."""

import pandas as pd
import pytest

from ttdn import REFERENCE_DIR
from ttdn.reference import load_reference
from ttdn.text import fold
from ttdn.theme_rules import ThemeRules, parse_window

REF = load_reference()
RULES = pd.read_csv(REFERENCE_DIR / "theme_rules.csv", dtype=str, keep_default_na=False)
THEME_RULES = RULES[RULES.theme_code != ""]
MASK_RULES = RULES[RULES.theme_code == ""]
COLUMNS = [
    "rule_id", "theme_code", "phrase", "match", "requires", "window", "excludes", "field",
    "example", "counter_example", "note",
]  # fmt: skip


def fired(text: str) -> set[str]:
    return {rule for _, rule, _, _ in REF.explain_themes(text)}


def test_rules_file_is_complete():
    assert list(RULES.columns) == COLUMNS
    assert RULES.rule_id.is_unique
    assert set(THEME_RULES.theme_code) == set(REF.themes.theme_code)  # every theme has a rule
    assert (RULES.example != "").all() and (RULES.counter_example != "").all()
    assert set(RULES.match) <= {"accents", "fold", "strict"}


@pytest.mark.parametrize("rule", THEME_RULES.to_dict("records"), ids=lambda r: r["rule_id"])
def test_each_rule_fires_on_its_example_and_not_on_its_counter_example(rule):
    assert rule["rule_id"] in fired(rule["example"])
    assert rule["theme_code"] in REF.classify_themes(rule["example"])
    assert rule["rule_id"] not in fired(rule["counter_example"])


@pytest.mark.parametrize("rule", MASK_RULES.to_dict("records"), ids=lambda r: r["rule_id"])
def test_each_mask_hides_its_names_and_only_names(rule):
    names = [fold(p) for p in rule["phrase"].split("|")]
    for *_, words in REF.explain_themes(rule["example"]):
        assert not any(fold(words) in name for name in names), words
    assert REF.classify_themes(rule["counter_example"])  # the same words, not as a name


# the three cases of issue 10 -------------------------------------------------------------


def test_nation_is_not_ethnicity_and_patriotism_is_not_training():
    text = (
        "Thường xuyên lồng ghép, tổ chức các chương trình, hoạt động thiết thực, các hoạt động "
        "nhân kỷ niệm các ngày lễ lớn nhằm tuyên truyền, giáo dục, bồi dưỡng, truyền cảm hứng về "
        "lòng yêu nước, tự tôn dân tộc, ý thức trách nhiệm của cán bộ, người dân"
    )
    assert REF.classify_themes("Thường xuyên lồng ghép, tổ chức các chương trình", text) == [
        "su_kien"
    ]
    assert REF.classify_themes("bồi dưỡng lòng yêu nước") == []
    assert REF.classify_themes("đoàn kết dân tộc, bản sắc dân tộc") == []
    assert REF.classify_themes("vùng đồng bào dân tộc thiểu số") == ["nhan_quyen"]


def test_a_unit_name_in_the_text_is_no_theme():
    text = "Bố trí 01 lãnh đạo và 01 chuyên viên chính tại Ban Hợp tác quốc tế."
    assert REF.classify_themes("Bố trí 01 lãnh đạo và 01 chuyên viên chính", text) == ["nhan_su"]
    assert REF.classify_themes("Sở Văn hóa, Thể thao và Du lịch chủ trì") == []
    assert REF.classify_themes("Bộ Chỉ huy Bộ đội Biên phòng tỉnh phối hợp") == []
    listing = "Tuyên truyền về biên giới.\nĐơn vị chủ trì: Sở Ngoại vụ.\nĐơn vị phối hợp: Các cơ quan báo chí"
    assert REF.classify_themes("Biên giới", listing) == ["bien_dao"]  # no bao_chi from the list
    assert REF.classify_themes("", "+ Phối hợp: các cơ quan báo chí, Ban Tôn giáo") == []
    # the same words as the activity's own, or a name written in lower case, still count
    assert REF.classify_themes("mở rộng hợp tác quốc tế") == ["hop_tac"]
    assert REF.classify_themes("tại ban hợp tác quốc tế") == ["hop_tac"]


# matching semantics ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Kodak và CODA", []),  # whole words only
        ("tuyen truyen chu quyen bien dao", ["bien_dao"]),  # unaccented text is read folded
        ("tinh hinh bien dong phuc tap", []),  # the strict typo rule needs its diacritics
        ("Cung cấp thông tin về tình hình Biên Đông", ["bien_dao"]),
        ("tình hình kinh tế biến động", []),  # 'biến động' is not 'Biên Đông'
        ("Bổ trí 01 công chức phụ trách", ["nhan_su"]),  # fold rule: the typo 'Bổ trí'
        ("Bố trí kinh phí thực hiện", []),  # staffing needs people after the verb
        ("Cử 01 công chức làm đầu mối", ["nhan_su"]),
        ("Xây dựng kế hoạch truyền thông cho lễ hội", ["su_kien", "van_hoa"]),  # veto on 'requires'
        ("Xây dựng, ban hành Kế hoạch thông tin đối ngoại", ["chi_dao"]),
        ("Mời các đoàn phóng viên nước ngoài", ["bao_chi"]),  # not a delegation for hop_tac
        ("Đón tiếp các đoàn cựu chiến binh Pháp", ["hop_tac"]),
        ("Đón tiếp các đoàn doanh nghiệp Hàn Quốc tìm hiểu môi trường đầu tư", ["xuc_tien"]),
    ],
)
def test_matching(text, codes):
    assert REF.classify_themes(text) == codes


def test_title_and_description_are_matched_apart():
    # 'biển' ends the title and 'đảo' opens the description: no phrase spans the two fields
    assert REF.classify_themes("Tuyên truyền về biển", "Đảo ngược xu hướng") == []
    assert REF.classify_themes("Tuyên truyền về biển, đảo", "") == ["bien_dao"]


def test_field_restricts_a_rule(tmp_path):
    rules = pd.DataFrame(
        [["r1", "su_kien", "kỷ niệm", "", "", "", "", "title", "", "", ""]], columns=COLUMNS
    )
    engine = ThemeRules(rules, ["su_kien"], [])
    assert engine.classify("Kỷ niệm 50 năm", "") == ["su_kien"]
    assert engine.classify("Tuyên truyền", "nhân kỷ niệm 50 năm") == []


def test_window_direction():
    assert parse_window("") is None
    assert parse_window("3") == (3, 3)
    assert parse_window("+3") == (None, 3)
    assert parse_window("-3") == (3, None)
    with pytest.raises(ValueError, match="window"):
        parse_window("three")
    rules = pd.DataFrame(
        [["r1", "hop_tac", "đối tác", "", "với", "-2", "", "", "", "", ""]], columns=COLUMNS
    )
    engine = ThemeRules(rules, ["hop_tac"], [])
    assert engine.classify("làm việc với các đối tác") == ["hop_tac"]  # 1 word between
    assert engine.classify("đối tác với") == []  # 'với' after, the rule wants it before
    assert engine.classify("với bạn bè trong khu vực và các đối tác") == []  # too far


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("theme_code", "khong_co", "unknown theme"),
        ("match", "loose", "match"),
        ("field", "x", "field"),
    ],
)
def test_bad_rules_are_refused(column, value, message):
    row = dict.fromkeys(COLUMNS, "")
    row.update(rule_id="r1", theme_code="su_kien", phrase="kỷ niệm")
    row[column] = value
    with pytest.raises(ValueError, match=message):
        ThemeRules(pd.DataFrame([row]), ["su_kien"], [])


PHRASES = [
    (r["rule_id"], r["theme_code"], phrase.strip())
    for r in THEME_RULES.to_dict("records")
    if not r["requires"]
    for phrase in r["phrase"].split("|")
]


@pytest.mark.parametrize(("rule_id", "theme", "phrase"), PHRASES, ids=lambda v: str(v))
def test_every_phrase_of_a_rule_without_context_fires_alone(rule_id, theme, phrase):
    assert rule_id in fired(f"Tuyên truyền về {phrase}")
    assert theme in REF.classify_themes(f"Tuyên truyền về {phrase}")
