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
    assert all(count >= 10 and ok for _, count, ok in rows)
