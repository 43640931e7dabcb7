"""`make eval-themes`: the automatic themes against the hand-annotated gold sets.

tests/gold/themes.csv annotates every real activity of data/plans (text read from the plan
files); tests/gold/themes_heldout.csv and themes_blind*.csv hold composed activities of other
provinces with their text (see tests/gold/README.md for how each was made and what its
figures are worth). For each set and mode the theme links are scored as (activity, theme) pairs:

- `empty`: the classifier alone, as the loader does when the theme cell is empty;
- `addition`: the themes written in the cell (manual) plus the classifier's (the loader's rule);
- `section`: `empty` plus the classifier run on the heading the activity sits under (an
  experiment: the loader uses it only if it helps).

Prints precision, recall and F1 overall and per theme, the false positives (with the rule that
fired) and the false negatives, and writes eval-themes.json. Exit 1 when the seed gold misses
the targets (precision >= 0.90, recall >= 0.80) in the empty or addition mode.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ttdn import REFERENCE_DIR
from ttdn.reference import Reference, load_reference
from ttdn.text import split_multi

ROOT = REFERENCE_DIR.parent.parent
GOLD = ROOT / "tests" / "gold" / "themes.csv"
HELDOUT = ROOT / "tests" / "gold" / "themes_heldout.csv"
BLIND = ROOT / "tests" / "gold" / "themes_blind.csv"
BLIND2 = ROOT / "tests" / "gold" / "themes_blind2.csv"
BLIND3 = ROOT / "tests" / "gold" / "themes_blind3.csv"
BLIND4 = ROOT / "tests" / "gold" / "themes_blind4.csv"
PLANS = ROOT / "data" / "plans"
OUT = ROOT / "eval-themes.json"
TARGET_PRECISION, TARGET_RECALL = 0.90, 0.80
MODES = ("empty", "addition", "section")


@dataclass(frozen=True)
class Item:
    key: str  # plan_id/activity_id
    title: str
    description: str
    section: str
    manual: tuple[str, ...]
    gold: frozenset[str]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _codes(value: str) -> list[str]:
    return [c.strip() for c in str(value).split(";") if c.strip()]


def _manual(cell: str, ref: Reference) -> tuple[str, ...]:
    codes = (ref.theme_code(part) for part in split_multi(cell))
    return tuple(dict.fromkeys(c for c in codes if c))


def load_seed_gold(ref: Reference, gold: Path = GOLD, plans: Path = PLANS) -> list[Item]:
    """The seed gold joined to the activity text in data/plans."""
    texts = pd.concat([_read(p) for p in sorted(plans.glob("*/activities.csv"))])
    by_key = {(r.plan_id, r.activity_id): r for r in texts.itertuples()}
    items = []
    for g in _read(gold).itertuples():
        a = by_key.get((g.plan_id, g.activity_id))
        if a is None:
            raise SystemExit(f"{gold}: {g.plan_id} {g.activity_id} is not in {plans}")
        items.append(
            Item(
                f"{g.plan_id}/{g.activity_id}",
                a.title,
                a.description,
                a.section,
                _manual(a.themes, ref),
                frozenset(_codes(g.theme_codes)),
            )
        )
    return items


def load_heldout(ref: Reference, path: Path = HELDOUT) -> list[Item]:
    return [
        Item(
            f"{r.plan_id}/{r.activity_id}",
            r.title,
            r.description,
            r.section,
            _manual(r.themes, ref),
            frozenset(_codes(r.theme_codes)),
        )
        for r in _read(path).itertuples()
    ]


def heading_title(section: str) -> str:
    """'II.4.2 Quảng bá hình ảnh tỉnh' → 'Quảng bá hình ảnh tỉnh'."""
    return re.sub(r"^\s*[\w.\-–]*\d[\w.\-–]*\.?\s*", "", str(section or "")).strip()


def predict(item: Item, ref: Reference, mode: str) -> set[str]:
    auto = set(ref.classify_themes(item.title, item.description))
    if mode == "addition":
        return auto | set(item.manual)
    if mode == "section":
        return auto | set(ref.classify_themes(heading_title(item.section)))
    return auto


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def score(items: list[Item], ref: Reference, mode: str) -> dict:
    themes = ref.themes.theme_code.tolist()
    counts = {t: [0, 0, 0] for t in themes}
    false_pos, false_neg = [], []
    for item in items:
        predicted = predict(item, ref, mode)
        fired = {}
        for code, rule, field, words in ref.explain_themes(item.title, item.description):
            fired.setdefault(code, f"{rule} ({field}: '{words}')")
        for code in predicted | item.gold:
            hit = code in predicted, code in item.gold
            counts[code][0 if all(hit) else 1 if hit[0] else 2] += 1
            if hit == (True, False):
                why = "written in the cell" if code in item.manual else fired.get(code, "section")
                false_pos.append({"activity": item.key, "theme": code, "why": why})
            elif hit == (False, True):
                false_neg.append({"activity": item.key, "theme": code, "title": item.title})
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {
        "mode": mode,
        "activities": len(items),
        "overall": _prf(*total),
        "per_theme": {t: _prf(*c) for t, c in counts.items() if any(c)},
        "false_positives": false_pos,
        "false_negatives": false_neg,
    }


def _print(name: str, result: dict, detail: bool) -> None:
    o = result["overall"]
    print(
        f"{name:8} {result['mode']:9} n={result['activities']:3}  P={o['precision']:.3f} "
        f"R={o['recall']:.3f} F1={o['f1']:.3f}  (tp {o['tp']}, fp {o['fp']}, fn {o['fn']})"
    )
    if not detail:
        return
    print("  per theme:            P      R     F1   tp  fp  fn")
    for theme, m in result["per_theme"].items():
        print(
            f"    {theme:14} {m['precision']:6.2f} {m['recall']:6.2f} {m['f1']:6.2f} "
            f"{m['tp']:4} {m['fp']:3} {m['fn']:3}"
        )
    for fp in result["false_positives"]:
        print(f"  FP {fp['activity']:24} {fp['theme']:11} by {fp['why']}")
    for fn in result["false_negatives"]:
        print(f"  FN {fn['activity']:24} {fn['theme']:11} {fn['title'][:70]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ttdn.eval.themes", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--out", type=Path, default=OUT, help="JSON report (default eval-themes.json)"
    )
    parser.add_argument("--quiet", action="store_true", help="overall figures only")
    args = parser.parse_args(argv)
    ref = load_reference()
    sets = {
        "seed": load_seed_gold(ref),
        "heldout": load_heldout(ref, HELDOUT),
        "blind": load_heldout(ref, BLIND),
        "blind2": load_heldout(ref, BLIND2),
        "blind3": load_heldout(ref, BLIND3),
        "blind4": load_heldout(ref, BLIND4),
    }
    report = {"targets": {"precision": TARGET_PRECISION, "recall": TARGET_RECALL}, "sets": {}}
    for name, items in sets.items():
        report["sets"][name] = {}
        for mode in MODES:
            result = score(items, ref, mode)
            report["sets"][name][mode] = result
            _print(name, result, detail=not args.quiet and mode != "section")
            print()
    met = all(
        report["sets"]["seed"][m]["overall"]["precision"] >= TARGET_PRECISION
        and report["sets"]["seed"][m]["overall"]["recall"] >= TARGET_RECALL
        for m in ("empty", "addition")
    )
    report["targets_met"] = met
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print("summary:")
    for name in sets:
        for mode in MODES:
            _print(name, report["sets"][name][mode], detail=False)
    print(
        f"targets (P >= {TARGET_PRECISION}, R >= {TARGET_RECALL}) on the seed gold: {'met' if met else 'NOT met'}"
    )
    print(f"written {args.out}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
