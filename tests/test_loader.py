"""One test per loader promise: all or nothing, idempotent, replace one plan,
atomic swap, provenance."""

import copy
import hashlib
from pathlib import Path

import duckdb
import pytest

from tests.fixtures import SHEET_ROWS, write_csv_folder, write_xlsx
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
    assert count == 1 + sum(a["plan_id"] == "HT-2020" for a in SHEET_ROWS["activities"])


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
    assert count[0] == sum(a["plan_id"] == plan_id for a in SHEET_ROWS["activities"])
    # the other plans' rows and the plans table are untouched
    assert snapshot(db_copy)["plans"] == others_before["plans"]
