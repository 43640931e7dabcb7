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
