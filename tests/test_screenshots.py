"""`make screenshots` (ttdn.screenshots) shoots every page of app.py: a new page cannot be
missed, and the file names stay stable."""

from pathlib import Path

from ttdn import ROOT
from ttdn.screenshots import LANGS, SIZES, VIEWS, app_pages, view_url


def test_the_views_cover_exactly_the_pages_of_app_py():
    pages = app_pages()
    assert len(pages) == (ROOT / "app.py").read_text(encoding="utf-8").count("st.Page(")
    shown = {path: file for file, path, _default, hidden in pages if not hidden}
    assert {v.path for v in VIEWS} == set(shown)
    # a hidden page is an alias of a shown one (same file), so it needs no view of its own
    assert {file for file, *_ in pages} == set(shown.values())
    # every page file of app_pages/ is registered and shot
    files = {f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("*.py")}
    assert set(shown.values()) == files


def test_the_default_page_is_opened_at_the_root():
    (default,) = [path for _file, path, is_default, _hidden in app_pages() if is_default]
    views = [v for v in VIEWS if v.path == default]
    assert views and all(v.default for v in views)
    assert not any(v.default for v in VIEWS if v.path != default)
    assert view_url("http://x", views[0], "vi") == "http://x/?lang=vi"


def test_the_data_page_is_shot_as_viewer_and_as_editor():
    data = [v for v in VIEWS if v.path == "du-lieu"]
    assert sorted(v.editor for v in data) == [False, True]


def test_names_are_unique_and_stable():
    names = [v.name for v in VIEWS]
    assert len(names) == len(set(names))
    assert "home" in names and "data-editor" in names
    assert SIZES == {"desktop": (1280, 900), "phone": (390, 844)}
    assert LANGS == ("vi", "en")
    search = next(v for v in VIEWS if v.name == "search")
    url = view_url("http://x", search, "en")
    assert url == "http://x/tra-cuu?q=tuyen+truyen+bien+dao&lang=en"


def test_readme_screenshots_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    import re

    for ref in re.findall(r"\]\((docs/[^)]+\.png)\)", readme):
        assert Path(ROOT / ref).exists(), ref
