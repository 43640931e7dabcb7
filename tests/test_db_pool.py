"""ReadOnlyDatabase.borrowed: prepared cursors shared by the threads Streamlit starts for
each rerun, prepared once, and dropped when a load swaps the file."""

import os
import threading

import duckdb

from ttdn.db import ReadOnlyDatabase


def _write(path, plans: int) -> None:
    tmp = path.with_name(path.name + ".new")
    with duckdb.connect(str(tmp)) as con:
        con.execute("CREATE TABLE plans AS SELECT range AS id FROM range($n)", {"n": plans})
    os.replace(tmp, path)  # as a load swaps the file in


def test_a_cursor_is_prepared_once_and_reused_by_later_threads(tmp_path):
    path = tmp_path / "db.duckdb"
    _write(path, 3)
    database = ReadOnlyDatabase(path)
    prepared = []

    def prepare(con):
        prepared.append(con)
        con.execute("CREATE TEMP MACRO twice(x) AS x * 2")

    answers = []

    def rerun():  # one script run, in its own thread as Streamlit does
        with database.borrowed(prepare) as con:
            answers.append(con.execute("SELECT twice(count(*)) FROM plans").fetchone()[0])

    for _ in range(5):
        thread = threading.Thread(target=rerun)
        thread.start()
        thread.join()
    assert answers == [6] * 5
    assert len(prepared) == 1


def test_two_at_once_get_two_cursors(tmp_path):
    path = tmp_path / "db.duckdb"
    _write(path, 1)
    database = ReadOnlyDatabase(path)
    with database.borrowed(lambda con: None) as first:
        with database.borrowed(lambda con: None) as second:
            assert first is not second
    with database.borrowed(lambda con: None) as again:
        assert again in (first, second)


def test_a_swapped_file_gives_fresh_prepared_cursors(tmp_path):
    path = tmp_path / "db.duckdb"
    _write(path, 3)
    database = ReadOnlyDatabase(path)
    prepared = []
    with database.borrowed(prepared.append) as con:
        assert con.execute("SELECT count(*) FROM plans").fetchone()[0] == 3
    _write(path, 7)
    with database.borrowed(prepared.append) as con:
        assert con.execute("SELECT count(*) FROM plans").fetchone()[0] == 7
    assert len(prepared) == 2


def test_no_file_no_cursor(tmp_path):
    database = ReadOnlyDatabase(tmp_path / "missing.duckdb")
    with database.borrowed(lambda con: None) as con:
        assert con is None


def _threads(database: ReadOnlyDatabase) -> int:
    with database.borrowed(lambda con: con) as con:
        return int(con.execute("SELECT current_setting('threads')").fetchone()[0])


def test_the_app_connection_runs_each_query_on_one_thread(tmp_path, monkeypatch):
    # the sessions are the parallelism: one DuckDB thread per query (less CPU per rerun),
    # TTDN_DUCKDB_THREADS to choose another number; a swapped file keeps the setting
    monkeypatch.delenv("TTDN_DUCKDB_THREADS", raising=False)
    path = tmp_path / "db.duckdb"
    _write(path, 3)
    database = ReadOnlyDatabase(path)
    assert _threads(database) == 1
    _write(path, 4)
    assert _threads(database) == 1
    monkeypatch.setenv("TTDN_DUCKDB_THREADS", "3")
    _write(path, 5)
    assert _threads(ReadOnlyDatabase(path)) == 3
    monkeypatch.setenv("TTDN_DUCKDB_THREADS", "many")
    _write(path, 6)
    assert _threads(ReadOnlyDatabase(path)) == 1
