"""Tables read like the cards beside them: "—" for an empty cell, 1.234.567 in Vietnamese
(1,234,567 in English), years plain, dates dd/mm/yyyy — and numbers still sort as numbers."""

import datetime as dt
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.fixtures import PLANS, open_app_page
from ttdn import ROOT
from ttdn.i18n import t
from ttdn.ui import data_view
from ttdn.ui.table import EMPTY, MISSING_NUMBER, display

APP_FILE = ROOT / "app.py"


def cells(styler) -> list[list[str]]:
    """What a Styler draws, cell by cell (the same display values Streamlit sends)."""
    rows = re.findall(r"<tr>(.*?)</tr>", styler.to_html(), flags=re.S)[1:]
    return [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in rows]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Số hiệu": [None, "12/KH-UBND", ""],
            "Năm": [2020, 2021, 2024],
            "Hoạt động": [1500, 2, 1234567],
            "Kinh phí": pd.array([1500000, None, 20], dtype="Int64"),
            "Tỷ lệ": [12.5, 3.25, 100.0],
            "Ngày": [dt.date(2021, 4, 6), None, dt.date(2020, 1, 15)],
        }
    )


def test_text_gaps_are_a_dash_and_numbers_keep_their_values():
    data, config = display(frame(), "vi")
    assert list(data.data["Số hiệu"]) == [EMPTY, "12/KH-UBND", EMPTY]
    # a gap in a number column is drawn as "—" but stays a number (it sorts first)
    assert list(data.data["Kinh phí"]) == [1500000.0, MISSING_NUMBER, 20.0]
    assert list(data.data["Hoạt động"]) == [1500, 2, 1234567]
    assert sorted(data.data["Hoạt động"]) == [2, 1500, 1234567]  # numeric, not "1.500" < "2"


def test_vietnamese_and_english_number_formats():
    data, config = display(frame(), "vi")
    # whole numbers without gaps: a column format (sprintf-js, "." as the separator)
    assert config["Hoạt động"]["type_config"]["format"] == "%'.,d"
    assert config["Năm"]["type_config"]["format"] == "%d"  # 2020, not 2.020
    drawn = cells(data)
    assert [row[3] for row in drawn] == ["1.500.000", EMPTY, "20"]
    assert [row[4] for row in drawn] == ["12,5", "3,2", "100"]
    assert [row[5] for row in drawn] == ["06/04/2021", EMPTY, "15/01/2020"]
    data, config = display(frame(), "en")
    assert config["Hoạt động"]["type_config"]["format"] == "%,d"
    drawn = cells(data)
    assert [row[3] for row in drawn] == ["1,500,000", EMPTY, "20"]
    assert [row[4] for row in drawn] == ["12.5", "3.2", "100"]
    assert [row[5] for row in drawn] == ["06 Apr 2021", EMPTY, "15 Jan 2020"]


def test_years_under_other_names_stay_plain():
    years = pd.DataFrame({"Năm ban hành": [2020, 2021], "year": [2022, 2023], "Dòng": [1500, 7]})
    _, config = display(years, "vi")
    assert {c: config[c]["type_config"]["format"] for c in years} == {
        "Năm ban hành": "%d",
        "year": "%d",
        "Dòng": "%d",
    }


def test_the_source_table_names_the_file_not_the_plan():
    sources = pd.DataFrame(
        {
            "plan_id": ["HT-2020", "X-1"],
            "number": [None, "1/KH"],
            "issuer": ["a", "b"],
            "year": [2020, 2021],
            "issued_date": [None, dt.date(2021, 1, 2)],
            "signer": ["s", "t"],
            "activities": [1, 2],
            "title": ["Kế hoạch TTĐN năm 2020", "Kế hoạch 2021"],
            "source": ["002_ca757b694eb3b039.txt", None],
            "source_file": ["HT-2020", "ke-hoach-2021.xlsx"],
        }
    )
    shown = data_view.sources_table(sources)
    # a hashed stored name says nothing: the plan's title (no number) stands for it
    assert list(shown["source_file"]) == ["Kế hoạch TTĐN năm 2020", "ke-hoach-2021.xlsx"]
    sources.loc[0, ["source", "number"]] = ["KH 92.pdf", "92/KH"]
    assert list(data_view.sources_table(sources)["source_file"])[0] == "KH 92.pdf"


def data_page(monkeypatch, db, tmp_path, language="vi"):
    """The Dữ liệu page as a viewer (not signed in) sees it."""
    monkeypatch.setenv("TTDN_USERS", str(tmp_path / "users.json"))
    return open_app_page(monkeypatch, db, "app_pages/data.py", {"lang": language})


def sources_grid(at, language="vi"):
    column = t("col.source_file", language)
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_data_page_sources_table_shows_dashes_and_files(monkeypatch, fixture_db, tmp_path):
    """The list of sources (moved from Tổng quan) is on the Dữ liệu page for every viewer,
    with its CSV/Excel buttons, before the sign-in form."""
    at = data_page(monkeypatch, fixture_db, tmp_path)
    assert not at.exception
    table = sources_grid(at)
    numbers = dict(zip(table[t("col.plan_id")], table[t("col.number")], strict=True))
    assert numbers["HT-2020"] == EMPTY  # no number in the plan: "—", not "None"
    assert numbers["HN-2021-92"] == "92/KH-UBND"
    # the fixture's plans name their source "fixture"; the file column shows it
    assert set(table[t("col.source_file")]) == {p["source"] for p in PLANS}
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()
    assert set(table[t("col.plan_id")]) == {p["plan_id"] for p in PLANS}  # every plan
    assert [s.value for s in at.subheader][0] == t("data.sources.title")
    keys = {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}
    assert {"data_sources_csv", "data_sources_xlsx"} <= keys
    assert at.info  # then the gate of the editor tools
    english = sources_grid(data_page(monkeypatch, fixture_db, tmp_path, "en"), "en")
    assert t("col.number", "en") in english.columns


def test_drill_source_names_the_sheet_in_vietnamese():
    from ttdn.ui import drill

    row = {"source_file": "HT-2020", "source_sheet": "activities", "source_row": 15}
    assert drill._source(row, t("drill.source_fmt")) == "HT-2020 › Hoạt động › dòng 15"


def test_a_big_table_draws_date_gaps_as_text_without_a_styler():
    """Over MAX_STYLED_DATE_CELLS cells a Styler would be redrawn on every rerun (the home
    page's sources at national scale): the date column with gaps becomes text instead."""
    from ttdn.ui.table import MAX_STYLED_DATE_CELLS

    rows = MAX_STYLED_DATE_CELLS // 2 + 1
    big = pd.DataFrame(
        {
            "Số hiệu": ["1/KH"] * rows,
            "Ngày": [dt.date(2021, 4, 6), None] * (rows // 2) + [dt.date(2020, 1, 15)],
        }
    )
    data, _ = display(big, "vi")
    assert isinstance(data, pd.DataFrame)  # no Styler
    assert list(data["Ngày"][:3]) == ["06/04/2021", EMPTY, "06/04/2021"]
    assert data["Ngày"].iloc[-1] == "15/01/2020"
    data, _ = display(big, "en")
    assert data["Ngày"].iloc[1] == EMPTY
    # a small table keeps real dates (they sort by value) behind a Styler
    small, _ = display(big.head(10), "vi")
    assert not isinstance(small, pd.DataFrame)
    assert small.data["Ngày"].iloc[0] == dt.date(2021, 4, 6)


def big_frame() -> pd.DataFrame:
    """More than MAX_STYLED_CELLS cells, with gaps in a number and a text column."""
    from ttdn.ui.table import MAX_STYLED_CELLS

    rows = MAX_STYLED_CELLS // 3 + 10
    return pd.DataFrame(
        {
            "Tỉnh/thành": ["Hà Tĩnh", None] * (rows // 2),
            "Hoạt động": [1500, None] * (rows // 2),
            "Năm": [2020, None] * (rows // 2),
        }
    )


def big_table_app():

    from tests.test_table import big_frame
    from ttdn.ui.table import show_table

    show_table(big_frame())


def test_a_big_table_draws_number_gaps_as_a_dash_not_none():
    """Over MAX_STYLED_CELLS no Styler draws the gaps: they are nulls, which st.dataframe
    draws as its placeholder ("None" unless told): show_table tells it "—"."""
    big = big_frame()
    assert big.size > 20_000
    data, config = display(big, "vi")
    assert isinstance(data, pd.DataFrame)  # too big for a Styler
    assert list(data["Tỉnh/thành"][:2]) == ["Hà Tĩnh", EMPTY]
    assert data["Hoạt động"].isna().sum() == len(big) // 2  # still numbers, with nulls
    assert config["Hoạt động"]["type_config"]["format"] == "%'.,d"  # 1.500
    assert config["Năm"]["type_config"]["format"] == "%d"  # 2020
    at = AppTest.from_function(big_table_app, default_timeout=30).run()
    assert not at.exception
    proto = at.dataframe[0].proto
    assert proto.placeholder == EMPTY  # what the browser draws in a null cell


def test_data_page_sources_table_names_a_hashed_file_by_the_plans_title(
    monkeypatch, db_copy, tmp_path
):
    """A document stored under a hashed name ("002_ca757b694eb3b039.txt", as build-default
    stores them) reads as the plan's title: home_plans brings the title along."""
    import duckdb

    with duckdb.connect(str(db_copy)) as con:
        con.execute(
            "UPDATE plans SET source = '002_ca757b694eb3b039.txt' WHERE plan_id = 'HT-2020'"
        )
        title = con.execute("SELECT title FROM plans WHERE plan_id = 'HT-2020'").fetchone()[0]
    assert title
    at = data_page(monkeypatch, db_copy, tmp_path)
    assert not at.exception
    table = sources_grid(at)
    files = dict(zip(table[t("col.plan_id")], table[t("col.source_file")], strict=True))
    assert files["HT-2020"] == title


def sources_like() -> pd.DataFrame:
    """The Dữ liệu page's Nguồn dữ liệu table as build-default fills it (8 columns)."""
    return pd.DataFrame(
        {
            "Mã kế hoạch": ["HT-2020", "VHL-2023-2641", "HY-SKHCN-2024"],
            "Số hiệu": [EMPTY, "2641/KH-VHL", "143/KH-UBND"],
            "Cơ quan ban hành": [
                "UBND tỉnh Hà Tĩnh",
                "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
                "Sở Khoa học và Công nghệ tỉnh Hưng Yên",
            ],
            "Năm": [2020, 2023, 2024],
            "Ngày ban hành": [None, dt.date(2022, 12, 6), None],
            "Người ký": ["Đặng Quốc Vinh", "Trần Tuấn Anh", "Trần Tùng Chuẩn"],
            "Số hoạt động": [18, 17, 8],
            "Tệp": [
                "Công tác thông tin đối ngoại tỉnh Hà Tĩnh năm 2020",
                "Hoạt động thông tin đối ngoại năm 2023",
                "Triển khai thực hiện Nghị quyết số 47/NQ-CP ngày 15/4/2024 của Chính phủ " * 3,
            ],
        }
    )


def test_a_wide_table_is_fitted_to_a_desktop():
    """Glide sizes a column to its longest text: the sources table ran ~1.040 px wide in an
    818 px column, Số hoạt động and Tệp hidden. show_table narrows the long text columns
    until the table fits (TABLE_PX), and wraps them in taller rows; codes, numbers and dates
    keep their width, a header stays whole."""
    from ttdn.ui.table import (
        MAX_LINES,
        MIN_COLUMN_PX,
        TABLE_PX,
        WRAP_ROW_PX,
        fit_columns,
        natural_widths,
    )

    frame = sources_like()
    natural = natural_widths(frame, "vi")
    assert sum(n for n, *_ in natural.values()) > TABLE_PX  # as Glide would draw it: too wide
    config: dict = {}
    row_height = fit_columns(frame, "vi", config)
    widths = {c: config[c]["width"] for c in frame.columns}
    floors = sum(int(f) for _, f, _ in natural.values())
    assert floors <= 818  # the main column at 1280 px (904 px at 1366)
    assert sum(widths.values()) <= max(TABLE_PX, floors)
    for code in ("Mã kế hoạch", "Số hiệu", "Năm", "Ngày ban hành", "Số hoạt động"):
        assert widths[code] == int(natural[code][0]), code  # never cut
    for text in ("Cơ quan ban hành", "Tệp"):
        assert MIN_COLUMN_PX <= widths[text] < natural[text][0]
        assert widths[text] >= int(natural[text][1])  # the header stays whole
    assert WRAP_ROW_PX <= row_height <= 12 + 20 * MAX_LINES  # cut text wraps
    # a table that fits is left to Glide, in one-line rows
    narrow: dict = {}
    assert fit_columns(frame[["Mã kế hoạch", "Năm", "Người ký"]], "vi", narrow) is None
    assert narrow == {}


def test_a_text_longer_than_its_given_width_wraps():
    """Chủ đề's gap table gives "Chủ đề chưa có" width="large" (400 px); a table that fits
    the page was left in one-line rows, so a list of 10 missing themes ended in "…". Text
    typically longer than its set width wraps (taller rows); short text keeps one line."""
    from ttdn.ui.table import MAX_LINES, WRAP_ROW_PX, fit_columns

    themes = "; ".join(["Quảng bá hình ảnh", "Bảo mật, an ninh thông tin", "Hợp tác quốc tế"] * 3)
    frame = pd.DataFrame({"Tỉnh": ["Hà Tĩnh", "Hà Nội"], "Chủ đề chưa có": [themes, themes]})
    config = {"Chủ đề chưa có": {"width": "large"}}
    row_height = fit_columns(frame, "vi", config)
    assert row_height is not None and WRAP_ROW_PX <= row_height <= 12 + 20 * MAX_LINES
    short = frame.assign(**{"Chủ đề chưa có": ["Quảng bá", "Kiều bào"]})
    assert fit_columns(short, "vi", {"Chủ đề chưa có": {"width": "large"}}) is None


def test_a_width_set_by_the_page_counts_and_may_be_narrowed():
    from ttdn.ui.table import TABLE_PX, fit_columns

    frame = pd.DataFrame({"Nội dung": ["a b " * 100] * 3, "Có ở": ["Hà Tĩnh, Đắk Lắk " * 20] * 3})
    config = {"Nội dung": {"width": "large", "label": "Nội dung"}}
    fit_columns(frame, "vi", config)
    assert config["Nội dung"]["label"] == "Nội dung"  # the page's settings kept
    assert config["Nội dung"]["width"] <= 400
    assert config["Nội dung"]["width"] + config["Có ở"]["width"] <= TABLE_PX
