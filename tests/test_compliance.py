"""Đối chiếu hướng dẫn: every criterion of data/reference/criteria.csv on small hand-built
plans (a positive and a negative case each, worked out by reading the rows below), the
facts the issue names on the default data, criteria as data, and broken rules."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.fixtures import write_xlsx
from ttdn import compliance
from ttdn.cli import main
from ttdn.compliance import CRITERIA_FILE, SQL_DIR

# GOOD: a province plan (Hà Tĩnh: a land border and a coast) that does everything.
# WEAK: a Hà Nội plan (neither border nor coast) that does little: "72/NĐ-CP" without year
#       or date, only "nếu có" money, one unit with duties, 3/5 leads, 1/5 timeframes, issued
#       in May of its year, and none of the six content groups.
# CENTRAL: a central body citing the 2019 circular, mentioning NĐ 72/2015 only in an activity,
#       with no issue date.
# OLD: a 2017 province plan (before the guidance letters of guidance_letters.csv start).
PLANS = [
    {
        "plan_id": "GOOD",
        "title": "Kế hoạch thông tin đối ngoại năm 2020",
        "issuer": "UBND tỉnh Hà Tĩnh",
        "issuer_level": "tỉnh",
        "province": "Hà Tĩnh",
        "year": 2020,
        "issued_date": "2019-12-20",
        "legal_bases": "Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ; "
        "Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016; "
        "Văn bản số 3362/BTTTT-TTĐN ngày 02/10/2019 của Bộ Thông tin và Truyền thông",
    },
    {
        "plan_id": "WEAK",
        "title": "Kế hoạch năm 2021",
        "issuer": "UBND thành phố Hà Nội",
        "issuer_level": "tỉnh",
        "province": "Hà Nội",
        "year": 2021,
        "issued_date": "2021-05-10",
        "legal_bases": "Nghị định 72/NĐ-CP của Chính phủ; Công văn số 2905/BTTTT-TTĐN ngày 04/8/2019",
    },
    {
        "plan_id": "CENTRAL",
        "title": "Hoạt động thông tin đối ngoại năm 2023",
        "issuer": "Bộ Ví dụ",
        "issuer_level": "trung ương",
        "province": "Trung ương",
        "year": 2023,
        "issued_date": "",
        "legal_bases": "Thông tư 02/2019/TT-BTTTT",
    },
    {
        "plan_id": "OLD",
        "title": "Kế hoạch thông tin đối ngoại năm 2017",
        "issuer": "UBND tỉnh Hà Tĩnh",
        "issuer_level": "tỉnh",
        "province": "Hà Tĩnh",
        "year": 2017,
        "issued_date": "2017-01-05",
        "legal_bases": "NĐ 72/2015",
    },
]
# (plan, id, title, theme, lead, timeframe)
_ACTS = [
    (
        "GOOD",
        "1",
        "Xây dựng văn bản chỉ đạo, điều hành hoạt động TTĐN",
        "chi_dao",
        "Sở TT&TT",
        "Quý I/2020",
    ),
    (
        "GOOD",
        "2",
        "Bố trí cán bộ phụ trách thông tin đối ngoại",
        "nhan_su",
        "Sở Nội vụ",
        "Quý I/2020",
    ),
    ("GOOD", "3", "Tập huấn nghiệp vụ thông tin đối ngoại", "tap_huan", "Sở TT&TT", "Quý III/2020"),
    ("GOOD", "4", "Giải thích, làm rõ thông tin sai lệch", "phan_bac", "Sở TT&TT", "Thường xuyên"),
    ("GOOD", "5", "Quảng bá hình ảnh tỉnh ra nước ngoài", "quang_ba", "Sở Ngoại vụ", "Cả năm"),
    ("GOOD", "6", "Tuyên truyền về biên giới, biển, đảo", "bien_dao", "Sở TT&TT", "Quý II/2020"),
    (
        "WEAK",
        "1",
        "Tổ chức hội chợ xúc tiến thương mại",
        "xuc_tien",
        "Sở Công Thương",
        "Quý II/2021",
    ),
    ("WEAK", "2", "Họp báo định kỳ", "bao_chi", "Văn phòng UBND thành phố", ""),
    ("WEAK", "3", "Giao lưu văn hóa, thể thao", "van_hoa", "Sở Văn hóa và Thể thao", ""),
    ("WEAK", "4", "Ứng dụng cổng thông tin điện tử", "so_hoa", "", ""),
    ("WEAK", "5", "Sơ kết, tổng kết", "kiem_tra", "", ""),
    (
        "CENTRAL",
        "1",
        "Triển khai Nghị định 72/2015/NĐ-CP trong Bộ",
        "chi_dao",
        "Vụ Hợp tác quốc tế",
        "Quý I/2023",
    ),
    ("OLD", "1", "Tập huấn nghiệp vụ", "tap_huan", "Sở TT&TT", "Quý I/2017"),
]
ACTIVITIES = [
    {
        "plan_id": p,
        "activity_id": i,
        "section": "II. Nội dung",
        "title": t,
        "description": "",
        "themes": th,
        "lead_units": lead,
        "cooperating_units": "",
        "timeframe": tf,
        "start_date": "",
        "end_date": "",
        "budget_source": "",
        "budget_vnd": "",
        "status": "",
    }
    for p, i, t, th, lead, tf in _ACTS
]
ASSIGNMENTS = [
    {"plan_id": "GOOD", "unit": "Sở TT&TT", "role": "chủ trì", "duty": "Chủ trì tham mưu."},
    {"plan_id": "GOOD", "unit": "Sở Ngoại vụ", "role": "phối hợp", "duty": "Phối hợp quảng bá."},
    {"plan_id": "WEAK", "unit": "Sở TT&TT", "role": "chủ trì", "duty": "Theo dõi, tổng hợp."},
]
BUDGETS = [
    {"plan_id": "GOOD", "source": "ngân sách tỉnh", "amount_vnd": "", "note": "Ngân sách tỉnh."},
    {"plan_id": "WEAK", "source": "xã hội hóa", "amount_vnd": "", "note": "Xã hội hóa (nếu có)."},
]


def _plan_rows():
    base = {"number": "", "period_end": "", "signer": "", "source": "test"}
    return [{**base, **p} for p in PLANS]


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    from ttdn.ingest.loader import load_files

    work = tmp_path_factory.mktemp("compliance")
    sheets = {
        "plans": _plan_rows(),
        "activities": ACTIVITIES,
        "assignments": ASSIGNMENTS,
        "budgets": BUDGETS,
    }
    db = work / "hand.duckdb"
    load_files([write_xlsx(work / "hand.xlsx", sheets)], db)
    return db


@pytest.fixture(scope="module")
def results(hand_db):
    with duckdb.connect(str(hand_db), read_only=True) as con:
        frame = compliance.evaluate(con)
    assert frame.attrs["problems"] == []
    return frame


def result(frame, plan, criterion) -> str:
    row = frame[(frame.plan_id == plan) & (frame.criterion_id == criterion)]
    assert len(row) == 1, (plan, criterion)
    return row.iloc[0]


# (criterion, plan, expected result): the positive and the negative case of each criterion
CASES = [
    ("nd72", "GOOD", "met"),  # "Nghị định số 72/2015/NĐ-CP"
    ("nd72", "OLD", "met"),  # "NĐ 72/2015"
    ("nd72", "WEAK", "partly"),  # "Nghị định 72/NĐ-CP": no year, no date
    ("nd72", "CENTRAL", "partly"),  # only in an activity's title
    ("tt22", "GOOD", "met"),
    ("tt22", "WEAK", "not_met"),
    ("tt22", "CENTRAL", "n/a"),  # central bodies: TT 02/2019
    ("tt02", "CENTRAL", "met"),
    ("tt02", "GOOD", "n/a"),
    ("huong_dan_nam", "GOOD", "met"),  # 3362/BTTTT-TTĐN ngày 02/10/2019 for 2020
    ("huong_dan_nam", "WEAK", "not_met"),  # 2905/BTTTT-TTĐN but dated 2019, not 04/8/2020
    ("huong_dan_nam", "OLD", "n/a"),  # 2017: before 2018-
    ("nhom_chi_dao", "GOOD", "met"),
    ("nhom_chi_dao", "WEAK", "not_met"),
    ("nhom_nhan_su", "GOOD", "met"),
    ("nhom_nhan_su", "WEAK", "not_met"),
    ("nhom_tap_huan", "GOOD", "met"),
    ("nhom_tap_huan", "WEAK", "not_met"),
    ("nhom_phan_bac", "GOOD", "met"),
    ("nhom_phan_bac", "WEAK", "not_met"),
    ("nhom_quang_ba", "GOOD", "met"),
    ("nhom_quang_ba", "WEAK", "not_met"),
    ("nhom_bien_dao", "GOOD", "met"),  # Hà Tĩnh: border and coast
    ("nhom_bien_dao", "OLD", "not_met"),  # Hà Tĩnh, nothing on borders or the sea
    ("nhom_bien_dao", "WEAK", "n/a"),  # Hà Nội: neither
    ("nhom_bien_dao", "CENTRAL", "n/a"),
    ("kinh_phi", "GOOD", "met"),
    ("kinh_phi", "WEAK", "partly"),  # only "nếu có"
    ("kinh_phi", "CENTRAL", "not_met"),
    ("to_chuc_thuc_hien", "GOOD", "met"),  # 2 units with duties
    ("to_chuc_thuc_hien", "WEAK", "partly"),  # 1 unit
    ("to_chuc_thuc_hien", "CENTRAL", "not_met"),
    ("chu_tri_80", "GOOD", "met"),  # 6/6
    ("chu_tri_80", "WEAK", "partly"),  # 3/5 = 60% (≥ 50%)
    ("thoi_gian_80", "GOOD", "met"),  # 6/6
    ("thoi_gian_80", "WEAK", "not_met"),  # 1/5 = 20%
    ("ban_hanh_dung_han", "GOOD", "met"),  # 20/12/2019 for 2020
    ("ban_hanh_dung_han", "OLD", "met"),  # 05/01/2017: first quarter
    ("ban_hanh_dung_han", "WEAK", "not_met"),  # 10/05/2021: second quarter
    ("ban_hanh_dung_han", "CENTRAL", "n/a"),  # no issue date
]


@pytest.mark.parametrize(("criterion", "plan", "expected"), CASES)
def test_each_criterion(results, criterion, plan, expected):
    assert result(results, plan, criterion).result == expected


def test_every_criterion_has_a_positive_and_a_negative_case():
    ids = [row["criterion_id"] for row in csv.DictReader(open(CRITERIA_FILE, encoding="utf-8"))]
    assert len(ids) >= 12
    for cid in ids:
        seen = {r for c, _, r in CASES if c == cid}
        assert "met" in seen and seen & {"not_met", "partly", "n/a"}, cid


def test_one_row_per_plan_and_criterion(results):
    criteria, _ = compliance.load_criteria()
    assert len(results) == len(PLANS) * len(criteria)
    assert set(results.result) <= set(compliance.RESULTS)


def test_evidence_rows_and_texts(results):
    row = result(results, "GOOD", "tt22")
    assert row.evidence_rows == [("legal_bases", "GOOD", "2")]
    assert "22/2016/TT-BTTTT" in row.evidence
    weak = result(results, "WEAK", "nd72")
    assert "không ghi năm" in weak.evidence and "neither" in weak.evidence_en
    assert result(results, "WEAK", "tt22").evidence == "không tìm thấy"
    assert result(results, "WEAK", "tt22").evidence_en == "not found"
    central = result(results, "CENTRAL", "nd72")
    assert central.evidence_rows == [("activities", "CENTRAL", "1")]
    assert result(results, "CENTRAL", "ban_hanh_dung_han").evidence_en == "no issue date"
    lead = result(results, "WEAK", "chu_tri_80")
    assert lead.evidence.startswith("3/5 (60%)")
    assert lead.evidence_rows == [("activities", "WEAK", "4"), ("activities", "WEAK", "5")]
    assert "Hà Nội" in result(results, "WEAK", "nhom_bien_dao").evidence


def test_score(results):
    scores = compliance.score(results).set_index("plan_id")
    # WEAK: 13 applicable (tt02, nhom_bien_dao n/a): met 0; partly nd72, kinh_phi,
    # to_chuc_thuc_hien, chu_tri_80 = 4 → 100 × 2 / 13 = 15.4
    weak = scores.loc["WEAK"]
    assert (weak.met, weak.partly, weak.na, weak.applicable) == (0, 4, 2, 13)
    assert weak.score == pytest.approx(15.4)
    assert scores.loc["GOOD", "score"] == 100.0


def test_some_plans_only(hand_db):
    with duckdb.connect(str(hand_db), read_only=True) as con:
        frame = compliance.evaluate(con, ["OLD"])
        assert set(frame.plan_id) == {"OLD"}
        assert compliance.evaluate(con, []).empty


# criteria are data ---------------------------------------------------------------------


def _write_criteria(path: Path, extra: list[dict] | None = None, keep: int | None = None) -> Path:
    rows = list(csv.DictReader(open(CRITERIA_FILE, encoding="utf-8")))[:keep]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(compliance.REQUIRED))
        writer.writeheader()
        writer.writerows(rows + (extra or []))
    return path


def _row(**values) -> dict:
    base = dict.fromkeys(compliance.REQUIRED, "")
    base.update(
        criterion_id="qd1486",
        name_vi="Căn cứ Quyết định 1486/QĐ-TTg",
        name_en="Cites Decision 1486/QĐ-TTg",
        applies_levels="tỉnh",
        source="QĐ 1486/QĐ-TTg ngày 06/11/2018",
        rule_kind="legal_basis",
        rule="Quyết định số 1486/QĐ-TTg ngày 06/11/2018",
        met_if=">=2",
        partly_if=">=1",
    )
    base.update(values)
    return base


def test_a_new_row_adds_a_criterion_without_code(hand_db, tmp_path):
    path = _write_criteria(tmp_path / "criteria.csv", [_row()], keep=1)
    with duckdb.connect(str(hand_db), read_only=True) as con:
        frame = compliance.evaluate(con, reference=path)
    assert list(frame.criterion_id.unique()) == ["nd72", "qd1486"]
    new = frame[frame.criterion_id == "qd1486"].set_index("plan_id").result.to_dict()
    # no hand-built plan cites 1486/QĐ-TTg; the central plan is another level
    assert new == {"CENTRAL": "n/a", "GOOD": "not_met", "OLD": "not_met", "WEAK": "not_met"}


def test_default_data_new_criterion_finds_ha_tinh(default_db, tmp_path):
    path = _write_criteria(tmp_path / "criteria.csv", [_row()], keep=0)
    with duckdb.connect(str(default_db), read_only=True) as con:
        frame = compliance.evaluate(con, ["HT-2020"], reference=path)
    row = frame.iloc[0]
    assert (row.criterion_id, row.result) == ("qd1486", "met")
    assert "1486/QĐ-TTg ngày 06/11/2018" in row.evidence


BROKEN = [
    (_row(criterion_id="b1", rule_kind="regex"), "rule_kind"),
    (_row(criterion_id="b2", rule_kind="sql", rule="no_such_file"), "no_such_file.sql"),
    (_row(criterion_id="b3", met_if="most"), "met_if"),
    (_row(criterion_id="b4", met_if=">=0.5", partly_if=">=0.8"), "partly_if"),
    (_row(criterion_id="b5", rule="Nghị định gì đó"), "rule"),
    (_row(criterion_id="b6", applies_levels="xã"), "xã"),
    (_row(criterion_id="b7", applies_years="sau 2016"), "applies_years"),
    (_row(criterion_id="b8", applies_if="has_airport"), "has_airport"),
    (_row(criterion_id="b9", rule_kind="keywords", rule="chủ đề"), "keywords"),
    (_row(criterion_id="b10", rule_kind="keywords", rule="theme=khong_co; words=a"), "khong_co"),
]


def test_check_criteria_reports_broken_rows(tmp_path):
    path = _write_criteria(tmp_path / "c.csv", [row for row, _ in BROKEN], keep=2)
    problems = compliance.check_criteria(path)
    assert [p.row for p in problems] == list(range(4, 4 + len(BROKEN)))
    for problem, (row, word) in zip(problems, BROKEN, strict=True):
        assert problem.criterion_id == row["criterion_id"]
        assert word in problem.vi and word in problem.en


def test_sql_that_fails_on_the_empty_schema(tmp_path):
    sql_dir = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_dir)
    (sql_dir / "broken.sql").write_text(
        "-- param: plan_ids text[] []\n"
        "SELECT plan_id, no_such_column AS value FROM plans WHERE plan_id IN $plan_ids",
        encoding="utf-8",
    )
    (sql_dir / "no_value.sql").write_text(
        "-- param: plan_ids text[] []\nSELECT plan_id FROM plans WHERE plan_id IN $plan_ids",
        encoding="utf-8",
    )
    path = _write_criteria(
        tmp_path / "c.csv",
        [
            _row(criterion_id="x1", rule_kind="sql", rule="broken"),
            _row(criterion_id="x2", rule_kind="sql", rule="no_value"),
        ],
        keep=0,
    )
    problems = compliance.check_criteria(path, sql_dir)
    assert [(p.row, p.criterion_id) for p in problems] == [(2, "x1"), (3, "x2")]
    assert "no_such_column" in problems[0].en
    assert "value" in problems[1].en


def test_a_broken_row_is_skipped_not_fatal(hand_db, tmp_path):
    path = _write_criteria(tmp_path / "c.csv", [_row(criterion_id="b1", rule_kind="x")], keep=2)
    with duckdb.connect(str(hand_db), read_only=True) as con:
        frame = compliance.evaluate(con, reference=path)
    assert list(frame.criterion_id.unique()) == ["nd72", "tt22"]
    assert [p.criterion_id for p in frame.attrs["problems"]] == ["b1"]


def test_default_criteria_are_valid():
    assert compliance.check_criteria() == []


# the default data (the done-when facts of issue 8) ---------------------------------------


@pytest.fixture(scope="module")
def default_results(default_db):
    with duckdb.connect(str(default_db), read_only=True) as con:
        return compliance.evaluate(con)


def test_vien_han_lam_cites_neither_decree_nor_circular(default_results):
    # data/plans/VHL-2023-2641/plans.csv: legal_bases is empty
    assert result(default_results, "VHL-2023-2641", "nd72").result == "not_met"
    assert result(default_results, "VHL-2023-2641", "tt02").result == "not_met"
    assert result(default_results, "VHL-2023-2641", "tt22").result == "n/a"


def test_ha_tinh_and_ha_noi_cite_circular_22(default_results):
    # HT-2020 legal base 3 and HN-2021-92 legal base 1 are "Thông tư số 22/2016/TT-BTTTT ..."
    ht = result(default_results, "HT-2020", "tt22")
    hn = result(default_results, "HN-2021-92", "tt22")
    assert (ht.result, ht.evidence_rows) == ("met", [("legal_bases", "HT-2020", "3")])
    assert (hn.result, hn.evidence_rows) == ("met", [("legal_bases", "HN-2021-92", "1")])
    assert "Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016" in ht.evidence


def test_ha_tinh_decree_72_without_year_is_met_through_its_date(default_results):
    # "Nghị định số 72/NĐ-CP ngày 07/9/2015": the date names the year
    row = result(default_results, "HT-2020", "nd72")
    assert row.result == "met"
    assert "07/09/2015" in row.evidence and row.evidence_rows == [("legal_bases", "HT-2020", "2")]


def test_guidance_letters_on_default_data(default_results):
    assert result(default_results, "HT-2020", "huong_dan_nam").result == "met"  # 3362
    assert result(default_results, "DL-2024-143", "huong_dan_nam").result == "not_met"


# command line ----------------------------------------------------------------------------


def test_cli_compliance_json(hand_db, capsys):
    assert main(["compliance", "--db", str(hand_db), "--plan", "WEAK", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["plan_id"] for r in rows} == {"WEAK"}
    assert set(rows[0]) >= {"plan_id", "criterion_id", "criterion", "source", "result", "evidence"}
    tt22 = next(r for r in rows if r["criterion_id"] == "tt22")
    assert (tt22["result"], tt22["evidence"]) == ("not_met", "không tìm thấy")


def test_cli_compliance_csv_and_table(hand_db, capsys):
    assert main(["compliance", "--db", str(hand_db), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "plan_id,criterion_id,criterion,source,result,evidence"
    assert len(lines) == 1 + len(PLANS) * 15
    assert main(["compliance", "--db", str(hand_db), "--plan", "GOOD"]) == 0
    assert "Căn cứ Nghị định 72/2015/NĐ-CP" in capsys.readouterr().out


def test_cli_unknown_plan(hand_db, capsys):
    assert main(["compliance", "--db", str(hand_db), "--plan", "NOPE"]) == 1
    err = capsys.readouterr().err
    assert "Không có kế hoạch: NOPE" in err and "Unknown plan: NOPE" in err


def test_cli_check_criteria(tmp_path, capsys):
    assert main(["check-criteria"]) == 0
    assert "15" in capsys.readouterr().out
    path = _write_criteria(tmp_path / "c.csv", [BROKEN[0][0]], keep=1)
    assert main(["check-criteria", "--file", str(path)]) == 1
    err = capsys.readouterr().err
    assert "dòng/row 3 (b1)" in err and "unknown rule_kind" in err


def test_a_section_heading_is_evidence_of_a_content_group(default_results):
    # HT-2020 row "II.4.4 Đẩy mạnh tuyên truyền về biên giới lãnh thổ, biển, đảo; ..." has
    # sub-activities II.4.4.1-6, so it is a heading (sections table)
    row = result(default_results, "HT-2020", "nhom_bien_dao")
    assert row.result == "met"
    assert row.evidence_rows[0] == ("sections", "HT-2020", "II.4.4")
    assert row.evidence.startswith("Mục II.4.4: Đẩy mạnh tuyên truyền về biên giới")


def test_ratios_count_real_activities_only(default_results):
    # HT-2020: 18 activities once the 4 headings (II.4, II.4.2, II.4.3, II.4.4) are sections;
    # all have a lead; II.5 has no timeframe → 17/18
    assert result(default_results, "HT-2020", "chu_tri_80").evidence == "18/18 (100%)"
    assert result(default_results, "HT-2020", "thoi_gian_80").evidence.startswith("17/18 (94%)")


def test_not_applicable_level_is_named_in_the_language():
    from ttdn.i18n import t

    vi = t("compliance.na.level", "vi", level=compliance._level_name("tỉnh", "vi"))
    en = t("compliance.na.level", "en", level=compliance._level_name("tỉnh", "en"))
    assert vi == "Không áp dụng cho cấp tỉnh"
    assert en == "Not applicable at province level"
    assert compliance._level_name("trung ương", "en") == "central"
    assert "data/reference" not in t("compliance.caption_all", "vi")
