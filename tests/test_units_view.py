"""ttdn.ui.units_view (the Đơn vị page's logic, no drawing): chart specs, drill choices and
tables for small hand-made frames, checked against values worked out here."""

from collections import defaultdict

import pandas as pd

from tests.fixtures import bars
from ttdn.i18n import catalog, t
from ttdn.ui import charts, export
from ttdn.ui import units_view as view


def totals(spec: dict) -> dict[str, float]:
    out: dict = defaultdict(float)
    for (category, _), value in bars(spec).items():
        out[category] += value
    return dict(out)


def categories_top_down(spec: dict) -> list[str]:
    """Horizontal bars: the first category is drawn on top, i.e. last in categoryarray."""
    return list(reversed(spec["layout"]["yaxis"]["categoryarray"]))


# the query returns units most active first; these are in that order
ROLES_FRAME = pd.DataFrame(
    {
        "unit_canonical": ["Sở Ngoại vụ", "Sở Tư pháp", "Ban Dân vận", "Sở Y tế"],
        "unit_type": ["sở", "sở", "ban", "sở"],
        "kind": ["named"] * 4,
        "lead": [4, 0, 2, 1],
        "cooperating": [1, 3, 0, 0],
        "activities": [5, 3, 2, 1],
        "plans": [2, 1, 1, 1],
    }
)


def test_ranking_bars_per_unit_in_order_with_role_segments(language):
    spec = view.ranking_spec(ROLES_FRAME, ("lead", "cooperating"), "activities")
    lead, coop = t("units.role.lead", language), t("units.role.cooperating", language)
    assert [tr["name"] for tr in spec["data"]] == [lead, coop]
    assert categories_top_down(spec) == list(ROLES_FRAME["unit_canonical"])
    # each unit's bar adds up to lead + cooperating, and zero segments are not drawn
    expected = {
        ("Sở Ngoại vụ", lead): 4,
        ("Sở Ngoại vụ", coop): 1,
        ("Sở Tư pháp", coop): 3,
        ("Ban Dân vận", lead): 2,
        ("Sở Y tế", lead): 1,
    }
    assert bars(spec) == expected
    assert totals(spec) == {"Sở Ngoại vụ": 5, "Sở Tư pháp": 3, "Ban Dân vận": 2, "Sở Y tế": 1}
    # the drill reads [unit, role] from customdata
    first = spec["data"][0]["customdata"][0]
    assert first[:2] == ["Sở Ngoại vụ", "lead"]
    assert spec["data"][0]["marker"]["color"] == charts.ROLE_COLORS["lead"]
    assert spec["layout"]["xaxis"]["title"]["text"] == t("units.axis.activities", language)


def test_ranking_keeps_only_the_top_units():
    n = view.TOP + 7
    frame = pd.DataFrame(
        {
            "unit_canonical": [f"Đơn vị {i:02d}" for i in range(n)],
            "lead": [n - i for i in range(n)],
            "cooperating": [1] * n,
            "executing": [i % 2 for i in range(n)],
        }
    )
    spec = view.ranking_spec(frame, view.ROLES, "duties")
    assert categories_top_down(spec) == [f"Đơn vị {i:02d}" for i in range(view.TOP)]
    assert totals(spec) == {f"Đơn vị {i:02d}": (n - i) + 1 + i % 2 for i in range(view.TOP)}
    assert len(spec["data"]) == 3


def test_type_labels_come_from_the_catalog_in_both_languages(language):
    for unit_type in view.TYPE_ORDER:
        assert view.type_label(unit_type) == catalog()[f"units.type.{unit_type}"][language]
    other = "vi" if language == "en" else "en"
    assert view.type_label("sở", other) == catalog()["units.type.sở"][other]
    assert view.type_label("không có loại này") == "không có loại này"


def test_every_type_has_a_colour_and_the_groups_a_pattern():
    assert set(view.TYPE_COLORS) == set(view.TYPE_ORDER)
    assert set(view.TYPE_PATTERNS) == {"nhóm", "khác"}
    assert sorted(["khác", "zzz", "sở", "trung ương"], key=view.type_rank) == [
        "trung ương",
        "sở",
        "khác",
        "zzz",
    ]


def test_role_choices_skip_zero_counts_and_describe_a_pick(language):
    choices = view.role_choices(ROLES_FRAME, ("lead", "cooperating"))
    lead, coop = t("units.role.lead", language), t("units.role.cooperating", language)
    expected = []
    for row in ROLES_FRAME.itertuples():
        for role, label in (("lead", lead), ("cooperating", coop)):
            if getattr(row, role) > 0:
                expected.append(f"{row.unit_canonical} · {label}")
    assert list(choices) == expected
    assert choices[f"Sở Tư pháp · {coop}"] == {
        "d_units": ["Sở Tư pháp"],
        "d_roles": ["cooperating"],
    }
    pick = {"d_units": ["Sở Y tế"], "d_roles": ["executing"]}
    assert view.describe_role_pick(pick) == f"Sở Y tế · {t('units.role.executing', language)}"


def test_apart_choices_put_activities_without_a_lead_first(language):
    acts = ROLES_FRAME.head(1)
    choices = view.apart_choices(acts, no_lead=3)
    assert list(choices)[0] == t("units.unknown.no_lead_choice", language)
    assert choices[t("units.unknown.no_lead_choice", language)] == {
        "d_no_unit": True,
        "d_roles": ["lead"],
    }
    assert len(choices) == 1 + 2  # Sở Ngoại vụ leads and cooperates
    assert t("units.unknown.no_lead_choice", language) not in view.apart_choices(acts, 0)


BY_PROVINCE = pd.DataFrame(
    [
        # province, unit, type, kind, lead, cooperating, activities
        ("Hà Nội", "Sở Ngoại vụ", "sở", "named", 2, 0, 2),
        ("Hà Nội", "Các sở, ban, ngành", "nhóm", "collective", 3, 1, 4),
        ("Hà Nội", "Ban Dân vận", "ban", "named", 1, 0, 1),
        ("Hà Nội", "Sở Y tế", "sở", "named", 0, 1, 1),
        ("Hà Nội", "Sở Tư pháp", "sở", "named", 0, 1, 1),
        ("Huế", "UBND tỉnh", "ubnd", "named", 1, 0, 1),
        ("Huế", "Đơn vị lạ", "khác", "unknown", 0, 0, 0),
        ("Đắk Lắk", "Sở Ngoại vụ", "sở", "named", 4, 2, 6),
        ("Đắk Lắk", "Sở Y tế", "sở", "named", 3, 0, 3),
    ],
    columns=[
        "province",
        "unit_canonical",
        "unit_type",
        "kind",
        "lead",
        "cooperating",
        "activities",
    ],
)


def test_province_chart_stacks_lead_mentions_by_unit_type(language):
    leads = view.lead_rows(BY_PROVINCE)
    assert (leads["lead"] > 0).all() and len(leads) == 6
    spec = view.province_spec(leads)
    # provinces with most lead mentions on top: Đắk Lắk 7, Hà Nội 6, Huế 1
    assert categories_top_down(spec) == ["Đắk Lắk", "Hà Nội", "Huế"]
    sums: dict = defaultdict(int)
    for row in BY_PROVINCE.itertuples():
        if row.lead:
            sums[(row.province, t(f"units.type.{row.unit_type}", language))] += row.lead
    assert bars(spec) == dict(sums)
    # series in TYPE_ORDER, coloured per type, groups hatched
    names = [trace["name"] for trace in spec["data"]]
    assert names == [t(f"units.type.{u}", language) for u in ("ubnd", "sở", "ban", "nhóm")]
    by_name = {trace["name"]: trace["marker"] for trace in spec["data"]}
    assert by_name[t("units.type.sở", language)]["color"] == view.TYPE_COLORS["sở"]
    assert by_name[t("units.type.nhóm", language)]["pattern"]["shape"] == "x"


def test_province_choices_are_unique_and_described(language):
    choices = view.province_choices(view.lead_rows(BY_PROVINCE))
    so = t("units.type.sở", language)
    assert list(choices) == [
        f"Hà Nội · {so}",
        f"Hà Nội · {t('units.type.nhóm', language)}",
        f"Hà Nội · {t('units.type.ban', language)}",
        f"Huế · {t('units.type.ubnd', language)}",
        f"Đắk Lắk · {so}",
    ]
    pick = choices[f"Đắk Lắk · {so}"]
    assert pick == {"d_provinces": ["Đắk Lắk"], "d_unit_types": ["sở"]}
    assert view.describe_province_pick(pick) == f"Đắk Lắk · {so}"


def test_top_per_province_ranks_named_units_with_activities():
    table = view.top_per_province(BY_PROVINCE)
    assert list(table.columns) == [
        "province",
        "rank",
        "unit_canonical",
        "lead",
        "cooperating",
        "activities",
    ]
    got = list(zip(table["province"], table["rank"], table["unit_canonical"], strict=True))
    assert got == [
        ("Hà Nội", 1, "Sở Ngoại vụ"),  # the collective wording is not a unit
        ("Hà Nội", 2, "Ban Dân vận"),
        ("Hà Nội", 3, "Sở Y tế"),  # Sở Tư pháp is fourth
        ("Huế", 1, "UBND tỉnh"),  # the unknown unit has no activity
        ("Đắk Lắk", 1, "Sở Ngoại vụ"),
        ("Đắk Lắk", 2, "Sở Y tế"),
    ]


def test_headers_follow_the_language(language):
    frame = export.with_headers(
        BY_PROVINCE.head(1)[["province", "unit_canonical", "lead"]], view.LABELS
    )
    assert list(frame.columns) == [
        catalog()["col.province"][language],
        catalog()["units.col.unit"][language],
        catalog()["units.col.lead"][language],
    ]


def test_pairs_chart_of_named_pairs(language):
    pairs = pd.DataFrame(
        [
            ("Sở Ngoại vụ", "named", "Sở Y tế", "named", 5),
            ("Sở Ngoại vụ", "named", "Các sở, ban, ngành", "collective", 4),
            ("Sở Y tế", "named", "Ban Dân vận", "named", 2),
            ("Đơn vị lạ", "unknown", "Sở Y tế", "named", 1),
        ],
        columns=["lead_unit", "lead_kind", "coop_unit", "coop_kind", "activities"],
    )
    named = view.named_pairs(pairs)
    assert len(named) == 2
    spec = view.pairs_spec(named)
    assert totals(spec) == {"Sở Ngoại vụ → Sở Y tế": 5, "Sở Y tế → Ban Dân vận": 2}
    assert categories_top_down(spec) == ["Sở Ngoại vụ → Sở Y tế", "Sở Y tế → Ban Dân vận"]
    assert spec["data"][0]["customdata"][0][:2] == ["Sở Ngoại vụ", "Sở Y tế"]
    assert spec["data"][0]["name"] == t("units.axis.activities", language)
    choices = view.pair_choices(named)
    assert choices["Sở Y tế → Ban Dân vận"] == {"d_leads": ["Sở Y tế"], "d_coops": ["Ban Dân vận"]}
    pick = {"d_leads": ["A", "B"], "d_coops": ["C"]}
    assert view.describe_pair_pick(pick) == "A, B → C"


def test_pairs_chart_keeps_the_top_pairs():
    n = view.TOP_PAIRS + 5
    pairs = pd.DataFrame(
        {
            "lead_unit": [f"L{i}" for i in range(n)],
            "coop_unit": [f"C{i}" for i in range(n)],
            "activities": [n - i for i in range(n)],
        }
    )
    spec = view.pairs_spec(pairs)
    assert totals(spec) == {f"L{i} → C{i}": n - i for i in range(view.TOP_PAIRS)}
