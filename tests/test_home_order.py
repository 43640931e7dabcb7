"""Tổng quan sends its first chart before the KPI cards, the brief's button and the
highlights, which are still shown above it (issue 11, speed: the browser draws the chart
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
