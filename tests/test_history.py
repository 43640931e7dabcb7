"""Load history and audit, snapshots, delete and undo, the plan download round trip and
the lock (a second writer waits; nothing is ever half-loaded)."""

import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ttdn import PLANS_DIR, ROOT
from ttdn.ingest import history
from ttdn.ingest.build import default_workbooks
from ttdn.ingest.loader import _exclusive, load_files
from ttdn.ingest.plan_workbook import export_plan, plan_frames, write_xlsx
from ttdn.ingest.problems import WorkbookRejected

DEFAULT_PLANS = [p.name for p in default_workbooks(PLANS_DIR)]


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def plan_hashes(db: Path) -> dict[str, str]:
    return history.plan_hashes(db)


def count(db: Path, sql: str, params=()) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchone()[0]


@pytest.fixture
def work_db(default_db, tmp_path, monkeypatch):
    import shutil

    monkeypatch.delenv("TTDN_SNAPSHOTS", raising=False)
    db = tmp_path / "db" / "ttdn.duckdb"
    db.parent.mkdir()
    shutil.copy2(default_db, db)
    return db


@pytest.mark.parametrize("plan_id", DEFAULT_PLANS)
def test_download_and_load_again_changes_nothing(work_db, tmp_path, plan_id):
    before_file, before_hashes = sha(work_db), plan_hashes(work_db)
    out = tmp_path / f"{plan_id}.xlsx"
    out.write_bytes(export_plan(work_db, plan_id))
    report = load_files([out], work_db)
    assert report.loaded == []
    assert report.unchanged == [plan_id]
    assert sha(work_db) == before_file  # not even rewritten
    assert plan_hashes(work_db) == before_hashes
    # and through the page's path (with history): still nothing written, no audit row
    report, hook = history.load_with_history([out], work_db, "lan")
    assert report.loaded == [] and sha(work_db) == before_file
    assert history.history(work_db).empty


def edited_plan(db: Path, out: Path) -> Path:
    """HT-2020 with its first activity retitled, its last removed and one new: by hand
    that is 1 replaced, 1 removed, 1 added."""
    frames = plan_frames(db, ["HT-2020"])
    acts = frames["activities"]
    acts.loc[0, "title"] = "Tiêu đề đã sửa"
    new = acts.iloc[[1]].copy()
    new["activity_id"] = "NEW.1"
    frames["activities"] = pd.concat([acts.iloc[:-1], new], ignore_index=True)
    write_xlsx(frames, out)
    return out


def test_load_counts_rows_and_writes_the_audit_row(work_db, tmp_path):
    path = edited_plan(work_db, tmp_path / "ht.xlsx")
    report, hook = history.load_with_history([path], work_db, "lan")
    assert report.loaded == ["HT-2020"]
    assert (hook.counts.added, hook.counts.replaced, hook.counts.removed) == (1, 1, 1)
    log = history.history(work_db)
    assert len(log) == 1
    row = log.iloc[0]
    assert row["account"] == "lan" and row["action"] == "load"
    assert row["file_name"] == "ht.xlsx"
    assert row["content_hash"] == sha(path)
    assert list(row["plan_ids"]) == ["HT-2020"]
    assert (row["rows_added"], row["rows_replaced"], row["rows_removed"]) == (1, 1, 1)
    assert (work_db.parent / "snapshots" / row["snapshot"]).is_file()


def test_undo_the_last_load_restores_the_database(work_db, tmp_path):
    before = plan_hashes(work_db)
    acts = count(work_db, "SELECT count(*) FROM activities WHERE plan_id = 'HT-2020'")
    history.load_with_history([edited_plan(work_db, tmp_path / "ht.xlsx")], work_db, "lan")
    assert plan_hashes(work_db)["HT-2020"] != before["HT-2020"]
    undone = history.undo_last(work_db, "mai")
    assert undone["action"] == "load" and undone["account"] == "lan"
    assert plan_hashes(work_db) == before
    assert count(work_db, "SELECT count(*) FROM activities WHERE plan_id = 'HT-2020'") == acts
    log = history.history(work_db)
    assert list(log["action"]) == ["undo", "load"]  # the log survives the undo
    assert log.iloc[0]["account"] == "mai"
    # the file can be loaded again (its load record went with the undo)
    report, _ = history.load_with_history([tmp_path / "ht.xlsx"], work_db, "lan")
    assert report.loaded == ["HT-2020"]


def test_delete_then_undo(work_db, tmp_path):
    before = plan_hashes(work_db)
    rows = sum(
        count(work_db, f"SELECT count(*) FROM {t} WHERE plan_id = 'HN-2021-92'")
        for t in ("plans", "activities", "sections", "budgets")
    ) + count(
        work_db,
        "SELECT count(*) FROM (SELECT DISTINCT seq, unit FROM assignments"
        " WHERE plan_id = 'HN-2021-92')",
    )
    counts = history.delete_plan(work_db, "HN-2021-92", "lan")
    assert counts.removed == rows
    assert "HN-2021-92" not in plan_hashes(work_db)
    for table in ("activities", "activity_units", "assignments", "budgets", "legal_bases"):
        assert count(work_db, f"SELECT count(*) FROM {table} WHERE plan_id = 'HN-2021-92'") == 0
    assert (
        count(work_db, "SELECT count(*) FROM loads WHERE list_contains(plan_ids, 'HN-2021-92')")
        == 0
    )
    row = history.history(work_db).iloc[0]
    assert (row["action"], row["account"], row["rows_removed"]) == ("delete", "lan", rows)
    history.undo_last(work_db, "lan")
    assert plan_hashes(work_db) == before
    with pytest.raises(history.HistoryError):
        history.delete_plan(work_db, "NO-SUCH-PLAN", "lan")


def test_deleted_plan_can_be_loaded_again_from_its_file(work_db):
    history.delete_plan(work_db, "HT-2020", "lan")
    report, _ = history.load_with_history([PLANS_DIR / "HT-2020"], work_db, "lan")
    assert report.loaded == ["HT-2020"]


def test_undo_walks_back_one_change_at_a_time(work_db, tmp_path):
    original = plan_hashes(work_db)
    history.load_with_history([edited_plan(work_db, tmp_path / "ht.xlsx")], work_db, "a")
    after_load = plan_hashes(work_db)
    history.delete_plan(work_db, "DL-2024-143", "b")
    assert history.undo_target(work_db)["action"] == "delete"
    history.undo_last(work_db, "c")
    assert plan_hashes(work_db) == after_load
    assert history.undo_target(work_db)["action"] == "load"
    history.undo_last(work_db, "c")
    assert plan_hashes(work_db) == original
    assert history.undo_target(work_db) is None
    with pytest.raises(history.HistoryError) as nothing:
        history.undo_last(work_db, "c")
    assert nothing.value.message("en") == "There is no change to undo"


def test_only_the_last_five_snapshots_are_kept(work_db, tmp_path):
    for i in range(4):
        history.delete_plan(work_db, DEFAULT_PLANS[i], "lan")
        history.undo_last(work_db, "lan")
    snaps = history.snapshots(work_db)
    assert len(snaps) == history.KEEP
    log = history.history(work_db)
    assert len(log) == 8
    # the oldest changes' snapshots are gone: undoing that far is refused with a message
    oldest = log.iloc[-1]["snapshot"]
    assert oldest not in {p.name for p in snaps}


def test_undo_without_its_snapshot_is_refused(work_db):
    history.delete_plan(work_db, "HT-2020", "lan")
    for snap in history.snapshots(work_db):
        snap.unlink()
    before = sha(work_db)
    with pytest.raises(history.HistoryError) as gone:
        history.undo_last(work_db, "lan")
    assert "5" in gone.value.message("vi")
    assert sha(work_db) == before


def test_a_rejected_file_changes_nothing_and_is_not_logged(work_db, tmp_path):
    frames = plan_frames(work_db, ["HT-2020"])
    frames["plans"].loc[0, "year"] = 1800
    bad = tmp_path / "bad.xlsx"
    write_xlsx(frames, bad)
    before = sha(work_db)
    with pytest.raises(WorkbookRejected):
        history.load_with_history([bad], work_db, "lan")
    assert sha(work_db) == before
    assert history.history(work_db).empty and history.snapshots(work_db) == []


def test_an_old_database_gets_the_audit_table(work_db, tmp_path):
    with duckdb.connect(str(work_db)) as con:
        con.execute("DROP TABLE audit_log")
    assert history.history(work_db).empty
    history.load_with_history([edited_plan(work_db, tmp_path / "ht.xlsx")], work_db, "lan")
    assert list(history.history(work_db)["account"]) == ["lan"]


def test_the_command_line_load_is_audited(work_db, tmp_path):
    path = edited_plan(work_db, tmp_path / "ht.xlsx")
    done = subprocess.run(
        [sys.executable, "-m", "ttdn", "load", str(path), "--db", str(work_db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    row = history.history(work_db).iloc[0]
    assert row["account"].startswith("cli")
    assert row["file_name"] == "ht.xlsx"


def test_a_second_writer_waits_for_the_lock(work_db, tmp_path):
    path = edited_plan(work_db, tmp_path / "ht.xlsx")
    before = sha(work_db)
    finished = threading.Event()
    results = {}

    def load():
        results["report"], _ = history.load_with_history([path], work_db, "lan")
        finished.set()

    with _exclusive(work_db):
        assert history.busy(work_db)
        worker = threading.Thread(target=load)
        worker.start()
        time.sleep(1.0)
        assert not finished.is_set()  # waiting, and nothing written meanwhile
        assert sha(work_db) == before
    worker.join(60)
    assert results["report"].loaded == ["HT-2020"]
    assert not history.busy(work_db)
    leftovers = [p.name for p in work_db.parent.iterdir() if ".tmp" in p.name]
    assert leftovers == []


def test_snapshot_folder_is_configurable(work_db, tmp_path, monkeypatch):
    monkeypatch.setenv("TTDN_SNAPSHOTS", str(tmp_path / "snaps"))
    history.delete_plan(work_db, "HT-2020", "lan")
    assert [p.parent for p in history.snapshots(work_db)] == [tmp_path / "snaps"]
    assert os.listdir(tmp_path / "snaps")


def test_reads_see_the_swapped_file_while_the_app_holds_the_old_one(work_db):
    app = duckdb.connect(str(work_db), read_only=True)  # what the app's ReadOnlyDatabase keeps
    try:
        history.delete_plan(work_db, "HT-2020", "lan")
        assert "HT-2020" not in history.plan_ids(work_db)
        assert history.undo_target(work_db)["action"] == "delete"
        # the loader's own reads (file hashes loaded) see the delete too
        report, _ = history.load_with_history([PLANS_DIR / "HT-2020"], work_db, "lan")
        assert report.loaded == ["HT-2020"]
    finally:
        app.close()


def test_the_first_load_into_no_database(tmp_path):
    db = tmp_path / "new" / "ttdn.duckdb"
    report, hook = history.load_with_history([PLANS_DIR / "HT-2020"], db, "lan")
    assert report.loaded == ["HT-2020"]
    row = history.history(db).iloc[0]
    assert row["rows_removed"] == 0 and row["rows_replaced"] == 0
    assert row["rows_added"] == sum(
        count(db, f"SELECT count(*) FROM {t}")
        for t in ("plans", "activities", "sections", "budgets")
    ) + count(db, "SELECT count(*) FROM (SELECT DISTINCT seq, unit FROM assignments)")
    assert row["snapshot"] is None  # nothing to keep: undo says so
    with pytest.raises(history.HistoryError):
        history.undo_last(db, "lan")
