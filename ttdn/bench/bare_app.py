"""The floor for `make bench-load`: a bare Streamlit page with one Plotly chart over the
same DuckDB file (TTDN_DB), filtered by the same query-string keys as ttdn's filter bar
(nam = years, tinh = provinces, chude = theme codes). No cache, no sidebar, no
translation: what any Streamlit page over this database costs per rerun.

    TTDN_DB=/tmp/ttdn-bench-cache/national.duckdb streamlit run ttdn/bench/bare_app.py
"""

import os

import duckdb
import plotly.express as px
import streamlit as st


@st.cache_resource
def connection(path: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=True)


def values(key: str) -> list[str]:
    return [v.strip() for raw in st.query_params.get_all(key) for v in raw.split(",") if v.strip()]


years = [int(v) for v in values("nam") if v.isdigit()]
con = connection(os.environ["TTDN_DB"]).cursor()
frame = con.execute(
    """
    SELECT t.theme_code, count(*) AS activities
    FROM activities a
    JOIN plans p USING (plan_id)
    JOIN activity_themes t USING (plan_id, activity_id)
    WHERE (len($years) = 0 OR list_contains($years, p.year))
      AND (len($provinces) = 0 OR list_contains($provinces, p.province))
      AND (len($themes) = 0 OR list_contains($themes, t.theme_code))
    GROUP BY 1
    ORDER BY 2 DESC
    """,
    {"years": years, "provinces": values("tinh"), "themes": values("chude")},
).df()
st.plotly_chart(px.bar(frame, x="theme_code", y="activities"))
