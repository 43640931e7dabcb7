"""The province tile map in headless Chromium with every request outside localhost
blocked: it draws, a click on the Hà Tĩnh tile sets the province filter (URL and KPIs),
and no request fails."""

from urllib.parse import parse_qs, urlparse

import docx
import duckdb
import pytest

from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

LOCAL = ("127.0.0.1", "localhost", "[::1]", "::1")


def metrics(page) -> dict[str, str]:
    values = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        values[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return values


def tile_center(page, text: str) -> tuple[float, float]:
    """The screen centre of the tile whose label reads `text` (its lines joined)."""
    box = page.evaluate(
        """(wanted) => {
            for (const node of document.querySelectorAll('.js-plotly-plot .textpoint text')) {
                if (node.textContent.replace(/\\s+/g, '') === wanted) {
                    node.scrollIntoView({block: 'center'});
                    const r = node.getBoundingClientRect();
                    return {x: r.x + r.width / 2, y: r.y + r.height / 2};
                }
            }
            return null;
        }""",
        text.replace(" ", ""),
    )
    assert box, f"no tile labelled {text}"
    return box["x"], box["y"]


def test_tile_click_filters_offline(page, app_url, default_db):
    blocked, failed = [], []

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("requestfailed", lambda request: failed.append(request.url))

    page.goto(app_url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .textpoint text")
    tiles = page.locator(".js-plotly-plot .scatterlayer .point").count()
    assert tiles == 34
    with duckdb.connect(str(default_db), read_only=True) as con:
        plans, ht_plans, ht_activities = con.execute(
            "SELECT (SELECT count(*) FROM plans),"
            " (SELECT count(*) FROM plans WHERE province_2025 = 'Hà Tĩnh'),"
            " (SELECT count(*) FROM activities JOIN plans USING (plan_id)"
            "  WHERE province_2025 = 'Hà Tĩnh')"
        ).fetchone()
    assert metrics(page)["Kế hoạch"] == str(plans)

    x, y = tile_center(page, "Hà Tĩnh")  # (scrolls the map into view)
    screenshot(page, "tilemap-home")
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_function("new URLSearchParams(location.search).get('tinh') === 'Hà Tĩnh'")
    wait_for_app(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["tinh"] == ["Hà Tĩnh"]
    assert query["tinh2025"] == ["1"]
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
        f".some(n => n.innerText.trim() === '{ht_activities}')"
    )
    shown = metrics(page)
    assert shown["Kế hoạch"] == str(ht_plans) == "1"
    assert shown["Hoạt động"] == f"{ht_activities:,}".replace(",", ".")
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "tilemap-ha-tinh")
    assert blocked == [], blocked
    assert failed == [], failed


def test_brief_downloads_from_the_home_page(page, app_url, tmp_path):
    page.goto(app_url + "/?tinh=H%C3%A0+T%C4%A9nh&nam=2020")
    wait_for_app(page)
    button = page.get_by_role("button", name="Tải báo cáo tóm tắt (.docx)")
    with page.expect_download(timeout=60000) as info:
        button.click()
    target = tmp_path / "brief.docx"
    info.value.save_as(target)
    assert info.value.suggested_filename == "bao-cao-tom-tat.docx"
    document = docx.Document(str(target))
    assert len(document.inline_shapes) >= 3
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tỉnh Hà Tĩnh, năm 2020" in text
