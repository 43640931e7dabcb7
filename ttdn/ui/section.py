"""One analysis section, driven by a small spec: a title, a named query and its
parameters, a figure builder, the export columns and the drill-down key. Every
analysis page is a short list of these::

    section.render(
        Section(
            key="budgets_by_source",                  # the chart's widget key
            title=tr("budgets.s1.title"), caption=tr("budgets.s1.caption"),
            query="budgets_by_source", params=params,  # a named query (queries/*.sql)
            shown=view.used_sources,                   # query rows → the rows drawn
            figure=lambda used: view.sources_chart(used, name),
            empty=tr("budgets.s1.empty"),
            file=tr("budgets.s1.file"),
            export=Export(labels=view.LABELS, columns=[...]),
            drill=Drill("budgets_drill_source", ["d_plan_sources"], choices=..., describe=...),
        ),
        filters,
    )

The order on screen is always: title, caption, captions `before` the chart, the chart (or
the `empty` message), captions `after` it, the export buttons, the drill-down (in a
bordered box; one drill query, queries/drill_activities.sql, unless the Drill names
drill_assignments). Anything a section draws beyond that stays on its page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from ttdn.ui import charts, drill, export, pacing, urlstate
from ttdn.ui.context import run, tr
from ttdn.ui.filters import describe, draw_pending, filter_bar


@dataclass(frozen=True)
class Export:
    """Download buttons (CSV, Excel) under the chart. `frame(data, shown)` chooses the rows
    (default: the query's rows); the key defaults to the section key + "_export"."""

    columns: Sequence[str] | Callable[[pd.DataFrame], Sequence[str]] | None = None
    labels: dict | None = None
    file: str | None = None
    key: str | None = None
    frame: Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame] | None = None


@dataclass(frozen=True)
class Drill:
    """The drill-down under the chart (ttdn.ui.drill.section). `choices(shown)` builds the
    list offered when nothing is selected on the chart; `needs_rows`: no drill-down when
    nothing is drawn."""

    key: str
    fields: Sequence[str | None] = ()
    choices: Callable[[pd.DataFrame], dict] | dict | None = None
    describe: Callable[[dict], str] | None = None
    describe_from: Callable[[pd.DataFrame], Callable[[dict], str]] | None = None  # from the rows
    extra: dict | None = None
    query: str = "drill_activities"
    needs_rows: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str | None = None
    caption: str | None = None
    query: str | None = None
    params: dict = field(default_factory=dict)
    data: pd.DataFrame | None = None  # rows already at hand (instead of query)
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None  # applied to the rows
    shown: Callable[[pd.DataFrame], pd.DataFrame] | None = None  # the rows the chart draws
    figure: Callable[[pd.DataFrame], object] | None = None
    empty: str | None = None
    stop_when_empty: bool = False  # nothing drawn: no export, no drill-down either
    file: str | None = None  # the chart's and the export's file name
    select: bool = True  # the chart's selection drives the drill-down
    before: Callable[[pd.DataFrame], Sequence[str]] | None = None  # captions above the chart
    after: Callable[[pd.DataFrame, pd.DataFrame], Sequence[str]] | None = None  # below it
    export: Export | None = None
    drill: Drill | None = None


@dataclass
class Drawn:
    """What render() drew: the query rows, the rows drawn, the chart's selection event."""

    data: pd.DataFrame
    shown: pd.DataFrame
    event: object = None
    stopped: bool = False
    mark: str = "bar"  # what a reader clicks in the chart (charts.mark_of), for the hint


def page(prefix: str):
    """The top of every analysis page: title, filter bar, and the filters in words (or
    the page's "all plans" caption); stops with the page's message on an empty database."""
    from ttdn.ui.context import has_data

    st.title(tr(f"{prefix}.title"))
    filters = filter_bar(defer=True)  # its widgets come after the first chart
    if not has_data():
        st.info(tr(f"{prefix}.empty_db"))
        stop()
    st.caption(describe(filters) or tr(f"{prefix}.caption_all"))
    return filters


def stop() -> None:
    """st.stop() for a page whose filter bar was deferred (filter_bar(defer=True)): the bar
    is drawn first, so that a reader can change a filter that matches nothing; so are the
    controls a page deferred after its first chart (ttdn.ui.pacing.later)."""
    pacing.flush()
    draw_pending()
    st.stop()


def header(title: str | None = None, caption: str | None = None) -> None:
    if title:
        st.subheader(title)
    if caption:
        st.caption(caption)


def rows(spec: Section) -> pd.DataFrame:
    data = spec.data if spec.data is not None else run(spec.query, **spec.params)
    return spec.prepare(data) if spec.prepare else data


def render(spec: Section, filters) -> Drawn:
    """Draw one section from its spec (see the module docstring)."""
    header(spec.title, spec.caption)
    data = rows(spec)
    shown = spec.shown(data) if spec.shown else data
    drawn = Drawn(data, shown)
    if spec.figure is not None:
        if shown.empty:
            charts.empty(spec.empty)
            if spec.stop_when_empty:
                drawn.stopped = True
                return drawn
        else:
            for text in spec.before(shown) if spec.before else ():
                st.caption(text)
            figure = spec.figure(shown)
            drawn.mark = charts.mark_of(figure)
            drawn.event = charts.show(
                figure, key=spec.key, name=spec.file or spec.key, select=spec.select
            )
    for text in spec.after(data, shown) if spec.after else ():
        if text:
            st.caption(text)
    if spec.export is not None:
        out = spec.export
        frame = out.frame(data, shown) if out.frame else data
        columns = out.columns(frame) if callable(out.columns) else out.columns
        export.buttons(
            frame,
            out.file or spec.file or spec.key,
            key=out.key or f"{spec.key}_export",
            labels=out.labels,
            columns=list(columns) if columns is not None else None,
        )
    if spec.drill is not None and not (spec.drill.needs_rows and shown.empty):
        charted = spec.figure is not None and spec.select and not shown.empty
        show_drill(spec.drill, filters, drawn.event, shown, charted, data, mark=drawn.mark)
    return drawn


def show_drill(
    spec: Drill, filters, event, shown, charted: bool = True, data=None, mark: str = "bar"
):
    """The drill-down box; without a chart to click, only the list is offered."""
    choices = spec.choices(shown) if callable(spec.choices) else spec.choices
    describe = spec.describe_from(shown if data is None else data) if spec.describe_from else None
    with st.container(border=True):
        return drill.section(
            filters,
            key=spec.key,
            event=event,
            fields=spec.fields if charted else [],
            choices=choices,
            describe=describe or spec.describe,
            extra=spec.extra,
            query=spec.query,
            mark=mark,
        )


def tabs(
    keys: Sequence[str], prefix: str, renderers: dict, url: str | None = None, **options
) -> None:
    """Tabs, of which only the open one runs its section(s). With `url` (or the old
    bind="query-params", which uses the widget key), the URL keeps the open tab by its key
    (?chude_xem=years), never by its translated label, so a link and a language switch
    keep the view; a label in either language is still read (ttdn.ui.urlstate)."""
    if options.pop("bind", None) == "query-params":
        url = url or options.get("key")
    labels = {k: tr(f"{prefix}.tab.{k}") for k in keys}
    key = options.get("key")
    if url and key:
        names = urlstate.tab_labels(keys, prefix)
        raw = st.query_params.get(url)
        from_url = urlstate.parse(raw, keys, names)
        if raw is not None and from_url is None and urlstate.is_new(url, raw):
            urlstate.ignored(url, raw)
        held = urlstate.parse(st.session_state.get(key), keys, names)  # the last click
        if from_url is not None and urlstate.is_new(url, raw):
            chosen = from_url  # a link was opened
        else:
            chosen = held or from_url or keys[0]
        options["default"] = labels[chosen]
        if key in st.session_state and st.session_state[key] != labels[chosen]:
            st.session_state[key] = labels[chosen]  # e.g. the label of the other language
    made = st.tabs(list(labels.values()), on_change="rerun", **options)
    for key, tab in zip(keys, made, strict=True):
        with tab:
            if tab.open is not False:
                if url:
                    urlstate.keep(url, key, keys[0])  # the first tab needs no key
                renderers[key]()
