"""Điểm nổi bật / What stands out: 3–5 sentences computed from the data, each with a link
to the view that shows it. A pure function over query results, so the home page and the
leaders' brief share it::

    from ttdn.ui.highlights import highlights
    for item in highlights(con, filters, "vi"):      # a prepared DuckDB connection
        print(item.text, item.link)                  # link: "so-sanh?ss_tinh=...", or None
    highlights({"plans": frame, "themes": frame}, filters, "en")   # or the query results

``filters`` is a ttdn.ui.filters.Filters (or None for no filter). The frames are those of
queries/highlights_plans.sql and queries/themes_by_theme.sql under the same filters.

The sentences, in order, each left out when the data do not support it:

1. the most and the least covered themes (share of activities);
2. the provinces with the fewest activities (central bodies left out; 2+ provinces);
3. the plans naming no budget source;
4. the plans where no activity names a lead unit;
5. the change in activities since the year before (the last two years in the data).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd

from ttdn.i18n import fmt_int, fmt_number, t
from ttdn.text import vi_sort_key

MOST = 5  # at most this many sentences
FEWEST = 3  # provinces named in the "fewest activities" sentence
LISTED = 3  # plans named before "…"
PAGES = {  # page → its url_path in app.py (app_pages/<page>.py)
    "themes": "chu-de",
    "units": "don-vi",
    "budgets": "kinh-phi",
    "timelines": "tien-do",
    "compare": "so-sanh",
}


@dataclass(frozen=True)
class Highlight:
    text: str
    link: str | None = None  # a relative URL of the app: page path and query string
    page: str = ""  # the page's url_path
    params: dict = field(default_factory=dict)  # its query parameters
    file: str = ""  # the page's script (for st.page_link)


def frames_from(con, filters) -> dict[str, pd.DataFrame]:
    """The query results highlights() reads, from a prepared DuckDB connection."""
    from ttdn import queries

    params = filters.params() if filters is not None else {}
    return {
        "plans": queries.run(con, "highlights_plans", params),
        "themes": queries.run(con, "themes_by_theme", params),
    }


def _link(page: str, filters, lang: str, extra: dict | None = None) -> tuple[str, dict]:
    params: dict = dict(filters.query()) if filters is not None else {}
    params.update(extra or {})
    if lang != "vi":
        params["lang"] = lang
    query = urlencode(params, doseq=True)
    return PAGES[page] + (f"?{query}" if query else ""), params


def _make(key: str, page: str, filters, lang: str, extra=None, **values) -> Highlight:
    link, params = _link(page, filters, lang, extra)
    return Highlight(t(key, lang, **values), link, PAGES[page], params, f"app_pages/{page}.py")


def _pct(part: float, whole: float, lang: str) -> str:
    return fmt_number(100 * part / whole if whole else 0, lang, 0) + "%"


def _plan_name(row: dict) -> str:
    number = row.get("plan_number")
    number = number if isinstance(number, str) and number.strip() else row.get("plan_id")
    return f"{row.get('province')} {row.get('year')} ({number})"


def _listed(rows: list[dict], lang: str) -> str:
    names = [_plan_name(r) for r in rows[:LISTED]]
    more = len(rows) - LISTED
    return "; ".join(names) + (
        t("highlights.more", lang, n=fmt_int(more, lang)) if more > 0 else ""
    )


def _column(frame: pd.DataFrame, name: str) -> list:
    return frame[name].tolist()


def highlights(source, filters=None, lang: str = "vi") -> list[Highlight]:
    """3–5 sentences on what stands out (fewer when the data are thin), each linked.
    (Plain lists over the frames' columns: a few hundred plans, no pandas per row.)"""
    frames = source if isinstance(source, dict) else frames_from(source, filters)
    plans: pd.DataFrame = frames.get("plans", pd.DataFrame())
    themes: pd.DataFrame = frames.get("themes", pd.DataFrame())
    if plans is None or plans.empty:
        return []
    out: list[Highlight] = []
    activities = [int(n) for n in _column(plans, "activities")]
    total = sum(activities)
    name = "name_en" if lang == "en" else "name_vi"

    # 1. the most and least covered themes (most first, then by name; missing names last)
    if total and themes is not None and len(themes) > 1:
        counts, names = _column(themes, "activities"), _column(themes, name)
        ranked = sorted(
            range(len(counts)),
            key=lambda i: (-counts[i], not isinstance(names[i], str), str(names[i])),
        )
        top, low = ranked[0], ranked[-1]
        if int(counts[top]) > 0:
            out.append(
                _make(
                    "highlights.themes",
                    "themes",
                    filters,
                    lang,
                    top=names[top],
                    top_share=_pct(int(counts[top]), total, lang),
                    low=names[low],
                    low_share=_pct(int(counts[low]), total, lang),
                )
            )

    # 2. the provinces with the fewest activities
    keys = ("plan_id", "plan_number", "province", "year", "central")
    rows = [
        {**dict(zip(keys, values, strict=True)), "activities": count}
        for *values, count in zip(*(_column(plans, k) for k in keys), activities, strict=True)
    ]
    per_province: dict = {}
    for row in rows:
        if not bool(row["central"]) and row["province"] == row["province"]:  # not NaN
            per_province[row["province"]] = per_province.get(row["province"], 0) + row["activities"]
    order = sorted(per_province, key=lambda p: (per_province[p], vi_sort_key(p)))
    sums = [per_province[p] for p in order]
    if len(order) >= 2 and min(sums) == max(sums):
        out.append(
            _make(
                "highlights.even",
                "themes",
                filters,
                lang,
                n=fmt_int(len(order), lang),
                activities=fmt_int(min(sums), lang),
            )
        )
    elif len(order) >= 2:
        fewest = order[: min(FEWEST, len(order) - 1)]
        names = "; ".join(f"{p} ({fmt_int(per_province[p], lang)})" for p in fewest)
        chosen = list(fewest)
        if len(chosen) < 2:  # compare it with the one with the most (the first of them)
            chosen.append(order[sums.index(max(sums))])
        extra = {"ss_tinh": ",".join(chosen)}
        out.append(
            _make(
                "highlights.fewest",
                "compare",
                filters,
                lang,
                extra,
                provinces=names,
                median=fmt_int(statistics.median(sums), lang),
            )
        )

    # 3. plans naming no budget source
    no_budget = [
        r for r, s in zip(rows, _column(plans, "budget_status"), strict=True) if s == "none"
    ]
    if no_budget:
        out.append(
            _make(
                "highlights.no_budget",
                "budgets",
                filters,
                lang,
                n=fmt_int(len(no_budget), lang),
                total=fmt_int(len(plans), lang),
                plans=_listed(no_budget, lang),
            )
        )

    # 4. plans where no activity names a lead unit
    no_lead = [
        r
        for r, led in zip(rows, _column(plans, "with_lead"), strict=True)
        if r["activities"] > 0 and led == 0
    ]
    if no_lead:
        out.append(
            _make(
                "highlights.no_lead",
                "units",
                filters,
                lang,
                {"donvi_xem": "unknown"},
                n=fmt_int(len(no_lead), lang),
                total=fmt_int(len(plans), lang),
                plans=_listed(no_lead, lang),
            )
        )

    # 5. the change since the year before
    years: dict = {}
    for row in rows:
        if row["year"] == row["year"]:  # not NaN
            count, plans_in = years.get(row["year"], (0, 0))
            years[row["year"]] = (count + row["activities"], plans_in + 1)
    if len(years) >= 2:
        last, before = (int(y) for y in sorted(years)[-1:-3:-1])
        now, then = years[last][0], years[before][0]
        if then:
            change = (now - then) / then * 100
            key = "up" if change > 0 else "down" if change < 0 else "same"
            out.append(
                _make(
                    f"highlights.change_{key}",
                    "themes",
                    filters,
                    lang,
                    {"nam": f"{before},{last}", "chude_xem": "years"},
                    year=last,
                    before=before,
                    activities=fmt_int(now, lang),
                    plans=fmt_int(int(years[last][1]), lang),
                    previous=fmt_int(then, lang),
                    change=fmt_number(abs(change), lang, 0) + "%",
                )
            )
    return out[:MOST]
