"""Tiến độ opens on what is known of the dates when most activities have none (issue 11,
item 5): per plan, dated / assumed / recurring / undated, adding up to its activities."""

import pandas as pd

from tests.fixtures import bars
from ttdn.i18n import t
from ttdn.ui import timelines_view as view

PLANS = pd.DataFrame(
    {
        "plan_id": ["HT-2020", "HN-2021"],
        "number": [None, "92/KH-UBND"],
        "province": ["Hà Tĩnh", "Hà Nội"],
        "year": [2020, 2021],
        # the default data's Hà Tĩnh: 18 activities, 2 dated (1 assumed), 15 recurring
        "activities": [18, 10],
        "dated": [2, 0],
        "assumed": [1, 0],
        "recurring": [15, 0],
        "undated": [1, 10],
    }
)


def test_the_kinds_of_a_plan_add_up_to_its_activities(language):
    frame = view.known_frame(PLANS)
    counts = {
        (p, k): n
        for p, k, n in zip(frame["plan_id"], frame["kind"], frame["activities"], strict=True)
    }
    assert counts == {
        ("HT-2020", "dated"): 1,
        ("HT-2020", "assumed"): 1,
        ("HT-2020", "recurring"): 15,
        ("HT-2020", "undated"): 1,
        ("HN-2021", "dated"): 0,
        ("HN-2021", "assumed"): 0,
        ("HN-2021", "recurring"): 0,
        ("HN-2021", "undated"): 10,
    }
    totals = frame.groupby("plan_id")["activities"].sum().to_dict()
    assert totals == {"HT-2020": 18, "HN-2021": 10}
    assert set(frame["kind_label"]) == {
        t(f"timelines.s0.kind.{k}", language) for k in view.KNOWN_KINDS
    }


def test_the_chart_draws_every_known_kind(language):
    spec = view.known_chart(view.known_frame(PLANS))
    ht = view.plan_label(PLANS.iloc[0])
    hn = view.plan_label(PLANS.iloc[1])
    name = {k: t(f"timelines.s0.kind.{k}", language) for k in view.KNOWN_KINDS}
    assert bars(spec) == {
        (ht, name["dated"]): 1,
        (ht, name["assumed"]): 1,
        (ht, name["recurring"]): 15,
        (ht, name["undated"]): 1,
        (hn, name["undated"]): 10,
    }
    # the plan's id first in customdata: the drill-down lists that plan's activities
    assert {c[0] for trace in spec["data"] for c in trace.get("customdata") or []} == {
        "HT-2020",
        "HN-2021",
    }


def test_the_page_leads_with_what_is_known_only_when_most_lack_dates():
    assert view.mostly_undated({"activities": 79, "dated": 2})
    assert not view.mostly_undated({"activities": 10, "dated": 5})
    assert not view.mostly_undated({"activities": 0, "dated": 0})


def test_caption_counts(language):
    text = view.known_caption({"activities": 79, "dated": 2, "recurring": 15})
    assert text == t(
        "timelines.s0.caption", language, dated="2", activities="79", recurring="15", undated="62"
    )


def test_the_overview_gantt_keeps_its_labels_short():
    from tests.test_timelines_view import PLAN

    dated, _, _ = view.split_plan(PLAN)
    long = dated.assign(title=["Tuyên truyền " * 10] * len(dated))
    labels = [y for trace in view.gantt(long, label=30)["data"] for y in trace["y"]]
    assert labels and all(len(y.split(" · ", 1)[1]) <= 30 and y.endswith("…") for y in labels)
    full = [y for trace in view.gantt(long)["data"] for y in trace["y"]]
    assert all(len(y.split(" · ", 1)[1]) > 30 for y in full)  # the plan tab keeps 56
