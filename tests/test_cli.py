"""python -m ttdn: exit codes, messages, the template round trip."""

import subprocess
import sys
from pathlib import Path

import duckdb
from openpyxl import load_workbook

from tests.fixtures import PLANS, write_xlsx
from ttdn.ingest.columns import SHEETS

ROOT = Path(__file__).resolve().parent.parent


def ttdn(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "ttdn", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )


def test_load_exit_codes(tmp_path):
    db = tmp_path / "c.duckdb"
    good = write_xlsx(tmp_path / "good.xlsx")
    result = ttdn("load", "--db", db, good)
    assert result.returncode == 0, result.stderr
    assert "HN-2021-92" in result.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM plans").fetchone()[0] == len(PLANS)

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a spreadsheet")
    before = db.read_bytes()
    result = ttdn("load", "--db", db, broken)
    assert result.returncode == 1
    assert "broken.xlsx" in result.stderr and "không thay đổi" in result.stderr
    assert "unchanged" in result.stderr
    assert "docs/workbook.md" in result.stderr  # where the format is explained
    assert db.read_bytes() == before

    assert ttdn("load", "--db", db).returncode == 2  # no file: wrong usage
    assert ttdn("frobnicate").returncode == 2


def test_check_validates_without_writing(tmp_path):
    db = tmp_path / "none.duckdb"
    result = ttdn("check", "--db", db, write_xlsx(tmp_path / "g.xlsx"))
    assert result.returncode == 0 and "4 kế hoạch" in result.stdout
    assert not db.exists()


def test_limits_are_configurable(tmp_path):
    book = write_xlsx(tmp_path / "g.xlsx")
    result = ttdn("check", "--max-rows", "3", book)
    assert result.returncode == 1 and "200" not in result.stderr and "3" in result.stderr


def test_template_has_headers_lists_and_help(tmp_path):
    out = tmp_path / "mau.xlsx"
    assert ttdn("template", out).returncode == 0
    book = load_workbook(out)
    for sheet in SHEETS:
        assert [c.value for c in book[sheet.label_vi][1]] == [c.label_vi for c in sheet.columns]
    validations = book["Kế hoạch"].data_validations.dataValidation
    level_col = next(i for i, c in enumerate(SHEETS[0].columns) if c.key == "issuer_level")
    assert any(str(v.sqref).startswith(chr(ord("A") + level_col)) for v in validations)
    rows = list(book["Hướng dẫn"].iter_rows(min_row=2, values_only=True))
    n = sum(len(s.columns) for s in SHEETS)
    help_rows, notes = rows[:n], [r[0] for r in rows[n:] if r and r[0]]
    assert all(row[4] and row[5] for row in help_rows)  # meaning in VI and EN
    # the explanation sheet points to the whole contract, in both languages
    assert len(notes) == 2 and all("docs/workbook.md" in note for note in notes)


def test_filled_template_loads(tmp_path):
    out = tmp_path / "mau.xlsx"
    ttdn("template", out)
    book = load_workbook(out)
    ws = book["Kế hoạch"]
    ws.append(
        [
            "T-1",
            "1/KH",
            "Kế hoạch thử",
            "UBND tỉnh Nghệ An",
            "tỉnh",
            "Nghệ An",
            2025,
            None,
            "02/01/2025",
            "Nguyễn Văn A",
            "Căn cứ 1; Căn cứ 2",
            "thử",
        ]
    )
    book["Hoạt động"].append(
        [
            "T-1",
            "1",
            "I",
            "Tập huấn",
            "Tập huấn nghiệp vụ",
            "tap_huan",
            "Sở TT&TT",
            None,
            "Quý II/2025",
        ]
    )
    book.save(out)
    db = tmp_path / "t.duckdb"
    result = ttdn("load", "--db", db, out)
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT start_date::VARCHAR, end_date::VARCHAR FROM activities"
        ).fetchone()
        assert row == ("2025-04-01", "2025-06-30")
        assert con.execute("SELECT count(*) FROM legal_bases").fetchone()[0] == 2
