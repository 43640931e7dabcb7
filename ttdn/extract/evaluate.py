"""`make eval-extract`: extract the seed texts and compare them with the hand-made gold
workbooks in data/plans (python -m ttdn.extract.evaluate [--seeds DIR] [--out FILE]).

- header: number, title, issuer, issuer_level, province, year, period_end, issued_date and
  signer, each exact (after NFC and trimming); legal bases as short references, set P/R;
- activities: group headings (rows whose id is the prefix of another row's id) are left out
  on both sides and counted apart; the other rows are matched one-to-one, best first, by
  normalized title similarity (rapidfuzz ratio; the full text decides when a title was
  shortened differently), score ≥ 80 → precision and recall;
- units: lead and cooperating units of each matched activity, canonicalized with
  ttdn.reference, as (role, unit) pairs → precision and recall;
- timeframes: for matched activities with a timeframe on either side, the text exact
  (folded) and the dates derived by ttdn.ingest.timeframe equal;
- assignments: duties matched one-to-one by text (ratio ≥ 85), correct when the unit
  (canonical set) is the same → precision and recall;
- budgets: the multiset of budget codes (Reference.budget_code of each source), exact.

The same comparison runs on the seeds converted to .docx, .pdf (printed with wrapped lines)
and .html (inside page chrome) first (--formats), so the readers and the line joining are
measured too. Figures go to eval-extract.json (git-ignored); targets: header ≥ 95 %, activities, units
and assignments ≥ 90 % precision and recall, budget codes exact; exit 1 when the seed texts
miss them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from ttdn import PLANS_DIR, ROOT
from ttdn.extract import extract_document
from ttdn.extract.header import legal_references
from ttdn.ingest.timeframe import parse_timeframe
from ttdn.reference import Reference, load_reference
from ttdn.text import fold, nfc, split_multi

SEEDS_DIR = next(
    (
        p
        for p in (
            Path(os.environ.get("TTDN_SEEDS", "/nonexistent")),
            ROOT.parent / "shared" / "seeds",
            ROOT.parent.parent / "shared" / "seeds",
        )
        if p.is_dir()
    ),
    ROOT.parent / "shared" / "seeds",
)
OUT_FILE = ROOT / "eval-extract.json"
HEADER_FIELDS = (
    "number", "title", "issuer", "issuer_level", "province", "year", "period_end", "issued_date",
    "signer",
)  # fmt: skip
MATCH_MIN = 80
DUTY_MIN = 85
TARGETS = {"header": 0.95, "activities": 0.90, "units": 0.90, "assignments": 0.90}


def _read_gold(folder: Path) -> dict[str, pd.DataFrame]:
    return {
        name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False).map(nfc)
        for name in ("plans", "activities", "assignments", "budgets")
    }


def heading_ids(ids: list[str], sections: list[str] | None = None) -> set[str]:
    """Ids that are the prefix of another row's id (or the first word of a row's section)."""
    ids = [str(i) for i in ids]
    out = {i for i in ids if any(o.startswith(i + ".") for o in ids if o != i)}
    for section in sections or []:
        first = str(section).split(" ")[0] if section else ""
        if first in ids:
            out.add(first)
    return out


def _norm(text: str) -> str:
    return " ".join(fold(text).replace("đ", "d").split()).strip(" .;:,")


def _pr(tp: int, predicted: int, gold: int) -> dict:
    return {
        "tp": tp,
        "predicted": predicted,
        "gold": gold,
        "precision": tp / predicted if predicted else (1.0 if not gold else 0.0),
        "recall": tp / gold if gold else (1.0 if not predicted else 0.0),
    }


def _match(left: list[dict], right: list[dict], score) -> list[tuple[int, int, float]]:
    """One-to-one matching, best pairs first."""
    pairs = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            s = score(a, b)
            if s >= 0:
                pairs.append((s, i, j))
    pairs.sort(reverse=True)
    used_i, used_j, out = set(), set(), []
    for s, i, j in pairs:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            out.append((i, j, s))
    return out


def _activity_score(a: dict, b: dict) -> float:
    title = fuzz.ratio(_norm(a["title"]), _norm(b["title"]))
    text = fuzz.ratio(_norm(a["description"]), _norm(b["description"]))
    shorter, longer = sorted((_norm(a["title"]), _norm(b["title"])), key=len)
    prefix = fuzz.ratio(shorter, longer[: len(shorter)]) if len(shorter.split()) >= 5 else 0
    best = max(title, text, prefix)
    return best if best >= MATCH_MIN else -1


def _units(reference: Reference, value: str) -> set[str]:
    return {reference.match_unit(u).unit_canonical for u in split_multi(value)}


def compare(extracted: dict[str, pd.DataFrame], gold: dict[str, pd.DataFrame], reference) -> dict:
    result: dict = {}
    mine_plan = extracted["plans"].iloc[0].to_dict()
    gold_plan = gold["plans"].iloc[0].to_dict()
    fields = {}
    for key in HEADER_FIELDS:
        a, b = nfc(str(mine_plan.get(key, "") or "")), nfc(str(gold_plan.get(key, "") or ""))
        fields[key] = {"extracted": a, "gold": b, "ok": a == b}
    result["header"] = {
        "fields": fields,
        "ok": sum(f["ok"] for f in fields.values()),
        "total": len(fields),
    }
    gold_bases = set(legal_references(gold_plan.get("legal_bases", "")))
    mine_bases = set(split_multi(mine_plan.get("legal_bases", "")))
    result["legal_bases"] = _pr(len(gold_bases & mine_bases), len(mine_bases), len(gold_bases))
    result["legal_bases"].update(extracted_refs=sorted(mine_bases), gold_refs=sorted(gold_bases))
    # activities
    mine_rows = extracted["activities"].to_dict("records")
    gold_rows = gold["activities"].to_dict("records")
    mine_heads = heading_ids([r["activity_id"] for r in mine_rows])
    gold_heads = heading_ids(
        [r["activity_id"] for r in gold_rows], [r["section"] for r in gold_rows]
    )
    mine_acts = [r for r in mine_rows if r["activity_id"] not in mine_heads]
    gold_acts = [r for r in gold_rows if r["activity_id"] not in gold_heads]
    matched = _match(mine_acts, gold_acts, _activity_score)
    result["activities"] = _pr(len(matched), len(mine_acts), len(gold_acts))
    result["activities"]["unmatched_extracted"] = [
        f"{mine_acts[i]['activity_id']} {mine_acts[i]['title']}"
        for i in set(range(len(mine_acts))) - {m[0] for m in matched}
    ]
    result["activities"]["unmatched_gold"] = [
        f"{gold_acts[j]['activity_id']} {gold_acts[j]['title']}"
        for j in set(range(len(gold_acts))) - {m[1] for m in matched}
    ]
    head_mine = [r for r in mine_rows if r["activity_id"] in mine_heads]
    head_gold = [r for r in gold_rows if r["activity_id"] in gold_heads]
    head_matched = _match(head_mine, head_gold, _activity_score)
    result["headings"] = _pr(len(head_matched), len(head_mine), len(head_gold))
    tp = pred = gold_n = 0
    units_wrong = []
    times = {"compared": 0, "text_ok": 0, "dates_ok": 0, "wrong": []}
    year = int(gold_plan["year"]) if str(gold_plan.get("year", "")).isdigit() else 2000
    for i, j, _ in matched:
        a, b = mine_acts[i], gold_acts[j]
        for role, column in (("lead", "lead_units"), ("coop", "cooperating_units")):
            ua, ub = _units(reference, a[column]), _units(reference, b[column])
            tp += len(ua & ub)
            pred += len(ua)
            gold_n += len(ub)
            if ua != ub:
                units_wrong.append(
                    {
                        "activity": b["activity_id"],
                        "role": role,
                        "extracted": sorted(ua),
                        "gold": sorted(ub),
                    }
                )
        if a["timeframe"] or b["timeframe"]:
            times["compared"] += 1
            ok_text = _norm(a["timeframe"]) == _norm(b["timeframe"])
            ta = parse_timeframe(a["timeframe"] or None, year, None)
            tb = parse_timeframe(b["timeframe"] or None, year, None)
            ok_dates = (ta.start, ta.end) == (tb.start, tb.end)
            times["text_ok"] += ok_text
            times["dates_ok"] += ok_dates
            if not ok_text:
                times["wrong"].append(
                    {
                        "activity": b["activity_id"],
                        "extracted": a["timeframe"],
                        "gold": b["timeframe"],
                    }
                )
    result["units"] = _pr(tp, pred, gold_n)
    result["units"]["wrong"] = units_wrong
    result["timeframes"] = times
    # assignments
    mine_as = extracted["assignments"].to_dict("records")
    gold_as = gold["assignments"].to_dict("records")

    def duty_score(a, b):
        s = fuzz.ratio(_norm(a["duty"]), _norm(b["duty"]))
        return s if s >= DUTY_MIN else -1

    pairs = _match(mine_as, gold_as, duty_score)
    correct = 0
    wrong = []
    for i, j, _ in pairs:
        if _units(reference, mine_as[i]["unit"]) == _units(reference, gold_as[j]["unit"]):
            correct += 1
        else:
            wrong.append(
                {
                    "duty": gold_as[j]["duty"][:80],
                    "extracted": mine_as[i]["unit"],
                    "gold": gold_as[j]["unit"],
                }
            )
    result["assignments"] = _pr(correct, len(mine_as), len(gold_as))
    result["assignments"]["duties_matched"] = len(pairs)
    result["assignments"]["wrong_unit"] = wrong
    # budgets
    mine_codes = Counter(reference.budget_code(s) for s in extracted["budgets"]["source"])
    gold_codes = Counter(reference.budget_code(s) for s in gold["budgets"]["source"])
    result["budgets"] = {
        "extracted": sorted(mine_codes.elements()),
        "gold": sorted(gold_codes.elements()),
        "ok": mine_codes == gold_codes,
    }
    return result


def _total(plans: dict[str, dict]) -> dict:
    def pr(key):
        tp = sum(p[key]["tp"] for p in plans.values())
        pred = sum(p[key]["predicted"] for p in plans.values())
        gold = sum(p[key]["gold"] for p in plans.values())
        return _pr(tp, pred, gold)

    header_ok = sum(p["header"]["ok"] for p in plans.values())
    header_total = sum(p["header"]["total"] for p in plans.values())
    total = {
        "header": {"ok": header_ok, "total": header_total, "accuracy": header_ok / header_total},
        "legal_bases": pr("legal_bases"),
        "activities": pr("activities"),
        "headings": pr("headings"),
        "units": pr("units"),
        "assignments": pr("assignments"),
        "timeframes": {
            k: sum(p["timeframes"][k] for p in plans.values())
            for k in ("compared", "text_ok", "dates_ok")
        },
        "budgets": {"ok": sum(p["budgets"]["ok"] for p in plans.values()), "total": len(plans)},
    }
    checks = {
        "header": total["header"]["accuracy"] >= TARGETS["header"],
        "budgets": total["budgets"]["ok"] == total["budgets"]["total"],
    }
    for key in ("activities", "units", "assignments"):
        checks[key] = min(total[key]["precision"], total[key]["recall"]) >= TARGETS[key]
    total["targets_met"] = checks
    return total


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def as_docx(text: str) -> bytes:
    """The seed text as a Word document: one paragraph per line (markdown marks kept)."""
    import io

    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_html(text: str) -> bytes:
    """The seed text as a web page: one <p> per line, inside a menu, a footer and a share bar."""
    import html

    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    page = (
        "<html><head><title>Văn bản</title><script>var x = 1;</script></head><body>"
        '<nav class="menu"><a href="/">Trang chủ</a> <a href="/vb">Văn bản</a></nav>'
        f'<div class="content">{body}</div>'
        '<footer class="footer">Bản quyền © Cổng thông tin điện tử</footer>'
        '<div class="share">Chia sẻ: Facebook Zalo</div></body></html>'
    )
    return page.encode("utf-8")


def as_pdf(text: str) -> bytes | None:
    """The seed text as a PDF with a text layer, lines wrapped at the margin as a word
    processor does (fpdf2 and the DejaVu font; None without them)."""
    try:
        from fpdf import FPDF
    except ImportError:
        return None
    if not FONT.exists():
        return None
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for line in text.split("\n"):
        if not line.strip():
            pdf.ln(3)
            continue
        pdf.multi_cell(0, 6, line.replace("**", ""), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def run(seeds: Path = SEEDS_DIR, plans_dir: Path = PLANS_DIR, fmt: str = "txt") -> dict:
    """Extract every seed (as text, or converted to .docx / .pdf first) and compare."""
    reference = load_reference()
    gold_by_source = {}
    for folder in sorted(p for p in plans_dir.iterdir() if p.is_dir()):
        gold = _read_gold(folder)
        gold_by_source[gold["plans"].iloc[0]["source"]] = (folder.name, gold)
    plans = {}
    for seed in sorted(seeds.glob("*.txt")):
        if seed.name not in gold_by_source:
            continue
        plan_id, gold = gold_by_source[seed.name]
        if fmt == "txt":
            extraction = extract_document(seed, plan_id=plan_id, reference=reference)
        else:
            text = seed.read_text(encoding="utf-8")
            convert = {"docx": as_docx, "pdf": as_pdf, "html": as_html}[fmt]
            data = convert(text)
            if data is None:
                return {}
            name = f"{seed.stem}.{fmt}"
            extraction = extract_document(data, name, plan_id=plan_id, reference=reference)
        plans[plan_id] = compare(extraction.tables, gold, reference)
        plans[plan_id]["review_items"] = len(extraction.review)
    return {"plans": plans, "total": _total(plans)}


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}%"


def report(result: dict) -> str:
    lines = []
    head = f"{'plan':16} {'header':>8} {'act P':>7} {'act R':>7} {'unit P':>7} {'unit R':>7} "
    head += f"{'asg P':>7} {'asg R':>7} {'time':>7} {'budget':>6} {'bases R':>7}"
    lines.append(head)
    rows = list(result["plans"].items()) + [("TOTAL", result["total"])]
    for name, p in rows:
        header = p["header"]
        h = f"{header['ok']}/{header['total']}"
        t = p["timeframes"]
        time = f"{t['text_ok']}/{t['compared']}"
        budget = (
            ("ok" if p["budgets"]["ok"] else "NO")
            if name != "TOTAL"
            else f"{p['budgets']['ok']}/{p['budgets']['total']}"
        )
        lines.append(
            f"{name:16} {h:>8} {_pct(p['activities']['precision']):>7} {_pct(p['activities']['recall']):>7} "
            f"{_pct(p['units']['precision']):>7} {_pct(p['units']['recall']):>7} "
            f"{_pct(p['assignments']['precision']):>7} {_pct(p['assignments']['recall']):>7} "
            f"{time:>7} {budget:>6} {_pct(p['legal_bases']['recall']):>7}"
        )
    for name, p in result["plans"].items():
        bad = [
            f"{k}: {v['extracted']!r} ≠ {v['gold']!r}"
            for k, v in p["header"]["fields"].items()
            if not v["ok"]
        ]
        for item in bad:
            lines.append(f"  {name} header {item}")
    total = result["total"]
    lines.append(
        f"header {_pct(total['header']['accuracy'])}; headings P {_pct(total['headings']['precision'])} "
        f"R {_pct(total['headings']['recall'])}; timeframe dates "
        f"{total['timeframes']['dates_ok']}/{total['timeframes']['compared']}"
    )
    lines.append(
        "targets: "
        + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in total["targets_met"].items())
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ttdn.extract.evaluate", description=__doc__)
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR)
    parser.add_argument("--out", type=Path, default=OUT_FILE)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every mismatch")
    parser.add_argument(
        "--formats",
        default="txt,docx,pdf,html",
        help="the seeds as written (txt) and converted to .docx / .pdf / .html first (default: all)",
    )
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"Không thấy thư mục / no folder: {args.seeds}", file=sys.stderr)
        return 2
    result = run(args.seeds)
    others = {}
    for fmt in [f for f in args.formats.split(",") if f and f != "txt"]:
        other = run(args.seeds, fmt=fmt)
        if not other:
            print(f"({fmt}: skipped — fpdf2 or the DejaVu font is missing)")
            continue
        others[fmt] = other
    output = dict(result, formats={fmt: r["total"] for fmt, r in others.items()})
    output["formats_detail"] = {fmt: r["plans"] for fmt, r in others.items()}
    args.out.write_text(
        json.dumps(output, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    print(report(result))
    for fmt, other in others.items():
        print(f"\n— the same seeds converted to .{fmt} first:")
        print(report(other))
    if args.verbose:
        for name, p in result["plans"].items():
            for key in ("unmatched_extracted", "unmatched_gold"):
                for item in p["activities"][key]:
                    print(f"  {name} {key}: {item[:100]}")
            for item in p["units"]["wrong"]:
                print(f"  {name} units: {item}")
            for item in p["assignments"]["wrong_unit"]:
                print(f"  {name} assignment unit: {item}")
            for item in p["timeframes"]["wrong"]:
                print(f"  {name} timeframe: {item}")
            if not p["budgets"]["ok"]:
                print(f"  {name} budgets: {p['budgets']}")
    print(f"→ {args.out}")
    return 0 if all(result["total"]["targets_met"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
