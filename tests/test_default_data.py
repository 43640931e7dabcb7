"""The five seed plans as the default data: facts read from the source texts."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def default_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("default") / "d.duckdb"
    subprocess.run(
        [sys.executable, "-m", "ttdn", "build-default", "--db", str(db)], cwd=ROOT, check=True
    )
    with duckdb.connect(str(db), read_only=True) as con:
        yield con


def test_five_plans(default_db):
    rows = default_db.execute(
        "SELECT plan_id, province_2025, year FROM plans ORDER BY plan_id"
    ).fetchall()
    assert rows == [
        ("DL-2024-143", "Đắk Lắk", 2024),
        ("HN-2021-92", "Hà Nội", 2021),
        ("HT-2020", "Hà Tĩnh", 2020),
        ("HY-SKHCN-2024", "Hưng Yên", 2024),
        ("VHL-2023-2641", "Trung ương", 2023),
    ]


def test_ha_noi_plan_header(default_db):
    row = default_db.execute(
        "SELECT number, issued_date, year, signer FROM plans WHERE plan_id = 'HN-2021-92'"
    ).fetchone()
    assert row == ("92/KH-UBND", dt.date(2021, 4, 6), 2021, "Chử Xuân Dũng")


def test_ha_tinh_training_activity(default_db):
    row = default_db.execute("""
        SELECT a.start_date, a.end_date, u.unit_canonical
        FROM activities a JOIN activity_units u USING (plan_id, activity_id)
        WHERE a.plan_id = 'HT-2020' AND u.role = 'lead' AND a.title ILIKE '%tập huấn%'
    """).fetchall()
    assert row == [(dt.date(2020, 7, 1), dt.date(2020, 9, 30), "Sở Thông tin và Truyền thông")]


def test_what_the_sources_lack_stays_empty(default_db):
    hy = default_db.execute(
        "SELECT number, issued_date FROM plans WHERE plan_id = 'HY-SKHCN-2024'"
    ).fetchone()
    assert hy == (None, None)
    # Hà Nội's text is cut off before Kinh phí and Tổ chức thực hiện
    for table in ("budgets", "assignments"):
        assert default_db.execute(
            f"SELECT count(*) FROM {table} WHERE plan_id='HN-2021-92'"
        ).fetchone() == (0,)


def test_every_seed_plan_has_activities_and_provenance(default_db):
    rows = default_db.execute("""
        SELECT p.plan_id, count(a.activity_id), bool_and(a.source_file IS NOT NULL)
        FROM plans p LEFT JOIN activities a USING (plan_id) GROUP BY 1""").fetchall()
    assert all(count >= 8 and ok for _, count, ok in rows)


# Counted by hand in the source texts (../shared/seeds): numbered items and bullets of the
# content sections, without the group headings above them. Hà Tĩnh: 1, 2, 3, 4.1, the 4
# bullets of 4.2, 3 of 4.3, 6 of 4.4, and 5 = 18; Hưng Yên: 1, 2.a–đ, 3.a–b = 8.
ACTIVITIES = {
    "DL-2024-143": 26,
    "HN-2021-92": 10,
    "HT-2020": 18,
    "HY-SKHCN-2024": 8,
    "VHL-2023-2641": 17,
}
HEADINGS = {
    "DL-2024-143": ["II.1-2.1", "II.3", "II.4"],
    "HN-2021-92": ["II.1", "II.2", "II.3", "II.4", "II.5"],
    "HT-2020": ["II.4", "II.4.2", "II.4.3", "II.4.4"],
    "HY-SKHCN-2024": ["II.2", "II.3"],
    "VHL-2023-2641": ["II.2", "II.4", "II.5"],
}


def test_headings_are_not_activities(default_db):
    counts = dict(
        default_db.execute("SELECT plan_id, count(*) FROM activities GROUP BY 1").fetchall()
    )
    assert counts == ACTIVITIES
    assert sum(counts.values()) == 79
    sections = default_db.execute(
        "SELECT plan_id, list(section_id ORDER BY seq) FROM sections GROUP BY 1"
    ).fetchall()
    assert dict(sections) == HEADINGS
    # no heading left behind in the unit and theme links
    for table in ("activity_units", "activity_themes"):
        assert default_db.execute(
            f"SELECT count(*) FROM {table} t JOIN sections s "
            "ON s.plan_id = t.plan_id AND s.section_id = t.activity_id"
        ).fetchone() == (0,)


def test_ha_tinh_lead_workload_without_headings(default_db):
    # Sở TT&TT leads 17 activities of Hà Tĩnh 2020; the headings 4.2–4.4 used to add 3
    (count,) = default_db.execute("""
        SELECT count(DISTINCT activity_id) FROM activity_units
        WHERE plan_id = 'HT-2020' AND role = 'lead'
          AND unit_canonical = 'Sở Thông tin và Truyền thông'""").fetchone()
    assert count == 17


def test_heading_keeps_what_was_written(default_db):
    row = default_db.execute("""
        SELECT title, parent_section, lead_units, themes, timeframe FROM sections
        WHERE plan_id = 'HT-2020' AND section_id = 'II.4.2'""").fetchone()
    assert row == (
        "Quảng bá hình ảnh tỉnh",
        "II.4 Triển khai các hoạt động thông tin đối ngoại",
        "Sở Thông tin và Truyền thông; Báo Hà Tĩnh; Đài Phát thanh và Truyền hình tỉnh",
        "quang_ba",
        "Thường xuyên trong năm 2020",
    )


def test_assumed_dates_are_flagged(default_db):
    # "Ngay sau khi Kế hoạch này được ban hành" in a plan without an issue date
    row = default_db.execute("""
        SELECT start_date, end_date, dates_from FROM activities
        WHERE plan_id = 'HT-2020' AND activity_id = 'II.2'""").fetchone()
    assert row == (dt.date(2020, 1, 1), dt.date(2020, 1, 31), "assumed")
