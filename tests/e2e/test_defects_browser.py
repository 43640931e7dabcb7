"""Defects seen in last session's screenshots (issue 11), checked in headless Chromium:

- wide tables fit a 1366 px desktop (no column hidden past the right edge), and on a 390 px
  phone a table wider than the screen says it scrolls sideways;
- the file uploader on the Vietnamese Data page has no English word left;
- on a phone, a KPI card's label does not run into its ⓘ help icon;
- on a phone, heatmap column labels do not overlap.
Screenshots go to tests/screenshots/defects_*.png."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.e2e.conftest import screenshot, wait_for_app
from tests.e2e.test_data_browser import data_app, sign_in  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
WAIT = 90_000  # ms: a cold server on a busy machine is slow, never wrong
# (page, tab to open): the three tables seen cut at the right edge
WIDE = [
    ("du-lieu?lang=vi", None),  # Dữ liệu: Nguồn dữ liệu (on Tổng quan before)
    (f"so-sanh?lang=vi&ss_tinh={quote('Hà Tĩnh,Đắk Lắk')}", "Khác biệt"),
    ("doi-chieu?lang=vi", None),
    ("tien-do?lang=vi", "Ngày ban hành"),  # 9 number columns with long headers
    ("tien-do?lang=vi", "Đến hạn trong quý"),
]
GRIDS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .filter(e => e.offsetParent !== null)
  .map(e => { const s = e.querySelector('.dvn-scroller');
              return [s.scrollWidth, s.clientWidth]; })"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    yield page
    context.close()


def open_view(page, url: str, tab: str | None = None) -> None:
    page.set_default_timeout(WAIT)
    page.goto(url)
    wait_for_app(page)
    if tab:
        page.get_by_role("tab", name=tab).click()
        wait_for_app(page)
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    page.wait_for_timeout(500)  # the grid lays out its columns


@pytest.mark.parametrize(
    ("path", "tab"),
    WIDE,
    ids=["data-sources", "compare-diff", "compliance", "timelines-issued", "timelines-due"],
)
def test_wide_tables_fit_a_desktop(page, app_url, path, tab):
    page.set_viewport_size(DESKTOP)
    open_view(page, f"{app_url}/{path}", tab)
    grids = page.evaluate(GRIDS)
    assert grids
    for scroll_width, client_width in grids:
        assert scroll_width <= client_width + 1, grids  # every column in view
    assert page.locator(".ttdn-swipe").first.is_hidden()  # no "swipe" line on a desktop
    screenshot(page, f"defects_table_{path.split('?')[0] or 'home'}_{tab or ''}")


def test_a_table_wider_than_a_phone_says_it_scrolls(phone, app_url):
    open_view(phone, f"{app_url}/du-lieu?lang=vi")  # Nguồn dữ liệu
    scroll_width, client_width = phone.evaluate(GRIDS)[0]
    assert scroll_width > client_width  # 8 columns do not fit 356 px
    hint = phone.locator(".ttdn-swipe").first
    hint.scroll_into_view_if_needed()
    assert hint.is_visible()
    assert "vuốt ngang" in hint.inner_text()
    grid = phone.locator('[data-testid="stDataFrame"]').first.bounding_box()
    line = hint.bounding_box()
    assert 0 <= line["y"] - (grid["y"] + grid["height"]) < 30  # right under its table


ENGLISH = ("per file", "Drag", "drop", "Browse", "Upload", "files", "Limit")


def test_the_uploader_has_no_english_in_vietnamese(page, data_app):  # noqa: F811
    url, _ = data_app
    page.set_default_timeout(WAIT)
    sign_in(page, url)
    box = page.locator('[data-testid="stFileUploader"]').first
    box.wait_for()
    page.wait_for_timeout(300)
    words = box.locator('[data-testid="stFileUploaderDropzone"]').inner_text()
    labels = box.evaluate(
        "e => [...e.querySelectorAll('[aria-label],[title]')]"
        ".map(x => (x.getAttribute('aria-label') || '') + ' ' + (x.getAttribute('title') || ''))"
    )
    assert "Tối đa 50MB mỗi tệp" in words and "Tải lên" in words
    text = words + " " + " ".join(labels)
    assert [w for w in ENGLISH if w in text] == [], text
    screenshot(page, "defects_uploader_vi")


# each card label's text (its lines, as drawn) and its ⓘ icon, in px
LABELS = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
  .filter(l => l.querySelector('button'))
  .map(l => { const r = document.createRange(); r.selectNodeContents(l.querySelector('p'));
              const lines = [...r.getClientRects()].map(x => [x.left, x.top, x.right, x.bottom]);
              const i = l.querySelector('button').getBoundingClientRect();
              return [l.innerText.trim(), lines, [i.left, i.top, i.right, i.bottom]]; })"""


def test_a_card_label_stays_clear_of_its_help_icon_on_a_phone(phone, app_url):
    """'Tỉnh/thành' ran into its ⓘ in a 110 px card: the label was squeezed below its
    longest word. Now no line of a label's text overlaps its icon."""
    phone.goto(f"{app_url}/?lang=vi")
    wait_for_app(phone)
    phone.locator('[data-testid="stMetric"]').first.wait_for()
    labels = phone.evaluate(LABELS)
    assert "Tỉnh/thành" in [name for name, _, _ in labels]
    for name, lines, (left, top, right, bottom) in labels:
        for x0, y0, x1, y1 in lines:
            apart = x1 <= left + 0.5 or x0 >= right - 0.5 or y1 <= top + 0.5 or y0 >= bottom - 0.5
            assert apart, (name, lines, (left, top, right, bottom))
    screenshot(phone, "defects_cards_phone")


# each x label of the first heatmap: its anchor (x), its turn (degrees) and its box
TICKS = """() => {
  const chart = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .find(c => c.querySelector('.heatmaplayer .hm, .hm'));
  return [...chart.querySelectorAll('.xtick text')].map(t => {
    const turn = /rotate\\((-?[\\d.]+)/.exec(t.getAttribute('transform') || '');
    const x = /translate\\((-?[\\d.]+)/.exec(t.getAttribute('transform') || '');
    const b = t.getBoundingClientRect();
    return [t.textContent, x ? +x[1] : b.left, turn ? +turn[1] : 0, [b.left, b.right]];
  });
}"""


@pytest.mark.parametrize(
    "path",
    [
        f"so-sanh?lang=vi&ss_tinh={quote('Hà Tĩnh,Đắk Lắk')}",
        f"so-sanh?lang=vi&ss=kehoach&ss_kh={quote('HT-2020,DL-2024-143,HN-2021-92')}",
    ],
    ids=["provinces", "plans"],
)
def test_heatmap_column_labels_do_not_overlap_on_a_phone(phone, app_url, path):
    """Three columns of ~45 px with labels like "Trung vị các tỉnh": drawn level they ran
    into each other. Level labels must not overlap; turned ones must sit far enough apart
    (anchor spacing × sin(angle)) for their 12 px lines to clear each other."""
    import math

    phone.goto(f"{app_url}/{path}")
    wait_for_app(phone)
    phone.locator('[data-testid="stPlotlyChart"] .xtick text').first.wait_for()
    phone.wait_for_timeout(500)
    ticks = phone.evaluate(TICKS)
    assert len(ticks) >= 3
    for (name, x, turn, (_, right)), (other, x2, _, (left, _)) in zip(
        ticks, ticks[1:], strict=False
    ):
        if turn == 0:
            assert right <= left + 0.5, (name, other, ticks)
        else:
            assert abs(x2 - x) * abs(math.sin(math.radians(turn))) >= 12, (name, other, ticks)
    screenshot(phone, f"defects_heatmap_phone_{path[:12]}")


def test_heatmap_column_labels_stay_level_on_a_desktop(page, app_url):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{app_url}/so-sanh?lang=vi&ss_tinh={quote('Hà Tĩnh,Đắk Lắk')}")
    wait_for_app(page)
    page.locator('[data-testid="stPlotlyChart"] .xtick text').first.wait_for()
    page.wait_for_timeout(500)
    assert {turn for _, _, turn, _ in page.evaluate(TICKS)} == {0}


@pytest.mark.parametrize("path", ["xep-hang?lang=vi", "?lang=vi"], ids=["ranking", "home-map"])
def test_every_choice_of_a_segmented_control_is_on_a_phone_screen(phone, app_url, path):
    """'Xếp hạng theo' (5 choices) and the map's 'Tô màu theo' scrolled sideways without a
    scrollbar: 'Nêu kinh phí', 'Số kế hoạch' were cut at the edge. Their buttons wrap."""
    phone.goto(f"{app_url}/{path}")
    wait_for_app(phone)
    group = phone.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').last
    group.wait_for()
    group.scroll_into_view_if_needed()
    edges = group.evaluate(
        "g => [...g.querySelectorAll('button')].map(b => b.getBoundingClientRect().right)"
    )
    assert len(edges) >= 3
    assert max(edges) <= PHONE["width"], edges


# each visible table's toolbar and the bottom of the element before the table, in px
TOOLBARS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .filter(d => d.offsetParent !== null)
  .map(d => { const box = d.closest('[data-testid="stElementContainer"]');
              const bar = box.querySelector('[data-testid="stElementToolbar"]');
              const before = box.previousElementSibling;
              return [bar ? bar.getBoundingClientRect().top : null,
                      before ? before.getBoundingClientRect().bottom : null]; })"""


@pytest.mark.parametrize(
    "path", ["xep-hang?lang=vi", "du-lieu?lang=vi"], ids=["ranking", "data-sources"]
)
def test_a_tables_toolbar_covers_nothing_on_a_phone(phone, app_url, path):
    """A phone shows a table's toolbar at all times, above the table: it covered the legend
    of the ranking chart ("Nhóm 3") and the caption over the sources table (Dữ liệu)."""
    open_view(phone, f"{app_url}/{path}")
    found = [(bar, before) for bar, before in phone.evaluate(TOOLBARS) if bar and before]
    assert found
    for bar, before in found:
        assert bar >= before - 0.5, found
