"""Normalization: NFC text, canonical units and provinces, manual vs automatic themes."""

import copy
import unicodedata

import duckdb

from tests.fixtures import SHEET_ROWS, write_csv_folder
from ttdn.ingest.loader import load_files


def _load(tmp_path, sheets):
    db = tmp_path / "n.duckdb"
    load_files([write_csv_folder(tmp_path / "book", sheets)], db)
    return duckdb.connect(str(db), read_only=True)


def test_nfd_and_lookalike_letters_are_stored_as_nfc(tmp_path):
    sheets = copy.deepcopy(SHEET_ROWS)
    sheets["plans"][0]["issuer"] = unicodedata.normalize("NFD", "UBND tỉnh Đắk Lắk")
    sheets["plans"][0]["province"] = "\u00d0ắk Lắk"  # Icelandic eth typed for Đ
    con = _load(tmp_path, sheets)
    issuer, province, province_2025 = con.execute(
        "SELECT issuer, province_canonical, province_2025 FROM plans WHERE plan_id='HT-2020'"
    ).fetchone()
    assert issuer == "UBND tỉnh Đắk Lắk" and unicodedata.is_normalized("NFC", issuer)
    assert (province, province_2025) == ("Đắk Lắk", "Đắk Lắk")


def test_provinces_map_to_their_2025_successor(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        rows = dict(con.execute("SELECT province, province_2025 FROM plans").fetchall())
    assert rows["Thái Bình"] == "Hưng Yên"
    assert rows["Thành phố Hà Nội"] == "Hà Nội"
    assert rows["Trung ương"] == "Trung ương"


def test_unit_aliases_count_as_one_unit(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        written = con.execute(
            "SELECT DISTINCT unit FROM activity_units WHERE unit_canonical = 'Sở Thông tin và Truyền thông'"
        ).fetchall()
        collective = con.execute(
            "SELECT unit_type FROM activity_units WHERE unit = 'Các sở, ban, ngành, đoàn thể'"
        ).fetchall()
    assert {w for (w,) in written} == {"Sở Thông tin và Truyền thông", "Sở TT&TT"}
    assert collective == [("nhóm",)]


def test_manual_themes_are_kept_and_empty_cells_classified_automatically(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        rows = con.execute(
            "SELECT activity_id, plan_id, list(theme_code ORDER BY theme_code), any_value(assigned) "
            "FROM activity_themes GROUP BY ALL"
        ).fetchall()
    by_id = {(p, a): (codes, how) for a, p, codes, how in rows}
    assert by_id[("HN-2021-92", "II.5.3")] == (["quang_ba", "so_hoa"], "manual")
    codes, how = by_id[("HT-2020", "II.4.4")]  # "Tuyên truyền về biên giới lãnh thổ, biển, đảo"
    assert how == "auto" and "bien_dao" in codes
    codes, how = by_id[("TB-2021", "1")]  # "Xúc tiến đầu tư, hội chợ, triển lãm"
    assert how == "auto" and "xuc_tien" in codes


def test_timeframes_become_dates_and_unparsed_text_is_flagged(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        rows = {
            (p, a): (s and str(s), e and str(e), r, ok, src)
            for p, a, s, e, r, ok, src in con.execute(
                "SELECT plan_id, activity_id, start_date, end_date, recurring, timeframe_parsed, dates_from "
                "FROM activities"
            ).fetchall()
        }
    assert rows[("HT-2020", "II.1")] == ("2020-01-01", "2020-12-31", True, True, "timeframe")
    assert rows[("HT-2020", "II.3")] == ("2020-07-01", "2020-09-30", False, True, "timeframe")
    assert rows[("HN-2021-92", "II.3.1")] == ("2021-06-01", "2021-06-30", False, True, "timeframe")
    # "Ngay sau khi Kế hoạch này được ban hành": from the issue date 06/04/2021
    assert rows[("HN-2021-92", "II.5.2")][0] == "2021-04-06"
    assert rows[("HN-2021-92", "II.5.3")][:2] == ("2021-01-01", "2021-06-30")
    assert rows[("TB-2021", "1")] == (None, None, False, False, "none")


def test_budget_codes_amounts_and_conditions(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        rows = {
            p: (c, a, cond)
            for p, c, a, cond in con.execute(
                "SELECT plan_id, budget_code, amount_vnd, conditional FROM budgets"
            ).fetchall()
        }
        amounts = dict(
            con.execute(
                "SELECT activity_id, budget_vnd FROM activities WHERE budget_vnd IS NOT NULL"
            ).fetchall()
        )
    assert rows["HT-2020"] == ("du_toan_rieng", None, False)
    assert rows["HN-2021-92"] == ("nsnn_thuong_xuyen", 2_000_000_000, False)
    assert rows["TB-2021"] == ("xa_hoi_hoa", None, True)
    assert amounts == {"II.3": 150_000_000, "II.3.1": 1_200_000_000}


def test_text_adds_auto_themes_to_written_ones_and_unit_columns_never_count(tmp_path):
    sheets = copy.deepcopy(SHEET_ROWS)
    by_id = {(a["plan_id"], a["activity_id"]): a for a in sheets["activities"]}
    training = by_id[("VHL-2023", "II.3")]  # cell 'tap_huan', lead 'Ban Hợp tác quốc tế'
    training["description"] = "Tập huấn kỹ năng phát ngôn, cung cấp thông tin cho báo chí."
    fair = by_id[("TB-2021", "1")]  # empty cell
    fair["cooperating_units"] = "Sở Văn hóa, Thể thao và Du lịch; Bộ Chỉ huy Bộ đội Biên phòng tỉnh"
    fair["description"] = "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tham gia hội chợ."
    with _load(tmp_path, sheets) as con:
        rows = con.execute(
            "SELECT plan_id, activity_id, theme_code, assigned FROM activity_themes "
            "WHERE activity_id IN ('II.3', '1') AND plan_id IN ('VHL-2023', 'TB-2021') ORDER BY ALL"
        ).fetchall()
    assert rows == [
        ("TB-2021", "1", "xuc_tien", "auto"),  # from 'hội chợ', not from the unit names
        ("VHL-2023", "II.3", "bao_chi", "auto"),  # named by the text besides the cell's theme
        ("VHL-2023", "II.3", "tap_huan", "manual"),  # no hop_tac from 'Ban Hợp tác quốc tế'
    ]
