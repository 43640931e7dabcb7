"""ttdn.ui.pacing: a page just opened sends its first chart, pauses once, then the rest;
a rerun of the same page does not pause; Tổng quan's head (cards, brief, highlights) is
drawn above its chart but sent after it."""

from types import SimpleNamespace

import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from ttdn import ROOT
from ttdn.ui import pacing, phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, 300), ("", 300), ("250", 250), ("0", 0), ("-5", 0), ("abc", 300), (" 120 ", 120)],
)
def test_the_pause_is_read_from_the_environment(monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv(pacing.PAUSE_ENV, raising=False)
    else:
        monkeypatch.setenv(pacing.PAUSE_ENV, raw)
    assert pacing.pause_ms() == expected


@pytest.fixture
def events(monkeypatch, default_db):
    """What the app did, in order: "chart" (st.plotly_chart), "pause" (with its seconds),
    "metric" (a card), "multiselect" (a filter of the bar)."""
    seen: list = []
    monkeypatch.setenv("TTDN_DB", str(default_db))
    monkeypatch.setenv(pacing.PAUSE_ENV, "250")
    fake_time = SimpleNamespace(sleep=lambda seconds: seen.append(("pause", seconds)))
    monkeypatch.setattr(pacing, "time", fake_time)  # the module's, not the global time.sleep

    def record(name, method):
        def wrapped(self, *args, **kwargs):
            seen.append((name, None))
            return method(self, *args, **kwargs)

        monkeypatch.setattr(DeltaGenerator, name, wrapped)

    for name in ("plotly_chart", "metric", "multiselect"):
        record(name, getattr(DeltaGenerator, name))
    import streamlit as st

    # st.plotly_chart and st.multiselect are methods bound when streamlit was imported
    for name in ("plotly_chart", "multiselect"):
        monkeypatch.setattr(st, name, getattr(st._main, name))
    return seen


def names(seen, start=0):
    return [name for name, _ in seen[start:]]


def test_home_sends_its_chart_then_pauses_then_the_cards_and_the_bar(events):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    order = names(events)
    assert order.count("pause") == 1
    assert ("pause", 0.25) in events
    first_chart, pause = order.index("plotly_chart"), order.index("pause")
    assert first_chart < pause  # the chart first
    assert "metric" not in order[:pause] and order.count("metric") == 6  # the cards after it
    assert "multiselect" not in order[:pause] and "multiselect" in order[pause:]
    # the cards are still shown above the chart: in the head, the page's first block
    assert len(at.metric) == 6


def test_a_rerun_of_the_same_page_does_not_pause_and_another_page_does(events):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert names(events).count("pause") == 1
    at.run()  # a filter, a click, the language switch: the same page again
    assert names(events).count("pause") == 1
    at.switch_page("app_pages/themes.py").run()  # the reader opens another page
    assert not at.exception
    assert names(events).count("pause") == 2
    at.run()
    assert names(events).count("pause") == 2


def test_no_pause_when_turned_off_or_without_a_chart(events, monkeypatch):
    monkeypatch.setenv(pacing.PAUSE_ENV, "0")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert "pause" not in names(events)
    monkeypatch.setenv(pacing.PAUSE_ENV, "250")
    at.switch_page("app_pages/search.py").run()  # a page without a chart
    assert not at.exception
    assert "pause" not in names(events)


def test_the_heads_place_is_kept_at_every_width():
    css = phone.CSS
    key = f".st-key-{phone.HOME_HEAD_KEY}"
    assert f"{key} {{ min-height: {phone.HEAD_MIN_PX}px; }}" in css
    narrow = css[css.index("@media") :]
    assert f"{key} {{ min-height: {phone.HEAD_MIN_NARROW_PX}px; }}" in narrow
    assert phone.HEAD_MIN_PX < phone.HEAD_MIN_NARROW_PX


def open_compare(query: dict):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception
    return at


def test_compare_sends_its_chart_before_its_controls_and_cards(events):
    record = events
    at = open_compare({"ss_tinh": "Hà Tĩnh,Đắk Lắk"})
    order = names(record)
    start = max(i for i, name in enumerate(order) if name == "pause") - 1  # this page's run
    page = order[start:]
    assert page.index("plotly_chart") < page.index("pause") < page.index("multiselect")
    assert page.index("pause") < page.index("metric")
    # the controls and the cards are still there, with the link's choice
    assert at.multiselect(key="cmp_provinces").value == ["Hà Tĩnh", "Đắk Lắk"]
    assert len(at.metric) == 2


def test_compare_with_too_few_provinces_still_draws_its_controls(events):
    at = open_compare({})
    assert at.multiselect(key="cmp_provinces").value == []
    assert at.segmented_control(key="cmp_mode").value == "province"
    assert len(at.info) >= 1  # "choose two or more"
