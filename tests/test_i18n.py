"""The one string catalog: every key has both languages, and every key the code
uses exists."""

import re
from pathlib import Path

import pytest

from ttdn.i18n import _BRANCH, _PLURAL, catalog, fmt_date, fmt_int, plural_category, plurals, t

ROOT = Path(__file__).resolve().parent.parent


def test_every_entry_has_vietnamese_and_english():
    for key, entry in catalog().items():
        assert entry["vi"].strip() and entry["en"].strip(), key


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in (
        list((ROOT / "app_pages").glob("*.py"))
        + list((ROOT / "ttdn").rglob("*.py"))
        + [ROOT / "app.py"]
    ):
        used |= set(
            re.findall(r"""\btr?\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""", path.read_text())
        )
    missing = sorted(k for k in used if k not in catalog())
    assert not missing, missing


def test_vietnamese_formats():
    import datetime as dt

    assert fmt_int(1234567) == "1.234.567"
    assert fmt_int(1234567, "en") == "1,234,567"
    assert fmt_date(dt.date(2020, 7, 1)) == "01/07/2020"
    assert t("nav.home", "en") == "Overview"


def test_english_counts_of_one_take_the_singular():
    assert t("search.count", "en", total=3, activity=1, duty=1, budget=1) == (
        "**3** results: 1 activity, 1 duty, 1 budget note."
    )
    assert t("search.count", "en", total=1, activity=0, duty=1, budget=0) == (
        "**1** result: 0 activities, 1 duty, 0 budget notes."
    )
    assert t("timelines.s4.no_date", "en", n=1, plans="A") == "1 plan has no issue date: A."
    assert t("timelines.s4.no_date", "en", n=2, plans="A") == "2 plans have no issue date: A."
    # Vietnamese is left as written.
    assert (
        t("timelines.s4.no_date", "vi", n=1, plans="A") == "1 kế hoạch không ghi ngày ban hành: A."
    )


@pytest.mark.parametrize(
    ("key", "values", "one", "two"),
    [
        ("data.report.valid", {"plans": 1, "activities": 1}, "Valid: 1 plan, 1 activity.",
         None),
        ("data.report.valid", {"plans": 2, "activities": 2}, None,
         "Valid: 2 plans, 2 activities."),
        ("search.count", {"total": "1", "activity": "1", "duty": "0", "budget": "1"},
         "**1** result: 1 activity, 0 duties, 1 budget note.", None),
        ("timelines.s2.option", {"quarter": "Q1", "n": 1}, "Q1 — 1 activity", None),
        ("timelines.s2.option", {"quarter": "Q1", "n": 2}, None, "Q1 — 2 activities"),
        ("tilemap.missing", {"n": 1}, "1 province has no data.", None),
        ("tilemap.missing", {"n": "1.234"}, None, "1.234 provinces have no data."),
        ("brief.sources_more", {"n": 1}, "… and 1 more plan.", None),
        ("brief.sources_more", {"n": 3}, None, "… and 3 more plans."),
        ("data.report.errors", {"count": 1}, "1 error: the file was not loaded. Correct the "
         "cells below and upload it again.", None),
        ("explore.result.summary", {"rows": 1, "seconds": "0.1", "query": "0.1"},
         "1 row · 0.1 s (query 0.1 s)", None),
        ("charts.other_n", {"n": 1}, "Other (1 theme)", None),
        ("charts.other_n", {"n": 11}, None, "Other (11 themes)"),
    ],
)  # fmt: skip
def test_plural_forms_come_from_the_catalog(key, values, one, two):
    assert t(key, "en", **values) == (one or two)


def test_plural_blocks_are_catalog_data():
    # a new counted noun is a new catalog text: no list of nouns in the code
    assert plurals("{n} {n, plural, one {village} other {villages}}", "en", {"n": 1}) == (
        "{n} village"
    )
    assert plurals("{n} {n, plural, one {village} other {villages}}", "en", {"n": 0}) == (
        "{n} villages"
    )
    # a branch may hold placeholders; Vietnamese takes 'other' (no plural)
    text = "{n, plural, one {one plan: {name}} other {{n} plans: {name}}}"
    assert plurals(text, "en", {"n": 1}).format(n=1, name="A") == "one plan: A"
    assert plurals(text, "vi", {"n": 1}).format(n=1, name="A") == "1 plans: A"
    assert plural_category(1, "en") == "one" and plural_category("1", "vi") == "other"
    assert plural_category("1.000", "en") == "other"  # 1.000 in the Vietnamese format
    with pytest.raises(ValueError, match="other"):
        plurals("{n, plural, one {plan}}", "en", {"n": 2})


def test_every_plural_block_is_well_formed():
    # every "plural," in the catalog is a block with an 'other' form, its count is a
    # placeholder of the same text, and Vietnamese texts have none (no plural)
    for key, entry in catalog().items():
        assert ", plural," not in entry["vi"], key
        en = entry["en"]
        for match in _PLURAL.finditer(en):
            forms = dict(_BRANCH.findall(match.group(2)))
            assert set(forms) <= {"one", "other"} and "other" in forms, key
            assert "{" + match.group(1) in _PLURAL.sub("", en), key
        assert ", plural," not in _PLURAL.sub("", en), key  # nothing left unparsed
