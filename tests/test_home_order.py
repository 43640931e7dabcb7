"""Tổng quan sends its first chart before the filter widgets, the KPI cards, the brief's
button and the highlights, which are still shown where they were (issue 11, speed: the browser draws the chart
while the rest arrives)."""

from streamlit.delta_generator import DeltaGenerator

from tests.test_page_home import metrics, run_app
from ttdn.i18n import t


def test_chart_is_sent_first_and_shown_below_the_cards(monkeypatch, fixture_db):
    sent: list[str] = []
    enqueue = DeltaGenerator._enqueue

    def record(self, delta_type, *args, **kwargs):
        sent.append(delta_type)
        return enqueue(self, delta_type, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "_enqueue", record)
    at = run_app(monkeypatch, fixture_db)
    assert not at.exception
    chart = sent.index("plotly_chart")
    # sent: the chart before any card, the brief's button and the highlights' links
    assert sent.count("metric") == 6 and chart < sent.index("metric")
    assert chart < sent.index("download_button")
    assert chart < sent.index("page_link")
    assert chart < sent.index("multiselect")
    # shown: title, cards, brief, highlights, then the chart, as before
    order = [
        (node.type, getattr(node, "label", None) or getattr(node, "value", None))
        for node in at.main
        if node.type in ("title", "metric", "download_button", "subheader", "plotly_chart")
    ]
    kinds = [kind for kind, _ in order]
    assert kinds[0] == "title"
    assert kinds[1:7] == ["metric"] * 6
    assert order[7][0] == "download_button"  # the leaders' brief
    assert order[8] == ("subheader", t("highlights.title"))
    assert kinds.index("plotly_chart") > kinds.index("subheader")
    assert order[kinds.index("plotly_chart") - 1] == ("subheader", t("home.chart.title"))
    assert metrics(at)[t("home.kpi.plans")]  # the cards have their values
    assert at.get("page_link")  # the highlights link to their pages
    # the filter bar is in the sidebar, under the language switch, with its five lists
    sidebar = [node.type for node in at.sidebar]
    assert sidebar.index("button_group") < sidebar.index("multiselect")
    keys = [m.key for m in at.sidebar.multiselect]
    assert keys == ["flt_years", "flt_provinces", "flt_levels", "flt_themes", "flt_units"]
    assert at.sidebar.toggle(key="flt_p2025") is not None


def test_filters_still_filter_when_drawn_after_the_chart(monkeypatch, fixture_db):
    """A year chosen in the bar reaches the cards and the chart of the same rerun."""
    at = run_app(monkeypatch, fixture_db)
    plans = int(metrics(at)[t("home.kpi.plans")])
    year = at.multiselect(key="flt_years").options[0]
    at.multiselect(key="flt_years").select(year).run()
    assert not at.exception
    assert at.query_params["nam"] == str(year)
    assert int(metrics(at)[t("home.kpi.plans")]) < plans


def test_no_match_keeps_the_filter_bar(monkeypatch, fixture_db):
    """A link that matches no plan stops the page early: the bar is still there to clear it."""
    at = run_app(monkeypatch, fixture_db, {"nam": "2020", "tinh": "Thái Bình"})  # 2021 only
    assert not at.exception
    assert t("home.no_match") in [i.value for i in at.info]
    assert at.multiselect(key="flt_years") is not None
    assert at.button(key="flt_clear") is not None
