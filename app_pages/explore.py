"""Khám phá: a read-only SQL workbench. An editor beside the schema browser, the saved
questions of queries/ with their parameters as widgets, the result with its row count
and time, CSV/XLSX downloads and a quick chart builder. Every query, typed or saved,
runs in the sandbox (ttdn.sandbox): one SELECT, no files, no settings, a time limit."""

import datetime as dt
import decimal
import json
import re
import time

import pandas as pd
import plotly.express as px
import streamlit as st

from ttdn import queries
from ttdn.db import default_db_path
from ttdn.sandbox import Limits, SandboxError, run_sql, schema_catalog
from ttdn.ui import charts, export
from ttdn.ui.context import has_data, lang, num, tr
from ttdn.ui.filters import level_label, options, theme_label
from ttdn.ui.table import show_table

LIMITS = Limits.from_env()
K_SQL, K_RESULT, K_SAVED = "xp_sql", "xp_result", "xp_saved"
COUNT = "__count__"
CHART_KINDS = ("bar", "line", "scatter", "pie")
MAX_POINTS = 20_000
FIRST_QUESTION = "plan_sources"  # the saved question selected when the page opens
EXAMPLE = """-- Số hoạt động theo năm và cấp ban hành / activities by year and issuer level
SELECT p.year, p.issuer_level, count(*) AS activities
FROM activities a
JOIN plans p USING (plan_id)
GROUP BY ALL
ORDER BY p.year, p.issuer_level"""


def seconds(value: float) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if lang() == "vi" else text


def execute(label: str, sql: str, params: dict | None = None) -> None:
    """Run in the sandbox and keep the outcome for the next reruns (chart, downloads)."""
    started = time.perf_counter()
    try:
        result = run_sql(sql, default_db_path(), LIMITS, params=params,
                         max_rows=LIMITS.download_rows)  # fmt: skip
        outcome = {"result": result, "error": None}
    except SandboxError as error:
        outcome = {"result": None, "error": error}
    outcome.update(label=label, seconds=time.perf_counter() - started)
    st.session_state[K_RESULT] = outcome


def clipped(frame: pd.DataFrame, limit: int = 2000) -> pd.DataFrame:
    """Very long texts cut for the table on screen (downloads keep them whole)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: v[:limit] + "…" if isinstance(v, str) and len(v) > limit else v
            )
    return out


def use_example(table: str) -> None:
    st.session_state[K_SQL] = f"SELECT *\nFROM {table}\nLIMIT 100"


# parameters of saved questions -------------------------------------------------


def _default_date(value):
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def param_label(name: str) -> str:
    """A parameter as the reader knows it: the filter bar's label for the shared ones, the
    catalog's explore.param.<name> for others, else the name itself (an analyst's own)."""
    shared = {"years": "filters.years", "provinces": "filters.provinces",
              "province_mode": "explore.param.province_mode", "levels": "filters.levels",
              "themes": "filters.themes", "units": "filters.units"}  # fmt: skip
    key = shared.get(name, f"explore.param.{name}")
    try:
        return tr(key)
    except KeyError:
        return name


def param_widget(question, param):
    """One widget per parameter; the filter-bar parameters offer the values in the data."""
    key = f"xp_p_{question.name}_{param.name}"
    label = param_label(param.name)
    kind, default = param.type, param.default
    opts = options()
    choices = {
        "years": list(opts.years),
        "provinces": list(dict.fromkeys(opts.provinces_written + opts.provinces_2025)),
        "levels": list(opts.levels),
        "themes": list(opts.themes),
        "units": list(opts.units),
    }
    labels = {"levels": level_label, "themes": lambda code: theme_label(code, opts)}
    if param.name in choices and kind.endswith("[]"):
        values = [v for v in (default or []) if v in choices[param.name]]
        return st.multiselect(label, choices[param.name], default=values, key=key,
                              format_func=labels.get(param.name, str),
                              placeholder=tr("explore.param.all"))  # fmt: skip
    if param.name == "province_mode":
        return st.segmented_control(label, ["written", "2025"], default=default or "written",
                                    key=key, format_func=lambda m: tr(f"explore.mode.{m}"),
                                    ) or "written"  # fmt: skip
    if kind == "int":
        return int(st.number_input(label, value=int(default or 0), step=1, key=key))
    if kind in ("float", "double"):
        return float(st.number_input(label, value=float(default or 0), key=key))
    if kind in ("bool", "boolean"):
        return st.checkbox(label, value=bool(default), key=key)
    if kind == "date":
        return st.date_input(label, value=_default_date(default), key=key, format="DD/MM/YYYY")
    if kind.endswith("[]"):
        text = st.text_input(label, value="; ".join(str(v) for v in default or []), key=key,
                             help=tr("explore.param.list_help"))  # fmt: skip
        parts = [p.strip() for p in text.split(";") if p.strip()]
        if kind.startswith("int"):
            return [int(p) for p in parts if p.lstrip("-").isdigit()]
        return parts
    return st.text_input(label, value="" if default is None else str(default), key=key)


# the chart builder -------------------------------------------------------------


def chartable(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists, dicts and decimals made plottable (text and floats)."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object:
            sample = values.dropna()
            if len(sample) and all(isinstance(v, decimal.Decimal) for v in sample.head(50)):
                out[column] = pd.to_numeric(values, errors="coerce")
            elif len(sample) and not all(isinstance(v, str | int | float | dt.date)
                                         for v in sample.head(50)):  # fmt: skip
                out[column] = values.map(
                    lambda v: (
                        v
                        if v is None
                        else json.dumps(v, ensure_ascii=False, default=str)
                        if isinstance(v, list | dict | tuple)
                        else str(v)
                    )
                )
    return out


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns
            if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]  # fmt: skip


def quick_chart(frame: pd.DataFrame, kind: str, x: str, y: str, color: str | None):
    """A Plotly figure of the result: y = COUNT counts rows per x (and colour)."""
    data = chartable(frame.head(MAX_POINTS))
    color = color if color and color != x else None
    if y == COUNT:
        keys = [x] + ([color] if color else [])
        data = (
            data.groupby(keys, dropna=False, sort=False)
            .size()
            .reset_index(name=tr("explore.chart.count"))
        )
        y = tr("explore.chart.count")
    names = {c: readable(c) for c in data.columns}
    if kind == "pie":
        data = data.groupby(x, dropna=False, sort=False)[y].sum().reset_index()
        fig = px.pie(data, names=x, values=y, labels=names)
    elif kind == "line":
        fig = px.line(data.sort_values(x), x=x, y=y, color=color, markers=True, labels=names)
    elif kind == "scatter":
        fig = px.scatter(data, x=x, y=y, color=color, labels=names)
    else:
        fig = px.bar(data, x=x, y=y, color=color, labels=names)
    if kind != "pie" and not pd.api.types.is_numeric_dtype(data[x]):
        fig.update_xaxes(type="category")
    if kind != "pie" and pd.api.types.is_integer_dtype(data[y]):
        # counts are whole: no 0,5 ticks; small counts tick every 1
        top = data[y].max() if len(data) else 0
        fig.update_yaxes(tickformat=",d", **({"dtick": 1} if top <= 10 else {}))
    return charts.style(fig, legend=bool(color) or kind == "pie")


def readable(column: str) -> str:
    """A result column as a chart names it: DuckDB's count_star() / count(*) is the row
    count, count(x) the count of x; other names are the analyst's own."""
    match = re.fullmatch(r"count(?:_star)?\((.*)\)", str(column).strip(), flags=re.I)
    if match is None:
        return str(column)
    inner = match.group(1).strip()
    return (
        tr("explore.chart.count")
        if inner in ("", "*")
        else f"{tr('explore.chart.count')} ({inner})"
    )


def chart_builder(frame: pd.DataFrame) -> None:
    st.subheader(tr("explore.chart.title"))
    if frame.empty or len(frame.columns) == 0:
        charts.empty(tr("explore.chart.nothing"))
        return
    numbers = numeric_columns(frame)
    columns = list(frame.columns)
    # labels fixed now: a format_func must not depend on the session (AppTest calls it later)
    kind_names = {k: tr(f"explore.chart.kind.{k}") for k in CHART_KINDS}
    count_name, none_name = tr("explore.chart.count"), tr("explore.chart.none")
    cols = st.columns(4)
    kind = cols[0].selectbox(tr("explore.chart.kind"), CHART_KINDS, key="xp_chart_kind",
                             format_func=kind_names.get)  # fmt: skip
    x = cols[1].selectbox(tr("explore.chart.x"), columns, key="xp_chart_x")
    y_choices = [COUNT] + [c for c in numbers if c != x]
    y_default = 1 if len(y_choices) > 1 else 0
    y = cols[2].selectbox(tr("explore.chart.y"), y_choices, index=y_default, key="xp_chart_y",
                          format_func=lambda c: count_name if c == COUNT else c)  # fmt: skip
    color = cols[3].selectbox(tr("explore.chart.color"), [None] + columns, key="xp_chart_color",
                              disabled=kind == "pie",
                              format_func=lambda c: none_name if c is None else c)  # fmt: skip
    if x not in frame.columns or (y != COUNT and y not in frame.columns):
        return
    try:
        fig = quick_chart(frame, kind, x, y, None if kind == "pie" else color)
    except (ValueError, TypeError, KeyError) as error:
        st.warning(tr("explore.chart.error", detail=str(error).splitlines()[0][:200]))
        return
    if len(frame) > MAX_POINTS:
        st.caption(tr("explore.chart.sampled", n=num(MAX_POINTS)))
    charts.show(fig, key="xp_chart", name="kham_pha", select=False)


# the page -----------------------------------------------------------------------

st.title(tr("explore.title"))
st.caption(tr("explore.caption", seconds=f"{LIMITS.timeout:g}", shown=num(LIMITS.show_rows),
              download=num(LIMITS.download_rows)))  # fmt: skip
if not has_data():
    st.info(tr("explore.empty_db"))
    st.stop()

if K_SQL not in st.session_state:
    st.session_state[K_SQL] = EXAMPLE
st.html(f"<style>.st-key-xp_sql textarea{{font-family:{charts.MONO_FONT};"
        "font-size:.9rem}</style>")  # fmt: skip

editor, schema = st.columns([3, 2], gap="medium")
with editor:
    st.subheader(tr("explore.editor.title"))
    sql = st.text_area(tr("explore.editor.label"), key=K_SQL, height=240,
                       help=tr("explore.editor.help"))  # fmt: skip
    if st.button(tr("explore.editor.run"), key="xp_run", type="primary",
                 icon=":material/play_arrow:"):  # fmt: skip
        execute(tr("explore.editor.label"), sql)

    st.subheader(tr("explore.saved.title"))
    saved = queries.load_queries()
    titles = {n: q.title(lang()) for n, q in saved.items()}
    names = list(queries.names_by_title(lang()))
    first = names.index(FIRST_QUESTION) if FIRST_QUESTION in names else 0
    choice = st.selectbox(tr("explore.saved.pick"), names, index=first, key=K_SAVED,
                          format_func=titles.get)  # fmt: skip
    question = saved[choice]
    st.caption(question.description(lang()) or tr("explore.saved.no_description"))
    values = {}
    if question.params:
        with st.container(border=True):
            for param in question.params:
                values[param.name] = param_widget(question, param)
    with st.expander(tr("explore.saved.sql")):
        st.code(question.sql, language="sql")
    if st.button(tr("explore.saved.run"), key="xp_saved_run", icon=":material/play_arrow:"):
        execute(question.title(lang()), question.sql, question.bind(values))

with schema:
    st.subheader(tr("explore.schema.title"))
    st.caption(tr("explore.schema.caption"))
    for table in schema_catalog():
        with st.expander(f"{table.name} ({len(table.columns)})"):
            if table.description:
                st.caption(table.description)
            st.markdown("\n".join(
                f"- **{c.name}** `{c.type}`" + (f" — {c.description}" if c.description else "")
                for c in table.columns
            ))  # fmt: skip
            st.button(tr("explore.schema.try"), key=f"xp_try_{table.name}",
                      on_click=use_example, args=(table.name,), icon=":material/edit_note:")  # fmt: skip

outcome = st.session_state.get(K_RESULT)
st.divider()
if outcome is None:
    st.info(tr("explore.result.none"))
    st.stop()

st.subheader(tr("explore.result.title", label=outcome["label"]))
if outcome["error"] is not None:
    error = outcome["error"]
    (st.warning if error.refused else st.error)(error.message(lang()), icon=":material/block:")
    st.stop()

result = outcome["result"]
frame = result.frame
shown = clipped(frame.head(LIMITS.show_rows))
rows = num(result.rows) + ("+" if result.truncated else "")
st.caption(tr("explore.result.summary", rows=rows, seconds=seconds(outcome["seconds"]),
              query=seconds(result.seconds)))  # fmt: skip
if result.rows > len(shown):
    st.caption(tr("explore.result.shown", shown=num(len(shown))))
if result.truncated:
    st.warning(tr("explore.result.truncated", cap=num(result.rows)), icon=":material/content_cut:")
show_table(shown, hide_index=True, width="stretch")
export.buttons(frame, "kham_pha", key="xp_download", labels={c: c for c in frame.columns})
chart_builder(frame)
