"""Heatmap column labels (ttdn.ui.charts.gap_heatmap): on a 390 px phone three columns of
~45 px got level labels ("Hà Tĩnh", "Đắk Lắk", "Trung vị các tỉnh") that ran into each
other. A few columns leave the angle to Plotly, which turns the labels only when they would
overlap (tests/e2e/test_defects_browser.py measures it in a browser)."""

import pandas as pd

from ttdn.ui import charts


def grid(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(c, t, 1) for c in columns for t in ("Quảng bá", "Báo chí")],
        columns=["column", "theme", "activities"],
    )


def test_few_columns_turn_only_when_they_must(vi):
    spec = charts.gap_heatmap(
        grid(["Hà Tĩnh", "Đắk Lắk", "Trung vị các tỉnh"]), x="column", y="theme", z="activities"
    )
    axis = spec["layout"]["xaxis"]
    assert axis["tickangle"] == "auto"  # not 0: a fixed 0 keeps Plotly from turning them
    assert axis["autotickangles"] == [0, -40, -90]


def test_many_columns_keep_their_steep_angle(vi):
    spec = charts.gap_heatmap(
        grid([f"Tỉnh {i}" for i in range(20)]), x="column", y="theme", z="activities"
    )
    assert spec["layout"]["xaxis"]["tickangle"] == -60
