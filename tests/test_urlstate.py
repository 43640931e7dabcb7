"""The open tab, segmented controls and switches live in the link by language-independent
keys: a link reproduces the view, switching language keeps it, and links written with a
tab's translated label (before keys) still open that tab."""

import json

import pytest

from tests.fixtures import open_app_page as open_page
from ttdn.i18n import t
from ttdn.ui.urlstate import parse, tab_labels


def url(at, key: str):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def subheaders(at) -> list[str]:
    return [s.value for s in at.subheader]


def english(at):
    at.session_state["lang"] = "en"
    return at.run()


def test_parse_reads_keys_and_old_labels_in_both_languages():
    keys = ("theme", "where", "years")
    names = tab_labels(keys, "themes")
    assert parse("years", keys, names) == "years"
    assert parse("YEARS", keys, names) == "years"
    assert parse(t("themes.tab.years", "vi"), keys, names) == "years"
    assert parse(t("themes.tab.years", "en"), keys, names) == "years"
    assert parse("Theo nam", keys, names) == parse(t("themes.tab.years", "vi"), keys, names)
    assert parse("khong-co", keys, names) is None
    assert parse(None, keys, names) is None


@pytest.mark.parametrize("written", ["years", t("themes.tab.years", "vi")])
def test_a_tab_link_survives_the_language_switch(monkeypatch, fixture_db, written):
    at = open_page(monkeypatch, fixture_db, "app_pages/themes.py", {"chude_xem": written})
    assert not at.exception
    assert t("themes.s3.title", "vi") in subheaders(at)
    assert url(at, "chude_xem") == "years"  # an old translated link is rewritten as the key
    at = english(at)
    assert not at.exception
    assert t("themes.s3.title", "en") in subheaders(at)
    assert url(at, "chude_xem") == "years"


def test_a_clicked_tab_is_kept_across_languages(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, "app_pages/units.py", {})
    at.session_state["donvi_xem"] = t("units.tab.duties", "vi")  # a click on the tab
    at.run()
    assert url(at, "donvi_xem") == "duties"
    shown_vi = subheaders(at)
    at = english(at)
    assert not at.exception
    assert url(at, "donvi_xem") == "duties"
    assert len(subheaders(at)) == len(shown_vi)
    assert subheaders(at) != shown_vi  # the same section, now in English
    assert t("units.tab.duties", "en") == at.session_state["donvi_xem"]


def test_segmented_control_and_switch_in_the_link(monkeypatch, fixture_db):
    query = {"chude_xem": "years", "chude_do": "share", "chude_thucong": "1"}
    at = open_page(monkeypatch, fixture_db, "app_pages/themes.py", query)
    assert not at.exception
    assert at.segmented_control(key="themes_year_metric").value == "share"
    assert at.toggle(key="themes_manual_only").value is True
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][1]["type"] == "heatmap"  # the share view
    at = english(at)
    assert at.segmented_control(key="themes_year_metric").value == "share"
    assert at.toggle(key="themes_manual_only").value is True
    assert (url(at, "chude_do"), url(at, "chude_thucong")) == ("share", "1")


def test_defaults_leave_the_link(monkeypatch, fixture_db):
    query = {"chude_xem": "years", "chude_do": "share", "chude_thucong": "1"}
    at = open_page(monkeypatch, fixture_db, "app_pages/themes.py", query)
    at.segmented_control(key="themes_year_metric").set_value("activities")
    at.toggle(key="themes_manual_only").set_value(False)
    at.run()
    assert not at.exception
    assert url(at, "chude_do") is None and url(at, "chude_thucong") is None
    assert url(at, "chude_xem") == "years"


def test_a_clicked_segment_goes_into_the_link(monkeypatch, fixture_db):
    at = open_page(monkeypatch, fixture_db, "app_pages/timelines.py", {})
    at.segmented_control(key="timelines_grain").set_value("month").run()
    assert not at.exception
    assert url(at, "tiendo_ky") == "month"
    at = english(at)
    assert at.segmented_control(key="timelines_grain").value == "month"
