"""The home page in headless Chromium: KPI numbers as a user reads them."""

import duckdb
import pytest

from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_home_shows_the_five_plans(page, app_url, default_db):
    page.goto(app_url)
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg')
    values = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        values[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    with duckdb.connect(str(default_db), read_only=True) as con:
        plans, activities = con.execute(
            "SELECT (SELECT count(*) FROM plans), (SELECT count(*) FROM activities)"
        ).fetchone()
    assert values["Kế hoạch"] == str(plans) == "5"
    assert values["Hoạt động"] == f"{activities:,}".replace(",", ".") == "79"  # no headings
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "home")
