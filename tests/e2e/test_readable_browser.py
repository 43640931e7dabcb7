"""Charts and pages a reader can read (issue 11, items 5–7), in headless Chromium:

- the chart toolbar never covers the legend (desktop and phone);
- a click on a bar opens a dialog over the page with every activity's full text, wrapped;
- on a 390 × 844 phone: 3 KPI cards a row, a legend no taller than its plot, theme labels
  that leave the bars most of the width.
Screenshots go to tests/screenshots/readable_*.png."""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 1000}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(90000)
    yield page
    context.close()


def open_page(page, url: str) -> None:
    page.set_default_timeout(90000)  # a cold server on a busy machine can be slow
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60000)
    page.wait_for_timeout(500)  # let plotly lay out its legend


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found, "not drawn"
    return found


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def rows_of(boxes: list[dict]) -> list[int]:
    """How many boxes share each row (same top, ±4 px), top to bottom."""
    tops: dict[int, int] = {}
    for b in boxes:
        key = next((t for t in tops if abs(t - b["y"]) <= 4), round(b["y"]))
        tops[key] = tops.get(key, 0) + 1
    return [tops[t] for t in sorted(tops)]


# the toolbar and the legend ------------------------------------------------------------------


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_toolbar_never_covers_the_legend(page, app_url, size):
    page.set_viewport_size(size)
    open_page(page, f"{app_url}/chu-de")  # manual / automatic: a legend inside the figure
    chart = page.locator(".st-key-themes_by_theme .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    chart.hover()  # the toolbar shows on hover (always, on a phone)
    page.wait_for_timeout(300)
    toolbar = box(chart.locator(".modebar"))
    legend = box(chart.locator(".legend"))
    assert not overlap(toolbar, legend), (toolbar, legend)
    plot = box(chart.locator(".nsewdrag").first)
    assert legend["y"] >= plot["y"] + plot["height"]  # under the plot
    screenshot(page, f"readable_toolbar_{size['width']}")


# the drill-down dialog ------------------------------------------------------------------------


def dialog_items(page) -> list[tuple[str, str]]:
    """(activity id, the text of its block) for every block in the dialog."""
    page.locator('[role="dialog"] .ttdn-drill-item').first.wait_for(timeout=60000)
    wait_for_app(page)
    out = []
    for item in page.locator('[role="dialog"] .ttdn-drill-item').all():
        text = item.inner_text()
        out.append((text.split(" — ", 1)[0].strip(), text))
    return out


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_click_on_a_bar_opens_the_full_text_in_a_dialog(page, app_url, default_db, language):
    page.set_viewport_size(DESKTOP)
    open_page(page, f"{app_url}/chu-de?lang={language}")
    chart = page.locator(".st-key-themes_by_theme .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    # the longest bar: the theme with the most activities (several rows to read)
    b = max(
        (box(p) for p in chart.locator(".barlayer .point path").all()), key=lambda b: b["width"]
    )
    page.mouse.click(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
    dialog = page.locator('[role="dialog"]')
    dialog.wait_for(state="visible", timeout=60000)
    wait_for_app(page)
    page.wait_for_timeout(500)
    # where the reader looks: the dialog's top is on screen, without scrolling
    shown = box(dialog)
    assert 0 <= shown["y"] < DESKTOP["height"] / 2 and shown["width"] > 600
    items = dialog_items(page)
    assert len(items) >= 5
    count = re.search(r"^(\d+) (hoạt động|activities)$", dialog.inner_text(), re.M)
    assert count and int(count.group(1)) == len(items)
    texts: dict[str, list] = {}
    with duckdb.connect(str(default_db), read_only=True) as con:
        for a, title, description in con.execute(
            "SELECT activity_id, title, description FROM activities WHERE activity_id IN "
            f"({','.join('?' * len({a for a, _ in items}))})",
            list({a for a, _ in items}),
        ).fetchall():
            texts.setdefault(a, []).append((title, description or ""))
    assert set(texts) == {a for a, _ in items}
    longest = 0

    def flat(text: str) -> str:
        return " ".join(text.split())

    for activity, text in items:
        # the activity id repeats across plans: one of them is shown whole, never cut
        whole = [
            (title, description)
            for title, description in texts[activity]
            if flat(title) in flat(text)
            and (description == title or flat(description) in flat(text))
        ]
        assert whole, (activity, text[:200])
        longest = max(longest, *(len(d) for _, d in whole))
    assert longest > 100  # a long text, shown whole
    # wrapped: no block is wider than the dialog (nothing hidden to the right)
    widths = page.eval_on_selector_all(
        '[role="dialog"] .ttdn-drill-item', "els => els.map(e => e.scrollWidth - e.clientWidth)"
    )
    assert max(widths) <= 1, widths
    # the export of the drilled rows is in the dialog
    assert dialog.get_by_role("button", name=re.compile("Excel")).count() == 1
    screenshot(page, f"readable_drill_dialog_{language}")
    dialog.locator('button:is([aria-label="Close"], [aria-label="Đóng"])').click()
    dialog.wait_for(state="detached")
    # a second click on the bar clears the choice; a third opens the dialog again
    chart.scroll_into_view_if_needed()
    b = max(
        (box(p) for p in chart.locator(".barlayer .point path").all()), key=lambda b: b["width"]
    )
    page.mouse.click(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
    page.locator(".st-key-themes_drill_theme_rows").wait_for(state="detached", timeout=60000)
    wait_for_app(page)
    page.wait_for_timeout(800)  # plotly redraws the cleared selection
    page.mouse.click(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
    dialog.wait_for(state="visible", timeout=60000)
    assert len(dialog_items(page)) == len(items)
    # closed, a button under the chart opens it again
    dialog.locator('button:is([aria-label="Close"], [aria-label="Đóng"])').click()
    dialog.wait_for(state="detached")
    again = (
        "Đọc toàn văn các hoạt động này" if language == "vi" else "Read these activities in full"
    )
    page.get_by_role("button", name=again).click()
    dialog.wait_for(state="visible", timeout=60000)
    assert len(dialog_items(page)) == len(items)
    dialog.locator('button:is([aria-label="Close"], [aria-label="Đóng"])').click()
    dialog.wait_for(state="detached")
    # … and another rerun (a row picked in the table under the chart) does not reopen it
    hint = "Chọn một dòng trong bảng" if language == "vi" else "Select a row in the table"
    assert page.get_by_text(hint).count() == 1
    grid = page.locator(".st-key-themes_drill_theme_rows")
    grid.scroll_into_view_if_needed()
    g = box(grid)
    page.mouse.click(g["x"] + 12, g["y"] + 35 + 17)  # the first row's selection box
    page.get_by_text(hint).wait_for(state="detached", timeout=60000)  # the page reran
    wait_for_app(page)
    page.wait_for_timeout(800)
    assert page.locator('[role="dialog"]').count() == 0


# phones ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_phone_three_cards_a_row_and_a_readable_home_chart(phone, app_url, language):
    open_page(phone, f"{app_url}/?lang={language}")
    cards = [box(m) for m in phone.locator('[data-testid="stMetric"]').all()]
    assert rows_of(cards) == [3, 3]  # six cards in two rows (they took three screens)
    assert all(c["width"] < PHONE["width"] / 3 for c in cards)
    values = phone.eval_on_selector_all(
        '[data-testid="stMetricLabel"] p, [data-testid="stMetricValue"] p',
        "els => els.map(e => e.scrollWidth - e.clientWidth)",
    )
    assert max(values) <= 1  # labels and values wrap, never end in "…"
    # plans × themes as a heatmap (a bar per plan stacked by 8 themes + "khác" had "khác"
    # as its largest part): every theme a row, no legend, the plans' names side by side
    # without touching, the colour scale under the plot so the plans keep the width
    chart = phone.locator(".st-key-home_chart .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    plot = box(chart.locator(".nsewdrag").first)
    assert phone.locator(".st-key-home_chart .ttdn-legend").count() == 0
    rows = chart.locator(".yaxislayer-above .ytick text").all()
    assert len(rows) >= 10  # the default data: 18 themes with activities
    columns = sorted((box(t) for t in chart.locator(".xaxislayer-above .xtick text").all()),
                     key=lambda b: b["x"])  # fmt: skip
    assert len(columns) == 5  # the five plans of the default data
    assert all(not overlap(a, b) for a, b in zip(columns, columns[1:], strict=False))
    scale = box(chart.locator(".colorbar").first)
    assert scale["y"] >= plot["y"] + plot["height"]  # under the plot
    assert plot["width"] >= 0.5 * PHONE["width"]
    screenshot(phone, f"readable_phone_home_{language}")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_phone_theme_labels_leave_the_bars_room(phone, app_url, language):
    open_page(phone, f"{app_url}/chu-de?lang={language}")
    chart = phone.locator(".st-key-themes_by_theme .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    width = box(chart)["width"]
    labels = [box(t)["width"] for t in chart.locator(".yaxislayer-above .ytick text").all()]
    assert len(labels) >= 10
    assert max(labels) <= 0.3 * width, (max(labels), width)  # they took 60 %
    plot = box(chart.locator(".nsewdrag").first)
    legend = box(chart.locator(".legend"))
    assert legend["height"] <= plot["height"]
    screenshot(phone, f"readable_phone_themes_{language}")


def test_phone_four_cards_two_a_row(phone, app_url):
    open_page(phone, f"{app_url}/tien-do")
    cards = [box(m) for m in phone.locator('[data-testid="stMetric"]').all()]
    assert rows_of(cards) == [2, 2]
    screenshot(phone, "readable_phone_timelines")
