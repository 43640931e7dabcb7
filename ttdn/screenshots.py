"""Screenshots of every page of app.py, in Vietnamese and English, on a desktop and a phone.

    python -m ttdn screenshots [--db data/ttdn.duckdb] [--national] [--out docs/screenshots]

Starts `streamlit run app.py` on a free port over the database (a copy, so nothing touches
it), opens each view in headless Chromium (/usr/bin/chromium, as the browser tests), waits
until the script has finished, nothing is loading and every visible Plotly chart has
drawn, and saves a full-page PNG named VIEW-LANG-SIZE.png (e.g. home-vi-desktop.png).
With --tabs, each tab of a page's tab bar is opened and saved too (VIEW.tabN-LANG-SIZE.png).
With --national, the same views over the synthetic national demo (34 provinces ×
10 years, built once into the bench cache, ttdn.bench.dataset) are saved as
VIEW-national-LANG-SIZE.png.

The Data page is shot twice: as a viewer sees it (the sign-in form) and as an editor
(data-editor-…): a throwaway editor account with a random password is made in a
temporary accounts file (TTDN_USERS) for this run only; no stored password is used.

VIEWS must name every page of app.py shown in the navigation (tests/test_screenshots.py
checks it); a hidden alias of a page (visibility="hidden") is the same page.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from ttdn import ROOT

APP = ROOT / "app.py"
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
LANGS = ("vi", "en")
EDITOR = "anh.chup"  # the throwaway account of a run


@dataclass(frozen=True)
class View:
    name: str  # the file name's first part
    path: str  # the page's url_path in app.py
    query: tuple[tuple[str, str], ...] = ()  # a representative state, in the URL
    editor: bool = False  # signed in as an editor first
    national: bool = True  # also shot on the national demo
    default: bool = False  # app.py's default page: served at / (Streamlit ignores its url_path)


# every page of app.py, in navigation order; a page that shows nothing until something is
# chosen gets a second view with a representative choice
VIEWS = (
    View("home", "trang-chu", default=True),
    View("themes", "chu-de"),
    View("units", "don-vi"),
    View("budgets", "kinh-phi"),
    View("timelines", "tien-do"),
    View("compare", "so-sanh"),
    View("compare-provinces", "so-sanh", (("ss_tinh", "Hà Tĩnh,Đắk Lắk"),), national=False),
    View("ranking", "xep-hang"),
    View("compliance", "doi-chieu"),
    View("search", "tra-cuu", (("q", "tuyen truyen bien dao"),)),
    View("explore", "kham-pha"),
    View("data", "du-lieu"),
    View("data-editor", "du-lieu", editor=True, national=False),
)
NATIONAL_QUERY = {"compare": (("ss_tinh", "Hà Tĩnh,Đắk Lắk,Hà Nội"),)}


def app_pages(app: Path = APP) -> list[tuple[str, str, bool, bool]]:
    """(file, url_path, default, hidden) of every st.Page(...) call in app.py, in order."""
    found = []
    for node in ast.walk(ast.parse(app.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page":
            words = {k.arg: k.value for k in node.keywords}
            file = node.args[0].value if node.args else words["page"].value
            path = words["url_path"].value if "url_path" in words else Path(file).stem
            default = "default" in words and words["default"].value is True
            hidden = "visibility" in words and words["visibility"].value == "hidden"
            found.append((file, path, default, hidden))
    return found


# --- the app ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(db: Path, env: dict | None = None, port: int | None = None, script: Path = APP):
    """`streamlit run` on 127.0.0.1; yields the base URL; stopped on exit."""
    port = port or free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT,
        env={**os.environ, "TTDN_DB": str(db), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError(f"streamlit did not start over {db}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


# --- waiting until a page has drawn -------------------------------------------------------

SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testConnectionState !== 'CONNECTED') return false;
  if (app.dataset.testScriptState !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')) return false;
  const visible = e => e.offsetParent !== null && e.getBoundingClientRect().width > 0;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (visible(chart) && !chart.querySelector('.js-plotly-plot .main-svg')) return false;
  }
  return true;
}"""


def settle(page, timeout_ms: int = 90_000) -> None:
    """Until the run has finished, nothing loads and every visible chart has drawn; twice,
    a short while apart, because writing the query string can start another run."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    for _ in range(2):
        page.wait_for_function(SETTLED, timeout=timeout_ms, polling=100)
        page.wait_for_timeout(600)
    page.evaluate("document.fonts.ready")
    page.wait_for_function(SETTLED, timeout=timeout_ms, polling=100)


def full_page(page, path: Path, size: tuple[int, int]) -> None:
    """Streamlit scrolls inside its main block, not the document: the window is made as
    tall as the content, then the whole window is saved."""
    width, height = size
    tall = page.evaluate(
        """() => Math.max(...['stMain', 'stSidebarContent'].map(id => {
             const e = document.querySelector(`[data-testid="${id}"]`);
             const box = e && e.getBoundingClientRect();  // a phone's closed sidebar is off-screen
             return e && e.offsetParent !== null && box.right > 0 ? e.scrollHeight : 0; }))"""
    )
    page.set_viewport_size({"width": width, "height": max(height, int(tall))})
    page.wait_for_timeout(400)  # charts re-lay out to the new window
    with contextlib.suppress(Exception):
        page.wait_for_function(SETTLED, timeout=20_000, polling=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    page.set_viewport_size({"width": width, "height": height})


# --- the views ---------------------------------------------------------------------------


def view_url(base: str, view: View, lang: str, national: bool = False) -> str:
    query = dict(NATIONAL_QUERY.get(view.name, view.query) if national else view.query)
    query["lang"] = lang
    return f"{base}/{'' if view.default else view.path}?{urlencode(query)}"


def sign_in(page, lang: str, password: str) -> None:
    from ttdn.i18n import t

    page.get_by_label(t("auth.name", lang)).fill(EDITOR)
    page.get_by_label(t("auth.password", lang), exact=True).fill(password)
    page.get_by_role("button", name=t("auth.submit", lang)).click()
    page.get_by_role("tab", name=t("data.tab.workbook", lang)).wait_for(timeout=60_000)


def tab_names(page) -> list[str]:
    """The first tab bar of the main block (a page's own tabs)."""
    bar = page.locator('[data-testid="stMain"] [role="tablist"]').first
    if not bar.count():
        return []
    return [t.strip() for t in bar.locator('[role="tab"]').all_inner_texts()]


def shoot(
    base: str,
    out: Path,
    views=VIEWS,
    langs=LANGS,
    sizes=tuple(SIZES),
    password: str | None = None,
    national: bool = False,
    tabs: bool = False,
    log=print,
) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for size in sizes:
                width, height = SIZES[size]
                phone = size == "phone"
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1,
                    is_mobile=phone,
                    has_touch=phone,
                    locale="vi-VN",
                    timezone_id="Asia/Ho_Chi_Minh",
                )
                page = context.new_page()
                for view in views:
                    if view.editor and password is None:
                        continue
                    for lang in langs:
                        stem = f"{view.name}{'-national' if national else ''}-{lang}-{size}"
                        began = time.perf_counter()
                        page.goto(view_url(base, view, lang, national))
                        settle(page)
                        if view.editor:
                            sign_in(page, lang, password)
                            settle(page)
                        path = out / f"{stem}.png"
                        full_page(page, path, (width, height))
                        saved.append(path)
                        log(f"{path.name}  {time.perf_counter() - began:.1f} s", flush=True)
                        if not tabs:
                            continue
                        names = tab_names(page)
                        for i, name in enumerate(names[1:], start=2):
                            bar = page.locator('[data-testid="stMain"] [role="tablist"]').first
                            bar.locator('[role="tab"]').nth(i - 1).click()
                            page.wait_for_timeout(300)
                            settle(page)
                            tab_stem = stem.replace(view.name, f"{view.name}.tab{i}", 1)
                            path = out / f"{tab_stem}.png"
                            full_page(page, path, (width, height))
                            saved.append(path)
                            log(f"{path.name}  ({name})", flush=True)
                context.close()
        finally:
            browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    from ttdn.db import default_db_path

    parser = argparse.ArgumentParser(prog="python -m ttdn screenshots", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--db", type=Path, default=default_db_path())
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--national", action="store_true", help="also the national demo")
    parser.add_argument("--only-national", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tabs", action="store_true", help="also every tab of a page")
    parser.add_argument("--views", default="", help="e.g. home,budgets (default: all)")
    parser.add_argument("--langs", default=",".join(LANGS))
    parser.add_argument("--sizes", default=",".join(SIZES))
    args = parser.parse_args(argv)
    if not args.only_national and not args.db.exists():
        print(f"Không có CSDL / no database: {args.db} (make db)", file=sys.stderr)
        return 1
    wanted = [v for v in args.views.split(",") if v]
    unknown = set(wanted) - {v.name for v in VIEWS}
    if unknown:
        parser.error(f"unknown views: {', '.join(sorted(unknown))}")
    views = tuple(v for v in VIEWS if not wanted or v.name in wanted)
    langs = tuple(x for x in args.langs.split(",") if x)
    sizes = tuple(x for x in args.sizes.split(",") if x)
    began = time.perf_counter()
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="ttdn-shots-") as tmp:
        tmp = Path(tmp)
        users, password = tmp / "users.json", secrets.token_urlsafe(18)
        from ttdn import auth

        auth.add_user(EDITOR, "editor", password, path=users)
        env = {"TTDN_USERS": str(users), "TTDN_SNAPSHOTS": str(tmp / "snapshots")}
        runs = [] if args.only_national else [(args.db, False)]
        if args.national or args.only_national:
            from ttdn.bench import dataset

            runs.append((dataset("national", log=print), True))
        for db, national in runs:
            copy = tmp / f"{'national' if national else 'default'}.duckdb"
            shutil.copy2(db, copy)
            chosen = tuple(v for v in views if v.national) if national else views
            with running_app(copy, env) as base:
                saved += shoot(base, args.out, chosen, langs, sizes, password, national, args.tabs)
    print(f"{len(saved)} screenshots in {time.perf_counter() - began:.0f} s → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
