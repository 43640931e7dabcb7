"""Đối chiếu hướng dẫn page in AppTest on the default data: the checklist of one plan (from
the URL), an unknown plan in the URL, the matrix, a broken criterion row (a warning, not a
crash), and the view's matrix figures computed by hand."""

from __future__ import annotations

import pandas as pd

from tests.fixtures import open_app_page
from ttdn import compliance
from ttdn.i18n import t
from ttdn.ui import compliance_view as view

PAGE = "app_pages/compliance.py"


def open_page(monkeypatch, db, query_params=None, tab=None):
    tab = None if tab is None else ("compliance_tab", t(f"compliance.tab.{tab}"))
    return open_app_page(monkeypatch, db, PAGE, query_params, tab)


def test_checklist_of_the_plan_in_the_url(monkeypatch, default_db):
    at = open_page(monkeypatch, default_db, {"kh": "HT-2020"})
    assert not at.exception
    assert at.selectbox(key="compliance_plan").value == "HT-2020"
    table = at.dataframe[0].value
    criterion = t("compliance.col.criterion")
    evidence = t("compliance.col.evidence")
    tt22 = table[table[criterion] == "Căn cứ Thông tư 22/2016/TT-BTTTT (tỉnh)"].iloc[0]
    assert "Thông tư số 22/2016/TT-BTTTT" in tt22[evidence]
    assert tt22[t("compliance.col.result")] == t("compliance.result.met")
    assert tt22[t("compliance.col.icon")] == "✔"
    # HT-2020: 13 met of 13 applicable (tt02: central only; no issue date)
    assert at.metric[0].value == "100,0"
    assert not at.warning
    # the full text of one criterion's evidence: HT-2020 legal base 3, sheet plans
    at.selectbox(key="compliance_evidence_criterion").set_value("tt22").run()
    lines = [m.value for m in at.markdown]
    assert any("Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016" in line for line in lines)
    # a content group: the section heading II.4.4 and its activities
    at.selectbox(key="compliance_evidence_criterion").set_value("nhom_bien_dao").run()
    lines = [m.value for m in at.markdown]
    assert any(line.startswith("**Mục II.4.4**") and "biên giới lãnh thổ" in line for line in lines)
    # where the evidence is, in Vietnamese words: no English "sheet", no file path
    assert any("(trang tính Hoạt động, dòng " in line for line in lines)
    assert not any("(sheet " in line for line in lines)


def test_unknown_plan_in_the_url(monkeypatch, default_db):
    at = open_page(monkeypatch, default_db, {"kh": "KHONG-CO"})
    assert not at.exception
    assert "KHONG\\-CO" in at.warning[0].value  # as typed: markdown escaped (ttdn.ui.safe.md)
    assert at.selectbox(key="compliance_plan").value == "DL-2024-143"  # the first listed


def test_matrix_tab(monkeypatch, default_db):
    at = open_page(monkeypatch, default_db, tab="matrix")
    assert not at.exception
    assert at.get("plotly_chart")


def test_a_broken_criterion_row_is_a_warning(monkeypatch, default_db, tmp_path):
    import csv

    path = tmp_path / "criteria.csv"
    rows = list(csv.DictReader(open(compliance.CRITERIA_FILE, encoding="utf-8")))
    rows[1]["rule_kind"] = "magic"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(compliance, "CRITERIA_FILE", path)
    at = open_page(monkeypatch, default_db, {"kh": "HN-2021-92"})
    assert not at.exception
    assert "dòng 3 (tt22)" in at.warning[0].value
    names = at.dataframe[0].value[t("compliance.col.criterion")].tolist()
    assert "Căn cứ Thông tư 22/2016/TT-BTTTT (tỉnh)" not in names
    assert len(names) == 14


def test_matrix_values_by_hand(vi):
    # two plans of one province: met + partly → (1 + ½) / 2; n/a is left out
    results = pd.DataFrame(
        {
            "plan_id": ["A", "B", "A", "B"],
            "province": ["Hà Tĩnh"] * 4,
            "criterion_id": ["c1", "c1", "c2", "c2"],
            "criterion": ["Một", "Một", "Hai", "Hai"],
            "criterion_en": ["One", "One", "Two", "Two"],
            "result": ["met", "partly", "n/a", "n/a"],
        }
    )
    cells = view.matrix(results).set_index("criterion_id")
    assert cells.loc["c1", "value"] == 0.75
    assert cells.loc["c1", "plans"] == 2
    assert pd.isna(cells.loc["c2", "value"])
    spec = view.matrix_chart(cells.reset_index(), ["Hà Tĩnh"], [("c1", "Một"), ("c2", "Hai")])
    assert spec["data"][1]["z"] == [[0.75, None]]
    assert spec["data"][0]["z"] == [[None, 1]]  # the grey "not applicable" layer
    # the glyph sits in its own cell: one text at (c1, Hà Tĩnh), none on the grey cell
    glyphs = spec["data"][2]
    assert (glyphs["x"], glyphs["y"], glyphs["text"]) == (
        ["c1"],
        ["Hà Tĩnh"],
        [view.ICONS["partly"]],
    )


def test_matrix_columns_never_merge_on_similar_names():
    # two criteria whose names share a long beginning keep a column each
    names = [
        ("tt22", "Căn cứ Thông tư 22/2016/TT-BTTTT (tỉnh)"),
        ("tt02", "Căn cứ Thông tư 02/2019/TT-BTTTT (trung ương)"),
    ]
    cells = pd.DataFrame(
        {
            "province": ["Hà Tĩnh", "Hà Tĩnh"],
            "criterion_id": ["tt22", "tt02"],
            "value": [1.0, float("nan")],
            "detail": ["", ""],
            "plans": [1, 1],
        }
    )
    spec = view.matrix_chart(cells, ["Hà Tĩnh"], names)
    axis = spec["layout"]["xaxis"]
    assert spec["data"][1]["x"] == ["tt22", "tt02"] == axis["tickvals"]
    assert len(set(axis["ticktext"])) == 2


def test_english(monkeypatch, default_db):
    at = open_page(monkeypatch, default_db, {"kh": "VHL-2023-2641", "lang": "en"})
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Result",
        "Criterion",
        "Assessment",
        "Evidence",
        "Source of the criterion",
    ]
    nd72 = table[table["Criterion"] == "Cites Decree 72/2015/NĐ-CP"].iloc[0]
    assert (nd72["Assessment"], nd72["Evidence"]) == ("Not met", "not found")
