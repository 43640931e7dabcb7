"""Every bad file of tests/corpus/ through `python -m ttdn load` (as users run it) and
through the library: refused with a VI and EN message naming sheet, row and column and
the database file byte for byte unchanged, or accepted with a visible warning; never a
traceback. The files are written by tests/corpus/make_corpus.py; the big and special
ones (row bomb, /dev/zero, symlink loop, stale temporary files) are made here in
tmp_path."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.corpus import make_corpus
from ttdn.ingest.loader import load_files
from ttdn.ingest.problems import WorkbookRejected
from ttdn.ingest.reader import Limits

CORPUS = Path(__file__).parent / "corpus" / "files"
ROOT = Path(__file__).parent.parent


@dataclass(frozen=True)
class Refused:
    sheet: str | None
    row: int | None
    column: str | None  # a part of the column as named in the message
    vi: str  # words the Vietnamese message must hold
    en: str  # words the English message must hold


@dataclass(frozen=True)
class Warned:
    sheet: str
    row: int | None
    column: str | None
    vi: str
    en: str


CASES = {
    "amount-1e20": Refused("budgets", 2, "amount_vnd", "vượt 10^15 đồng", "over 10^15"),
    "amount-negative": Refused("budgets", 2, "amount_vnd", "số tiền", "amount"),
    "png-as-csv": Refused("activities", None, None, "ảnh PNG", "PNG image"),
    "png-renamed.csv": Refused("png-renamed", None, None, "ảnh PNG", "PNG image"),
    "xlsx-dimension-far-corner.xlsx": Refused(
        "activities", 1048576, "XFD", "khai báo vùng dữ liệu tới ô XFD1048576", "claims data up to"
    ),
    "xlsx-sparse-corner.xlsx": Refused(
        "activities", 1048576, "XFD", "có dữ liệu tới ô XFD1048576", "holds data up to"
    ),
    "ods-rows-repeated.ods": Refused(
        "activities", 1048576, "A", "lặp một ô có giá trị thành 1.048.576 dòng", "repeats a cell"
    ),
    "ods-columns-repeated.ods": Refused(
        "activities", 1, "XFD", "lặp một ô có giá trị thành 1 dòng × 16.384 cột", "16,384 columns"
    ),
    "xlsx-shared-strings-count.xlsx": Refused(
        None, None, None, "khai báo 4.000.000.000 mục", "declares 4,000,000,000 items"
    ),
    "date-before-1990": Refused(
        "activities", 2, "start_date", "15/03/1989 nằm ngoài khoảng", "outside 1990-01-01"
    ),
    "date-year-9999": Refused("activities", 3, "end_date", "31/12/9999 nằm ngoài", "outside"),
    "excel-serial-1.xlsx": Refused(
        "activities", 2, "start_date", "số ngày kiểu Excel 1", "Excel date number 1"
    ),
    "mixed-encodings": Refused(
        "activities", 3, "title", "trộn hai bảng mã", "mixes two encodings (UTF-8 and Windows-1258)"
    ),
    "unclosed-quote": Refused(
        "activities", 3, "description", "Dấu ngoặc kép mở ở dòng 3", "opened on line 3"
    ),
    "unclosed-quote-eof": Refused(
        "activities", 4, "title", "Dấu ngoặc kép mở ở dòng 4", "opened on line 4"
    ),
    "control-characters": Warned(
        "activities", 3, "title", "đã xóa ký tự điều khiển/ẩn khỏi ô (U+202C, U+202E)", "U+202E"
    ),
    "value-under-empty-header": Warned(
        "activities", 3, "J", "giá trị dưới tiêu đề trống", "under an empty header"
    ),
    "ragged-rows": Warned("activities", 4, None, "dòng có 6 ô nhưng tiêu đề có 9 cột", "6 fields"),
    "theme-name-with-comma": None,
    "ods-good-padded.ods": None,
    "markdown-title": None,
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("corpus") / "base.duckdb"
    load_files([CORPUS / "good"], db)
    return db


@pytest.fixture
def db(base_db, tmp_path) -> Path:
    target = tmp_path / "ttdn.duckdb"
    shutil.copy2(base_db, target)
    return target


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("TTDN_RAISE", "TTDN_DB")}
    return subprocess.run(
        [sys.executable, "-m", "ttdn", *args],
        cwd=ROOT,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_refused(run: subprocess.CompletedProcess, case: Refused) -> None:
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "Traceback" not in out
    assert case.vi in out and case.en in out, out
    if case.sheet:
        assert f"trang {case.sheet}" in out and f"sheet {case.sheet}" in out, out
    if case.row:
        assert f"dòng {case.row}" in out and f"row {case.row}" in out, out
    if case.column:
        assert "cột " in out and "column " in out and case.column in out, out
    assert "cơ sở dữ liệu không thay đổi" in out and "the database is unchanged" in out


def test_the_committed_corpus_is_what_the_script_writes(tmp_path):
    made = make_corpus.build(tmp_path / "files")
    for path in made:
        committed = CORPUS / path.name
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        for file in files:
            other = committed / file.name if path.is_dir() else committed
            if file.suffix in (".xlsx", ".ods"):  # zip timestamps differ: compare the members
                import zipfile

                with zipfile.ZipFile(file) as a, zipfile.ZipFile(other) as b:
                    assert {n: a.read(n) for n in a.namelist()} == {
                        n: b.read(n) for n in b.namelist()
                    }
            else:
                assert file.read_bytes() == other.read_bytes(), file
    assert {p.name for p in made} == set(CASES) | {"good"}


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if isinstance(c, Refused)])
def test_refused_through_the_command_line(name, db):
    before = sha(db)
    assert_refused(cli("load", str(CORPUS / name), "--db", str(db)), CASES[name])
    assert sha(db) == before


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if isinstance(c, Refused)])
def test_refused_through_the_library(name, db):
    case, before = CASES[name], sha(db)
    with pytest.raises(WorkbookRejected) as info:
        load_files([CORPUS / name], db)
    errors = [p for p in info.value.problems if p.severity == "error"]
    assert len(errors) == 1, errors
    (problem,) = errors
    assert case.vi in problem.message_vi and case.en in problem.message_en
    assert problem.sheet == case.sheet
    assert problem.row == case.row
    if case.column:
        assert case.column in problem.column
    assert sha(db) == before


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if isinstance(c, Warned)])
def test_accepted_with_a_warning(name, db):
    case = CASES[name]
    run = cli("load", str(CORPUS / name), "--db", str(db))
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "Traceback" not in out
    assert "CẢNH BÁO/WARNING" in out and case.vi in out and case.en in out, out
    assert f"trang {case.sheet}" in out and f"sheet {case.sheet}" in out
    if case.row:
        assert f"dòng {case.row}" in out and f"row {case.row}" in out


def titles(db: Path) -> dict[str, str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT activity_id, title FROM activities").fetchall())


def test_control_characters_are_stripped_from_what_is_stored(db):
    report = load_files([CORPUS / "control-characters"], db)
    assert titles(db)["1"] == "Tập huấn kỹ năng thông tin đối ngoại"
    assert titles(db)["2"] == "Quảng bá gnp.exe hình ảnh địa phương"
    removed = [(p.row, p.column) for p in report.problems if "U+" in p.message_en]
    assert removed == [(2, "title"), (3, "title")]


def test_a_value_under_an_empty_header_is_not_stored_and_ragged_rows_load(db):
    load_files([CORPUS / "ragged-rows"], db)
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT title, description, lead_units FROM activities a JOIN"
            " (SELECT activity_id, string_agg(unit, ';') AS lead_units FROM activity_units"
            "  GROUP BY 1) u USING (activity_id) WHERE activity_id = '3'"
        ).fetchone()
    assert row == ("Thông tin về biển, đảo", None, "Sở Ngoại vụ")


def test_theme_names_may_hold_commas(db):
    run = cli("load", str(CORPUS / "theme-name-with-comma"), "--db", str(db))
    assert run.returncode == 0, run.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        themes = con.execute(
            "SELECT theme_code, assigned FROM activity_themes WHERE activity_id = '1' ORDER BY 1"
        ).fetchall()
    assert themes == [("bao_chi", "manual"), ("tap_huan", "manual")]


def test_an_ods_padded_to_the_sheet_end_loads(db):
    report = load_files([CORPUS / "ods-good-padded.ods"], db)
    assert report.loaded == ["CP-2024"]
    assert sorted(titles(db)) == ["1", "2", "3"]


def test_markdown_in_a_title_is_stored_as_written(db):
    load_files([CORPUS / "markdown-title"], db)
    assert titles(db)["1"] == "[Xác minh](https://x.y) ![](https://x.y/p.png) <b>đậm</b>"


# --- made at test time -------------------------------------------------------------------


def test_symlink_loop_in_a_csv_folder(db, tmp_path):
    folder = make_corpus.csv_book(tmp_path / "loop-book")
    (folder / "loop.csv").symlink_to(folder / "loop.csv")
    before = sha(db)
    run = cli("load", str(folder), "--db", str(db))
    assert_refused(
        run, Refused("loop", None, None, "Liên kết tượng trưng 'loop.csv' tạo vòng lặp", "loops")
    )
    with pytest.raises(WorkbookRejected):
        load_files([folder], db)
    assert sha(db) == before


def test_a_longer_symlink_chain_is_refused_too(db, tmp_path):
    folder = make_corpus.csv_book(tmp_path / "chain")
    (folder / "a.csv").symlink_to(folder / "b.csv")
    (folder / "b.csv").symlink_to(folder / "a.csv")
    with pytest.raises(WorkbookRejected) as info:
        load_files([folder], db)
    assert "vòng lặp" in info.value.problems[0].message_vi


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_csv_that_is_dev_zero(db, tmp_path):
    folder = make_corpus.csv_book(tmp_path / "zero")
    (folder / "activities.csv").unlink()
    (folder / "activities.csv").symlink_to("/dev/zero")
    before = sha(db)
    device = Refused("activities", None, None, "không phải tệp thông thường", "not a regular file")
    assert_refused(cli("load", str(folder), "--db", str(db)), device)
    assert_refused(
        cli("load", "/dev/zero", "--db", str(db)),
        Refused(None, None, None, "'zero' không phải tệp thông thường", "not a regular file"),
    )
    assert sha(db) == before


def test_a_row_bomb_is_refused(db, tmp_path):
    folder = make_corpus.row_bomb_csv(tmp_path / "bomb")
    before = sha(db)
    run = cli("load", str(folder), "--db", str(db))
    assert_refused(run, Refused("activities", None, None, "vượt giới hạn 200.000 dòng", "200,000"))
    assert sha(db) == before


def test_an_xlsx_with_more_rows_than_the_limit_and_no_dimension(tmp_path):
    path = make_corpus.row_bomb_xlsx(tmp_path / "rows.xlsx", rows=300)
    with pytest.raises(WorkbookRejected) as info:
        load_files([path], tmp_path / "t.duckdb", limits=Limits(max_rows=100))
    (problem,) = info.value.problems
    assert problem.sheet == "activities" and "100 dòng" in problem.message_vi
    assert not (tmp_path / "t.duckdb").exists()


def test_stale_temporary_files_of_dead_loaders_are_removed(db):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    stale = [db.with_name(f"{db.name}.tmp-{dead}"), db.with_name(f"{db.name}.tmp-{dead}.wal")]
    alive = db.with_name(f"{db.name}.tmp-{os.getpid()}9")  # not a loader's name pattern
    live = db.with_name(f"{db.name}.tmp-{os.getppid()}")  # a running process: left alone
    for path in (*stale, alive, live):
        path.write_bytes(b"x" * 1000)
    run = cli("load", str(CORPUS / "markdown-title"), "--db", str(db))
    assert run.returncode == 0, run.stderr
    assert not any(p.exists() for p in stale)
    assert live.exists()


def test_a_database_that_is_not_duckdb(tmp_path):
    bad = tmp_path / "not.duckdb"
    bad.write_bytes(b"this is not a database\n" * 100)
    before = sha(bad)
    run = cli("load", str(CORPUS / "good"), env={"TTDN_DB": str(bad)})
    out = run.stdout + run.stderr
    assert run.returncode == 1 and "Traceback" not in out
    assert "không phải cơ sở dữ liệu DuckDB" in out and "not a ttdn DuckDB database" in out
    assert sha(bad) == before
    run = cli("sql", "SELECT 1", env={"TTDN_DB": str(bad)})
    assert "Traceback" not in run.stdout + run.stderr


def test_the_app_shows_a_message_for_a_database_that_is_not_duckdb(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    bad = tmp_path / "not.duckdb"
    bad.write_bytes(b"this is not a database\n" * 100)
    monkeypatch.setenv("TTDN_DB", str(bad))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    (error,) = at.error
    assert "not.duckdb" in error.value and "TTDN_DB" in error.value
    assert "không phải cơ sở dữ liệu DuckDB" in error.value


def test_streamlit_never_shows_error_details():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_the_drill_down_shows_markdown_and_html_in_data_as_text(vi):
    from ttdn.ui import drill

    title = "[Xác minh](https://x.y) ![](https://x.y/p.png) <b>đậm</b>"
    row = {"activity_id": "1", "title": title, "lead_units": "<img src=x onerror=alert(1)>"}
    head, facts = drill.detail_html(row, "themes_vi"), drill.facts_html(row, "themes_vi")
    assert head == (
        "<p><b>1 — [Xác minh](https://x.y) ![](https://x.y/p.png) &lt;b&gt;đậm&lt;/b&gt;</b></p>"
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in facts and "<img" not in facts


def test_markdown_from_data_or_a_link_is_escaped_for_captions():
    from ttdn.ui.safe import md

    assert md("[Xác minh](https://x.y) ![](p.png)") == (
        r"\[Xác minh\]\(https\://x\.y\) \!\[\]\(p\.png\)"
    )
    assert md("Sở TT&TT; nam=abc") == "Sở TT&TT; nam=abc"


def test_a_cell_longer_than_the_csv_field_limit(db, tmp_path):
    rows = make_corpus.activities_with({(1, "description"): "x" * 200_000})
    folder = make_corpus.csv_book(tmp_path / "long", activities=make_corpus.to_csv(rows))
    before = sha(db)
    with pytest.raises(WorkbookRejected) as info:
        load_files([folder], db)
    (problem,) = info.value.problems
    assert (problem.sheet, problem.row) == ("activities", 2)
    assert "dài hơn 131.072 ký tự" in problem.message_vi and "131,072" in problem.message_en
    assert sha(db) == before
