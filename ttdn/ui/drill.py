"""Drill-down: from a bar (Plotly selection) or a choice in a list to the rows behind it.

On a page::

    event = charts.show(fig, key="by_theme")               # on_select="rerun"
    drill.section(filters, key="by_theme", event=event,
                  fields=["d_themes"],                      # customdata[0] → d_themes
                  choices={label: {"d_themes": [code]} for ...},
                  describe=lambda pick: ...)

``fields`` names, in customdata order, the drill parameters of the query
(queries/drill_activities.sql, or drill_assignments.sql with
``query="drill_assignments"``): d_plans, d_years, d_provinces, d_themes,
d_assigned, d_no_theme, d_units, d_roles, d_unit_types, d_no_unit, d_leads,
d_coops, d_from, d_to, d_recurring ('yes' | 'no'), d_budget_codes. A field of
None skips that customdata position. The shared filters always apply.

Several selected points run one query each (at most MAX_PICKS, then their
values are merged); the activities are shown with full text, plan (number,
issuer, year) and source (file, sheet, row). Errors show a message, never a
traceback.

A click on the chart opens the rows in a dialog (``st.dialog``) over the chart, where the
reader is looking: every activity's full text, wrapped (the first FULL_TEXT of them), and
the CSV / Excel export of all drilled rows. The same rows stay in the table under the chart;
a button there opens the dialog again. A selection opens it once (not on every rerun).
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from ttdn import queries
from ttdn.ui import export
from ttdn.ui.context import day, lang, num, run, tr
from ttdn.ui.safe import md
from ttdn.ui.table import show_table, vi_sheet

log = logging.getLogger(__name__)
MAX_PICKS = 30
LIMIT = 500
MAX_CHOICES = 300  # a longer list is slow to send and useless to scroll
FULL_TEXT = 60  # activities shown in full in the dialog (all of them are in the export)


def _points(event) -> list[dict]:
    if event is None:
        return []
    try:
        selection = event["selection"] if "selection" in event else event.selection
        points = selection["points"] if "points" in selection else selection.points
    except (AttributeError, KeyError, TypeError):
        return []
    return [p for p in points or [] if isinstance(p, dict)]


def _coerce(name: str, value, types: dict[str, str]):
    kind = types.get(name, "text[]")
    if kind.endswith("[]"):
        values = value if isinstance(value, list | tuple) else [value]
        values = [v for v in values if v is not None and v == v]
        if kind.startswith("int"):
            return [int(float(v)) for v in values]
        return [str(v) for v in values]
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(float(value))
    return None if value is None else str(value)


def _types(query: str) -> dict[str, str]:
    found = queries.load_queries().get(query)
    return {p.name: p.type for p in found.params} if found else {}


def picks(event, fields: Sequence[str | None], query: str = "drill_activities") -> list[dict]:
    """One dict of drill parameters per selected point, read from its customdata."""
    types = _types(query)
    out: list[dict] = []
    for point in _points(event):
        data = point.get("customdata")
        if data is None:
            continue
        if not isinstance(data, list | tuple):
            data = [data]
        pick = {}
        try:
            for name, value in zip(fields, data, strict=False):
                if name:
                    pick[name] = _coerce(name, value, types)
        except (TypeError, ValueError):
            continue
        if pick and pick not in out:
            out.append(pick)
    return out


def _merge(all_picks: list[dict]) -> dict:
    merged: dict = {}
    for pick in all_picks:
        for name, value in pick.items():
            if isinstance(value, list):
                merged.setdefault(name, [])
                merged[name] += [v for v in value if v not in merged[name]]
            else:
                merged.setdefault(name, value)
    return merged


def rows(
    filters, all_picks: list[dict], query: str = "drill_activities", limit: int = LIMIT
) -> pd.DataFrame:
    """The rows behind the picks (deduplicated), with a 'total' column (before the limit)."""
    if len(all_picks) > MAX_PICKS:
        all_picks = [_merge(all_picks)]
    frames = []
    for pick in all_picks:
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in pick.items()}
        frames.append(run(query, **filters.params(), **values, d_limit=limit))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame()
    if len(frames) == 1:
        return frames[0]
    keys = ["plan_id", "activity_id"] if "activity_id" in frames[0] else ["plan_id", "seq"]
    frame = pd.concat(frames, ignore_index=True).drop_duplicates(subset=keys)
    frame["total"] = sum(int(f["total"].iloc[0]) for f in frames)
    return frame.head(limit)


def _describe_default(pick: dict) -> str:
    parts = []
    for value in pick.values():
        parts.append(", ".join(map(str, value)) if isinstance(value, list) else str(value))
    return " · ".join(p for p in parts if p)


def section(
    filters,
    *,
    key: str,
    event=None,
    fields: Sequence[str | None] = (),
    choices: dict[str, dict] | None = None,  # label → pick, most useful first
    describe: Callable[[dict], str] | None = None,
    query: str = "drill_activities",
    title: str | None = None,
    extra: dict | None = None,
    mark: str = "bar",
) -> pd.DataFrame | None:
    """The drill-down block under a chart: the chart's selection wins, else the list.
    `extra` drill parameters are added to every pick (unless the pick sets them).
    Returns the rows shown (None when nothing is chosen)."""
    describe = describe or _describe_default
    default_title = "drill.title_duties" if query == "drill_assignments" else "drill.title"
    st.markdown(f"**{title or tr(default_title)}**")
    chosen = picks(event, fields, query) if fields else []
    from_chart = bool(chosen)
    if not from_chart:  # the selection was cleared: choosing the same bar again reopens
        st.session_state.pop(f"{key}_dialog_seen", None)
    shown = ""
    if chosen:
        labels = [describe(p) for p in chosen]
        shown = "; ".join(labels[:5]) + (" …" if len(labels) > 5 else "")
        st.caption(tr("drill.from_chart", what=md(shown)))
    elif choices:
        options = list(choices)
        if len(options) > MAX_CHOICES:
            options = options[:MAX_CHOICES]
            st.caption(tr("drill.choices_cut", shown=MAX_CHOICES, total=len(choices)))
        label = st.selectbox(
            tr("drill.choose"),
            options,
            index=None,
            key=f"{key}_pick",
            placeholder=tr(
                "drill.placeholder_duties" if query == "drill_assignments" else "drill.placeholder"
            ),
        )
        if label is not None and label in choices:
            chosen = [choices[label]]
    if not chosen:
        st.caption(hint(mark, bool(choices)) if fields else tr("drill.hint_list"))
        return None
    chosen = [{**(extra or {}), **pick} for pick in chosen]
    try:
        frame = rows(filters, chosen, query)
    except Exception:  # never a traceback on screen
        log.exception("drill-down failed: %s %s", query, chosen)
        st.warning(tr("drill.error"))
        return None
    if from_chart and query != "drill_assignments" and frame is not None and not frame.empty:
        seen = f"{key}_dialog_seen"
        signature = json.dumps(chosen, sort_keys=True, default=str)
        again = st.button(
            tr("drill.open_dialog"), key=f"{key}_dialog_again", icon=":material/open_in_full:"
        )
        if again or st.session_state.get(seen) != signature:
            st.session_state[seen] = signature
            open_dialog(frame, key, shown)
    if query == "drill_assignments":
        show_assignments(frame, key)
    else:
        show_activities(frame, key)
    return frame


MARKS = ("bar", "hbar", "cell", "point")


def hint(mark: str, has_list: bool) -> str:
    """How to drill into this chart: click a column (vertical bars), a bar (horizontal bars,
    a Gantt), a cell (heatmap) or a point (scatter); "or choose from the list" only where
    there is a list."""
    mark = mark if mark in MARKS else "bar"
    key = "drill.hint_cell" if mark == "cell" else "drill.hint_drag"  # no box select on cells
    text = tr(key, one=tr(f"drill.mark.{mark}"), many=tr(f"drill.marks.{mark}"))
    return text + tr("drill.hint_or_list" if has_list else "drill.hint_end")


def open_dialog(frame: pd.DataFrame, key: str, what: str) -> None:
    """The drilled activities in a dialog over the page: full text, wrapped, and the export."""

    def body() -> None:
        st.caption(tr("drill.dialog_from", what=md(what)))
        _count_caption(frame, "drill.activities")
        themes = "themes_en" if lang() == "en" else "themes_vi"
        st.html(full_text_html(frame, themes, FULL_TEXT))
        if len(frame) > FULL_TEXT:
            st.caption(tr("drill.dialog_cut", shown=num(FULL_TEXT), total=num(len(frame))))
        activity_export(frame, f"{key}_dialog_export")

    try:
        st.dialog(tr("drill.title"), width="large")(body)()
    except StreamlitAPIException:  # another dialog is open in this run
        log.info("drill dialog %s not opened: another one is open", key)


def full_text_html(frame: pd.DataFrame, themes: str, limit: int = FULL_TEXT) -> str:
    """The first `limit` activities in full: id and title, the description (when it says
    more than the title), the facts (plan, section, timeframe, dates, units, themes,
    source). Escaped text, wrapped: nothing from the data becomes markup, nothing is cut."""
    blocks = []
    for row in frame.head(limit).to_dict("records"):
        description = _text(row.get("description"))
        text = (
            f'<p class="ttdn-drill-desc">{html.escape(description)}</p>'
            if description and description != _text(row.get("title"))
            else ""
        )
        blocks.append(
            f'<div class="ttdn-drill-item">{detail_html(row, themes)}{text}'
            f"{facts_html(row, themes)}</div>"
        )
    style = (
        "<style>.ttdn-drill-item{border:1px solid rgba(49,51,63,.2);border-radius:.5rem;"
        "padding:.5rem .75rem;margin:0 0 .6rem 0;white-space:normal;overflow-wrap:anywhere}"
        ".ttdn-drill-item p{margin:0 0 .3rem 0}.ttdn-drill-desc{white-space:pre-wrap}"
        ".ttdn-drill-item ul{margin:0;padding-left:1.1rem;font-size:.9em}</style>"
    )
    return f'{style}<div class="ttdn-drill-list">{"".join(blocks)}</div>'


def _plan_label(row, no_number: str | None = None) -> str:
    number = row.get("plan_number")
    if not (isinstance(number, str) and number.strip()):
        number = no_number if no_number is not None else tr("drill.no_number")
    return f"{number} · {row.get('issuer')} · {row.get('year')}"


def _source(row, template: str | None = None) -> str:
    template = template if template is not None else tr("drill.source_fmt")
    return template.format(
        file=row.get("source_file"),
        sheet=vi_sheet(row.get("source_sheet")),  # 'activities' is 'Hoạt động' in VI
        row=row.get("source_row"),
    )


def _labels(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Plan and source labels for every row (translations looked up once)."""
    no_number, template = tr("drill.no_number"), tr("drill.source_fmt")
    records = frame[
        ["plan_number", "issuer", "year", "source_file", "source_sheet", "source_row"]
    ].to_dict("records")
    return ([_plan_label(r, no_number) for r in records], [_source(r, template) for r in records])


def _count_caption(frame: pd.DataFrame, noun_key: str) -> None:
    total = int(frame["total"].iloc[0]) if "total" in frame and len(frame) else len(frame)
    if total > len(frame):
        st.caption(
            tr("drill.count_limited", shown=num(len(frame)), total=num(total), what=tr(noun_key))
        )
    else:
        st.caption(tr("drill.count", total=num(total), what=tr(noun_key)))


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value)


def show_activities(frame: pd.DataFrame, key: str) -> None:
    """Activities as a table (one row selectable) and the full text of the chosen one."""
    if frame is None or frame.empty:
        st.info(tr("drill.none"))
        return
    _count_caption(frame, "drill.activities")
    themes = "themes_en" if lang() == "en" else "themes_vi"
    plans, sources = _labels(frame)
    table = pd.DataFrame(
        {
            tr("drill.col.plan"): plans,
            tr("drill.col.province"): frame["province"],
            tr("drill.col.activity_id"): frame["activity_id"],
            tr("drill.col.title"): frame["title"],
            tr("drill.col.timeframe"): frame["timeframe"],
            tr("drill.col.lead"): frame["lead_units"],
            tr("drill.col.cooperating"): frame["cooperating_units"],
            tr("drill.col.themes"): frame[themes],
            tr("drill.col.source"): sources,
        }
    )
    state = show_table(
        table,
        hide_index=True,
        width="stretch",
        key=f"{key}_rows",
        on_select="rerun",
        selection_mode="single-row",
        height=min(420, 38 + 35 * len(table)),
    )
    selected = list(getattr(getattr(state, "selection", None), "rows", []) or [])
    if len(frame) == 1 and not selected:
        selected = [0]
    if selected and 0 <= selected[0] < len(frame):
        _activity_detail(frame.iloc[selected[0]].to_dict(), themes)
    else:
        st.caption(tr("drill.pick_row"))
    activity_export(frame, f"{key}_export")


def activity_export(frame: pd.DataFrame, key: str) -> None:
    """CSV / Excel of the drilled activities (all of them, full text)."""
    themes = "themes_en" if lang() == "en" else "themes_vi"
    columns = [
        "plan_id",
        "plan_number",
        "issuer",
        "year",
        "province",
        "activity_id",
        "title",
        "description",
        "timeframe",
        "start_date",
        "end_date",
        "lead_units",
        "cooperating_units",
        themes,
        "source_file",
        "source_sheet",
        "source_row",
    ]
    export.buttons(
        frame,
        tr("drill.file_activities"),
        key=key,
        columns=[c for c in columns if c in frame],
        labels=DRILL_LABELS,
    )


def _activity_detail(row: dict, themes: str) -> None:
    """The chosen activity in full. Text from the data is shown as text: escaped HTML, never
    markdown (a title like '[x](https://…) ![](https://…)' must not become a link or image)."""
    with st.container(border=True):
        st.html(detail_html(row, themes))
        description = _text(row.get("description"))
        if description and description != _text(row.get("title")):
            st.text(description)
        st.html(facts_html(row, themes))


def show_citations(items: list[dict]) -> None:
    """Cited text (e.g. a legal basis) with its plan and source (file, sheet, row)."""
    if not items:
        st.info(tr("drill.none"))
        return
    no_number, template = tr("drill.no_number"), tr("drill.source_fmt")
    st.markdown(
        "\n".join(
            f"- {md(_text(item.get('reference')))}  \n"
            f"  {md(_plan_label(item, no_number))} · {md(_source(item, template))}"
            for item in items
        )
    )


def detail_html(row: dict, themes: str) -> str:
    return (
        f"<p><b>{html.escape(_text(row.get('activity_id')))} —"
        f" {html.escape(_text(row.get('title')))}</b></p>"
    )


def facts_html(row: dict, themes: str) -> str:
    facts = [
        (tr("drill.col.plan"), _plan_label(row)),
        (tr("drill.col.section"), _text(row.get("section"))),
        (tr("drill.col.timeframe"), _text(row.get("timeframe"))),
        (
            tr("drill.col.dates"),
            " – ".join(d for d in (day(row.get("start_date")), day(row.get("end_date"))) if d),
        ),
        (tr("drill.col.lead"), _text(row.get("lead_units"))),
        (tr("drill.col.cooperating"), _text(row.get("cooperating_units"))),
        (tr("drill.col.themes"), _text(row.get(themes))),
        (tr("drill.col.source"), _source(row)),
    ]
    items = "".join(
        f"<li><b>{html.escape(name)}:</b> {html.escape(value)}</li>"
        for name, value in facts
        if value
    )
    return f"<ul>{items}</ul>"


def show_assignments(frame: pd.DataFrame, key: str) -> None:
    """Assigned duties with their plan and source."""
    if frame is None or frame.empty:
        st.info(tr("drill.none"))
        return
    _count_caption(frame, "drill.duties")
    plans, sources = _labels(frame)
    roles = {r: tr(f"units.role.{r}") for r in set(frame["role"])}
    table = pd.DataFrame(
        {
            tr("drill.col.plan"): plans,
            tr("drill.col.province"): frame["province"],
            tr("drill.col.unit"): frame["unit"],
            tr("drill.col.role"): frame["role"].map(roles),
            tr("drill.col.duty"): frame["duty"],
            tr("drill.col.source"): sources,
        }
    )
    show_table(
        table,
        hide_index=True,
        width="stretch",
        key=f"{key}_rows",
        height=min(420, 38 + 35 * len(table)),
        column_config={tr("drill.col.duty"): st.column_config.TextColumn(width="large")},
    )
    export.buttons(
        frame,
        tr("drill.file_duties"),
        key=f"{key}_export",
        labels=DRILL_LABELS,
        columns=[
            c
            for c in (
                "plan_id",
                "plan_number",
                "issuer",
                "year",
                "province",
                "unit",
                "unit_canonical",
                "unit_type",
                "role",
                "duty",
                "source_file",
                "source_sheet",
                "source_row",
            )
            if c in frame
        ],
    )


DRILL_LABELS = {
    "plan_number": "col.number",
    "province": "col.province",
    "activity_id": "drill.col.activity_id",
    "title": "drill.col.title",
    "description": "drill.col.description",
    "timeframe": "drill.col.timeframe",
    "start_date": "drill.col.start",
    "end_date": "drill.col.end",
    "lead_units": "drill.col.lead",
    "cooperating_units": "drill.col.cooperating",
    "themes_vi": "drill.col.themes",
    "themes_en": "drill.col.themes",
    "source_sheet": "drill.col.sheet",
    "source_row": "drill.col.row",
    "unit": "drill.col.unit",
    "unit_canonical": "drill.col.unit_canonical",
    "unit_type": "drill.col.unit_type",
    "role": "drill.col.role",
    "duty": "drill.col.duty",
}
