"""Báo cáo tóm tắt — the leaders' brief: one Word file (.docx) for a set of filters, or for
two (or more) side by side.

It holds the title and the filters in words, the key figures, the "what stands out"
sentences, four charts drawn offline with matplotlib (themes covered, lead units by type,
activities by quarter, budget sources), the compliance checklist and the sources (plan
numbers and dates). Vietnamese by default, English with ``lang="en"``.

Everything comes from the named queries (queries/*.sql) on a read-only connection with the
filter macros defined, so the brief counts exactly what the pages count::

    from ttdn.brief import Entity, build_brief
    entity = Entity({"provinces": ["Hà Tĩnh"], "years": [2020]})
    data = build_brief(con, [entity], lang="vi")       # bytes of a .docx

Two sections come from other modules and are left out, with a note, while those are not
there: the "what stands out" sentences (``ttdn.ui.highlights``) and the compliance
checklist (``ttdn.compliance``). Each is wired in one small function (``stands_out``,
``compliance_rows``).

Command line: ``python -m ttdn brief --province "Hà Tĩnh" [--year 2020] [--compare "Đắk Lắk"
[--compare-year 2024]] [--p2025] [--lang en] -o brief.docx``.

Charts are drawn with matplotlib (Agg, DejaVu Sans — it has every Vietnamese glyph, and
ships with matplotlib): Plotly's kaleido renders through a headless Chrome, which takes
~7 s per image here and needs Chrome on the machine.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ttdn import REFERENCE_DIR, queries
from ttdn.i18n import fmt_date, fmt_int, fmt_number, t
from ttdn.text import fold_words, nfc, split_multi

log = logging.getLogger("ttdn.brief")

FILTER_KEYS = ("years", "provinces", "province_mode", "levels", "themes", "units")
WIDTH_IN, DPI = 6.4, 140  # chart size: 16 cm wide on the page
MAX_QUARTERS = 8  # more quarters than this: summed by quarter of the year
COLORS = ("#2E6DA4", "#E8590C", "#2F9E44", "#7048E8")
FONT = "DejaVu Sans"  # ships with matplotlib; has the Vietnamese letters
DOC_FONT = "Times New Roman"  # the font of Vietnamese administrative documents
MAX_SOURCES = 40  # plans listed in the sources table; more: a count
MAX_PLAN_COLUMNS = 1  # an entity with more plans shows counts in the checklist
NO_SOURCE = "khong_neu"
_PREFIXES = ("ubnd ", "uy ban nhan dan ", "tinh ", "thanh pho ", "tp ")
RESULTS = ("met", "partly", "not_met", "n/a")
RESULT_KEYS = {"met": "met", "partly": "partly", "not_met": "not_met", "n/a": "na"}


class UnknownProvince(ValueError):
    """A province name that matches no province or alias of data/reference/provinces.csv."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name

    def message(self, lang: str) -> str:
        return t("brief.unknown_province", lang, name=self.name)


# provinces ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _provinces() -> pd.DataFrame:
    frame = pd.read_csv(
        REFERENCE_DIR / "provinces.csv", dtype=str, keep_default_na=False, encoding="utf-8"
    )
    return frame.map(nfc)


@lru_cache(maxsize=1)
def _province_index() -> dict[str, tuple[str, str]]:
    """Folded name or alias → (province as written, province after 2025)."""
    index: dict[str, tuple[str, str]] = {}
    frame = _provinces()
    for row in frame.itertuples():
        for name in (row.province, *split_multi(row.aliases)):
            index.setdefault(fold_words(name).replace(" ", ""), (row.province, row.province_2025))
    for row in frame.itertuples():  # names that exist only after 2025
        index.setdefault(
            fold_words(row.province_2025).replace(" ", ""), (row.province_2025, row.province_2025)
        )
    return index


def match_province(name: str) -> tuple[str, str]:
    """(province as written, province after 2025) for a name or alias, ignoring case,
    diacritics and a leading "tỉnh", "thành phố", "TP", "UBND"; raises UnknownProvince."""
    words = fold_words(name or "")
    index = _province_index()
    while words:
        found = index.get(words.replace(" ", ""))
        if found:
            return found
        words = next((words[len(p) :] for p in _PREFIXES if words.startswith(p)), "")
    raise UnknownProvince(str(name))


def _kind(province: str) -> str | None:
    frame = _provinces()
    kinds = frame.loc[frame["province"] == province, "kind"]
    return kinds.iloc[0] if len(kinds) else None


def province_words(province: str, lang: str) -> str:
    """ "Tỉnh Hà Tĩnh", "Thành phố Hà Nội", "Cơ quan trung ương" (EN: "Hà Tĩnh province")."""
    kind = _kind(province)
    if kind == "trung ương":
        return t("brief.central", lang)
    if kind in ("tỉnh", "thành phố") and not fold_words(province).startswith(("tp ", "thanh pho")):
        return t(f"brief.kind.{'city' if kind == 'thành phố' else 'province'}", lang, name=province)
    return province


# filters in words ----------------------------------------------------------------------


def _years_words(years: list[int], lang: str) -> str:
    years = sorted(set(int(y) for y in years))
    if not years:
        return t("brief.all_years", lang)
    if len(years) == 1:
        return t("brief.year_one", lang, year=years[0])
    if len(years) >= 3 and years == list(range(years[0], years[-1] + 1)):
        return t("brief.year_range", lang, first=years[0], last=years[-1])
    return t("brief.year_many", lang, years=", ".join(str(y) for y in years))


def describe(params: dict, lang: str = "vi", theme_names: dict | None = None) -> str:
    """The filters in words: "Tỉnh Hà Tĩnh, năm 2020"."""
    provinces = list(params.get("provinces") or [])
    if provinces:
        text = t("brief.and", lang).join(province_words(p, lang) for p in provinces)
        if params.get("province_mode") == "2025":
            text += " " + t("brief.p2025", lang)
    else:
        text = t("brief.all_provinces", lang)
    parts = [text, _years_words(params.get("years") or [], lang)]
    levels = params.get("levels") or []
    if levels:
        names = []
        for level in levels:
            try:
                names.append(t(f"filters.level.{level}", lang).lower())
            except KeyError:
                names.append(str(level))
        parts.append(t("brief.levels", lang, levels=", ".join(names)))
    themes = params.get("themes") or []
    if themes:
        names = [(theme_names or {}).get(code, code) for code in themes]
        parts.append(t("brief.themes", lang, themes="; ".join(names)))
    units = params.get("units") or []
    if units:
        parts.append(t("brief.units", lang, units="; ".join(units)))
    return ", ".join(parts)


def short_label(params: dict, lang: str = "vi") -> str:
    """A column or legend label: "Hà Tĩnh 2020", "Cả nước 2016–2025"."""
    provinces = list(params.get("provinces") or [])
    name = " + ".join(provinces) if provinces else t("brief.all_provinces", lang)
    years = sorted(set(params.get("years") or []))
    if not years:
        return name
    if len(years) >= 3 and years == list(range(years[0], years[-1] + 1)):
        return f"{name} {years[0]}–{years[-1]}"
    return f"{name} {', '.join(str(y) for y in years)}"


# data ---------------------------------------------------------------------------------


@dataclass
class Entity:
    """One column of the brief: the filter parameters (as ``Filters.params()``) and,
    optionally, its label."""

    params: dict
    label: str | None = None

    def __post_init__(self) -> None:
        params = {k: self.params.get(k) for k in FILTER_KEYS if self.params.get(k) is not None}
        for key in ("years", "provinces", "levels", "themes", "units"):
            params[key] = list(params.get(key) or [])
        params.setdefault("province_mode", "written")
        self.params = params


@dataclass
class Figures:
    """Everything the brief says about one entity."""

    kpis: dict
    themes: pd.DataFrame  # theme_code, name_vi, name_en, activities
    leads: pd.DataFrame  # unit_type, lead
    quarters: pd.DataFrame  # year, quarter, activities
    undated: int
    budget_sources: pd.DataFrame  # budget_code, name_vi, name_en, plans
    budget: dict  # plans, stated, conditional, amount
    sources: pd.DataFrame  # plan_sources rows
    extra: dict = field(default_factory=dict)


def _run(con, name: str, params: dict, **more) -> pd.DataFrame:
    return queries.run(con, name, {**params, **more})


def gather(con, params: dict) -> Figures:
    """Run the named queries the brief needs for one set of filters."""
    kpis = _run(con, "home_kpis", params).iloc[0].to_dict()
    themes = _run(con, "themes_by_theme", params)[
        ["theme_code", "name_vi", "name_en", "activities"]
    ]
    roles = _run(con, "units_activity_roles", params)
    leads = (
        roles[roles["lead"] > 0].groupby("unit_type", as_index=False)["lead"].sum()
        if not roles.empty
        else pd.DataFrame({"unit_type": [], "lead": []})
    )
    periods = _run(con, "timelines_by_period", params, grain="quarter")
    quarters = periods[["year", "quarter", "activities"]].copy()
    undated = int(kpis["activities"]) - int(quarters["activities"].sum() if len(quarters) else 0)
    sources_by_code = _run(con, "budgets_by_source", params)
    budget_sources = sources_by_code[
        (sources_by_code["budget_code"] != NO_SOURCE) & (sources_by_code["plans"] > 0)
    ][["budget_code", "name_vi", "name_en", "plans"]]
    status = _run(con, "budgets_status", params)
    plan_amount = status["amount_vnd"].dropna().sum() if len(status) else 0
    activity_amount = status["activity_amount_vnd"].dropna().sum() if len(status) else 0
    budget = {
        "plans": int(status["plans"].sum()) if len(status) else 0,
        "stated": int(status.loc[status["status"] == "stated", "plans"].sum()),
        "conditional": int(status.loc[status["status"] == "conditional", "plans"].sum()),
        # the amount of the plans' Budget sections; else the sum over their activities
        "amount": int(plan_amount) if plan_amount else (int(activity_amount) or None),
        "amount_from_activities": not plan_amount and bool(activity_amount),
    }
    sources = _run(con, "plan_sources", {k: params[k] for k in FILTER_KEYS[:4]})
    return Figures(
        kpis={k: int(v) for k, v in kpis.items()},
        themes=themes,
        leads=leads,
        quarters=quarters,
        undated=max(undated, 0),
        budget_sources=budget_sources,
        budget=budget,
        sources=sources,
    )


def stands_out(con, params: dict, lang: str) -> list[str] | None:
    """The home page's "what stands out" sentences for these filters; None while
    ttdn.ui.highlights is not there (the section then says so).
    INTEGRATION POINT: adapt this one call to highlights()' signature when merging."""
    try:
        from ttdn.ui.highlights import highlights
    except ImportError:
        return None
    from ttdn.ui.filters import Filters

    filters = Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in params.items()})
    try:
        return [h.text for h in highlights(con, filters, lang)]
    except Exception:  # the brief must still be made; the log keeps why
        log.exception("highlights() failed; the brief leaves the section out")
        return None


def compliance_rows(con, plan_ids: list[str]) -> pd.DataFrame | None:
    """The compliance checklist of these plans (plan_id, criterion_id, criterion, source,
    result, evidence); None while ttdn.compliance is not there.
    INTEGRATION POINT: the one call into ttdn.compliance."""
    try:
        from ttdn.compliance import evaluate
    except ImportError:
        return None
    try:
        return evaluate(con, plan_ids=plan_ids)
    except Exception:
        log.exception("compliance.evaluate() failed; the brief leaves the checklist out")
        return None


# charts -------------------------------------------------------------------------------


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.family": FONT,
            "font.size": 8,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 9,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "svg.fonttype": "none",
        }
    )
    return plt


def _number(value: float, lang: str, percent: bool) -> str:
    if percent:
        return fmt_number(value, lang, 0 if value >= 10 or value == 0 else 1) + "%"
    return fmt_int(value, lang)


def _tick(value: float, lang: str, percent: bool) -> str:
    text = fmt_number(value, lang, 0 if value % 1 == 0 else 1)
    return text + "%" if percent else text


def bar_chart(
    categories: list[str],
    series: list[tuple[str, list[float]]],
    *,
    title: str,
    axis_title: str = "",
    lang: str = "vi",
    horizontal: bool = True,
    percent: bool = False,
) -> bytes:
    """Grouped bars (one colour per series, i.e. per entity) as PNG bytes."""
    plt = _plt()
    from matplotlib.ticker import MaxNLocator

    n_cat, n_ser = len(categories), max(len(series), 1)
    wrapped = [textwrap.fill(str(c), 40 if horizontal else 14) for c in categories]
    height = 0.75 + n_cat * (0.14 + 0.08 * (n_ser - 1)) if horizontal else 2.6
    height = min(max(height, 1.5), 8.5)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height), dpi=DPI)
    # margins in inches (tight_layout would draw the figure twice)
    longest = max((len(line) for c in wrapped for line in c.split("\n")), default=4)
    lines = max((c.count("\n") + 1 for c in wrapped), default=1)
    left = 0.2 + 0.058 * longest if horizontal else 0.85
    bottom = 0.45 if horizontal else 0.25 + 0.14 * lines
    fig.subplots_adjust(
        left=min(left, 3.2) / WIDTH_IN,
        right=1 - 0.12 / WIDTH_IN,
        bottom=bottom / height,
        top=1 - 0.32 / height,
    )
    width = 0.8 / n_ser
    top = max((v for _, values in series for v in values), default=0) or 1
    for i, (name, values) in enumerate(series):
        offsets = [j - 0.4 + width * (i + 0.5) for j in range(n_cat)]
        draw = ax.barh if horizontal else ax.bar
        if not any(values):  # say so in the legend rather than leave the reader guessing
            name = f"{name} {t('brief.chart.none', lang)}"
        bars = draw(offsets, values, width * 0.92, label=name, color=COLORS[i % len(COLORS)])
        labels = [_number(v, lang, percent) if v else "" for v in values]
        ax.bar_label(bars, labels=labels, padding=2, fontsize=6, color="#333333")
    ticks = list(range(n_cat))
    value_axis = ax.xaxis if horizontal else ax.yaxis
    value_axis.set_major_locator(
        MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=not percent)
    )
    value_axis.set_major_formatter(lambda v, _: _tick(v, lang, percent))
    if horizontal:
        ax.set_yticks(ticks, wrapped)
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.15)
        ax.set_xlabel(axis_title)
        ax.grid(axis="x", color="#e5e7eb", linewidth=0.6)
    else:
        ax.set_xticks(ticks, wrapped)
        ax.set_ylim(0, top * 1.18)
        ax.set_ylabel(axis_title)
        ax.grid(axis="y", color="#e5e7eb", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(title)
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=7, loc="lower right" if horizontal else "upper right")
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def _name(row, lang: str) -> str:
    return row["name_en"] if lang == "en" else row["name_vi"]


def theme_chart(entities, figures, lang) -> bytes | None:
    base = figures[0].themes
    if base.empty or not any(int(f.kpis["activities"]) for f in figures):
        return None
    names = {r["theme_code"]: _name(r, lang) for r in base.to_dict("records")}
    shares = []
    for f in figures:
        total = int(f.kpis["activities"]) or 1
        counts = dict(zip(f.themes["theme_code"], f.themes["activities"], strict=True))
        shares.append({code: 100.0 * int(counts.get(code, 0)) / total for code in names})
    order = sorted(names, key=lambda c: (-shares[0][c], names[c]))
    return bar_chart(
        [names[c] for c in order],
        [(e.label, [s[c] for c in order]) for e, s in zip(entities, shares, strict=True)],
        title=t("brief.chart.themes", lang),
        axis_title=t("brief.chart.themes_axis", lang),
        lang=lang,
        percent=True,
    )


def lead_chart(entities, figures, lang) -> bytes | None:
    totals: dict = {}
    for f in figures:
        for unit_type, lead in zip(f.leads["unit_type"], f.leads["lead"], strict=True):
            totals[unit_type] = totals.get(unit_type, 0) + int(lead)
    if not totals:
        return None
    order = sorted(totals, key=lambda u: (-totals[u], u))  # most activities led first
    labels = []
    for unit_type in order:
        try:
            labels.append(t(f"units.type.{unit_type}", lang))
        except KeyError:
            labels.append(str(unit_type))
    series = []
    for e, f in zip(entities, figures, strict=True):
        counts = dict(zip(f.leads["unit_type"], f.leads["lead"], strict=True))
        series.append((e.label, [float(counts.get(u, 0)) for u in order]))
    return bar_chart(
        labels,
        series,
        title=t("brief.chart.units", lang),
        axis_title=t("brief.chart.activities_axis", lang),
        lang=lang,
    )


def quarter_chart(entities, figures, lang) -> bytes | None:
    if not any(len(f.quarters) for f in figures):
        return None
    quarters = {
        (int(y), int(q))
        for f in figures
        for y, q in zip(f.quarters["year"], f.quarters["quarter"], strict=True)
    }
    one_year = (
        all(f.quarters["year"].nunique() <= 1 for f in figures) or len(quarters) > MAX_QUARTERS
    )
    title = t("brief.chart.quarters", lang)
    if any(f.quarters["year"].nunique() > 1 for f in figures) and one_year:
        title += " " + t("brief.chart.quarters_summed", lang)
    keys: list = []
    counts = []
    for f in figures:
        got: dict = {}
        for row in f.quarters.itertuples():
            key = int(row.quarter) if one_year else (int(row.year), int(row.quarter))
            got[key] = got.get(key, 0) + int(row.activities)
        counts.append(got)
    keys = [1, 2, 3, 4] if one_year else sorted({k for got in counts for k in got})
    if one_year:
        labels = [t("brief.quarter", lang, q=_roman(k), n=k) for k in keys]
    else:
        labels = [t("brief.quarter_year", lang, q=_roman(q), n=q, year=y) for y, q in keys]
    return bar_chart(
        labels,
        [
            (e.label, [float(c.get(k, 0)) for k in keys])
            for e, c in zip(entities, counts, strict=True)
        ],
        title=title,
        axis_title=t("brief.chart.activities_axis", lang),
        lang=lang,
        horizontal=False,
    )


def _roman(q: int) -> str:
    return ("I", "II", "III", "IV")[int(q) - 1]


def budget_chart(entities, figures, lang) -> bytes | None:
    names: dict = {}
    for f in figures:
        for row in f.budget_sources.to_dict("records"):
            names.setdefault(row["budget_code"], _name(row, lang))
    if not names:
        return None
    series = []
    for e, f in zip(entities, figures, strict=True):
        counts = dict(zip(f.budget_sources["budget_code"], f.budget_sources["plans"], strict=True))
        series.append((e.label, [float(counts.get(c, 0)) for c in names]))
    return bar_chart(
        list(names.values()),
        series,
        title=t("brief.chart.budget", lang),
        axis_title=t("brief.chart.plans_axis", lang),
        lang=lang,
    )


CHARTS = (
    ("themes", theme_chart),
    ("units", lead_chart),
    ("quarters", quarter_chart),
    ("budget", budget_chart),
)


# the document -------------------------------------------------------------------------


def _set_font(style, name: str) -> None:
    """A style's font for every script (python-docx sets only ASCII; headings also carry
    theme fonts that would win)."""
    from docx.oxml.ns import qn

    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _new_document(lang: str):
    from docx import Document
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(1.8)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        _set_font(doc.styles[name], DOC_FONT)
    doc.styles["Normal"].font.size = Pt(12)
    doc.styles["Title"].font.size = Pt(20)
    for name in ("Title", "Heading 1"):
        doc.styles[name].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    doc.styles["Heading 1"].font.size = Pt(14)
    doc.core_properties.language = "en-GB" if lang == "en" else "vi-VN"
    return doc


def _table(doc, header: list[str], rows: list[list[str]], widths_cm: list[float] | None = None):
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for j, text in enumerate(header):
        cell = table.rows[0].cells[j]
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            table.rows[i].cells[j].text = str(text)
    if widths_cm:
        table.autofit = False
        for j, width in enumerate(widths_cm):
            table.columns[j].width = Cm(width)  # (LibreOffice reads the grid, Word the cells)
    for row in table.rows:
        for j, cell in enumerate(row.cells):
            if widths_cm:
                cell.width = Cm(widths_cm[j])
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10.5)
    return table


def _note(doc, text: str):
    from docx.shared import Pt, RGBColor

    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = True
    run.font.size = Pt(10.5)
    run.font.color.rgb = RGBColor(0x55, 0x5B, 0x66)
    return paragraph


def _money(amount, lang: str) -> str:
    if amount is None or amount != amount or not amount:
        return t("brief.not_stated", lang)
    return t("brief.vnd", lang, amount=fmt_int(amount, lang))


def kpi_rows(figures: list[Figures], lang: str) -> list[list[str]]:
    total_themes = max((len(f.themes) for f in figures), default=0)
    rows = []
    for key in ("plans", "activities", "themes", "units"):
        label = t(f"brief.kpi.{key}", lang, total=fmt_int(total_themes, lang))
        rows.append([label, *(fmt_int(f.kpis[key], lang) for f in figures)])
    budget = []
    for f in figures:
        text = f"{fmt_int(f.budget['stated'], lang)}/{fmt_int(f.budget['plans'], lang)}"
        if f.budget["conditional"]:
            text += " " + t("brief.kpi.conditional", lang, n=fmt_int(f.budget["conditional"], lang))
        budget.append(text)
    rows.append([t("brief.kpi.budget_plans", lang), *budget])
    amounts = []
    for f in figures:
        text = _money(f.budget["amount"], lang)
        if f.budget["amount_from_activities"]:
            text += " " + t("brief.kpi.from_activities", lang)
        amounts.append(text)
    rows.append([t("brief.kpi.budget_amount", lang), *amounts])
    return rows


def _result_label(result: str, lang: str) -> str:
    key = RESULT_KEYS.get(str(result))
    return t(f"brief.result.{key}", lang) if key else str(result)


def _counts_label(results: pd.Series, lang: str) -> str:
    n = len(results)
    parts = []
    for result in RESULTS:
        k = int((results == result).sum())
        if k:
            parts.append(f"{_result_label(result, lang)} {fmt_int(k, lang)}/{fmt_int(n, lang)}")
    return "; ".join(parts) or "—"


def _short_text(value, limit: int = 160) -> str:
    text = " ".join(str(value if value is not None and value == value else "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def compliance_table(doc, entities, figures, checks: pd.DataFrame, lang: str) -> None:
    plan_sets = [list(f.sources["plan_id"]) for f in figures]
    criteria = list(dict.fromkeys(checks["criterion_id"]))
    names = dict(zip(checks["criterion_id"], checks["criterion"], strict=False))
    single = len(entities) == 1 and len(plan_sets[0]) == 1
    header = [t("brief.compliance.criterion", lang)]
    if single:
        header += [t("brief.compliance.result", lang), t("brief.compliance.evidence", lang)]
    else:
        header += [e.label for e in entities]
    rows = []
    for criterion in criteria:
        these = checks[checks["criterion_id"] == criterion]
        row = [names.get(criterion, criterion)]
        if single:
            first = these.iloc[0]
            row += [_result_label(first["result"], lang), _short_text(first["evidence"])]
        else:
            for plans in plan_sets:
                mine = these[these["plan_id"].isin(plans)]["result"]
                if len(plans) <= MAX_PLAN_COLUMNS and len(mine):
                    row.append(_result_label(mine.iloc[0], lang))
                else:
                    row.append(_counts_label(mine, lang))
        rows.append(row)
    widths = [6.5, 3, 7.5] if single else None
    _table(doc, header, rows, widths)


def sources_rows(figures: list[Figures], lang: str) -> tuple[list[list[str]], int]:
    frames = [f.sources for f in figures if not f.sources.empty]
    if not frames:
        return [], 0
    plans = pd.concat(frames).drop_duplicates("plan_id")
    rows = []
    for row in plans.head(MAX_SOURCES).to_dict("records"):
        number = str(row.get("number") or "").strip() or "—"
        date = fmt_date(row.get("issued_date"), lang) or "—"
        rows.append([row["issuer"] or "—", _short_text(row["title"], 90), number, date])
    return rows, max(len(plans) - MAX_SOURCES, 0)


def build_brief(
    con,
    entities: list[Entity],
    lang: str = "vi",
    today: dt.date | None = None,
) -> bytes:
    """The brief as the bytes of a .docx file. con: a read-only connection with the
    filter macros defined (``queries.prepare``). One entity: a brief for those filters;
    two or more: side by side."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    themes = queries.run(con, "filter_options_themes")
    theme_names = dict(
        zip(themes["theme_code"], themes["name_en" if lang == "en" else "name_vi"], strict=True)
    )
    for entity in entities:
        if not entity.label:
            entity.label = short_label(entity.params, lang)
    if len({e.label for e in entities}) < len(entities):
        for entity in entities:
            entity.label = describe(entity.params, lang, theme_names)
    figures = [gather(con, e.params) for e in entities]
    synthetic = bool(queries.run(con, "synthetic_flag").iloc[0]["synthetic"])

    doc = _new_document(lang)
    doc.add_heading(t("brief.title", lang), level=0)
    words = [describe(e.params, lang, theme_names) for e in entities]
    subtitle = doc.add_paragraph()
    subtitle.add_run(t("brief.compare_join", lang).join(words)).bold = True
    _note(doc, t("brief.made", lang, date=fmt_date(today or dt.date.today(), lang)))
    if synthetic:
        _note(doc, t("brief.synthetic", lang))

    doc.add_heading(t("brief.kpis", lang), level=1)
    header = [t("brief.kpi.measure", lang)] + [e.label for e in entities]
    first = 7.0 if len(entities) > 1 else 9.0
    rest = (17.0 - first) / len(entities)
    _table(doc, header, kpi_rows(figures, lang), [first] + [rest] * len(entities))

    doc.add_heading(t("brief.highlights", lang), level=1)
    any_sentences = False
    for entity in entities:
        sentences = stands_out(con, entity.params, lang)
        if sentences is None:
            _note(doc, t("brief.highlights_missing", lang))
            break
        if len(entities) > 1:
            doc.add_paragraph(entity.label).runs[0].bold = True
        for sentence in sentences:
            doc.add_paragraph(sentence, style="List Bullet")
            any_sentences = True
    else:
        if not any_sentences:
            _note(doc, t("brief.highlights_none", lang))

    doc.add_heading(t("brief.charts", lang), level=1)
    for name, draw in CHARTS:
        png = draw(entities, figures, lang)
        if png is None:
            _note(doc, t("brief.chart.empty", lang, chart=t(f"brief.chart.{name}", lang)))
            continue
        doc.add_picture(io.BytesIO(png), width=Cm(16))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if name == "themes":
            _note(doc, t("brief.chart.themes_note", lang))
        if name == "quarters" and any(f.undated for f in figures):
            undated = ", ".join(
                f"{e.label}: {fmt_int(f.undated, lang)}"
                for e, f in zip(entities, figures, strict=True)
            )
            _note(doc, t("brief.chart.quarters_note", lang, counts=undated))

    doc.add_heading(t("brief.compliance", lang), level=1)
    plan_ids = list(dict.fromkeys(p for f in figures for p in f.sources["plan_id"]))
    checks = compliance_rows(con, plan_ids)
    if checks is None:
        _note(doc, t("brief.compliance_missing", lang))
    elif checks.empty:
        _note(doc, t("brief.compliance_none", lang))
    else:
        compliance_table(doc, entities, figures, checks, lang)

    doc.add_heading(t("brief.sources", lang), level=1)
    rows, more = sources_rows(figures, lang)
    header = [t(f"col.{c}", lang) for c in ("issuer", "title", "number", "issued_date")]
    _table(doc, header, rows, [4.5, 6.5, 3.2, 2.8])
    if more:
        _note(doc, t("brief.sources_more", lang, n=fmt_int(more, lang)))

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def plan_count(con, params: dict) -> int:
    return int(queries.run(con, "home_kpis", params).iloc[0]["plans"])


def cli_entity(province: str | None, year: int | None, p2025: bool) -> Entity:
    """The filters of a --province / --year pair (names matched as match_province)."""
    params: dict = {"province_mode": "2025" if p2025 else "written"}
    if province:
        written, after = match_province(province)
        params["provinces"] = [after if p2025 else written]
    if year:
        params["years"] = [int(year)]
    return Entity(params)


def brief_from_cli(
    db_path,
    *,
    province: str | None = None,
    year: int | None = None,
    compare: str | None = None,
    compare_year: int | None = None,
    p2025: bool = False,
    lang: str = "vi",
) -> tuple[bytes | None, Entity | None]:
    """(the .docx bytes, None), or (None, the entity without any plan).
    Raises UnknownProvince."""
    import duckdb

    entities = [cli_entity(province, year, p2025)]
    if compare:
        entities.append(cli_entity(compare, compare_year or year, p2025))
    with duckdb.connect(str(db_path), read_only=True) as con:
        queries.prepare(con)
        for entity in entities:
            if plan_count(con, entity.params) == 0:
                return None, entity
        return build_brief(con, entities, lang), None
