"""The drill-down hint names what the chart has (a column, a bar, a cell, a point) and
offers the list only where there is one."""

import plotly.graph_objects as go

from ttdn.ui import charts, drill


def test_mark_of_a_chart():
    assert charts.mark_of({"data": [{"type": "bar", "customdata": [[1]]}]}) == "bar"
    assert charts.mark_of({"data": [{"type": "bar", "orientation": "h"}]}) == "hbar"
    heat = {"data": [{"type": "heatmap", "z": [[1]]}, {"type": "heatmap", "customdata": [[1]]}]}
    assert charts.mark_of(heat) == "cell"
    assert charts.mark_of(go.Figure(go.Scatter(x=[1], y=[2], customdata=[1]))) == "point"
    assert charts.mark_of({"data": []}) == "bar"


def test_hint_in_vietnamese(vi):
    assert drill.hint("bar", True) == (
        "Nhấp vào một cột (hoặc kéo chọn nhiều cột) trên biểu đồ, hoặc chọn trong danh sách, "
        "để xem các hoạt động đằng sau."
    )
    assert drill.hint("hbar", False) == (
        "Nhấp vào một thanh (hoặc kéo chọn nhiều thanh) trên biểu đồ để xem các hoạt động đằng sau."
    )
    assert drill.hint("cell", False) == "Nhấp vào một ô trên biểu đồ để xem các hoạt động đằng sau."
    assert "một điểm" in drill.hint("point", True)


def test_hint_in_english(en):
    assert drill.hint("point", False) == (
        "Click a point (or drag to select several) in the chart to see the activities behind it."
    )
    assert drill.hint("cell", True) == (
        "Click a cell in the chart, or choose from the list, to see the activities behind it."
    )
