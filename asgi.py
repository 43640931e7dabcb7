"""The app served as an ASGI application: `streamlit run asgi.py` serves app.py exactly like
`streamlit run app.py` (same options, same .streamlit/config.toml), with one addition of
ttdn.web: every page tells the browser the app's base path, so pages other than the home
page no longer make two failing requests (404) before connecting. `uvicorn asgi:app` works
too. Tests (AppTest) and the benchmarks of a page's script still use app.py directly."""

import streamlit as st
from starlette.middleware import Middleware

from ttdn.web import BackendBaseUrl

app = st.App("app.py", middleware=[Middleware(BackendBaseUrl)])
