"""Building the default database from the workbooks under data/plans."""

from __future__ import annotations

from pathlib import Path

from ttdn.ingest.loader import LoadReport, check_files, file_hash, write_tables
from ttdn.ingest.problems import WorkbookRejected
from ttdn.reference import load_reference


def default_workbooks(plans_dir: Path) -> list[Path]:
    return sorted(
        p for p in Path(plans_dir).iterdir() if p.is_dir() or p.suffix in {".xlsx", ".ods"}
    )


def build_default(db_path: Path, plans_dir: Path) -> LoadReport:
    """A fresh database holding exactly the default plans, swapped in atomically."""
    reference = load_reference()
    paths = default_workbooks(plans_dir)
    tables, problems = check_files(paths, None, reference)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise WorkbookRejected(errors)
    records = [(p.name, file_hash(p), t.declared_plans) for p, t in zip(paths, tables, strict=True)]
    report = write_tables(Path(db_path), tables, reference, records, fresh=True)
    report.problems = problems
    return report
