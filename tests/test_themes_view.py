"""ttdn.ui.themes_view (the Chủ đề page's logic, no drawing): chart specs, drill choices and
tables for small hand-made frames, checked against values worked out here."""

from collections import Counter

import pandas as pd

from tests.fixtures import bars
from ttdn.i18n import catalog, t
from ttdn.reference import theme_short_names
from ttdn.ui import charts, drill, export
from ttdn.ui import themes_view as view
from ttdn.ui.context import name_column

THEMES = [  # code, name_vi, name_en; the queries list themes in this (not activity) order
    ("bao_chi", "Báo chí, phát ngôn", "Press and spokespeople"),
    ("so_hoa", "Chuyển đổi số", "Digital channels"),
    ("tap_huan", "Tập huấn, bồi dưỡng", "Training"),
    ("bien_dao", "Biển, đảo, biên giới", "Sea, islands and borders"),
]
NAME = {code: {"vi": vi, "en": en} for code, vi, en in THEMES}
# the activities' theme links: (province, activity, theme, manual or auto)
LINKS = [
    ("Hà Nội", 1, "tap_huan", "manual"),
    ("Hà Nội", 1, "bien_dao", "auto"),
    ("Hà Nội", 2, "tap_huan", "manual"),
    ("Hà Nội", 3, "tap_huan", "auto"),
    ("Huế", 4, "bien_dao", "manual"),
    ("Huế", 5, "so_hoa", "auto"),
    ("Đắk Lắk", 6, "bien_dao", "auto"),
]
PROVINCES = ["Huế", "Hà Nội", "Đắk Lắk", "Cà Mau"]  # query order; Cà Mau has no activity


def by_theme() -> pd.DataFrame:
    """What the themes_by_theme query returns: every theme, most activities first."""
    manual = Counter(c for _, _, c, a in LINKS if a == "manual")
    auto = Counter(c for _, _, c, a in LINKS if a == "auto")
    rows = [
        (code, vi, en, manual[code], auto[code], manual[code] + auto[code])
        for code, vi, en in THEMES
    ]
    frame = pd.DataFrame(
        rows, columns=["theme_code", "name_vi", "name_en", "manual", "auto", "activities"]
    )
    return frame.sort_values("activities", ascending=False, kind="stable").reset_index(drop=True)


def by_province() -> pd.DataFrame:
    """What the themes_by_province query returns: every province × every theme."""
    cells = Counter((p, c) for p, _, c, _ in LINKS)
    manual = Counter((p, c) for p, _, c, a in LINKS if a == "manual")
    acts = {p: len({a for q, a, _, _ in LINKS if q == p}) for p in PROVINCES}
    rows = [
        (p, acts[p], code, vi, en, cells[(p, code)], manual[(p, code)])
        for p in PROVINCES
        for code, vi, en in THEMES
    ]
    columns = ["province", "row_activities", "theme_code", "name_vi", "name_en"]
    return pd.DataFrame(rows, columns=[*columns, "activities", "manual"])


def themes_for(language: str) -> view.Themes:
    frame = by_theme()
    colors = charts.theme_colors(frame["theme_code"])
    return view.Themes.of(frame, colors, name_column(language))


def test_themes_in_order_with_the_missing_ones_last(language):
    themes = themes_for(language)
    assert themes.column == name_column() == f"name_{language}"
    # activities per theme: tap_huan 3, bien_dao 3, so_hoa 1, bao_chi 0
    assert themes.order == [
        NAME[c][language] for c in ("tap_huan", "bien_dao", "so_hoa", "bao_chi")
    ]
    assert themes.missing == [NAME["bao_chi"][language]]
    assert list(themes.ranked["theme_code"]) == ["tap_huan", "bien_dao", "so_hoa"]
    assert themes.names["so_hoa"] == NAME["so_hoa"][language]
    # colours by rank: tap_huan, bien_dao, so_hoa (most activities first), then bao_chi
    ranked = ["tap_huan", "bien_dao", "so_hoa", "bao_chi"]
    assert themes.color_by_name == {
        NAME[c][language]: charts.PALETTE[ranked.index(c)] for c in NAME
    }
    assert themes.text({"d_themes": ["bien_dao", "khong_co"]}) == [
        NAME["bien_dao"][language],
        "khong_co",
    ]


def test_theme_chart_splits_manual_and_automatic(language):
    themes = themes_for(language)
    spec = view.theme_spec(themes)
    manual, auto = t("themes.manual", language), t("themes.auto", language)
    expected = Counter()
    for _, _, code, assigned in LINKS:
        expected[(NAME[code][language], manual if assigned == "manual" else auto)] += 1
    assert bars(spec) == dict(expected)
    shown = [trace for trace in spec["data"] if trace.get("customdata")]
    assert [trace["name"] for trace in shown] == [manual, auto]
    # every bar in its theme's colour; automatic ones hatched
    palette = charts.theme_colors(["tap_huan", "bien_dao", "so_hoa", "bao_chi"])
    for trace in shown:
        codes = [c[0] for c in trace["customdata"]]
        assert trace["marker"]["color"] == [palette[c] for c in codes]
    assert shown[1]["marker"]["pattern"]["shape"] == charts.ASSIGNED_PATTERN["auto"]
    # the axis shows the short names of data/reference/themes.csv, the hover the full ones
    short = theme_short_names(language)
    top_down = list(reversed(spec["layout"]["yaxis"]["categoryarray"]))
    assert top_down == [short[c] for c in ("tap_huan", "bien_dao", "so_hoa")]


def test_theme_choices_and_their_description(language):
    themes = themes_for(language)
    choices = view.theme_choices(themes)
    assert choices == {
        NAME[c][language]: {"d_themes": [c]} for c in ("tap_huan", "bien_dao", "so_hoa")
    }
    pick = {"d_themes": ["so_hoa"], "d_assigned": "auto"}
    expected = f"{NAME['so_hoa'][language]} · {t('themes.auto', language)}"
    assert view.describe_theme_pick(themes, pick) == expected


def test_gap_heatmap_counts_every_province_and_theme(language):
    themes = themes_for(language)
    rows = view.Rows.by("province")
    spec = view.gap_spec(by_province(), rows, themes)
    zeros, counts = spec["data"]
    assert counts["x"] == PROVINCES
    short = theme_short_names(language)  # rows named by short name (full in the hover)
    assert counts["y"] == [short[c] for c in ("tap_huan", "bien_dao", "so_hoa", "bao_chi")]
    # z[theme][province]: activities counted from the links, None where there are none
    cells = Counter((p, c) for p, _, c, _ in LINKS)
    codes = ["tap_huan", "bien_dao", "so_hoa", "bao_chi"]  # the themes' order
    expected = [[cells[(p, c)] or None for p in PROVINCES] for c in codes]
    assert counts["z"] == expected
    assert zeros["z"] == [[1 if v is None else None for v in row] for row in expected]
    assert counts["colorbar"]["title"]["text"] == t("themes.axis.activities", language)


def test_province_bars_by_theme_most_active_first(language):
    themes = themes_for(language)
    spec = view.matrix_spec(by_province(), view.Rows.by("province"), themes)
    short = theme_short_names(language)
    expected = Counter((p, short[c]) for p, _, c, _ in LINKS)
    assert bars(spec) == dict(expected)
    top_down = list(reversed(spec["layout"]["yaxis"]["categoryarray"]))
    assert top_down == ["Hà Nội", "Huế", "Đắk Lắk"]  # 3, 2 and 1 activities; Cà Mau none
    # one trace per theme, in the themes' order (not the rows'), in the theme's colour,
    # named by its short name; the hover names it in full
    shown = ["tap_huan", "bien_dao", "so_hoa"]
    assert [trace["name"] for trace in spec["data"]] == [short[c] for c in shown]
    assert [trace["marker"]["color"] for trace in spec["data"]] == list(charts.PALETTE[:3])
    assert NAME["tap_huan"][language] + ": " in spec["data"][0]["hovertemplate"]
    # customdata: [province, [theme codes], province] (the drill takes the list)
    assert spec["data"][0]["customdata"][0][1] == ["tap_huan"]


def test_matrix_bars_keep_the_most_active_rows():
    n = view.MAX_BARS + 5
    provinces = [f"Tỉnh {i:02d}" for i in range(n)]
    matrix = pd.DataFrame(
        {
            "province": provinces,
            "row_activities": list(range(1, n + 1)),  # the last is the most active
            "theme_code": ["tap_huan"] * n,
            "name_vi": ["Tập huấn"] * n,
            "activities": list(range(1, n + 1)),
        }
    )
    frame = pd.DataFrame({"theme_code": ["tap_huan"], "name_vi": ["Tập huấn"], "activities": [1]})
    themes = view.Themes.of(frame, {"tap_huan": "#000"}, "name_vi")
    rows = view.Rows.by("province")
    spec = view.matrix_spec(matrix, rows, themes)
    kept = list(reversed(provinces))[: view.MAX_BARS]
    assert list(reversed(spec["layout"]["yaxis"]["categoryarray"])) == kept
    assert {c for c, _ in bars(spec)} == set(kept)
    assert len(view.active_rows(view.matrix_rows(matrix, rows))) == n


def test_gap_table_lists_the_missing_themes(language):
    themes = themes_for(language)
    rows = view.Rows.by("province")
    matrix = by_province()
    table = view.gap_table(matrix, rows, themes.column)
    assert list(table.columns) == ["province", "row_activities", "missing_count", "missing"]
    covered = {(p, c) for p, _, c, _ in LINKS}
    for row in table.itertuples():
        lacking = [NAME[c][language] for c, _, _ in THEMES if (row.province, c) not in covered]
        assert row.missing == "; ".join(lacking)
        assert row.missing_count == len(lacking)
    assert list(table["province"]) == PROVINCES
    assert view.empty_rows(matrix, rows) == ["Cà Mau"]


def test_matrix_choices_and_description(language):
    themes = themes_for(language)
    rows = view.Rows.by("province")
    matrix = by_province()
    choices = view.matrix_choices(matrix, rows, themes)
    cells = Counter((p, c) for p, _, c, _ in LINKS)
    assert {k: v for k, v in choices.items()} == {
        f"{p} · {NAME[c][language]}": {"d_provinces": [p], "d_themes": [c]} for p, c in cells
    }
    assert list(choices)[0] == f"Hà Nội · {NAME['tap_huan'][language]}"  # 3 activities
    names = view.row_names(matrix, rows)
    pick = {"d_provinces": ["Huế"], "d_themes": ["so_hoa"]}
    expected = f"Huế · {NAME['so_hoa'][language]}"
    assert view.describe_matrix_pick(names, rows, themes, pick) == expected


def test_matrix_choices_stop_after_the_drill_limit():
    n = drill.MAX_CHOICES + 20
    matrix = pd.DataFrame(
        {
            "province": [f"Tỉnh {i}" for i in range(n)],
            "theme_code": ["tap_huan"] * n,
            "activities": [1 + i for i in range(n)],
        }
    )
    themes = view.Themes.of(
        pd.DataFrame({"theme_code": ["tap_huan"], "name_vi": ["Tập huấn"], "activities": [n]}),
        {},
        "name_vi",
    )
    choices = view.matrix_choices(matrix, view.Rows.by("province"), themes)
    assert len(choices) == drill.MAX_CHOICES + 1
    assert list(choices)[0] == f"Tỉnh {n - 1} · Tập huấn"


def test_plan_rows_show_issuer_and_year():
    rows = view.Rows.by("plan")
    assert (rows.key, rows.label, rows.field) == ("plan_id", "plan_label", "d_plans")
    matrix = pd.DataFrame(
        {
            "plan_id": ["A", "A", "B", "B"],
            "plan_label": ["Hà Nội 2021 · A", "Hà Nội 2021 · A", "Huế 2022 · B", "Huế 2022 · B"],
            "issuer": ["UBND", "UBND", "Sở", "Sở"],
            "year": [2021, 2021, 2022, 2022],
            "row_activities": [2, 2, 0, 0],
            "theme_code": ["tap_huan", "so_hoa"] * 2,
            "name_vi": ["Tập huấn", "Chuyển đổi số"] * 2,
            "activities": [2, 0, 0, 0],
        }
    )
    table = view.gap_table(matrix, rows, "name_vi")
    assert list(table.columns) == [
        "plan_label",
        "issuer",
        "year",
        "row_activities",
        "missing_count",
        "missing",
    ]
    assert list(table["missing"]) == ["Chuyển đổi số", "Tập huấn; Chuyển đổi số"]
    assert view.empty_rows(matrix, rows) == ["Huế 2022 · B"]
    assert view.matrix_export_columns(rows, "name_vi") == [
        "plan_label",
        "row_activities",
        "theme_code",
        "name_vi",
        "activities",
        "manual",
    ]


YEARS = pd.DataFrame(
    [
        # year, theme, activities, plans, year_plans
        (2022, "tap_huan", 4, 2, 2),
        (2022, "so_hoa", 0, 0, 2),
        (2020, "tap_huan", 1, 1, 4),
        (2020, "so_hoa", 2, 1, 4),
        (2021, "tap_huan", 0, 0, 1),
        (2021, "so_hoa", 0, 0, 1),
    ],
    columns=["year", "theme_code", "activities", "plans", "year_plans"],
)


YEAR_NAMES = {"tap_huan": "Tập huấn", "so_hoa": "Chuyển đổi số"}


def years_frame() -> pd.DataFrame:
    return YEARS.assign(
        name_vi=YEARS["theme_code"].map(YEAR_NAMES),
        share=100.0 * YEARS["plans"] / YEARS["year_plans"],
    )


def year_themes() -> view.Themes:
    frame = pd.DataFrame(
        {
            "theme_code": ["tap_huan", "so_hoa"],
            "name_vi": ["Tập huấn", "Chuyển đổi số"],
            "activities": [5, 2],
        }
    )
    return view.Themes.of(frame, charts.theme_colors(frame["theme_code"]), "name_vi")


def test_years_bars_per_year_in_order(language):
    spec = view.years_spec(years_frame(), year_themes())
    assert view.year_order(YEARS) == ["2020", "2021", "2022"]
    assert spec["layout"]["xaxis"]["categoryarray"] == ["2020", "2021", "2022"]
    expected = {
        (str(r.year), YEAR_NAMES[r.theme_code]): r.activities
        for r in YEARS.itertuples()
        if r.activities
    }
    assert bars(spec, axis="y") == expected
    assert spec["layout"]["height"] == 480
    assert spec["layout"]["xaxis"]["title"]["text"] == t("themes.axis.year", language)


def test_share_heatmap_in_percent():
    spec = view.share_spec(years_frame(), year_themes())
    zeros, shares = spec["data"]
    assert shares["x"] == ["2020", "2021", "2022"]
    assert shares["y"] == ["Tập huấn", "Chuyển đổi số"]  # the short names (here the same)
    # plans covering the theme / plans of the year, in percent; 0 % is a gap
    assert shares["z"] == [[25.0, None, 100.0], [25.0, None, None]]
    assert zeros["z"] == [[None, 1, None], [None, 1, 1]]
    assert zeros["texttemplate"] == "0%"


def test_year_choices_and_description():
    themes = year_themes()
    choices = view.year_choices(years_frame(), themes)
    assert choices == {
        "2022 · Tập huấn": {"d_years": [2022], "d_themes": ["tap_huan"]},
        "2020 · Tập huấn": {"d_years": [2020], "d_themes": ["tap_huan"]},
        "2020 · Chuyển đổi số": {"d_years": [2020], "d_themes": ["so_hoa"]},
    }
    pick = choices["2020 · Chuyển đổi số"]
    assert view.describe_year_pick(themes, pick) == "2020 · Chuyển đổi số"


def test_headers_follow_the_language(language):
    frame = export.with_headers(
        pd.DataFrame({"province": ["Huế"], "missing_count": [1]}), view.LABELS
    )
    assert list(frame.columns) == [
        catalog()["col.province"][language],
        catalog()["themes.col.missing_count"][language],
    ]
