"""Charts a reader can read (issue 11, item 5): colours told apart, at most eight named themes
plus "khác" on a stacked chart (the totals unchanged), the legend under the plot (the toolbar
sits on top), short theme names on the axes."""

import itertools
import math
from collections import Counter

import pandas as pd
import pytest

from tests.fixtures import bars
from ttdn.i18n import t
from ttdn.reference import load_reference, theme_short_names
from ttdn.ui import charts
from ttdn.ui import themes_view as view


def stacked_by_plan(counts: pd.DataFrame, themes) -> dict:
    """Bars per plan stacked by theme (the top themes by short name, the rest as one 'khác')."""
    return themes.stacked(
        counts,
        category=["plan_id", "plan_label"],
        label="plan_label",
        order=list(dict.fromkeys(counts["plan_label"])),
        value_title="n",
    )


def _lab(color: str) -> tuple[float, float, float]:
    """sRGB hex → CIELAB (D65)."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in (r, g, b))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def delta_e2000(one: str, two: str) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = _lab(one), _lab(two)
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_hue = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_bar = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    tt = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = -math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))) * (
        2 * math.sqrt(c_bar**7 / (c_bar**7 + 25**7))
    )
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * c_bar, 1 + 0.015 * c_bar * tt
    dl, dc, dhh = (l2 - l1) / sl, (c2 - c1) / sc, d_hue / sh
    return math.sqrt(dl**2 + dc**2 + dhh**2 + rotation * dc * dhh)


def test_delta_e2000_against_published_pairs():
    assert delta_e2000("#FFFFFF", "#000000") == pytest.approx(100.0, abs=0.01)
    assert delta_e2000("#4E79A7", "#4E79A7") == 0
    # the old palette's two pinks were this close (a reader could not tell them apart)
    assert delta_e2000("#E15F99", "#FC0080") < 10


def test_the_colours_of_a_chart_are_told_apart():
    used = [*charts.PALETTE[: charts.TOP_SERIES], charts.OTHER_COLOR]
    assert len(set(used)) == charts.TOP_SERIES + 1
    closest = min(delta_e2000(a, b) for a, b in itertools.combinations(used, 2))
    assert closest >= 15, closest


def test_theme_colours_by_rank_top_eight_then_grey():
    codes = [f"t{i:02d}" for i in range(19)]
    colors = charts.theme_colors(codes)
    assert [colors[c] for c in codes[:8]] == list(charts.PALETTE[:8])
    assert {colors[c] for c in codes[8:]} == {charts.OTHER_COLOR}
    assert colors[charts.OTHER] == charts.OTHER_COLOR


def nineteen() -> pd.DataFrame:
    """3 plans × 19 themes; theme i has (i + 1) × (plan number) activities, none for
    theme 0 in plan C."""
    rows = []
    for p, plan in enumerate("ABC", start=1):
        for i in range(19):
            count = (i + 1) * p if not (plan == "C" and i == 0) else 0
            rows.append((plan, f"Plan {plan}", f"t{i:02d}", count))
    return pd.DataFrame(rows, columns=["plan_id", "plan_label", "theme_code", "activities"])


def test_fold_other_keeps_every_total():
    frame = nineteen()
    keep = charts.top_series(frame, "theme_code", "activities")
    # the largest totals: t18 (19 × 6), t17, …, t11
    assert keep == [f"t{i:02d}" for i in range(18, 10, -1)]
    folded = charts.fold_other(
        frame, category=["plan_id", "plan_label"], series="theme_code", value="activities",
        keep=keep,
    )  # fmt: skip
    before = frame.groupby("plan_id")["activities"].sum().to_dict()
    after = folded.groupby("plan_id")["activities"].sum().to_dict()
    assert after == before == {"A": 190, "B": 380, "C": 567}
    assert set(folded["theme_code"]) == {*keep, charts.OTHER}
    other = folded[folded["theme_code"] == charts.OTHER].set_index("plan_id")
    # plan A's "other": themes t00…t10, 1 + 2 + … + 11 = 66 activities
    assert other.loc["A", "activities"] == 66
    assert other.loc["A", "members"] == [f"t{i:02d}" for i in range(11)]
    assert other.loc["C", "plan_label"] == "Plan C"
    kept = folded[folded["theme_code"] == "t18"]
    assert list(kept["members"]) == [["t18"]] * 3


def test_fold_other_without_others_changes_nothing():
    frame = nineteen()
    folded = charts.fold_other(
        frame, category=["plan_id"], series="theme_code", value="activities",
        keep=list(frame["theme_code"]),
    )  # fmt: skip
    assert len(folded) == len(frame) and charts.OTHER not in set(folded["theme_code"])


def test_a_chart_of_nineteen_themes_names_eight_and_other(language):
    reference = load_reference().themes
    codes = list(reference["theme_code"])
    assert len(codes) == 19
    by_theme = pd.DataFrame(
        {
            "theme_code": codes,
            "name_vi": reference["name_vi"],
            "name_en": reference["name_en"],
            "activities": [19 - i for i in range(19)],  # ranked as listed
        }
    )
    themes = view.Themes.of(by_theme)
    counts = nineteen()
    counts["theme_code"] = counts["theme_code"].map(lambda c: codes[int(c[1:])])
    spec = stacked_by_plan(counts, themes)
    traces = [trace for trace in spec["data"] if trace.get("customdata")]
    short = theme_short_names(language)
    other = t("charts.other_n", language, n=11)  # 19 themes with activities, 8 named
    assert [trace["name"] for trace in traces] == [short[c] for c in codes[:8]] + [other]
    assert [trace["marker"]["color"] for trace in traces] == [
        *charts.PALETTE[:8],
        charts.OTHER_COLOR,
    ]
    shown = Counter()
    for (plan, _), value in bars(spec).items():
        shown[plan] += value
    assert dict(shown) == {"Plan A": 190, "Plan B": 380, "Plan C": 567}
    # "khác" of plan A: themes 9…19 of the list (t08…t18): 9 + 10 + … + 19 = 154
    assert bars(spec)[("Plan A", other)] == 154


def test_the_legend_sits_under_the_plot():
    layout = charts.style({"data": [], "layout": {}})["layout"]
    legend = layout["legend"]
    # under the plot area, at the bottom of the figure: never where the toolbar is (top right)
    assert (legend["yref"], legend["y"], legend["yanchor"]) == ("container", 0, "bottom")
    assert legend["orientation"] == "h"


def test_every_theme_has_a_short_name_in_both_languages():
    for language in ("vi", "en"):
        short = theme_short_names(language)
        assert len(short) == 19
        assert len(set(short.values())) == 19  # told apart
        # two legend entries a row on a 390 px phone (tests/e2e checks the pixels)
        assert max(len(s) for s in short.values()) <= 14, short
    assert theme_short_names("vi")["xuc_tien"] == "Xúc tiến"


def ranked_themes(reference: pd.DataFrame) -> view.Themes:
    """The 19 reference themes, the first with the most activities (19, 18, ... 1)."""
    by_theme = pd.DataFrame(
        {
            "theme_code": reference["theme_code"],
            "name_vi": reference["name_vi"],
            "name_en": reference["name_en"],
            "activities": [19 - i for i in range(19)],
        }
    )
    return view.Themes.of(by_theme)


def test_a_long_legend_becomes_chips_under_the_chart(language):
    reference = load_reference().themes
    codes = list(reference["theme_code"])
    themes = ranked_themes(reference)
    counts = nineteen()
    counts["theme_code"] = counts["theme_code"].map(lambda c: codes[int(c[1:])])
    spec = stacked_by_plan(counts, themes)
    assert spec["layout"]["showlegend"] is False  # plotly's legend would be one entry a row
    short = theme_short_names(language)
    full = dict(zip(codes, reference[f"name_{language}"], strict=True))
    other = t("charts.other_n", language, n=11)  # 19 themes with activities, 8 named
    assert spec["_legend"] == [
        *({"name": short[c], "color": charts.PALETTE[i], "title": full[c]}
          for i, c in enumerate(codes[:8])),
        {"name": other, "color": charts.OTHER_COLOR, "title": other},
    ]  # fmt: skip
    chips = charts.legend_html(spec["_legend"] + [{"name": "<b>", "color": "#000", "title": "x"}])
    assert chips.count('class="ttdn-legend-item"') == 10 and "&lt;b&gt;" in chips


def test_a_short_legend_stays_in_the_plot():
    frame = pd.DataFrame({"c": ["a", "a"], "s": ["x", "y"], "v": [1, 2]})
    spec = charts.stacked_bars(frame, category="c", value="v", series="s")
    assert spec["layout"]["showlegend"] is True and "_legend" not in spec


def test_province_rows_of_nineteen_themes_fold_into_eight_and_other(language):
    """The province view names its rows by the id itself (key and label are one column)."""
    reference = load_reference().themes
    codes = list(reference["theme_code"])
    themes = ranked_themes(reference)
    matrix = pd.DataFrame(
        [
            (province, 190, code, reference["name_vi"][i], reference["name_en"][i], i + 1, 0)
            for province in ("Huế", "Hà Nội")
            for i, code in enumerate(codes)
        ],
        columns=["province", "row_activities", "theme_code", "name_vi", "name_en", "activities",
                 "manual"],
    )  # fmt: skip
    spec = view.matrix_spec(matrix, view.Rows.by("province"), themes)
    other = t("charts.other_n", language, n=11)  # 19 themes with activities, 8 named
    shown = bars(spec)
    assert shown[("Huế", other)] == sum(range(9, 20))  # themes 9…19 of the list
    assert sum(v for (p, _), v in shown.items() if p == "Huế") == sum(range(1, 20))
    assert len({name for _, name in shown}) == 9
    other_trace = next(tr for tr in spec["data"] if tr["name"] == other)
    assert other_trace["customdata"][0][1] == sorted(codes[8:])  # the drill gets every code


def _bundled_faces() -> set[str]:
    """The font families Streamlit serves itself (its static CSS's @font-face rules)."""
    import re
    from pathlib import Path

    import streamlit

    static = Path(streamlit.__file__).parent / "static" / "static"
    faces = set()
    for path in [*static.glob("css/*.css"), *static.glob("js/*.js")]:
        text = path.read_text(encoding="utf-8", errors="ignore")
        faces.update(re.findall(r"@font-face\{font-family:\s*\"?([^;\"]+)\"?;", text))
    return faces


def test_chart_and_sql_fonts_are_streamlits_own_vietnamese_faces():
    # Source Sans and Source Code Pro cover Vietnamese and come with Streamlit (offline);
    # a missing system font falls back to serif (chart ticks) or to "Sô´" (SQL editor)
    faces = _bundled_faces()
    first = charts.FONT.split(",")[0].strip().strip('"')
    mono = charts.MONO_FONT.split(",")[0].strip().strip('"')
    assert first == "Source Sans" and first in faces
    assert mono == "Source Code Pro" and mono in faces
    fig = charts.style({"data": [], "layout": {}})
    assert fig["layout"]["font"]["family"] == charts.FONT
    assert fig["layout"]["hoverlabel"]["font"]["family"] == charts.FONT


def test_a_big_heatmap_has_no_text_in_its_cells():
    def grid(rows, columns):
        return pd.DataFrame(
            [(f"c{j}", f"r{i}", (i + j) % 3) for i in range(rows) for j in range(columns)],
            columns=["x", "y", "z"],
        )

    small = charts.gap_heatmap(grid(7, 19), x="x", y="y", z="z")  # 133 cells: numbers shown
    assert small["data"][1]["texttemplate"] == "%{text}"
    assert small["data"][0]["texttemplate"] == "0"
    big = charts.gap_heatmap(grid(34, 19), x="x", y="y", z="z")  # 646 cells: hover only
    assert big["data"][1]["texttemplate"] == "" and big["data"][0]["texttemplate"] == ""
    assert "%{z" in big["data"][1]["hovertemplate"]


def test_a_heatmap_is_drawn_one_pixel_per_cell_with_white_lines_between():
    # with xgap/ygap Plotly painted every cell on a canvas the size of the plot and encoded it
    # as a PNG, per trace and per redraw: most of the browser's work on the national home
    frame = pd.DataFrame(
        [(f"c{j}", f"r{i}", i + j) for i in range(4) for j in range(5)], columns=["x", "y", "z"]
    )
    spec = charts.gap_heatmap(frame, x="x", y="y", z="z")
    for trace in spec["data"]:
        assert not trace.get("xgap") and not trace.get("ygap") and not trace.get("zsmooth")
    (lines,) = spec["layout"]["shapes"]
    assert (lines["xref"], lines["yref"], lines["layer"]) == ("x domain", "y domain", "above")
    assert lines["line"] == {"color": "white", "width": 2}
    # one line between each pair of columns (4) and of rows (3), at the cells' edges
    moves = [m for m in lines["path"].split("M") if m]
    assert len(moves) == 4 + 3
    xs = sorted(float(m.split(",")[0]) for m in moves if m.endswith(",1"))
    assert xs == pytest.approx([0.2, 0.4, 0.6, 0.8])
    ys = sorted(float(m.split("L")[0].split(",")[1]) for m in moves if m.startswith("0,"))
    assert ys == pytest.approx([0.25, 0.5, 0.75])
    one = charts.gap_heatmap(frame.iloc[:1], x="x", y="y", z="z")  # one cell: no line
    assert one["layout"]["shapes"][0]["path"] == "M0,0"


def test_home_names_every_theme_instead_of_a_largest_other(language):
    # the home chart stacked 19 themes per plan into 8 + "khác", and "khác" (11 themes) was
    # the largest segment of every bar; the heatmap gives every theme with activities a row
    from ttdn.ui import home_view

    reference = load_reference().themes
    codes = list(reference["theme_code"])
    by_theme = pd.DataFrame(
        {
            "theme_code": codes,
            "name_vi": reference["name_vi"],
            "name_en": reference["name_en"],
            # the last theme has no activity: no row of zeros for it
            "activities": [19 - i if i < 18 else 0 for i in range(19)],
        }
    )
    themes = view.Themes.of(by_theme)
    counts = nineteen()
    counts = counts[counts["theme_code"] != "t18"]  # the theme without activities
    counts = counts.assign(
        theme_code=counts["theme_code"].map(lambda c: codes[int(c[1:])]),
        theme_vi=counts["theme_code"].map(lambda c: reference["name_vi"][int(c[1:])]),
        theme_en=counts["theme_code"].map(lambda c: reference["name_en"][int(c[1:])]),
    )
    spec = home_view.plan_heatmap(counts, themes, "n")
    zeros, cells = spec["data"]
    short = theme_short_names(language)
    assert cells["y"] == [short[c] for c in codes[:18]]  # most activities first, short names
    assert cells["x"] == ["Plan A", "Plan B", "Plan C"]
    assert t("charts.other", language) not in cells["y"]
    # theme i (0-based) has (i + 1) × plan activities; plan C has none of theme 0 (red "0")
    assert cells["z"][3] == [4, 8, 12] and cells["z"][17] == [18, 36, 54]
    assert cells["z"][0] == [1, 2, None] and zeros["z"][0] == [None, None, 1]
    # (1 + … + 18) × (1 + 2 + 3), less plan C's 1 × 3 of theme 0
    assert sum(v for row in cells["z"] for v in row if v) == 171 * 6 - 3


def test_other_lists_its_themes_in_the_hover(language):
    # "khác" is the rest of a bar: its hover names each folded theme with its activities,
    # largest first (plan A: theme i has i + 1, themes 9…19 of the list are folded)
    reference = load_reference().themes
    codes = list(reference["theme_code"])
    names = dict(zip(codes, reference["name_en" if language == "en" else "name_vi"], strict=True))
    by_theme = pd.DataFrame(
        {
            "theme_code": codes,
            "name_vi": reference["name_vi"],
            "name_en": reference["name_en"],
            "activities": [19 - i for i in range(19)],
        }
    )
    themes = view.Themes.of(by_theme)
    counts = nineteen()
    counts["theme_code"] = counts["theme_code"].map(lambda c: codes[int(c[1:])])
    spec = stacked_by_plan(counts, themes)
    other = next(tr for tr in spec["data"] if tr["name"] == t("charts.other_n", language, n=11))
    plan_a = next(c for c in other["customdata"] if c[-1] == "Plan A")
    assert plan_a[-2] == "<br>" + "<br>".join(
        f"{names[codes[i]]}: {i + 1}" for i in range(18, 7, -1)
    )
    assert (
        "%{customdata[" in other["hovertemplate"]
        and other["hovertemplate"].count("customdata") == 2
    )
    first = spec["data"][0]  # a named theme: its hover is the bar and the number only
    assert all(len(c) == 1 for c in first["customdata"])  # [plan label]


def test_national_home_heatmap_uses_short_theme_names_and_a_scale_underneath():
    from ttdn.ui import home_view

    matrix = pd.DataFrame(
        [
            ("A", 4, "xuc_tien", "Xúc tiến đầu tư, thương mại, du lịch", "Investment", 3),
            ("A", 4, "bao_chi", "Báo chí, người phát ngôn", "Press", 1),
        ],
        columns=["province", "row_activities", "theme_code", "name_vi", "name_en", "activities"],
    )
    spec = home_view.heatmap(home_view.shares(matrix, "vi"), "vi")
    short = theme_short_names("vi")
    assert spec["data"][1]["x"] == [short["xuc_tien"], short["bao_chi"]]
    assert len(short["xuc_tien"]) < len("Xúc tiến đầu tư, thương mại, du lịch")
    # the hover keeps the full name
    assert spec["data"][1]["customdata"][0][0] == ["Xúc tiến đầu tư, thương mại, du lịch", "A"]
    scale = spec["data"][1]["colorbar"]
    assert scale["orientation"] == "h" and scale["y"] < 0  # under the plot, not beside it


def test_two_plans_of_one_province_and_year_keep_apart_on_the_home_heatmap():
    # the home heatmap wraps plan labels a word a line; the plan id that tells two plans of
    # one province and year apart was cut ("(HT-202" + "0)", "(HT-202" + "0-WEB)"): the
    # columns read the same, and the browser test found no column of the new plan
    from ttdn.ui import home_view

    reference = load_reference().themes
    code = reference["theme_code"].iloc[0]
    by_theme = pd.DataFrame(
        {
            "theme_code": [code],
            "name_vi": [reference["name_vi"].iloc[0]],
            "name_en": [reference["name_en"].iloc[0]],
            "activities": [3],
        }
    )
    labels = ["Hà Tĩnh 2020 (HT-2020)", "Hà Tĩnh 2020 (HT-2020-WEB)"]
    counts = pd.DataFrame(
        {
            "plan_id": ["HT-2020", "HT-2020-WEB"],
            "plan_label": labels,
            "theme_code": [code, code],
            "theme_vi": [reference["name_vi"].iloc[0]] * 2,
            "theme_en": [reference["name_en"].iloc[0]] * 2,
            "activities": [1, 2],
        }
    )
    spec = home_view.plan_heatmap(counts, view.Themes.of(by_theme), "n")
    assert [tick.split("<br>") for tick in spec["data"][1]["x"]] == [
        ["Hà Tĩnh", "2020", "(HT-2020)"],
        ["Hà Tĩnh", "2020", "(HT-2020-WEB)"],
    ]
