"""ttdn.ui.budgets_view (the Kinh phí page's logic, no drawing): money, captions, drill
choices, tables and chart specs for small hand-made frames shaped like the budgets_*
queries, checked against values worked out here."""

import math

import pandas as pd
import pytest

from tests.fixtures import bars
from ttdn.i18n import t
from ttdn.ui import budgets_view as view
from ttdn.ui.context import name_column


def grouped(amount: int, sep: str) -> str:
    """Thousands grouped by hand, right to left, three digits at a time."""
    digits = str(amount)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sep.join(groups)


# money and ticks -----------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [0, 7, 999, 1000, 1_234_567, 2_000_000_000, 150_000_000])
def test_money(language, amount):
    if language == "vi":
        assert view.money(amount) == f"{grouped(amount, '.')} đ"
    else:
        assert view.money(amount) == f"{grouped(amount, ',')} VND"


def test_money_examples(vi):
    assert view.money(1_234_567) == "1.234.567 đ"
    assert view.money(2_000_000_000) == "2.000.000.000 đ"
    assert view.money(pd.array([5_000], dtype="Int64")[0]) == "5.000 đ"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_money_without_an_amount(language, missing):
    assert view.money(missing) == "–"


def test_whole_ticks_only_on_small_count_axes():
    def spec():
        return {"layout": {"xaxis": {}, "yaxis": {}}}

    for top in (0, 1, 3, 8):
        assert view.whole_ticks(spec(), "x", top)["layout"]["xaxis"]["dtick"] == 1
        assert "dtick" not in view.whole_ticks(spec(), "x", top)["layout"]["yaxis"]
    assert view.whole_ticks(spec(), "y", 2)["layout"]["yaxis"]["dtick"] == 1
    for top in (9, 250, None):
        assert "dtick" not in view.whole_ticks(spec(), "y", top)["layout"]["yaxis"]


def test_ticks_on_a_dtick_of_one_are_integers():
    """A dtick of 1 starting from 0 (rangemode tozero) only ever lands on whole numbers."""
    spec = view.whole_ticks({"layout": {"yaxis": {"rangemode": "tozero"}}}, "y", 5)
    dtick = spec["layout"]["yaxis"]["dtick"]
    assert all(float(0 + k * dtick).is_integer() for k in range(9))


# the cards and caption -----------------------------------------------------------------------

STATUS = pd.DataFrame(
    {
        "year": pd.array([2020, 2021, 2021, 2023], dtype="int32"),
        "status": ["stated", "conditional", "stated", "none"],
        "plans": [1, 1, 1, 2],
        "plan_ids": [
            pd.array(["HT-2020"]).to_numpy(),
            pd.array(["TB-2021"]).to_numpy(),
            pd.array(["HN-2021-92"]).to_numpy(),
            pd.array(["VHL-2023", "X-2023"]).to_numpy(),
        ],
        "plans_with_amount": [0, 0, 1, 0],
        "amount_vnd": pd.array([None, None, 2_000_000_000, None], dtype="Int64"),
        "activities_with_amount": [1, 0, 1, 0],
        "activity_amount_vnd": pd.array([150_000_000, None, 1_200_000_000, None], dtype="Int64"),
    }
)


def test_status_names_and_counts(language):
    assert view.status_names() == {
        "none": t("budgets.status.none", language),
        "conditional": t("budgets.status.conditional", language),
        "stated": t("budgets.status.stated", language),
    }
    assert view.status_counts(STATUS) == {"none": 2, "conditional": 1, "stated": 2}
    only_stated = STATUS[STATUS["status"] == "stated"]
    assert view.status_counts(only_stated) == {"none": 0, "conditional": 0, "stated": 2}


def test_amount_caption(vi):
    text = view.amount_caption(STATUS)
    # plan amounts and activity amounts are summed apart, never together
    assert "Số tiền ghi ở mục Kinh phí: 2.000.000.000 đ (1 kế hoạch có ghi số tiền)" in text
    assert "Kinh phí ghi ở từng hoạt động: 1.350.000.000 đ (2 hoạt động)" in text
    assert grouped(150_000_000 + 1_200_000_000, ".") == "1.350.000.000"


def test_amount_caption_only_activity_amounts(vi):
    status = STATUS.assign(plans_with_amount=0, amount_vnd=pd.array([None] * 4, dtype="Int64"))
    assert view.amount_caption(status).startswith("Số tiền ghi ở mục Kinh phí: – (0 kế hoạch")


def test_amount_caption_without_amounts(vi):
    status = STATUS.assign(
        plans_with_amount=0,
        amount_vnd=pd.array([None] * 4, dtype="Int64"),
        activities_with_amount=0,
        activity_amount_vnd=pd.array([None] * 4, dtype="Int64"),
    )
    assert view.amount_caption(status) == t("budgets.no_amounts")


def test_name_column(language):
    assert name_column() == f"name_{language}"


def test_height():
    assert view.height(2) == 38 + 2 * 35
    assert view.height(1000) == 560
    assert view.height(1000, most=320) == 320


# 1. which sources fund the plans --------------------------------------------------------------

SOURCES = pd.DataFrame(
    {
        "budget_code": ["nsnn_thuong_xuyen", "xa_hoi_hoa", "tai_tro", "khong_neu", "du_toan"],
        "name_vi": ["Ngân sách chi thường xuyên", "Xã hội hóa", "Tài trợ", "Không nêu", "Dự toán"],
        "name_en": ["Recurrent budget", "Contributions", "Sponsorship", "None named", "Estimate"],
        "plans": [3, 2, 0, 0, 0],
        "plans_firm": [3, 0, 0, 0, 0],
        "plans_conditional": [0, 2, 0, 0, 0],
        "activities": [0, 4, 0, 0, 1200],
    }
)


def test_sources_chart(vi):
    used = view.used_sources(SOURCES)
    assert list(used["budget_code"]) == ["nsnn_thuong_xuyen", "xa_hoi_hoa"]
    spec = view.sources_chart(used, "name_vi")
    firm, conditional = t("budgets.firm"), t("budgets.conditional")
    # zero-count parts are not drawn
    assert bars(spec) == {
        ("Ngân sách chi thường xuyên", firm): 3,
        ("Xã hội hóa", conditional): 2,
    }
    patterns = {trace["name"]: trace["marker"].get("pattern") for trace in spec["data"]}
    assert patterns[firm] is None and patterns[conditional]["shape"] == "/"
    assert {trace["customdata"][0][0] for trace in spec["data"]} == {
        "nsnn_thuong_xuyen",
        "xa_hoi_hoa",
    }
    assert spec["layout"]["xaxis"]["dtick"] == 1  # 3 plans at most: whole numbers


def test_unused_and_activity_sources(vi):
    # "no source named" is not a source nobody used
    assert view.unused_sources(SOURCES, "name_vi") == ["Tài trợ", "Dự toán"]
    assert view.activity_sources(SOURCES, "name_vi") == "Xã hội hóa (4); Dự toán (1.200)"
    assert view.activity_sources(SOURCES.assign(activities=0), "name_vi") == ""


def test_source_choices_and_describer():
    used = view.used_sources(SOURCES)
    assert view.source_choices(used, "name_en") == {
        "Recurrent budget": {"d_plan_sources": ["nsnn_thuong_xuyen"]},
        "Contributions": {"d_plan_sources": ["xa_hoi_hoa"]},
    }
    describe = view.source_describer(SOURCES, "name_vi")
    assert describe({"d_plan_sources": ["xa_hoi_hoa", "tai_tro"]}) == "Xã hội hóa; Tài trợ"
    assert describe({"d_plan_sources": ["unknown"]}) == "unknown"
    assert describe({}) == ""


# 2. plans naming no source or only "nếu có" ------------------------------------------------


def test_status_frame(vi):
    frame = view.status_frame(STATUS)
    assert frame["plan_ids"].iloc[3] == ["VHL-2023", "X-2023"]
    assert list(frame["year_label"]) == ["2020", "2021", "2021", "2023"]
    assert list(frame["status_label"]) == [
        t("budgets.status.stated"),
        t("budgets.status.conditional"),
        t("budgets.status.stated"),
        t("budgets.status.none"),
    ]


def test_status_chart(vi):
    spec = view.status_chart(view.status_frame(STATUS))
    *statuses, holder = spec["data"]
    # 2022 has no plan: an invisible zero bar keeps its place between 2021 and 2023
    assert holder["x"] == ["2022"] and holder["y"] == [0] and not holder["showlegend"]
    # one trace per status, in the order none, conditional, stated (bottom to top)
    assert [trace["name"] for trace in statuses] == [
        t("budgets.status.none"),
        t("budgets.status.conditional"),
        t("budgets.status.stated"),
    ]
    colors = [trace["marker"]["color"] for trace in statuses]
    assert colors == [view.STATUS_COLORS[s] for s in view.STATUSES]
    assert bars(spec, axis="y") == {
        ("2023", t("budgets.status.none")): 2,
        ("2021", t("budgets.status.conditional")): 1,
        ("2020", t("budgets.status.stated")): 1,
        ("2021", t("budgets.status.stated")): 1,
    }
    layout = spec["layout"]
    assert layout["xaxis"]["categoryarray"] == ["2020", "2021", "2022", "2023"]
    assert layout["height"] == 420
    assert layout["yaxis"]["dtick"] == 1  # at most 2 plans a year
    assert layout["yaxis"]["tickformat"] == ",d"


def test_status_chart_many_plans_lets_plotly_choose_ticks(vi):
    status = STATUS.assign(plans=[5, 4, 5, 9])  # 2021: 9 plans
    assert "dtick" not in view.status_chart(view.status_frame(status))["layout"]["yaxis"]


def test_status_choices_leave_out_plans_with_a_source(vi):
    choices = view.status_choices(view.status_frame(STATUS))
    assert choices == {
        f"2021 · {t('budgets.status.conditional')}": {"d_years": [2021], "d_plans": ["TB-2021"]},
        f"2023 · {t('budgets.status.none')}": {
            "d_years": [2023],
            "d_plans": ["VHL-2023", "X-2023"],
        },
    }


# 3. amounts by province and year --------------------------------------------------------------

AMOUNTS = pd.DataFrame(
    {
        "province": ["Hà Nội", "Hà Nội", "Hà Tĩnh", "Đắk Lắk"],
        "year": pd.array([2021, 2022, 2020, 2024], dtype="int32"),
        "plan_amount_vnd": [2_000_000_000, 500_000_000, 0, 0],
        "plans_with_amount": [1, 1, 0, 0],
        "activity_amount_vnd": [1_200_000_000, 0, 150_000_000, 0],
        "activities_with_amount": [1, 0, 1, 0],
    }
)


def test_default_kind():
    assert view.default_kind(AMOUNTS) == "plan"
    assert view.default_kind(AMOUNTS.assign(plan_amount_vnd=0)) == "activity"
    assert view.default_kind(AMOUNTS.iloc[0:0]) == "plan"


def test_positive_amounts():
    assert list(view.positive_amounts(AMOUNTS, "plan")["year"]) == [2021, 2022]
    assert list(view.positive_amounts(AMOUNTS, "activity")["province"]) == ["Hà Nội", "Hà Tĩnh"]
    assert view.positive_amounts(AMOUNTS.iloc[0:0], "plan").empty


def test_top_provinces_keeps_the_largest():
    n = view.MAX_BARS + 5
    amounts = pd.DataFrame(
        {
            "province": [f"Tỉnh {i:02d}" for i in range(n)],
            "year": [2024] * n,
            "plan_amount_vnd": [1_000_000 * (i + 1) for i in range(n)],
        }
    )
    shown, order, total = view.top_provinces(amounts, "plan")
    assert total == n
    assert order == [f"Tỉnh {i:02d}" for i in range(n - 1, n - 1 - view.MAX_BARS, -1)]
    assert set(shown["province"]) == set(order)
    # summed over years before ranking
    two_years = pd.DataFrame(
        {
            "province": ["A", "B", "A"],
            "year": [2020, 2020, 2021],
            "plan_amount_vnd": [3, 5, 4],
        }
    )
    assert view.top_provinces(two_years, "plan")[1:] == (["A", "B"], 2)


def test_amounts_chart(language):
    shown, order, _ = view.top_provinces(view.positive_amounts(AMOUNTS, "plan"), "plan")
    spec = view.amounts_chart(shown, order, "plan")
    # a province × year heatmap (10 years in 10 blues as stacked bars could not be told apart)
    cells, marks = spec["data"]
    assert cells["type"] == "heatmap"
    assert cells["x"] == ["2021", "2022"] and cells["y"] == ["Hà Nội"]
    # colour on a log scale: 2 tỷ → 9.30, 500 triệu → 8.70
    assert [round(v, 2) for v in cells["z"][0]] == [9.3, 8.7]
    if language == "vi":
        assert cells["text"] == [["2 tỷ", "500 tr"]]
        exact = ["2.000.000.000 đ", "500.000.000 đ"]
    else:
        assert cells["text"] == [["2 bn", "500 m"]]
        exact = ["2,000,000,000 VND", "500,000,000 VND"]
    # customdata = [province, year, exact amount]: the drill reads the first two
    assert cells["customdata"] == [[["Hà Nội", 2021, exact[0]], ["Hà Nội", 2022, exact[1]]]]
    assert cells["showscale"] is False
    # a click selects points, not cells: one invisible marker per filled cell carries it
    assert marks["type"] == "scatter" and marks["marker"]["opacity"] == 0
    assert list(zip(marks["x"], marks["y"], strict=True)) == [
        ("2021", "Hà Nội"),
        ("2022", "Hà Nội"),
    ]
    assert marks["customdata"] == [["Hà Nội", 2021, exact[0]], ["Hà Nội", 2022, exact[1]]]
    assert marks["selected"]["marker"]["opacity"] == 1  # the chosen cell gets its frame


def test_amounts_chart_leaves_empty_cells_empty():
    shown = view.positive_amounts(AMOUNTS, "activity")
    shown, order, _ = view.top_provinces(shown, "activity")
    spec = view.amounts_chart(shown, order, "activity")
    cells, marks = spec["data"]
    assert len(marks["x"]) == 2  # Hà Nội 2021, Hà Tĩnh 2020: no marker on an empty cell
    assert order == ["Hà Nội", "Hà Tĩnh"]  # the larger amount first
    assert cells["x"] == ["2020", "2021"]
    assert cells["z"][0][0] is None and cells["text"][0][0] == ""  # Hà Nội wrote none in 2020
    assert round(cells["z"][1][0], 3) == round(math.log10(150_000_000), 3)


@pytest.mark.parametrize(
    ("amount", "vi", "en"),
    [
        (1_500_000_000, "1,5 tỷ đồng", "VND 1.5 billion"),
        (850_000_000, "850 triệu đồng", "VND 850 million"),
        (2_000_000_000, "2 tỷ đồng", "VND 2 billion"),
        (1_234_567_890, "1,2 tỷ đồng", "VND 1.2 billion"),
        (123_456_789_000, "123 tỷ đồng", "VND 123 billion"),
        (3_100_000_000_000, "3,1 nghìn tỷ đồng", "VND 3.1 trillion"),
        (750_000, "750.000 đồng", "VND 750,000"),
        (None, "–", "–"),
    ],
)
def test_money_in_billions_and_millions(amount, vi, en):
    assert view.money_short(amount, "vi") == vi
    assert view.money_short(amount, "en") == en


def test_the_money_tab_first_only_when_there_is_money():
    status = pd.DataFrame({"plans_with_amount": [0, 0], "activities_with_amount": [0, 1]})
    assert view.has_amounts(status)
    assert not view.has_amounts(status.assign(activities_with_amount=[0, 0]))


def test_money_cards(language):
    status = pd.DataFrame(
        {
            "plans_with_amount": [1, 2],
            "amount_vnd": [1_000_000_000, 500_000_000],
            "activities_with_amount": [0, 3],
            "activity_amount_vnd": [None, 850_000_000],
        }
    )
    (plan_label, plan_value, plan_help), (_, activity_value, activity_help) = view.money_cards(
        status
    )
    assert plan_label == t("budgets.kpi.amount", language)
    assert plan_value == ("1,5 tỷ đồng" if language == "vi" else "VND 1.5 billion")
    assert activity_value == ("850 triệu đồng" if language == "vi" else "VND 850 million")
    assert ("1.500.000.000 đ" if language == "vi" else "1,500,000,000 VND") in plan_help
    assert "3" in activity_help
    none = status.assign(plans_with_amount=[0, 0], activities_with_amount=[0, 0])
    assert [card[1] for card in view.money_cards(none)] == ["–", "–"]


def test_amount_choices_and_describe():
    shown = view.positive_amounts(AMOUNTS, "activity")
    assert view.amount_choices(shown) == {
        "Hà Nội · 2021": {"d_provinces": ["Hà Nội"], "d_years": [2021]},
        "Hà Tĩnh · 2020": {"d_provinces": ["Hà Tĩnh"], "d_years": [2020]},
    }
    pick = {"d_provinces": ["Hà Nội", "Huế"], "d_years": [2021, 2022]}
    assert view.describe_amount(pick) == "Hà Nội, Huế · 2021, 2022"
    assert view.describe_amount({}) == " · "


# 4. each plan's budget --------------------------------------------------------------------------

PLANS = pd.DataFrame(
    {
        "plan_id": ["HT-2020", "HN-2021-92", "TB-2021"],
        "number": [None, "92/KH-UBND", "10/KH-UBND"],
        "province": ["Hà Tĩnh", "Hà Nội", "Thái Bình"],
        "year": pd.array([2020, 2021, 2021], dtype="int32"),
        "issuer": ["UBND tỉnh Hà Tĩnh", "UBND thành phố Hà Nội", "UBND tỉnh Thái Bình"],
        "status": ["stated", "stated", "conditional"],
        "sources": ["du_toan_rieng", "ngân sách", None],
        "sources_vi": ["Lập dự toán riêng", "Ngân sách chi thường xuyên", None],
        "sources_en": ["Separate estimate", "Recurrent state budget", None],
        "notes": ["Lập đề cương dự toán", None, "Huy động (nếu có)"],
        "amount_vnd": pd.array([None, 2_000_000_000, None], dtype="Int64"),
        "activities": [3, 1234, 1],
        "activities_with_amount": [1, 1, 0],
        "activity_amount_vnd": pd.array([150_000_000, 1_200_000_000, None], dtype="Int64"),
    }
)


def test_plans_of():
    assert view.plans_of(PLANS, "all") is PLANS
    assert list(view.plans_of(PLANS, "stated")["plan_id"]) == ["HT-2020", "HN-2021-92"]
    assert view.plans_of(PLANS, "none").empty


def test_plans_table(language):
    table = view.plans_table(PLANS)
    first, second, third = table.to_dict("records")
    year, status = t("col.year", language), t("budgets.col.status", language)
    amount = t("budgets.col.amount_vnd", language)
    activity_amount = t("budgets.col.activity_amount_vnd", language)
    activities = t("budgets.col.activities", language)
    assert second[year] == "2021"  # a year, not "2.021"
    assert third[status] == t("budgets.status.conditional", language)
    assert first[amount] == "–"
    if language == "vi":
        assert second[amount] == "2.000.000.000 đ"
        assert first[activity_amount] == "150.000.000 đ"
        assert second[activities] == "1.234"
        assert second[t("budgets.col.sources_vi")] == "Ngân sách chi thường xuyên"
        assert t("budgets.col.sources_en", "vi") not in table.columns
    else:
        assert second[amount] == "2,000,000,000 VND"
        assert second[activities] == "1,234"
        assert second[t("budgets.col.sources_en", "en")] == "Recurrent state budget"
    assert third[t("budgets.col.sources", language)] == ""  # none written: blank
    # A source written as a bare code reads as the code's name (budget_codes.csv).
    assert first[t("budgets.col.sources", language)] == (
        "Lập dự toán riêng, trình phê duyệt"
        if language == "vi"
        else "Separate estimate for approval"
    )
    assert second[t("budgets.col.sources", language)] == "ngân sách"  # as written
    assert second[t("budgets.col.notes", language)] == ""


def test_plans_export_frame(vi):
    frame = view.plans_export_frame(PLANS)
    assert list(frame["status_label"]) == [
        t("budgets.status.stated"),
        t("budgets.status.stated"),
        t("budgets.status.conditional"),
    ]
    assert set(view.PLANS_COLUMNS) <= set(frame.columns)
    assert set(view.STATUS_COLUMNS) <= set(view.status_frame(STATUS).columns)
    assert set(view.AMOUNTS_COLUMNS) <= set(AMOUNTS.columns)
