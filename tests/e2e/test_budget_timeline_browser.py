"""The Budgets (Kinh phí) and Timelines (Tiến độ) pages in headless Chromium: every tab
draws without an exception box, a click on a bar narrows the activity list, a copied URL
restores the filters; screenshots on the default data and on synthetic national-scale
data (with its banner)."""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.e2e.conftest import screenshot, start_app, wait_for_app

pytestmark = pytest.mark.browser

TABS = {
    "kinh-phi": [
        "Không nêu nguồn / “nếu có”",
        "Nguồn kinh phí",
        "Số tiền theo tỉnh và năm",
        "Từng kế hoạch",
    ],
    "tien-do": [
        "Đã biết gì về thời gian",  # first when most activities have no dates (the seed plans)
        "Theo quý, tháng",
        "Đến hạn trong quý",
        "Từng kế hoạch",
        "Ngày ban hành",
        "Không có ngày",
    ],
}
CHARTED = {  # tabs with a chart
    "kinh-phi": {"Nguồn kinh phí", "Không nêu nguồn / “nếu có”", "Số tiền theo tỉnh và năm"},
    "tien-do": {"Đã biết gì về thời gian", "Theo quý, tháng", "Từng kế hoạch", "Ngày ban hành"},
}
EMPTY_ON_DEFAULT = {"Số tiền theo tỉnh và năm"}  # the seed plans state no amount
TALL = {"width": 1400, "height": 2600}


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory):
    """The app on synthetic data: 34 provinces × 10 years × 30 activities."""
    from ttdn.demo import build_demo

    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(db, provinces=34, years=list(range(2016, 2026)), per_plan=30, seed=7)
    proc, url = start_app(db)
    yield url
    proc.terminate()
    proc.wait(10)


def open_page(page, url: str) -> None:
    page.set_default_timeout(90000)  # a cold server on a busy machine can be slow
    page.goto(url)
    wait_for_app(page)
    close = page.locator('[role="dialog"] button:is([aria-label="Close"], [aria-label="Đóng"])')
    if close.count():
        close.first.click()
        page.wait_for_timeout(200)


def open_tab(page, label: str) -> None:
    page.get_by_role("tab", name=label).click()
    page.wait_for_timeout(300)
    wait_for_app(page)


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def charts_drawn(page) -> int:
    return page.locator('[role="tabpanel"] .js-plotly-plot .main-svg').count()


def metric(page, label: str) -> str:
    """The value of the card labelled exactly `label` ("Plans", not "Budget written in the
    plans")."""
    for box in page.locator('[data-testid="stMetric"]').all():
        if box.locator('[data-testid="stMetricLabel"]').inner_text().strip() == label:
            return box.locator('[data-testid="stMetricValue"]').inner_text().strip()
    raise AssertionError(f"no card {label!r}")


def drill_count(page) -> int:
    for caption in page.locator('[data-testid="stCaptionContainer"]').all():
        found = re.fullmatch(r"(\d[\d.]*) hoạt động", caption.inner_text().strip())
        if found:
            return int(found.group(1).replace(".", ""))
    return -1


def click_first_bar(page, chart_key: str) -> None:
    bar = page.locator(f".st-key-{chart_key} .js-plotly-plot .barlayer .point path").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box and box["width"] > 2 and box["height"] > 2, "the chart has no visible bar"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] - 3)
    wait_for_app(page)


@pytest.mark.parametrize("path", list(TABS))
def test_every_tab_draws(page, app_url, path):
    page.set_viewport_size(TALL)
    open_page(page, f"{app_url}/{path}")
    for i, label in enumerate(TABS[path]):
        open_tab(page, label)  # the first tab depends on the data (money, dates)
        no_exception(page)
        if label in CHARTED[path] and label not in EMPTY_ON_DEFAULT:
            page.wait_for_selector('[role="tabpanel"] .js-plotly-plot .main-svg')
            assert charts_drawn(page) >= 1, label
        screenshot(page, f"{path}_{i + 1}")


@pytest.mark.parametrize("path", list(TABS))
def test_every_tab_on_national_scale_data(page, demo_url, path):
    page.set_viewport_size(TALL)
    open_page(page, f"{demo_url}/{path}")
    assert page.get_by_text("Dữ liệu tổng hợp").first.is_visible()  # the synthetic banner
    for i, label in enumerate(TABS[path]):
        open_tab(page, label)  # the first tab depends on the data (money, dates)
        no_exception(page)
        if label in CHARTED[path]:
            page.wait_for_selector('[role="tabpanel"] .js-plotly-plot .main-svg')
            assert charts_drawn(page) >= 1, label
        screenshot(page, f"{path}_{i + 1}_national")


def test_click_on_a_quarter_narrows_the_activity_list(page, app_url, default_db):
    page.set_viewport_size({"width": 1400, "height": 1600})
    open_page(page, f"{app_url}/tien-do")
    open_tab(page, "Theo quý, tháng")  # the seed plans open on what is known of the dates
    page.wait_for_selector(".st-key-timelines_by_quarter .js-plotly-plot .main-svg")
    assert page.locator(".st-key-timelines_drill_quarter_rows").count() == 0
    click_first_bar(page, "timelines_by_quarter")
    page.wait_for_selector(".st-key-timelines_drill_quarter_rows", timeout=30000)
    no_exception(page)
    with duckdb.connect(str(default_db), read_only=True) as con:
        first = con.execute(
            "SELECT count(*) FROM activities WHERE NOT recurring AND end_date IS NOT NULL "
            "GROUP BY date_trunc('quarter', end_date) ORDER BY date_trunc('quarter', end_date) "
            "LIMIT 1"
        ).fetchone()[0]
        total = con.execute("SELECT count(*) FROM activities").fetchone()[0]
    assert drill_count(page) == first < total
    page.wait_for_timeout(800)  # let the table paint before the screenshot
    screenshot(page, "tien-do_drill_click")


def test_click_on_a_source_shows_the_plans_activities(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 1600})
    open_page(page, f"{app_url}/kinh-phi")
    open_tab(page, "Nguồn kinh phí")
    page.wait_for_selector(".st-key-budgets_by_source .js-plotly-plot .main-svg")
    click_first_bar(page, "budgets_by_source")
    page.wait_for_selector(".st-key-budgets_drill_source_rows", timeout=30000)
    no_exception(page)
    assert drill_count(page) > 0
    page.wait_for_timeout(800)
    screenshot(page, "kinh-phi_drill_click")


def test_url_restores_the_filters(page, app_url, default_db):
    page.set_viewport_size({"width": 1400, "height": 1400})
    open_page(page, f"{app_url}/tien-do?nam=2024")
    tags = page.locator(".st-key-flt_years .react-aria-ComboBox [data-tag]")
    assert [tag.get_attribute("aria-label") for tag in tags.all()] == ["2024"]
    with duckdb.connect(str(default_db), read_only=True) as con:
        expected = con.execute(
            "SELECT count(*) FROM activities JOIN plans USING (plan_id) WHERE year = 2024"
        ).fetchone()[0]
    assert metric(page, "Hoạt động") == f"{expected:,}".replace(",", ".")
    open_page(page, f"{app_url}/kinh-phi?nam=2024&lang=en")
    assert page.locator("h1").first.inner_text().strip() == "Budgets of the plans"
    with duckdb.connect(str(default_db), read_only=True) as con:
        plans = con.execute("SELECT count(*) FROM plans WHERE year = 2024").fetchone()[0]
    assert metric(page, "Plans") == str(plans)
    no_exception(page)
    screenshot(page, "kinh-phi_en_2024")


def test_click_on_an_amount_opens_its_activities(page, demo_url):
    """National data has amounts: Kinh phí opens on them (a province × year heatmap), and a
    click on a cell opens that province and year's activities in a dialog."""
    page.set_viewport_size({"width": 1400, "height": 1400})
    open_page(page, f"{demo_url}/kinh-phi")
    assert page.get_by_role("tab", selected=True).inner_text().strip() == "Số tiền theo tỉnh và năm"
    money = metric(page, "Kinh phí ghi trong kế hoạch")
    assert re.fullmatch(r"[\d.,]+ (triệu|tỷ|nghìn tỷ) đồng", money), money
    cell = page.locator(".st-key-budgets_amounts_plan .js-plotly-plot .scatterlayer .point").first
    cell.scroll_into_view_if_needed()
    b = cell.bounding_box()
    page.mouse.click(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
    dialog = page.locator('[role="dialog"]')
    dialog.wait_for(state="visible", timeout=60000)
    wait_for_app(page)
    picked = re.search(r"Theo lựa chọn trên biểu đồ: (.+) · (\d{4})", dialog.inner_text())
    assert picked, dialog.inner_text()[:300]
    items = dialog.locator(".ttdn-drill-item")
    assert items.count() > 0
    assert picked.group(2) in items.first.inner_text()  # the plan of that year
    no_exception(page)
    screenshot(page, "kinh-phi_amount_click")
