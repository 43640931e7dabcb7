"""The chart toolbar speaks the UI's language: plotly.js gets its Vietnamese locale from the
app (nothing fetched), and English stays English."""

import pytest

from tests.e2e.conftest import wait_for_app
from ttdn.ui.charts import _locale_vi

pytestmark = pytest.mark.browser


def _titles(page) -> set[str]:
    page.wait_for_selector('[data-testid="stPlotlyChart"] .modebar-btn', state="attached")
    return set(
        page.eval_on_selector_all(
            '[data-testid="stPlotlyChart"] .modebar-btn',
            "els => els.filter(e => getComputedStyle(e).display !== 'none')"
            ".map(e => e.dataset.title)",
        )
    )


def test_toolbar_tooltips_in_vietnamese_and_english(page, app_url):
    page.goto(f"{app_url}/chu-de")
    wait_for_app(page)
    vi = _titles(page)
    assert "Tải biểu đồ (ảnh PNG)" in vi and "Đặt lại trục" in vi
    assert not {"Download plot as a PNG", "Reset axes", "Zoom in", "Zoom"} & vi, vi
    assert vi <= set(_locale_vi()["dictionary"].values()), vi  # no English left
    page.goto(f"{app_url}/chu-de?lang=en")
    wait_for_app(page)
    en = _titles(page)
    assert "Download plot as a PNG" in en and "Reset axes" in en
