"""One test per loader promise: all or nothing, idempotent, replace one plan,
atomic swap, provenance."""

import copy
import hashlib
from pathlib import Path

import duckdb
import pytest

from tests.fixtures import ACTIVITIES, HEADINGS, SHEET_ROWS, write_csv_folder, write_xlsx
from ttdn.db import ReadOnlyDatabase
from ttdn.ingest import loader
from ttdn.ingest.loader import load_files
from ttdn.ingest.normalize import PLAN_TABLES
from ttdn.ingest.problems import WorkbookRejected

TABLES = PLAN_TABLES + ("loads", "themes", "units", "unit_aliases", "provinces", "budget_codes")


def snapshot(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in TABLES}


def digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def test_rejected_file_changes_nothing(db_copy, tmp_path):
    before, before_bytes = snapshot(db_copy), digest(db_copy)
    sheets = copy.deepcopy(SHEET_ROWS)
    sheets["plans"][0]["title"] = "Đã sửa"
    sheets["activities"][0]["start_date"] = "31/02/2020"
    with pytest.raises(WorkbookRejected) as info:
        load_files([write_xlsx(tmp_path / "bad.xlsx", sheets)], db_copy)
    assert [p.row for p in info.value.problems if p.severity == "error"] == [2]
    assert snapshot(db_copy) == before
    assert digest(db_copy) == before_bytes
    assert sorted(p.name for p in db_copy.parent.iterdir()) == [
        "bad.xlsx",
        "copy.duckdb",
        "copy.duckdb.lock",
    ]


def test_loading_the_same_file_twice_changes_nothing(tmp_path):
    db = tmp_path / "t.duckdb"
    book = write_xlsx(tmp_path / "b.xlsx")
    first = load_files([book], db)
    assert sorted(first.loaded) == sorted(p["plan_id"] for p in SHEET_ROWS["plans"])
    before, before_bytes = snapshot(db), digest(db)
    second = load_files([book], db)
    assert second.loaded == [] and second.unchanged == ["b.xlsx"]
    # same content under another name and format: the plans are unchanged, nothing written
    third = load_files([write_csv_folder(tmp_path / "same")], db)
    assert third.loaded == []
    assert snapshot(db) == before and digest(db) == before_bytes


def test_reloading_a_plan_replaces_that_plan_only(db_copy, tmp_path):
    before = snapshot(db_copy)
    sheets = {
        "plans": [dict(SHEET_ROWS["plans"][1], title="Tiêu đề mới")],
        "activities": [a for a in SHEET_ROWS["activities"] if a["plan_id"] == "HN-2021-92"][:1],
    }
    report = load_files([write_xlsx(tmp_path / "hn.xlsx", sheets)], db_copy)
    assert report.loaded == ["HN-2021-92"]
    with duckdb.connect(str(db_copy), read_only=True) as con:
        assert con.execute("SELECT title FROM plans WHERE plan_id='HN-2021-92'").fetchone() == (
            "Tiêu đề mới",
        )
        assert con.execute(
            "SELECT count(*) FROM activities WHERE plan_id='HN-2021-92'"
        ).fetchone() == (1,)
        # its assignments and budgets were replaced too (none in the new file)
        assert con.execute(
            "SELECT count(*) FROM budgets WHERE plan_id='HN-2021-92'"
        ).fetchone() == (0,)
    after = snapshot(db_copy)
    for table in PLAN_TABLES:
        others_before = [r for r in before[table] if "HN-2021-92" not in r]
        others_after = [r for r in after[table] if "HN-2021-92" not in r]
        if table == "plans":  # loaded_at etc. unchanged for the other plans
            assert others_before == others_after
        assert others_before == others_after, table


def test_failure_while_writing_changes_nothing(db_copy, tmp_path, monkeypatch):
    before_bytes = digest(db_copy)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "_apply", explode)
    sheets = {"plans": [dict(SHEET_ROWS["plans"][0], title="Khác")]}
    with pytest.raises(RuntimeError):
        load_files([write_xlsx(tmp_path / "x.xlsx", sheets)], db_copy)
    assert digest(db_copy) == before_bytes
    assert not [p for p in db_copy.parent.iterdir() if ".tmp-" in p.name]


def test_readers_keep_the_old_version_until_they_reopen(db_copy, tmp_path):
    reader = ReadOnlyDatabase(db_copy)
    old = reader.cursor()
    sheets = {"plans": [dict(SHEET_ROWS["plans"][0], title="Phiên bản 2")]}
    load_files([write_xlsx(tmp_path / "v2.xlsx", sheets)], db_copy)
    query = "SELECT title FROM plans WHERE plan_id='HT-2020'"
    assert old.execute(query).fetchone() == (SHEET_ROWS["plans"][0]["title"],)
    assert reader.cursor().execute(query).fetchone() == ("Phiên bản 2",)


def test_every_row_remembers_file_sheet_and_row(fixture_db):
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        row = con.execute(
            "SELECT source_file, source_sheet, source_row FROM activities "
            "WHERE plan_id='HN-2021-92' AND activity_id='II.5.2'"
        ).fetchone()
        index = next(
            i for i, a in enumerate(SHEET_ROWS["activities"]) if a["activity_id"] == "II.5.2"
        )
        assert row == ("fixture.xlsx", "Hoạt động", index + 2)
        for table in PLAN_TABLES[:-1]:
            nulls = con.execute(
                f"SELECT count(*) FROM {table} WHERE source_file IS NULL OR source_row IS NULL"
            ).fetchone()
            assert nulls == (0,), table


def test_activities_for_an_already_loaded_plan_are_added(db_copy, tmp_path):
    sheets = {
        "activities": [
            dict(SHEET_ROWS["activities"][0], activity_id="II.9", title="Hoạt động bổ sung")
        ]
    }
    load_files([write_xlsx(tmp_path / "more.xlsx", sheets)], db_copy)
    with duckdb.connect(str(db_copy), read_only=True) as con:
        count = con.execute("SELECT count(*) FROM activities WHERE plan_id='HT-2020'").fetchone()[0]
    assert count == 1 + sum(a["plan_id"] == "HT-2020" for a in ACTIVITIES)


def test_an_activity_loaded_again_without_its_plan_replaces_that_activity(db_copy, tmp_path):
    first = SHEET_ROWS["activities"][0]
    plan_id, activity_id = first["plan_id"], first["activity_id"]
    others_before = {t: n for t, n in snapshot(db_copy).items() if t not in ("activities", "loads")}
    sheets = {"activities": [dict(first, title="Tên đã sửa", lead_units="", themes="")]}
    load_files([write_xlsx(tmp_path / "fix.xlsx", sheets)], db_copy)
    with duckdb.connect(str(db_copy), read_only=True) as con:
        rows = con.execute(
            "SELECT title, source_file FROM activities WHERE plan_id=? AND activity_id=?",
            [plan_id, activity_id],
        ).fetchall()
        leads = con.execute(
            "SELECT count(*) FROM activity_units WHERE plan_id=? AND activity_id=? AND role='lead'",
            [plan_id, activity_id],
        ).fetchone()[0]
        count = con.execute("SELECT count(*) FROM activities WHERE plan_id=?", [plan_id]).fetchone()
    assert rows == [("Tên đã sửa", "fix.xlsx")]
    assert leads == 0  # the new row names no lead unit: the old links are gone
    assert count[0] == sum(a["plan_id"] == plan_id for a in ACTIVITIES)
    # the other plans' rows and the plans table are untouched
    assert snapshot(db_copy)["plans"] == others_before["plans"]


# headings ---------------------------------------------------------------------------------
def _stored(db: Path, sql: str, params=()) -> list:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_fixture_heading_is_a_section_not_an_activity(db_copy):
    heading = HEADINGS[0]
    key = [heading["plan_id"], heading["activity_id"]]
    assert _stored(
        db_copy, "SELECT count(*) FROM activities WHERE plan_id=? AND activity_id=?", key
    ) == [(0,)]
    assert _stored(
        db_copy,
        "SELECT title, lead_units, cooperating_units, themes FROM sections "
        "WHERE plan_id=? AND section_id=?",
        key,
    ) == [(heading["title"], "Sở Thông tin và Truyền thông", "Sở Ngoại vụ", "quang_ba")]
    for table in ("activity_units", "activity_themes"):
        assert _stored(
            db_copy, f"SELECT count(*) FROM {table} WHERE plan_id=? AND activity_id=?", key
        ) == [(0,)]


def test_an_item_added_under_a_stored_activity_makes_it_a_heading(db_copy, tmp_path):
    # HT-2020 II.1 is an activity until "II.1.1" is loaded under it
    first = next(a for a in ACTIVITIES if a["plan_id"] == "HT-2020" and a["activity_id"] == "II.1")
    child = dict(first, activity_id="II.1.1", title="Ban hành quy chế", section="II.1 Văn bản")
    load_files([write_xlsx(tmp_path / "child.xlsx", {"activities": [child]})], db_copy)
    ids = [
        r[0] for r in _stored(db_copy, "SELECT activity_id FROM activities WHERE plan_id='HT-2020'")
    ]
    assert "II.1" not in ids and "II.1.1" in ids
    assert _stored(
        db_copy, "SELECT section_id FROM sections WHERE plan_id='HT-2020' ORDER BY 1"
    ) == [
        ("II.1",),
        ("II.4",),
    ]
    assert _stored(
        db_copy,
        "SELECT count(*) FROM activity_units WHERE plan_id='HT-2020' AND activity_id='II.1'",
    ) == [(0,)]


def test_a_heading_sent_again_stays_one_heading(db_copy, tmp_path):
    again = dict(HEADINGS[0], description="Sửa lời dẫn.")
    load_files([write_xlsx(tmp_path / "again.xlsx", {"activities": [again]})], db_copy)
    assert _stored(
        db_copy, "SELECT description FROM sections WHERE plan_id='HT-2020' AND section_id='II.4'"
    ) == [("Sửa lời dẫn.",)]
    assert _stored(
        db_copy, "SELECT count(*) FROM activities WHERE plan_id='HT-2020' AND activity_id='II.4'"
    ) == [(0,)]


def test_headings_found_by_section_and_by_a_bare_number(db_copy, tmp_path):
    plan = dict(SHEET_ROWS["plans"][0], plan_id="X-2022", year=2022)
    row = dict(ACTIVITIES[0], plan_id="X-2022")
    rows = [
        dict(row, activity_id="3", section="II. Nội dung", title="Tập huấn"),
        # numbered "a", "b" under 3: only the section says so
        dict(row, activity_id="a", section="3. Tập huấn", title="Lớp cho phóng viên"),
        dict(row, activity_id="b", section="3. Tập huấn", title="Lớp cho người phát ngôn"),
        dict(row, activity_id="9", section="II. Nội dung", title="4.2"),  # a number, no words
        dict(row, activity_id="10", section="II. Nội dung", title="Hội nghị tổng kết"),
    ]
    sheets = {"plans": [plan], "activities": rows}
    load_files([write_xlsx(tmp_path / "x.xlsx", sheets)], db_copy)
    assert _stored(
        db_copy, "SELECT activity_id FROM activities WHERE plan_id='X-2022' ORDER BY seq"
    ) == [
        ("a",),
        ("b",),
        ("10",),
    ]
    assert _stored(
        db_copy, "SELECT section_id FROM sections WHERE plan_id='X-2022' ORDER BY seq"
    ) == [
        ("3",),
        ("9",),
    ]


def test_a_database_from_before_sections_is_upgraded_at_the_next_load(db_copy, tmp_path):
    # an earlier version stored the heading as an activity and had no sections table
    with duckdb.connect(str(db_copy)) as con:
        con.execute(
            "INSERT INTO activities BY NAME SELECT plan_id, section_id AS activity_id, seq, "
            "parent_section AS section, title, description, timeframe, FALSE AS recurring, "
            "TRUE AS timeframe_parsed, 'none' AS dates_from, search_text, source_file, "
            "source_sheet, source_row FROM sections"
        )
        con.execute("DROP TABLE sections")
    other = dict(SHEET_ROWS["plans"][0], plan_id="Y-2022", year=2022)
    load_files([write_xlsx(tmp_path / "y.xlsx", {"plans": [other], "activities": []})], db_copy)
    assert _stored(db_copy, "SELECT plan_id, section_id FROM sections") == [("HT-2020", "II.4")]
    assert _stored(
        db_copy, "SELECT count(*) FROM activities WHERE plan_id='HT-2020' AND activity_id='II.4'"
    ) == [(0,)]


def test_a_database_missing_a_newer_column_gets_it_at_the_next_load(db_copy, tmp_path):
    with duckdb.connect(str(db_copy)) as con:
        con.execute("ALTER TABLE provinces DROP COLUMN border_or_coast")
    other = dict(SHEET_ROWS["plans"][0], plan_id="Z-2022", year=2022)
    load_files([write_xlsx(tmp_path / "z.xlsx", {"plans": [other], "activities": []})], db_copy)
    assert _stored(db_copy, "SELECT border_or_coast FROM provinces WHERE province = 'Hà Tĩnh'") == [
        ("biên giới; biển",)
    ]
