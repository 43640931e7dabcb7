"""The one string catalog: every key has both languages, and every key the code
uses exists."""

import re
from pathlib import Path

from ttdn.i18n import catalog, fmt_date, fmt_int, t

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
