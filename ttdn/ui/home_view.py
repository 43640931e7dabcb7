"""The Tổng quan (home) page's logic, without drawing: the province × theme heatmap of
shares shown at national scale (instead of a stacked bar of many provinces × 19 colours),
and the plans the highlights read, from one query (queries/home_plans.sql). (The list of
sources is on the Dữ liệu page: ttdn.ui.data_view.sources.)

``overview(filters, language, national)`` computes what the page shows under the filters
(highlights, heatmap) once per database snapshot, filters and language,
shared by every session (st.cache_data keyed on the database file's signature, so a load
that replaces the file is seen on the next rerun)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ttdn.i18n import t
from ttdn.reference import theme_short_names
from ttdn.ui import charts
from ttdn.ui.context import db, run
from ttdn.ui.highlights import Highlight, highlights

MAX_PLAN_BARS = 30  # more plans than this: the province × theme heatmap
# the columns of queries/highlights_plans.sql, as ttdn.ui.highlights reads them
HIGHLIGHT_COLUMNS = [
    "plan_id",
    "plan_number",
    "issuer",
    "province",
    "year",
    "central",
    "activities",
    "with_lead",
    "budget_status",
]
SHARE_LABELS = {
    "province": "col.province",
    "theme_code": "themes.col.code",
    "theme": "home.chart.theme",
    "activities": "home.chart.count",
    "row_activities": "compare.col.total",
    "share": "home.heatmap.share",
}


def highlight_plans(plans: pd.DataFrame) -> pd.DataFrame:
    """home_plans rows → the rows of queries/highlights_plans.sql under the same filters
    (the plans with activities matching the theme and unit filters, if any)."""
    kept = plans[plans["matched"].astype(bool)] if not plans.empty else plans
    kept = kept.drop(columns=["activities"]).rename(
        columns={"number": "plan_number", "matched_activities": "activities"}
    )
    return kept[HIGHLIGHT_COLUMNS].reset_index(drop=True)


def theme_totals(matrix: pd.DataFrame) -> pd.DataFrame:
    """themes_by_province rows summed over the provinces: the activities of each theme
    listed (as queries/themes_by_theme.sql counts them, for the highlights)."""
    totals: dict = {}
    for code, name_vi, name_en, count in zip(
        matrix["theme_code"].tolist(),
        matrix["name_vi"].tolist(),
        matrix["name_en"].tolist(),
        matrix["activities"].tolist(),
        strict=True,
    ):
        if code in totals:
            totals[code][3] += count
        else:
            totals[code] = [code, name_vi, name_en, count]
    return pd.DataFrame(
        list(totals.values()), columns=["theme_code", "name_vi", "name_en", "activities"]
    )


def shares(matrix: pd.DataFrame, lang: str) -> pd.DataFrame:
    """themes_by_province rows with the theme named and each cell's share of the province's
    activities, in percent (0 where the province has none)."""
    name = "name_en" if lang == "en" else "name_vi"
    total = matrix["row_activities"].astype(float)
    share = (matrix["activities"].astype(float) / total.where(total > 0)).fillna(0.0) * 100
    return pd.DataFrame(
        {
            "province": matrix["province"],
            "theme_code": matrix["theme_code"],
            "theme": matrix[name],
            "activities": matrix["activities"],
            "row_activities": matrix["row_activities"],
            "share": share.round(1),
        }
    )


def heatmap(frame: pd.DataFrame, lang: str) -> dict:
    """Provinces down, themes across (the most covered first, by short name; the hover
    has the full one), shares in percent, the colour scale under the plot."""
    order = frame.groupby("theme")["share"].mean().sort_values(ascending=False, kind="stable")
    shorts = theme_short_names(lang)
    names = dict(zip(frame["theme"], frame["theme_code"], strict=True))
    spec = charts.gap_heatmap(
        frame,
        x="theme",
        y="province",
        z="share",
        x_order=list(order.index),
        y_order=list(dict.fromkeys(frame["province"])),
        z_title=t("home.heatmap.share", lang),
        zero_text="0",
        percent=True,
        x_labels={name: shorts.get(code, name) for name, code in names.items()},
    )
    return _scale_under(spec)


def _scale_under(spec: dict) -> dict:
    """The colour scale of a gap_heatmap under the plot, not beside it: on a phone (where
    the cells are too narrow for their numbers) it took a quarter to a third of the width."""
    colorbar = spec["data"][1]["colorbar"]
    colorbar.update(orientation="h", y=-0.01, yanchor="top", thickness=10, len=1)
    colorbar["title"]["side"] = "top"
    return spec


def plan_heatmap(counts: pd.DataFrame, themes, value_title: str) -> dict:
    """activities_by_plan_theme rows as a heatmap: themes down (every theme with
    activities, most first, by short name), plans across, the count in each cell and the
    themes a plan lacks as red "0" cells. A bar per plan stacked by 18 themes had to fold
    all but 8 into "khác", which then was the largest segment of every bar and hid what
    the plans are about; here every theme has its row. `themes`: themes_view.Themes."""
    column = "theme_en" if themes.column.endswith("_en") else "theme_vi"
    plans = list(dict.fromkeys(counts["plan_label"]))
    spec = charts.gap_heatmap(
        counts,
        x="plan_label",
        y=column,
        z="activities",
        x_order=plans,
        y_order=list(themes.ranked[themes.column]),
        z_title=value_title,
        y_labels=themes.short_by_name,
        # "Hà Tĩnh<br>2020": narrow columns on a phone (the hover has the full label)
        x_labels={p: charts.wrap(p, 7, 4) for p in plans} if len(plans) <= 15 else None,
    )
    return _scale_under(spec)


@dataclass(frozen=True)
class Overview:
    """What the home page shows under some filters, beyond the KPIs and the map."""

    highlights: list[Highlight]
    themes: pd.DataFrame  # the themes' activities the highlights read
    shares: pd.DataFrame | None = None  # the heatmap's rows (at national scale)
    figure: dict | None = None  # the heatmap (None when no activity is counted)


def overview(filters, language: str, national: bool) -> Overview:
    """national: more plans than the bar chart takes (the heatmap is drawn)."""
    return _overview(db().signature, filters, language, national)


@st.cache_data(max_entries=256, show_spinner=False)
def _overview(signature, filters, language: str, national: bool) -> Overview:
    params = filters.params()
    # one query for the plans of the highlights; at national scale the themes' totals come
    # from the heatmap's matrix
    plans = run("home_plans", **params)
    matrix = run("themes_by_province", **params) if national else None
    themes = theme_totals(matrix) if national else run("themes_by_theme", **params)
    found = highlights({"plans": highlight_plans(plans), "themes": themes}, filters, language)
    rows = figure = None
    if national:
        rows = shares(matrix, language)
        figure = heatmap(rows, language) if rows["activities"].sum() else None
    return Overview(found, themes, rows, figure)
