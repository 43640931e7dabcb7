"""The Chủ đề (Themes) page's logic, without drawing: chart specs, drill choices, labels
and the frames it shows. Every function takes frames from the themes_* queries (or plain
values) and returns a spec dict, a string, a list, a dict or a frame; app_pages/themes.py
draws them.

Manual links (written in the workbook) and automatic ones (classified from the text) are
told apart: hatched bars are automatic."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ttdn.reference import theme_short_names
from ttdn.ui import charts, drill
from ttdn.ui.context import name_column, tr

LABELS = {
    "theme_code": "themes.col.code",
    "name_vi": "themes.col.name_vi",
    "name_en": "themes.col.name_en",
    "manual": "themes.col.manual",
    "auto": "themes.col.auto",
    "activities": "themes.col.activities",
    "plans": "themes.col.plans",
    "province": "col.province",
    "plan_label": "themes.col.plan",
    "row_activities": "themes.col.row_activities",
    "year_plans": "themes.col.year_plans",
    "share": "themes.col.share",
    "missing": "themes.col.missing",
    "missing_count": "themes.col.missing_count",
}
MAX_BARS = 40  # rows in the province/plan bar chart
MAX_HEAT = 60  # rows in the gap heatmap

EXPORT_THEMES = ["theme_code", "name_vi", "name_en", "manual", "auto", "activities", "plans"]
EXPORT_YEARS = [
    "year",
    "theme_code",
    "name_vi",
    "name_en",
    "activities",
    "plans",
    "year_plans",
    "share",
]


@dataclass(frozen=True)
class Themes:
    """The themes as the page shows them, from the themes_by_theme query (every theme,
    ordered by activities) and the colour of every theme code."""

    column: str  # name_vi or name_en
    names: dict  # theme code → name
    colors: dict  # theme code → colour
    ranked: pd.DataFrame  # the themes with activities, most first
    order: list  # names: the ranked themes, then the ones without activities
    short: dict | None = None  # theme code → short name (chart axes and legends)

    @classmethod
    def of(
        cls, by_theme: pd.DataFrame, colors: dict | None = None, column: str | None = None
    ) -> Themes:
        """`colors` defaults to charts.theme_colors of the ranking (top 8 in colour)."""
        column = column or name_column()
        ranked = by_theme[by_theme["activities"] > 0]  # the query orders by activities
        ranked_names = set(ranked[column])
        order = list(ranked[column]) + [n for n in by_theme[column] if n not in ranked_names]
        names = dict(zip(by_theme["theme_code"], by_theme[column], strict=True))
        if colors is None:
            colors = charts.theme_colors(by_theme["theme_code"])
        shorts = theme_short_names("en" if column.endswith("_en") else "vi")
        short = {c: shorts.get(c, n) for c, n in names.items()}
        return cls(column, names, dict(colors), ranked, order, short)

    @property
    def top(self) -> list:
        """The codes of the themes a stacked chart names (the rest are "khác")."""
        return list(self.ranked["theme_code"])[: charts.TOP_SERIES]

    @property
    def short_by_name(self) -> dict:
        """Theme name → short name (the charts' axis labels)."""
        return {self.names[c]: self.short.get(c, self.names[c]) for c in self.names}

    def legend(self) -> tuple[dict, dict]:
        """(series_names, series_hover) of a chart stacked by theme code: the top themes'
        short names then "khác"; their full names for the hover."""
        # "Khác (11 chủ đề)": how much the grey segment stands for (its hover lists them)
        folded = len(self.ranked) - len(self.top)
        other = tr("charts.other_n", n=folded) if folded > 0 else tr("charts.other")
        names = {c: self.short.get(c, self.names[c]) for c in self.top}
        hover = {c: self.names[c] for c in self.top}
        return {**names, charts.OTHER: other}, {**hover, charts.OTHER: other}

    def stacked(self, counts: pd.DataFrame, category: list[str], label: str, **options) -> dict:
        """Bars of `counts` (theme_code, activities per `category`) stacked by theme: the
        top themes by short name, the rest folded into one "khác" (each bar's total kept)."""
        cells = self.fold(counts, category)
        names, hover = self.legend()
        return charts.stacked_bars(
            cells,
            category=label,
            value="activities",
            series="theme_code",
            series_names=names,
            series_hover=hover,
            colors=self.colors,
            detail="detail",
            **options,
        )

    def fold(self, counts: pd.DataFrame, category: list[str]) -> pd.DataFrame:
        """charts.fold_other of `counts` by theme code (the top themes kept), with a
        `detail` column: the themes a "khác" segment holds, by name with their activities,
        for its hover (the rest of the bar's themes are not lost from sight)."""
        cells = charts.fold_other(
            counts,
            category=category,
            series="theme_code",
            value="activities",
            keep=self.top,
            parts="parts",
        )
        return cells.assign(detail=[charts.parts_text(p, self.names) for p in cells["parts"]])

    @property
    def color_by_name(self) -> dict:
        """Theme name → colour (the charts' series are names)."""
        return {self.names[c]: self.colors.get(c) for c in self.names}

    @property
    def missing(self) -> list[str]:
        """Names of the themes without any activity, in order."""
        ranked = set(self.ranked[self.column])
        return [n for n in self.order if n not in ranked]

    def text(self, pick: dict) -> list[str]:
        """The names of the themes in a drill pick (the code when unknown)."""
        return [self.names.get(c, c) for c in pick.get("d_themes", [])]


# 1. activities per theme ------------------------------------------------------------------


def theme_spec(themes: Themes) -> dict:
    """Bars per theme (most activities first), manual then automatic (hatched), each bar
    in its theme's colour; customdata = [theme code, manual|auto, name]."""
    ranked, column = themes.ranked, themes.column
    long = pd.DataFrame(
        {
            "theme_code": list(ranked["theme_code"]) * 2,
            column: list(ranked[column]) * 2,
            "assigned": ["manual"] * len(ranked) + ["auto"] * len(ranked),
            "count": list(ranked["manual"]) + list(ranked["auto"]),
        }
    )
    long = long[long["count"] > 0]
    long["color"] = long["theme_code"].map(themes.colors)
    return charts.stacked_bars(
        long,
        category=column,
        value="count",
        series="assigned",
        series_names={"manual": tr("themes.manual"), "auto": tr("themes.auto")},
        patterns=charts.ASSIGNED_PATTERN,
        bar_colors="color",
        custom=["theme_code", "assigned"],
        order=list(ranked[column]),
        value_title=tr("themes.axis.activities"),
        category_labels=themes.short_by_name,
    )


def theme_choices(themes: Themes) -> dict:
    return {
        n: {"d_themes": [c]}
        for c, n in zip(themes.ranked["theme_code"], themes.ranked[themes.column], strict=True)
    }


def describe_theme_pick(themes: Themes, pick: dict) -> str:
    assigned = [tr(f"themes.{pick['d_assigned']}")] if pick.get("d_assigned") else []
    return " · ".join(themes.text(pick) + assigned)


# 2. province × theme or plan × theme ------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """What a row of the matrix is: a province or a plan."""

    key: str  # the row's id column
    label: str  # the column shown
    field: str  # the drill parameter

    @classmethod
    def by(cls, by: str) -> Rows:
        if by == "plan":
            return cls("plan_id", "plan_label", "d_plans")
        return cls("province", "province", "d_provinces")


def matrix_rows(matrix: pd.DataFrame, rows: Rows) -> pd.DataFrame:
    """One line per province or plan (with its row_activities), in the query's order."""
    return matrix.drop_duplicates(rows.key)


def nonzero(frame: pd.DataFrame) -> pd.DataFrame:
    """The cells (row or year × theme) with activities."""
    return frame[frame["activities"] > 0]


def active_rows(lines: pd.DataFrame) -> pd.DataFrame:
    """The provinces or plans with activities, most first."""
    return lines[lines["row_activities"] > 0].sort_values("row_activities", ascending=False)


def matrix_spec(matrix: pd.DataFrame, rows: Rows, themes: Themes) -> dict:
    """Bars per province or plan (the MAX_BARS with most activities), stacked by theme: the
    top themes by name, the rest as one "khác"; customdata = [row id, [theme codes], row
    label]."""
    cells = nonzero(matrix)
    totals = active_rows(matrix_rows(matrix, rows))
    order = list(totals[rows.label])[:MAX_BARS]
    if len(totals) > MAX_BARS:
        cells = cells[cells[rows.label].isin(set(order))]
    return themes.stacked(
        cells,
        category=[rows.key, rows.label],
        label=rows.label,
        custom=[rows.key, "members"],
        order=order,
        value_title=tr("themes.axis.activities"),
        label_width=28,
    )


def row_names(matrix: pd.DataFrame, rows: Rows) -> dict:
    """Row id → row label."""
    lines = matrix_rows(matrix, rows)
    return dict(zip(lines[rows.key], lines[rows.label], strict=True))


def matrix_choices(matrix: pd.DataFrame, rows: Rows, themes: Themes) -> dict:
    """Drill choices "row · theme" for the cells with activities, largest first (at most
    one more than drill.MAX_CHOICES, so the drill can say the list is cut)."""
    cells = nonzero(matrix).sort_values("activities", ascending=False)
    cells = cells.head(drill.MAX_CHOICES + 1)
    names = row_names(matrix, rows)
    return {
        f"{names.get(r)} · {themes.names.get(c, c)}": {rows.field: [r], "d_themes": [c]}
        for r, c in zip(cells[rows.key], cells["theme_code"], strict=True)
    }


def describe_matrix_pick(names: dict, rows: Rows, themes: Themes, pick: dict) -> str:
    """A pick as text; `names` from row_names."""
    return " · ".join([str(names.get(v, v)) for v in pick.get(rows.field, [])] + themes.text(pick))


def gap_spec(matrix: pd.DataFrame, rows: Rows, themes: Themes) -> dict:
    """Heatmap rows × themes (themes down, in the page's order) where empty cells show."""
    return charts.gap_heatmap(
        matrix,
        x=rows.label,
        y=themes.column,
        z="activities",
        x_order=list(matrix_rows(matrix, rows)[rows.label]),
        y_order=themes.order,
        z_title=tr("themes.axis.activities"),
        y_labels=themes.short_by_name,
    )


def gap_table(matrix: pd.DataFrame, rows: Rows, column: str) -> pd.DataFrame:
    """Per province or plan: its activities and the themes it lacks (count and names,
    '; '-joined in the matrix's order); plans also show issuer and year."""
    gaps: dict = {}
    for r, n, a in zip(matrix[rows.key], matrix[column], matrix["activities"], strict=True):
        if a == 0:
            gaps.setdefault(r, []).append(n)
    lines = matrix_rows(matrix, rows)
    table = lines.assign(
        missing=["; ".join(gaps.get(r, [])) for r in lines[rows.key]],
        missing_count=[len(gaps.get(r, [])) for r in lines[rows.key]],
    )
    columns = [rows.label, "row_activities", "missing_count", "missing"]
    if rows.key == "plan_id":
        columns = ["plan_label", "issuer", "year", "row_activities", "missing_count", "missing"]
    return table[columns]


def empty_rows(matrix: pd.DataFrame, rows: Rows) -> list[str]:
    """Provinces or plans without any activity."""
    lines = matrix_rows(matrix, rows)
    return [
        str(v) for v, a in zip(lines[rows.label], lines["row_activities"], strict=True) if a == 0
    ]


def matrix_export_columns(rows: Rows, column: str) -> list[str]:
    return [rows.label, "row_activities", "theme_code", column, "activities", "manual"]


# 3. over the years ------------------------------------------------------------------------


def year_order(by_year: pd.DataFrame) -> list[str]:
    """Every year from the first to the last (a year without plans keeps its place)."""
    return charts.year_range(by_year["year"])


def years_spec(by_year: pd.DataFrame, themes: Themes) -> dict:
    """Vertical bars per year, stacked by theme (the top themes, the rest as "khác");
    customdata = [year, [theme codes], year]."""
    fig = themes.stacked(
        nonzero(by_year).assign(year_label=lambda f: f["year"].astype(str)),
        category=["year", "year_label"],
        label="year_label",
        custom=["year", "members"],
        horizontal=False,
        order=year_order(by_year),
        value_title=tr("themes.axis.activities"),
        category_title=tr("themes.axis.year"),
    )
    fig["layout"]["height"] = 480
    return fig


def share_spec(by_year: pd.DataFrame, themes: Themes) -> dict:
    """Heatmap years × themes of the share of the year's plans that cover the theme."""
    return charts.gap_heatmap(
        by_year.assign(year_label=by_year["year"].astype(str)),
        x="year_label",
        y=themes.column,
        z="share",
        # only the years with plans: a year without any is not a column of "0%" gaps
        x_order=[str(y) for y in sorted(set(by_year["year"]))],
        y_order=themes.order,
        z_title=tr("themes.col.share"),
        percent=True,
        zero_text="0%",
        y_labels=themes.short_by_name,
    )


def year_choices(by_year: pd.DataFrame, themes: Themes) -> dict:
    cells = nonzero(by_year)
    return {
        f"{y} · {themes.names.get(c, c)}": {"d_years": [int(y)], "d_themes": [c]}
        for y, c in zip(cells["year"], cells["theme_code"], strict=True)
    }


def describe_year_pick(themes: Themes, pick: dict) -> str:
    return " · ".join([str(y) for y in pick.get("d_years", [])] + themes.text(pick))
