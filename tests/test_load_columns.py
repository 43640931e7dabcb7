"""The loader's fast paths give exactly what the plain row-by-row code gave: the content
hash (built column by column), the columns kept beside the rows (read by the hash and the
Arrow insert), and the themes (memoized per field)."""

import datetime as dt
import hashlib
from operator import itemgetter

from tests.fixtures import SHEET_ROWS, write_csv_folder
from ttdn.ingest.loader import check_files
from ttdn.ingest.normalize import PLAN_TABLES, Tables, _hash_plans
from ttdn.reference import load_reference

_SKIP = {"loaded_at", "content_hash", "source_file", "source_sheet", "source_row"}


def _row_by_row_hashes(tables: Tables) -> dict[str, str]:
    """The content hash as it was first written: the repr of each row's values in sorted
    column order, a plan's rows of one table hashed as one text."""
    digests = {p: hashlib.sha256() for p in tables.declared_plans}
    for table in PLAN_TABLES:
        rows = tables.rows[table]
        if not rows:
            continue
        keys = sorted(set(rows[0]) - _SKIP)
        getter = itemgetter(*keys) if len(keys) > 1 else (lambda row, k=keys[0]: (row[k],))
        try:
            texts = list(map(repr, map(getter, rows)))
        except KeyError:
            texts = [repr(tuple(row.get(k) for k in keys)) for row in rows]
        buckets: dict[str, list[str]] = {}
        for row, text in zip(rows, texts, strict=True):
            if row.get("plan_id") in digests:
                buckets.setdefault(row.get("plan_id"), []).append(text)
        for plan_id, bucket in buckets.items():
            digests[plan_id].update(f"{table}\n{len(keys)}\n".encode())
            digests[plan_id].update("\n".join(bucket).encode())
    return {p: d.hexdigest() for p, d in digests.items()}


def test_hash_by_columns_equals_the_row_by_row_hash_on_awkward_values():
    tables = Tables()
    tables.declared_plans = ["P1", "P2"]
    tables.rows["plans"] = [{"plan_id": "P1", "title": "Kế hoạch 'một'"}, {"plan_id": "P2"}]
    tables.rows["plans"][1]["title"] = None
    # one column mixing values that are equal but print differently: 1, True, 1.0; 0.0, -0.0
    mixed = [1, True, 1.0, 0.0, -0.0, None, "1", dt.date(2024, 1, 1)]
    tables.rows["budgets"] = [
        {"plan_id": "P1" if i % 2 else "P2", "seq": i, "amount_vnd": v, "note": f'"{i}" đ\n'}
        for i, v in enumerate(mixed)
    ]
    # equal text, same type: cached once; an unhashable value falls back to plain repr
    tables.rows["legal_bases"] = [
        {"plan_id": "P1", "seq": 1, "reference": ["a", "b"]},
        {"plan_id": "P1", "seq": 2, "reference": "Quyết định 1"},
        {"plan_id": "P2", "seq": 1, "reference": "Quyết định 1"},
    ]
    tables.rows["extra_fields"] = [{"plan_id": "P2"}]  # one hashed column
    expected = _row_by_row_hashes(tables)
    _hash_plans(tables)
    assert tables.plan_hashes == expected
    assert [r["content_hash"] for r in tables.rows["plans"]] == [expected["P1"], expected["P2"]]


def test_kept_columns_are_the_rows_and_the_hash_is_unchanged(tmp_path):
    [tables], problems = check_files([write_csv_folder(tmp_path / "book", SHEET_ROWS)])
    assert not [p for p in problems if p.severity == "error"]
    assert len(tables.rows["activities"]) == len(SHEET_ROWS["activities"])
    for table in ("activities", "activity_units", "activity_themes", "assignments"):
        rows = tables.rows[table]
        assert rows, table
        assert tables.columns(table) == {k: [r[k] for r in rows] for k in rows[0]}, table
    assert tables.plan_hashes == _row_by_row_hashes(tables)
    # rows changed after the columns were made: the columns are made again
    rows = tables.rows["activity_units"]
    rows.append({**rows[0], "unit": "Sở Y tế"})
    assert tables.columns("activity_units")["unit"][-1] == "Sở Y tế"


def test_themes_memoized_per_field_equal_the_explained_themes():
    reference = load_reference()
    rules = reference._theme_rules
    texts = [
        ("Tập huấn nghiệp vụ thông tin đối ngoại", "Bồi dưỡng lòng yêu nước cho đoàn viên"),
        ("Bồi dưỡng lòng yêu nước cho đoàn viên", "Tập huấn nghiệp vụ thông tin đối ngoại"),
        ("Tập huấn nghiệp vụ thông tin đối ngoại", ""),
        ("Tuyên truyền về biên giới, biển đảo", "Phối hợp với Ban Hợp tác quốc tế"),
    ]
    for title, description in texts * 2:  # the second time from the cache
        explained = {code for code, *_ in rules.explain(title, description)}
        assert set(rules.classify(title, description)) == explained
        assert reference.classify_themes(title, description) == rules.classify(title, description)
    # a title's themes do not leak into the same text given as the description
    title_only = rules.classify("Tập huấn nghiệp vụ thông tin đối ngoại", "")
    assert "tap_huan" in title_only
    assert rules.classify("", "Bồi dưỡng lòng yêu nước cho đoàn viên") == []


def test_upload_limit_is_the_loaders():
    # the uploader shows "… MB per file" from server.maxUploadSize; the loader (and the
    # extractor, same Limits) refuses anything over Limits.max_bytes: the two agree
    import tomllib

    from ttdn import ROOT
    from ttdn.ingest.reader import Limits

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == Limits().max_bytes
