"""The leaders' brief (ttdn.brief, `python -m ttdn brief`) on the fixture database: the
.docx opens in python-docx with its charts, names the provinces, gives the figures and
plan numbers counted by hand from tests/fixtures.py, and says clearly when a province is
unknown."""

from __future__ import annotations

import sys
import types

import docx
import pandas as pd
import pytest

from tests.fixtures import ACTIVITIES, PLANS
from ttdn.brief import UnknownProvince, describe, match_province
from ttdn.cli import main
from ttdn.i18n import t
from ttdn.ui.filters import Filters


def make(fixture_db, tmp_path, *args) -> tuple[int, docx.document.Document | None]:
    out = tmp_path / "brief.docx"
    code = main(["brief", "--db", str(fixture_db), *args, "-o", str(out)])
    return code, (docx.Document(str(out)) if code == 0 else None)


def text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def table_with(document, first_cell: str):
    for table in document.tables:
        if table.rows[0].cells[0].text == first_cell:
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table starting with {first_cell!r}")


def activities_of(plan_id: str) -> int:
    return sum(a["plan_id"] == plan_id for a in ACTIVITIES)


def test_brief_for_one_province(fixture_db, tmp_path):
    code, document = make(fixture_db, tmp_path, "--province", "ha tinh", "--year", "2020")
    assert code == 0
    assert len(document.inline_shapes) >= 3  # themes, lead units, quarters, budget sources
    text = text_of(document)
    assert t("brief.title") in text
    assert "Tỉnh Hà Tĩnh, năm 2020" in text
    kpis = {row[0]: row[1:] for row in table_with(document, t("brief.kpi.measure"))}
    assert kpis[t("brief.kpi.plans")] == ["1"]
    assert kpis[t("brief.kpi.activities")] == [str(activities_of("HT-2020"))] == ["3"]
    assert kpis[t("brief.kpi.budget_plans")] == ["1/1"]  # du_toan_rieng, no "nếu có"
    # no amount in its Budget section; activity II.3 costs 150.000.000 đồng
    assert kpis[t("brief.kpi.budget_amount")] == [
        f"150.000.000 đồng {t('brief.kpi.from_activities')}"
    ]
    sources = table_with(document, t("col.issuer"))
    assert sources[1:] == [["UBND tỉnh Hà Tĩnh", PLANS[0]["title"], "—", "—"]]  # no number


def test_brief_compares_two_provinces(fixture_db, tmp_path):
    code, document = make(
        fixture_db, tmp_path, "--province", "Hà Tĩnh", "--compare", "TP Hà Nội", "--year", "2020"
    )
    assert code == 1  # Hà Nội has no 2020 plan: nothing is written
    code, document = make(
        fixture_db,
        tmp_path,
        "--province",
        "Hà Tĩnh",
        "--year",
        "2020",
        "--compare",
        "thanh pho ha noi",
        "--compare-year",
        "2021",
    )
    assert code == 0
    assert len(document.inline_shapes) >= 3
    text = text_of(document)
    assert "Tỉnh Hà Tĩnh, năm 2020" in text and "Thành phố Hà Nội, năm 2021" in text
    table = table_with(document, t("brief.kpi.measure"))
    assert table[0] == [t("brief.kpi.measure"), "Hà Tĩnh 2020", "Hà Nội 2021"]
    kpis = {row[0]: row[1:] for row in table}
    assert kpis[t("brief.kpi.activities")] == ["3", str(activities_of("HN-2021-92"))]
    # Hà Nội's budget line names "ngân sách chi thường xuyên" with 2.000.000.000 đồng
    assert kpis[t("brief.kpi.budget_amount")] == [
        f"150.000.000 đồng {t('brief.kpi.from_activities')}",
        "2.000.000.000 đồng",
    ]
    numbers = [row[2] for row in table_with(document, t("col.issuer"))[1:]]
    assert numbers == ["—", "92/KH-UBND"]


def test_brief_in_english_and_as_the_34_provinces(fixture_db, tmp_path):
    # Thái Bình is part of Hưng Yên after 2025: its plan counts there
    code, document = make(fixture_db, tmp_path, "--province", "Hung Yen", "--p2025")
    assert code == 0
    code, document = make(
        fixture_db, tmp_path, "--province", "thai binh", "--p2025", "--lang", "en"
    )
    assert code == 0
    text = text_of(document)
    assert t("brief.title", "en") in text
    assert "Hưng Yên province (as the 34 provinces after 2025), all years" in text
    kpis = {row[0]: row[1:] for row in table_with(document, t("brief.kpi.measure", "en"))}
    assert kpis[t("brief.kpi.activities", "en")] == [str(activities_of("TB-2021"))] == ["1"]
    assert "10/KH-UBND" in text and "15 Jan 2021" in text


def test_unknown_province_says_so_in_both_languages(fixture_db, tmp_path, capsys):
    code, _ = make(fixture_db, tmp_path, "--province", "Hà Tĩnhh")
    assert code == 1
    err = capsys.readouterr().err
    assert t("brief.unknown_province", "vi", name="Hà Tĩnhh") in err
    assert t("brief.unknown_province", "en", name="Hà Tĩnhh") in err
    assert not (tmp_path / "brief.docx").exists()


def test_known_province_without_plans(fixture_db, tmp_path, capsys):
    code, _ = make(fixture_db, tmp_path, "--province", "Cà Mau")
    assert code == 1
    err = capsys.readouterr().err
    assert "Tỉnh Cà Mau, mọi năm" in err and "Cà Mau province, all years" in err


def test_missing_database(tmp_path, capsys):
    code = main(["brief", "--db", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "b.docx")])
    assert code == 1
    assert "none.duckdb" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("HA TINH", ("Hà Tĩnh", "Hà Tĩnh")),
        ("tỉnh Hà Tĩnh", ("Hà Tĩnh", "Hà Tĩnh")),
        ("UBND tỉnh Đắk Lắk", ("Đắk Lắk", "Đắk Lắk")),
        ("Dak Lak", ("Đắk Lắk", "Đắk Lắk")),
        ("tp.hcm", ("TP Hồ Chí Minh", "TP Hồ Chí Minh")),
        ("Huế", ("Thừa Thiên Huế", "Huế")),
        ("Thái Bình", ("Thái Bình", "Hưng Yên")),
    ],
)
def test_province_names_are_matched(name, expected):
    assert match_province(name) == expected


@pytest.mark.parametrize("name", ["", "Hà Tây Nguyên", "tỉnh"])
def test_unknown_names_raise(name):
    with pytest.raises(UnknownProvince):
        match_province(name)


def test_filters_in_words():
    assert describe({"provinces": ["Hà Tĩnh"], "years": [2020]}) == "Tỉnh Hà Tĩnh, năm 2020"
    assert (
        describe({"provinces": ["Hà Nội", "Trung ương"], "years": list(range(2016, 2026))})
        == "Thành phố Hà Nội và Cơ quan trung ương, giai đoạn 2016–2025"
    )
    assert describe({"years": [2020, 2022]}, "en") == "All provinces, 2020, 2022"
    assert describe({"provinces": ["TP Hồ Chí Minh"], "levels": ["sở"]}) == (
        "TP Hồ Chí Minh, mọi năm, cấp sở"
    )


def fake_module(monkeypatch, name: str, **attrs) -> None:
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


def test_highlights_and_compliance_are_used_when_there(fixture_db, tmp_path, monkeypatch):
    class Highlight:
        def __init__(self, text):
            self.text, self.link = text, ""

    calls = []

    def evaluate(con, plan_ids=None):
        calls.append(list(plan_ids))
        return pd.DataFrame(
            {
                "plan_id": ["HT-2020", "HT-2020"],
                "criterion_id": ["nd72", "tt22"],
                "criterion": ["Dẫn Nghị định 72/2015/NĐ-CP", "Dẫn Thông tư 22/2016/TT-BTTTT"],
                "source": ["NĐ 72/2015", "TT 22/2016"],
                "result": ["met", "not_met"],
                "evidence": ["Nghị định số 72/2015/NĐ-CP", "not found"],
            }
        )

    def highlights(source, filters=None, lang="vi"):  # as ttdn.ui.highlights
        calls.append(filters)
        return [Highlight("Chủ đề biển, đảo được đề cập nhiều nhất.")]

    fake_module(monkeypatch, "ttdn.ui.highlights", highlights=highlights)
    fake_module(monkeypatch, "ttdn.compliance", evaluate=evaluate)
    code, document = make(fixture_db, tmp_path, "--province", "Hà Tĩnh")
    assert code == 0
    assert calls == [Filters(provinces=("Hà Tĩnh",)), ["HT-2020"]]
    text = text_of(document)
    assert "Chủ đề biển, đảo được đề cập nhiều nhất." in text
    assert t("brief.highlights_missing") not in text
    checklist = table_with(document, t("brief.compliance.criterion"))
    assert checklist[1:] == [
        ["Dẫn Nghị định 72/2015/NĐ-CP", t("brief.result.met"), "Nghị định số 72/2015/NĐ-CP"],
        ["Dẫn Thông tư 22/2016/TT-BTTTT", t("brief.result.not_met"), "not found"],
    ]


def test_sections_left_out_with_a_note_when_missing(fixture_db, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ttdn.ui.highlights", None)  # import fails
    monkeypatch.setitem(sys.modules, "ttdn.compliance", None)
    code, document = make(fixture_db, tmp_path, "--province", "Hà Tĩnh")
    assert code == 0
    text = text_of(document)
    assert t("brief.highlights_missing") in text
    assert t("brief.compliance_missing") in text
