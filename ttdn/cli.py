"""Command line: python -m ttdn load|check|template|build-default|sql|demo|brief|extract ..."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ttdn import PLANS_DIR, REFERENCE_DIR
from ttdn.db import default_db_path
from ttdn.ingest.problems import CONTRACT_HINT, Problem, WorkbookRejected
from ttdn.ingest.reader import Limits


def _limits(args) -> Limits:
    limits = Limits.from_env()
    if getattr(args, "max_mb", None):
        limits = Limits(int(args.max_mb * 1048576), limits.max_rows)
    if getattr(args, "max_rows", None):
        limits = Limits(limits.max_bytes, args.max_rows)
    return limits


def _print_problems(problems: list[Problem], stream=sys.stderr) -> None:
    for problem in problems:
        print(problem.render(), file=stream)
    if problems:
        print(CONTRACT_HINT, file=stream)


def cmd_load(args) -> int:
    from ttdn.ingest.history import LoadHook, cli_account
    from ttdn.ingest.loader import load_files

    try:
        hook = LoadHook.for_paths(args.files, cli_account()).bind(args.db)
        report = load_files(args.files, args.db, limits=_limits(args), hook=hook)
    except WorkbookRejected as rejected:
        _print_problems(rejected.problems)
        errors = sum(p.severity == "error" for p in rejected.problems)
        print(
            f"Từ chối: {errors} lỗi; cơ sở dữ liệu không thay đổi.\n"
            f"Rejected: {errors} errors; the database is unchanged.",
            file=sys.stderr,
        )
        return 1
    _print_problems(report.problems)
    if report.loaded:
        print(f"Đã nạp / loaded: {', '.join(report.loaded)} → {args.db}")
    if report.unchanged:
        print(
            f"Không đổi (đã nạp trước đó) / unchanged (loaded before): {', '.join(report.unchanged)}"
        )
    return 0


def cmd_check(args) -> int:
    from ttdn.ingest.loader import check_files

    tables, problems = check_files(args.files, args.db, limits=_limits(args))
    _print_problems(problems)
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        print(f"Có {errors} lỗi / {errors} errors.", file=sys.stderr)
        return 1
    plans = sum(len(t.declared_plans) for t in tables)
    activities = sum(len(t.rows["activities"]) for t in tables)
    print(f"Hợp lệ / valid: {plans} kế hoạch / plans, {activities} hoạt động / activities")
    return 0


def cmd_template(args) -> int:
    from ttdn.template import write_template

    print(write_template(args.out))
    return 0


def cmd_build_default(args) -> int:
    from ttdn.ingest.build import build_default

    try:
        report = build_default(args.db, args.plans)
    except WorkbookRejected as rejected:
        _print_problems(rejected.problems)
        return 1
    print(f"Đã tạo / built {args.db}: {len(report.loaded)} kế hoạch / plans")
    return 0


def cmd_demo(args) -> int:
    from ttdn.demo import build_demo, parse_years

    report = build_demo(
        args.db,
        args.provinces,
        parse_years(args.years),
        args.activities_per_plan,
        args.seed,
        args.scale,
    )
    print(
        f"Dữ liệu tổng hợp / synthetic data → {report.db}: {report.plans} kế hoạch / plans, "
        f"{report.activities} hoạt động / activities, {report.seconds:.1f} s, "
        f"hash {report.content_hash[:16]}"
    )
    return 0


def cmd_sql(args) -> int:
    from dataclasses import replace

    from ttdn.sandbox import Limits, SandboxError, format_frame, run_sql

    query = sys.stdin.read() if args.query == "-" else args.query
    limits = Limits.from_env()
    if args.timeout:
        limits = replace(limits, timeout=args.timeout)
    try:
        result = run_sql(query, args.db, limits, max_rows=args.max_rows or limits.download_rows)
    except SandboxError as error:
        print(f"{error.message('vi')}\n{error.message('en')}", file=sys.stderr)
        return 1
    sys.stdout.write(format_frame(result.frame, args.format))
    if result.truncated:
        print(f"Chỉ in {result.rows} dòng đầu / only the first {result.rows} rows", file=sys.stderr)
    return 0


def cmd_compliance(args) -> int:
    import duckdb

    from ttdn import compliance
    from ttdn.sandbox import format_frame

    if not Path(args.db).exists():
        print(
            f"Không có cơ sở dữ liệu: {args.db}\nNo database: {args.db}",
            file=sys.stderr,
        )
        return 1
    with duckdb.connect(str(args.db), read_only=True) as con:
        plan_ids = None
        if args.plan:
            known = {r[0] for r in con.execute("SELECT plan_id FROM plans").fetchall()}
            unknown = [p for p in args.plan if p not in known]
            if unknown:
                names = ", ".join(unknown)
                print(
                    f"Không có kế hoạch: {names} (xem: python -m ttdn sql "
                    f'"SELECT plan_id FROM plans")\nUnknown plan: {names}',
                    file=sys.stderr,
                )
                return 1
            plan_ids = list(dict.fromkeys(args.plan))
        results = compliance.evaluate(con, plan_ids, reference=args.criteria)
    for problem in results.attrs.get("problems", []):
        print(f"Bỏ qua / skipped: {problem.render()}", file=sys.stderr)
    evidence = "evidence_en" if args.lang == "en" else "evidence"
    columns = ["plan_id", "criterion_id", "criterion", "source", "result", evidence]
    frame = results[columns].rename(columns={"evidence_en": "evidence"})
    if args.format == "json":
        frame = frame.assign(
            evidence_rows=[[list(r) for r in rows] for rows in results["evidence_rows"]]
        )
    sys.stdout.write(format_frame(frame, args.format))
    return 0


def cmd_check_criteria(args) -> int:
    from ttdn import compliance

    problems = compliance.check_criteria(args.file)
    for problem in problems:
        print(problem.render(), file=sys.stderr)
    if problems:
        print(
            f"Có {len(problems)} lỗi trong {args.file} / {len(problems)} problems in {args.file}",
            file=sys.stderr,
        )
        return 1
    criteria, _ = compliance.load_criteria(args.file)
    print(f"Hợp lệ / valid: {len(criteria)} tiêu chí / criteria ({args.file})")
    return 0


def cmd_user(args) -> int:
    from ttdn.auth_cli import run_user

    return run_user(args)


def cmd_extract(args) -> int:
    from ttdn.extract import ExtractError, extract_document, merge_extractions, write_workbook

    if args.plan_id and len(args.documents) > 1:
        print(
            "--plan-id chỉ dùng với một văn bản / --plan-id needs exactly one document",
            file=sys.stderr,
        )
        return 2
    extractions, failed = [], 0
    for document in args.documents:
        try:
            extraction = extract_document(document, plan_id=args.plan_id, limits=_limits(args))
        except ExtractError as error:
            error.filename = error.filename or document.name
            print(error.render(), file=sys.stderr)
            failed += 1
            continue
        counts = extraction.counts
        print(
            f"{document.name} → {extraction.plan_id}: {counts['activities']} hoạt động / activities, "
            f"{counts['assignments']} phân công / assignments, {counts['budgets']} kinh phí / budget "
            f"rows; {len(extraction.review)} điểm cần xem lại / to review"
        )
        extractions.append(extraction)
    if not extractions:
        print("Không tạo bảng tính / no workbook written.", file=sys.stderr)
        return 1
    out = write_workbook(merge_extractions(extractions), args.out)
    print(f"→ {out}")
    return 1 if failed else 0


def cmd_brief(args) -> int:
    from ttdn.brief import UnknownProvince, brief_from_cli, describe
    from ttdn.i18n import t

    def both(key: str, **values) -> str:
        return f"{t(key, 'vi', **values)}\n{t(key, 'en', **values)}"

    if not Path(args.db).exists():
        print(both("brief.no_db", path=args.db), file=sys.stderr)
        return 1
    try:
        data, empty = brief_from_cli(
            args.db,
            province=args.province,
            year=args.year,
            compare=args.compare,
            compare_year=args.compare_year,
            p2025=args.p2025,
            lang=args.lang,
        )
    except UnknownProvince as unknown:
        print(f"{unknown.message('vi')}\n{unknown.message('en')}", file=sys.stderr)
        return 1
    if data is None:
        for lang in ("vi", "en"):
            print(t("brief.no_plans", lang, what=describe(empty.params, lang)), file=sys.stderr)
        return 1
    Path(args.out).write_bytes(data)
    print(both("brief.written", path=args.out))
    return 0


def cmd_screenshots(args) -> int:
    from ttdn.screenshots import main as screenshots

    return screenshots([])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ttdn", description="ttdn — kế hoạch TTĐN")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p):
        p.add_argument("--db", type=Path, default=default_db_path(), help="DuckDB file (TTDN_DB)")
        return p

    def with_limits(p):
        p.add_argument("--max-mb", type=float, help="largest file accepted, MB (default 50)")
        p.add_argument("--max-rows", type=int, help="most rows accepted (default 200000)")
        return p

    p = with_limits(with_db(sub.add_parser("load", help="nạp tệp / load workbooks")))
    p.add_argument("files", nargs="+", type=Path)
    p.set_defaults(func=cmd_load)
    p = with_limits(with_db(sub.add_parser("check", help="chỉ kiểm tra / validate only")))
    p.add_argument("files", nargs="+", type=Path)
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("template", help="tạo mẫu trống / write the empty template")
    p.add_argument("out", type=Path)
    p.set_defaults(func=cmd_template)
    p = with_db(sub.add_parser("build-default", help="tạo CSDL mặc định / default database"))
    p.add_argument("--plans", type=Path, default=PLANS_DIR, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_build_default)
    p = with_db(sub.add_parser("sql", help="truy vấn chỉ đọc / read-only SQL query (sandbox)"))
    p.add_argument("query", help="one SELECT statement, or - to read it from stdin")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--max-rows", type=int, help="most rows printed (default 100000)")
    p.add_argument("--timeout", type=float, help="seconds before the query is stopped (10)")
    p.set_defaults(func=cmd_sql)
    p = with_db(sub.add_parser("demo", help="dữ liệu tổng hợp / synthetic plans"))
    p.add_argument("--provinces", type=int, default=34, help="≤34: after 2025; ≤63: before")
    p.add_argument("--years", default="2016-2025", help="e.g. 2016-2025 or 2020,2022")
    p.add_argument("--activities-per-plan", type=int, default=150)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--scale", type=int, default=1, help="plans per province and year")
    p.set_defaults(func=cmd_demo)
    criteria_file = REFERENCE_DIR / "criteria.csv"  # ttdn.compliance.CRITERIA_FILE
    p = with_db(sub.add_parser("compliance", help="đối chiếu hướng dẫn / check plans"))
    p.add_argument("--plan", action="append", help="plan_id (repeatable); default: every plan")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--criteria", type=Path, default=criteria_file, help="criteria CSV")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the evidence")
    p.set_defaults(func=cmd_compliance)
    p = sub.add_parser("check-criteria", help="kiểm tra tiêu chí / check a criteria file")
    p.add_argument("--file", type=Path, default=criteria_file)
    p.set_defaults(func=cmd_check_criteria)

    p = sub.add_parser("user", help="tài khoản / accounts: add, list, remove, passwd, role")
    p.set_defaults(func=cmd_user)
    from ttdn.auth_cli import add_arguments

    add_arguments(p)
    p = sub.add_parser(
        "extract", help="trích xuất văn bản kế hoạch / extract plan documents into a workbook"
    )
    p.add_argument("documents", nargs="+", type=Path, help=".txt .md .html .docx .pdf")
    p.add_argument("-o", "--out", type=Path, required=True, help="the workbook to write (.xlsx)")
    p.add_argument("--plan-id", help="plan_id for the plan (default: from province, year, number)")
    p.add_argument("--max-mb", type=float, help="largest file accepted, MB (default 50)")
    p.set_defaults(func=cmd_extract)

    p = with_db(sub.add_parser("brief", help="báo cáo tóm tắt (.docx) / leaders' brief"))
    p.add_argument("--province", help='tỉnh/thành, e.g. "Hà Tĩnh" (default: all)')
    p.add_argument("--year", type=int, help="năm kế hoạch / plan year (default: all)")
    p.add_argument("--compare", help="so sánh với tỉnh/thành / compare with this province")
    p.add_argument("--compare-year", type=int, help="năm của tỉnh so sánh (default: --year)")
    p.add_argument("--p2025", action="store_true", help="theo 34 tỉnh/thành sau 2025")
    p.add_argument("--lang", choices=("vi", "en"), default="vi")
    p.add_argument("-o", "--out", type=Path, required=True, help="tệp .docx / output file")
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser(
        "screenshots", add_help=False, help="ảnh chụp mọi trang / screenshots of every page"
    )
    p.set_defaults(func=cmd_screenshots)  # main() hands its arguments over before parsing
    return parser


def main(argv: list[str] | None = None) -> int:
    import os

    from ttdn.db import DatabaseUnreadable

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["screenshots"]:  # its own options (ttdn.screenshots)
        from ttdn.screenshots import main as screenshots

        return screenshots(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DatabaseUnreadable as error:
        print(f"{error.message_vi}\n{error.message_en}\n({error.detail})", file=sys.stderr)
        return 1
    except (Exception, MemoryError) as error:  # a user never sees a traceback
        if os.environ.get("TTDN_RAISE"):
            raise
        print(
            f"Lỗi không lường trước; cơ sở dữ liệu không thay đổi ({type(error).__name__}: {error}).\n"
            f"Unexpected error; the database is unchanged ({type(error).__name__}: {error}).",
            file=sys.stderr,
        )
        return 1
