"""Tổng quan is for leaders: the list of sources (a staff tool, a 340-row grid at national
scale that cost the browser a quarter of its work before the first chart) is on the Dữ liệu
page; the home page keeps one line linking there, in both languages and under a link's
filters."""

import pytest

from tests.fixtures import open_app_page
from ttdn.i18n import t


@pytest.mark.parametrize(
    ("language", "query"),
    [("vi", {}), ("en", {}), ("vi", {"nam": "2021"}), ("en", {"tinh": "Hà Tĩnh"})],
)
def test_home_links_to_the_sources_instead_of_drawing_them(
    monkeypatch, fixture_db, language, query
):
    at = open_app_page(monkeypatch, fixture_db, "app_pages/home.py", {"lang": language, **query})
    assert not at.exception
    assert at.get("plotly_chart")  # the page drew (not stopped on "no match")
    assert t("data.sources.title", language) not in [s.value for s in at.subheader]
    grids = [d.value for d in at.dataframe]
    assert not any(t("col.source_file", language) in g.columns for g in grids)
    links = [p.proto for p in at.get("page_link")]
    sources = [p for p in links if p.label == t("home.sources.link", language)]
    assert len(sources) == 1
    assert sources[0].page.endswith("data.py") or "du-lieu" in sources[0].page
    # the last element of the page: under the map, not between the chart and the map
    assert links[-1] == sources[0]
