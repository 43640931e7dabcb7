"""The Tổng quan (home) page's logic, without drawing: the province × theme heatmap of
shares shown at national scale (instead of a stacked bar of many provinces × 19 colours)."""

from __future__ import annotations

import pandas as pd

from ttdn.i18n import t
from ttdn.ui import charts

MAX_PLAN_BARS = 30  # more plans than this: the province × theme heatmap
SHARE_LABELS = {
    "province": "col.province",
    "theme_code": "themes.col.code",
    "theme": "home.chart.theme",
    "activities": "home.chart.count",
    "row_activities": "compare.col.total",
    "share": "home.heatmap.share",
}


SOURCE_COLUMNS = ["plan_id", "number", "issuer", "year", "issued_date", "signer", "activities"]


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """plan_sources rows as the Nguồn dữ liệu table shows them: the file is the document the
    plan came from as the workbook names it (`source`), else the file it was loaded from
    (for a folder of CSV files that is the folder, named after the plan)."""
    written = sources["source"].where(sources["source"].fillna("").str.strip() != "")
    return sources[SOURCE_COLUMNS].assign(source_file=written.fillna(sources["source_file"]))


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
