"""The Tổng quan (home) page's logic, without drawing: the province × theme heatmap of
shares shown at national scale (instead of a stacked bar of many provinces × 19 colours),
and the frames the page draws from one query (queries/home_plans.sql): the plans the
highlights read and the list of sources."""

from __future__ import annotations

import pandas as pd

from ttdn.i18n import t
from ttdn.ui import charts

MAX_PLAN_BARS = 30  # more plans than this: the province × theme heatmap
SOURCE_COLUMNS = [
    "plan_id",
    "number",
    "issuer",
    "year",
    "issued_date",
    "signer",
    "activities",
    "source_file",
]
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
    kept = kept.rename(columns={"number": "plan_number"})[HIGHLIGHT_COLUMNS]
    return kept.reset_index(drop=True)


def plan_sources(plans: pd.DataFrame) -> pd.DataFrame:
    """home_plans rows → the list of sources (queries/plan_sources.sql's columns shown on
    the page: every plan under the plan filters with all its activities)."""
    frame = plans.drop(columns=["activities"]).rename(columns={"activities_all": "activities"})
    return frame[SOURCE_COLUMNS].copy()


def theme_totals(matrix: pd.DataFrame) -> pd.DataFrame:
    """themes_by_province rows summed over the provinces: the activities of each theme
    listed (as queries/themes_by_theme.sql counts them, for the highlights)."""
    if matrix.empty:
        return pd.DataFrame(columns=["theme_code", "name_vi", "name_en", "activities"])
    totals = matrix.groupby("theme_code", sort=False).agg(
        name_vi=("name_vi", "first"), name_en=("name_en", "first"), activities=("activities", "sum")
    )
    return totals.reset_index()


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
    """Provinces down, themes across (the most covered first), shares in percent."""
    order = frame.groupby("theme")["share"].mean().sort_values(ascending=False, kind="stable")
    return charts.gap_heatmap(
        frame,
        x="theme",
        y="province",
        z="share",
        x_order=list(order.index),
        y_order=list(dict.fromkeys(frame["province"])),
        z_title=t("home.heatmap.share", lang),
        zero_text="0",
        percent=True,
    )
