"""The So sánh page in headless Chromium: Hà Tĩnh 2020 and Đắk Lắk 2024 side by side."""

from urllib.parse import quote

import pytest

from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_ha_tinh_2020_beside_dak_lak_2024(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{app_url}/so-sanh?ss=kehoach&ss_kh={quote('HT-2020,DL-2024-143')}")
    wait_for_app(page)
    heatmap = page.locator('[data-testid="stPlotlyChart"]').first
    heatmap.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    columns = " ".join(heatmap.locator(".xtick text").all_text_contents())
    assert "Hà Tĩnh 2020" in columns and "Đắk Lắk 2024" in columns
    assert "Trung vị các tỉnh" in columns  # the reference column
    labels = [
        m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        for m in page.locator('[data-testid="stMetric"]').all()
    ]
    assert labels == ["Hà Tĩnh 2020 (HT-2020)", "Đắk Lắk 2024 (143/KH-UBND)"]
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "compare")
