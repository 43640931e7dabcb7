"""The theme gold (tests/gold) against the default data and the loader: the gold covers
exactly the real activities, the loader stores what the eval scores, the targets hold."""

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ttdn.eval import themes as ev
from ttdn.reference import load_reference

ROOT = Path(__file__).resolve().parent.parent
REF = load_reference()


@pytest.fixture(scope="module")
def default_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("gold") / "d.duckdb"
    subprocess.run(
        [sys.executable, "-m", "ttdn", "build-default", "--db", str(db)], cwd=ROOT, check=True
    )
    with duckdb.connect(str(db), read_only=True) as con:
        yield con


def test_gold_annotates_every_real_activity_and_no_heading(default_db):
    stored = set(default_db.execute("SELECT plan_id, activity_id FROM activities").fetchall())
    gold = {tuple(item.key.split("/", 1)) for item in ev.load_seed_gold(REF)}
    assert gold == stored


def test_loader_stores_the_written_themes_plus_those_the_text_names(default_db):
    rows = default_db.execute(
        "SELECT plan_id || '/' || activity_id, theme_code, assigned FROM activity_themes"
    ).fetchall()
    stored: dict[str, set[str]] = {}
    for key, code, _ in rows:
        stored.setdefault(key, set()).add(code)
    for item in ev.load_seed_gold(REF):
        assert stored.get(item.key, set()) == ev.predict(item, REF, "addition"), item.key
    manual = {(k, c) for k, c, a in rows if a == "manual"}
    assert ("HY-SKHCN-2024/II.1", "chi_dao") in manual  # written in the cell
    hy = {c for k, c, a in rows if k == "HY-SKHCN-2024/II.1" and a == "auto"}
    assert hy == {"quang_ba", "hop_tac", "bien_dao", "nhan_quyen"}  # named by its text


def test_targets_hold_on_the_seed_gold():
    items = ev.load_seed_gold(REF)
    for mode in ("empty", "addition"):
        overall = ev.score(items, REF, mode)["overall"]
        assert overall["precision"] >= ev.TARGET_PRECISION, (mode, overall)
        assert overall["recall"] >= ev.TARGET_RECALL, (mode, overall)


def test_eval_writes_its_report(tmp_path):
    out = tmp_path / "eval.json"
    code = ev.main(["--out", str(out), "--quiet"])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0 and report["targets_met"] is True
    assert set(report["sets"]) == {"seed", "heldout", "blind", "blind2", "blind3", "blind4"}
    seed = report["sets"]["seed"]["empty"]
    assert seed["activities"] == 79
    o = seed["overall"]
    assert o["tp"] + o["fn"] == sum(len(i.gold) for i in ev.load_seed_gold(REF))
    assert {fp["activity"] for fp in seed["false_positives"]} <= {
        i.key for i in ev.load_seed_gold(REF)
    }


def test_scores_are_counted_by_hand():
    gold = ev.Item("p/1", "Tổ chức họp báo", "", "", (), frozenset({"bao_chi", "kiem_tra"}))
    extra = ev.Item("p/2", "Hội chợ du lịch", "", "", ("chi_dao",), frozenset({"xuc_tien"}))
    empty = ev.score([gold, extra], REF, "empty")["overall"]
    # predicted {bao_chi}, {xuc_tien}: tp 2, fn 1 (kiem_tra), fp 0
    assert (empty["tp"], empty["fp"], empty["fn"]) == (2, 0, 1)
    assert empty["precision"] == 1.0 and empty["recall"] == round(2 / 3, 4)
    added = ev.score([gold, extra], REF, "addition")["overall"]
    assert (added["tp"], added["fp"], added["fn"]) == (2, 1, 1)  # the written chi_dao is wrong


def test_heading_title_drops_the_number():
    assert ev.heading_title("II.4.2 Quảng bá hình ảnh tỉnh") == "Quảng bá hình ảnh tỉnh"
    assert ev.heading_title("II.1-2 (tiêu đề bị mất)") == "(tiêu đề bị mất)"
    assert ev.heading_title("") == ""
