import os

import pytest

# The app shows users a friendly message instead of a traceback; tests want the failure.
os.environ.setdefault("TTDN_RAISE", "1")
# AppTest runs every test in a new session: no pause after a page's first chart there
# (ttdn.ui.pacing); the browser tests' servers pause as in production (tests/e2e/conftest.py)
os.environ.setdefault("TTDN_FIRST_CHART_PAUSE_MS", "0")

from tests.fixtures import build_fixture_db


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory):
    """The shared small database, built once through the real loader."""
    work = tmp_path_factory.mktemp("fixture")
    return build_fixture_db(work / "fixture.duckdb", work)


@pytest.fixture(scope="session")
def default_db(tmp_path_factory):
    """The default data (the five seed plans of data/plans), built once; read only."""
    from ttdn import PLANS_DIR
    from ttdn.ingest.build import build_default

    db = tmp_path_factory.mktemp("default") / "default.duckdb"
    build_default(db, PLANS_DIR)
    return db


@pytest.fixture
def db_copy(fixture_db, tmp_path):
    """A private copy of the fixture database, for tests that write."""
    import shutil

    target = tmp_path / "copy.duckdb"
    shutil.copy2(fixture_db, target)
    return target


@pytest.fixture(params=["vi", "en"])
def language(request):
    """The page language, set the way the app sets it (bare-mode session state)."""
    import streamlit as st

    st.session_state["lang"] = request.param
    yield request.param
    del st.session_state["lang"]


@pytest.fixture
def vi():
    import streamlit as st

    st.session_state["lang"] = "vi"
    yield "vi"
    del st.session_state["lang"]


@pytest.fixture
def en():
    import streamlit as st

    st.session_state["lang"] = "en"
    yield "en"
    del st.session_state["lang"]
