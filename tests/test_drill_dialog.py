"""The drill-down dialog's full text (issue 11, item 6): every activity whole, escaped,
nothing cut; at most FULL_TEXT of them (the export has all)."""

import pandas as pd

from ttdn.ui import drill

LONG = " ".join(f"từ{i}" for i in range(400))  # ~2,800 characters, far past any table cell


def frame(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "plan_id": ["HT-2020"] * n,
            "plan_number": ["12/KH-UBND"] * n,
            "issuer": ["UBND tỉnh Hà Tĩnh"] * n,
            "year": [2020] * n,
            "activity_id": [f"II.{i}" for i in range(n)],
            "title": [f"Hoạt động {i} <script>x</script>" for i in range(n)],
            "description": [LONG + f" cuối{i}" for i in range(n)],
            "section": ["II"] * n,
            "timeframe": ["Quý III/2020"] * n,
            "start_date": [pd.Timestamp("2020-07-01")] * n,
            "end_date": [pd.Timestamp("2020-09-30")] * n,
            "lead_units": ["Sở Ngoại vụ"] * n,
            "cooperating_units": [None] * n,
            "themes_vi": ["Quảng bá hình ảnh"] * n,
            "source_file": ["ht.xlsx"] * n,
            "source_sheet": ["Hoạt động"] * n,
            "source_row": [i + 2 for i in range(n)],
        }
    )


def test_full_text_is_whole_and_escaped(language):
    out = drill.full_text_html(frame(3), "themes_vi", limit=60)
    assert out.count('class="ttdn-drill-item"') == 3
    for i in range(3):
        assert LONG + f" cuối{i}" in out  # the whole description, not cut
        assert f"II.{i} — Hoạt động {i} &lt;script&gt;x&lt;/script&gt;" in out
    assert "<script>" not in out
    assert "…" not in out
    assert "Sở Ngoại vụ" in out and "ht.xlsx" in out
    assert ("01/07/2020" if language == "vi" else "2020") in out


def test_full_text_stops_at_the_limit():
    out = drill.full_text_html(frame(drill.FULL_TEXT + 5), "themes_vi")
    assert out.count('class="ttdn-drill-item"') == drill.FULL_TEXT
    assert f"II.{drill.FULL_TEXT - 1} —" in out and f"II.{drill.FULL_TEXT} —" not in out


def test_a_description_equal_to_the_title_is_not_repeated():
    one = frame(1).assign(description=["Hoạt động 0 <script>x</script>"])
    out = drill.full_text_html(one, "themes_vi")
    assert 'class="ttdn-drill-desc"' not in out
