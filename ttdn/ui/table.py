"""Every table the app shows goes through here (``show_table`` instead of ``st.dataframe``),
so that all of them read the same way, in the page's language:

- an empty cell (None, NaN, NaT, "") shows "—", never "None";
- whole numbers show 1.234.567 in Vietnamese and 1,234,567 in English, fractions 12,5 /
  12.5; years, row numbers and other labels stay plain (2020, not 2.020);
- dates show dd/mm/yyyy (Vietnamese) or "02 Jan 2020" (English);
- sorting a column by its header still sorts numbers and dates by value: the value stays
  a number (or a date) and only what is drawn is formatted (a NumberColumn format, or a
  pandas Styler where a column has gaps or decimals). One exception, for speed: in a table
  of more than MAX_STYLED_DATE_CELLS cells a date column with gaps is drawn as text.

``display(frame, language)`` does the work without Streamlit, for tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

import pandas as pd
import streamlit as st

from ttdn.i18n import catalog, fmt_date, fmt_int, fmt_number
from ttdn.ui.export import PLAIN_NUMBER_COLUMNS, _plain_number

EMPTY = "—"
# a gap in a number or date column is drawn from this stand-in (Streamlit draws a real null
# as "None"); it sorts first, as a null would
MISSING_NUMBER = float("-inf")
MISSING_DATE = dt.date(1900, 1, 1)
INTEGER_FORMAT = {"vi": "%'.,d", "en": "%,d"}  # sprintf-js with Streamlit's separator flag
DATE_FORMAT = {"vi": "DD/MM/YYYY", "en": "DD MMM YYYY"}
DATETIME_FORMAT = {"vi": "DD/MM/YYYY HH:mm", "en": "DD MMM YYYY HH:mm"}
MAX_STYLED_CELLS = 20_000  # beyond this (~0.3 s to draw), number gaps and decimals are left to Streamlit  # (a gap is then a null, drawn "—" as st.dataframe's placeholder)
# a Styler is redrawn on every rerun (about 30 µs a cell): beyond this many cells a date
# column with gaps is drawn as text ("—" in the gaps) instead, which sorts as text
MAX_STYLED_DATE_CELLS = 2_000


def _plain_headers() -> set[str]:
    """Headers (both languages) of the columns that hold years, row numbers and the like."""
    entries = catalog()
    keys = {f"col.{c}" for c in PLAIN_NUMBER_COLUMNS} | {"drill.col.row"}
    out = set(PLAIN_NUMBER_COLUMNS)
    for key in keys:
        if key in entries:
            out |= {v for v in entries[key].values() if v}
    return out


def _is_plain(column, values: pd.Series, plain: set[str]) -> bool:
    name = str(column)
    if name in plain or _plain_number(name):
        return True
    # a column of years under another name ("Năm ban hành", "Year issued")
    lowered = name.lower()
    if ("năm" in lowered or "year" in lowered) and len(values.dropna()):
        numbers = values.dropna()
        return bool(((numbers >= 1900) & (numbers <= 2100) & (numbers % 1 == 0)).all())
    return False


def _empty(value) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _listlike(values: pd.Series) -> bool:
    return any(isinstance(v, list | tuple | set) or hasattr(v, "ndim") for v in values.head(20))


def _is_date_column(values: pd.Series) -> bool:
    present = values.dropna()
    return (
        values.dtype == object
        and len(present) > 0
        and all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in present)
    )


def number_text(value, language: str, plain: bool = False, decimals: int = 1) -> str:
    """A number as a table shows it (for the Styler and the tests)."""
    if _empty(value) or value == MISSING_NUMBER:
        return EMPTY
    if plain:
        return str(int(value)) if float(value).is_integer() else str(value)
    if float(value).is_integer():
        return fmt_int(value, language)
    return fmt_number(value, language, decimals)


def date_text(value, language: str) -> str:
    if _empty(value):
        return EMPTY
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if value in (MISSING_DATE, dt.datetime.combine(MISSING_DATE, dt.time())):
        return EMPTY
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return f"{fmt_date(value, language)} {value:%H:%M}"
    return fmt_date(value, language)


# --- column widths: every column visible on a desktop ---------------------------------
# Glide (st.dataframe's grid) sizes a column to its longest text: a table with a long title
# or evidence column ran past the right edge, its last columns hidden behind a scrollbar
# that shows only on hover. Over TABLE_PX the longest columns are narrowed (water-filling)
# until the table fits; a text column cut by more than a little wraps (a taller row).
TABLE_PX = 800  # the main column at 1280–1366 px with the sidebar open (818 px at 1280)
CHAR_PX = 6.5  # Source Sans, 14 px: the width of an average character (measured in Glide)
CELL_PAD_PX = 18  # a cell's left and right padding
HEADER_PAD_PX = 22  # a header's padding and its sort arrow
MIN_COLUMN_PX = 90  # a text column is never narrowed below this
MAX_HEADER_PX = 130  # nor below its header, up to this
NUMBER_HEADER_PX = 100  # a number column's header may be cut down to this (help: in full)
MAX_CODE_CHARS = 20  # a column of single words this long (codes, ids) is never narrowed
WRAP_ROW_PX = 68  # Streamlit wraps text only in rows over 64 px (4rem)
LINE_PX, ROW_PAD_PX, MAX_LINES = 20, 12, 4  # a wrapped row: up to four lines of text
WRAP_RATIO = 1.25  # a text column cut to less than 1/1.25 of its length wraps
NAMED_WIDTHS = {"small": 75, "medium": 200, "large": 400}
SAMPLE_ROWS = 400  # the longest text is looked for in this many rows


def _text_px(text: str) -> float:
    """About how wide Glide draws text (Source Sans, 14 px): capitals and digits are wider
    than small letters, a space narrower. (Counted by kind with str methods, not char by
    char in Python: the same sum, several times faster on a table's hundreds of cells.)"""
    wide = sum(map(str.isupper, text)) + sum(text.count(c) for c in _WIDE_SIGNS)
    digits = sum(map(str.isdigit, text))
    spaces = text.count(" ")
    rest = len(text) - wide - digits - spaces
    return 3.5 * spaces + 9.0 * wide + 7.5 * digits + CHAR_PX * rest


_WIDE_SIGNS = "—%&@#"  # drawn as wide as a capital


def natural_widths(frame: pd.DataFrame, language: str = "vi", config=None) -> dict:
    """(natural, floor, typical) px of each column. natural: the width Glide would give it, its
    longest drawn text (a sample of rows) or its header, whichever is wider (a width set in
    config counts as it is). floor: how narrow it may be made: a number, a date or a code is
    never cut (its header may be, down to NUMBER_HEADER_PX), a text column keeps its header
    whole (up to MAX_HEADER_PX) and MIN_COLUMN_PX.
    typical: a text column's 80th-percentile text (0 for other columns)."""
    config = config or {}
    widths = {}
    typical = {}  # a text column's 80th-percentile width (how many lines it wraps to)
    for column in frame.columns:
        values = frame[column]
        if isinstance(values, pd.DataFrame):
            continue
        header = _text_px(str(column)) + HEADER_PAD_PX
        sample = values.head(SAMPLE_ROWS)
        text = False
        if pd.api.types.is_bool_dtype(sample):
            longest = 1
        elif pd.api.types.is_numeric_dtype(sample):
            texts = [number_text(v, language) for v in sample.dropna()]
            longest = max(map(len, texts), default=1) * 7.5 / CHAR_PX
        elif pd.api.types.is_datetime64_any_dtype(sample) or _is_date_column(sample):
            longest = 16
        else:
            words = [str(v) for v in sample if not _empty(v)]
            sizes = sorted(map(_text_px, words)) or [CHAR_PX]
            longest = sizes[-1] / CHAR_PX
            typical[column] = sizes[int(0.8 * (len(sizes) - 1))] + CELL_PAD_PX
            # a code ("92/KH-UBND", "HT-2020") is not cut: it would break mid-code
            text = any(len(w) > MAX_CODE_CHARS or " " in w for w in words)
        natural = max(header, longest * CHAR_PX + CELL_PAD_PX)
        given = (config.get(column) or {}).get("width")
        if given is not None:
            natural = float(NAMED_WIDTHS.get(given, given))
        values_px = longest * CHAR_PX + CELL_PAD_PX
        if text:
            floor = max(min(header, MAX_HEADER_PX), MIN_COLUMN_PX)
        else:  # a number or date is never cut; its header may be, down to NUMBER_HEADER_PX
            floor = max(values_px, min(header, NUMBER_HEADER_PX))
        widths[column] = (natural, min(floor, natural), typical.get(column, 0.0))
    return widths


def fitted_widths(natural: dict, budget: float = TABLE_PX) -> tuple[dict, dict]:
    """(width of every column, how far each narrowed column is cut: natural / width) so
    that the widths add up to the budget: the widest columns are narrowed first, to one
    common width (water-filling), none below its floor. ({}, {}) when the table fits as it
    is. natural: {column: (natural px, floor px)}."""
    if not natural or sum(n for n, *_ in natural.values()) <= budget:
        return {}, {}

    def widths_at(cap: float) -> dict:
        return {c: min(n, max(cap, f)) for c, (n, f, *_) in natural.items()}

    low, high = 0.0, max(n for n, *_ in natural.values())
    for _ in range(30):  # the widest common cap that fits
        middle = (low + high) / 2
        if sum(widths_at(middle).values()) <= budget:
            low = middle
        else:
            high = middle
    widths = {c: int(w) for c, w in widths_at(low).items()}
    # how many lines a cut column's typical text takes (its longest may take more)
    cut = {
        c: max(natural[c][2] if len(natural[c]) > 2 else natural[c][0], widths[c]) / widths[c]
        for c in natural
        if natural[c][0] > widths[c] + 1
    }
    return widths, cut


def fit_columns(
    frame: pd.DataFrame,
    language: str,
    config: dict,
    budget: float = TABLE_PX,
    natural: dict | None = None,
):
    """Column widths (into config) so that the table fits the budget; a row height that
    wraps text when a text column had to be cut by more than WRAP_RATIO (else None).
    natural: natural_widths(frame, language, config), when already known."""
    if natural is None:
        natural = natural_widths(frame, language, config)
    widths, cut = fitted_widths(natural, budget)
    for column, (px, _, typical, *_) in natural.items():
        # a width given in config (width="large") narrower than the column's typical text:
        # cut too, so it wraps instead of ending in "…" (Chủ đề's "Chủ đề chưa có")
        if column not in cut and typical > px + 1:
            cut[column] = typical / px
    for column, width in widths.items():
        entry = dict(config.get(column) or {})
        entry["width"] = width
        if width < _text_px(str(column)) + HEADER_PAD_PX - 1 and not entry.get("help"):
            entry["help"] = str(column)  # a cut header reads in full on hover
        config[column] = entry
    if not any(ratio > WRAP_RATIO for ratio in cut.values()):
        return None
    lines = min(max(math.ceil(max(cut.values())), 2), MAX_LINES)
    return max(ROW_PAD_PX + LINE_PX * lines, WRAP_ROW_PX)


def display(
    frame: pd.DataFrame,
    language: str = "vi",
    plain: Iterable[str] = (),
    column_config: dict | None = None,
):
    """(data, column_config) for st.dataframe: `data` is the frame with text gaps as "—",
    or a pandas Styler over it when a number or date column needs drawing that a column
    format cannot give (gaps, decimals in Vietnamese)."""
    out, formats, config = _display_parts(frame, language, plain, column_config)
    return (out.style.format(formats) if formats else out), config


def _display_parts(
    frame: pd.DataFrame,
    language: str = "vi",
    plain: Iterable[str] = (),
    column_config: dict | None = None,
) -> tuple[pd.DataFrame, dict, dict]:
    """display()'s work: (frame, Styler formats by column (empty: no Styler), config). The
    formats are partials of module functions, so the parts pickle (st.cache_data)."""
    config = dict(column_config or {})
    out = frame.copy()
    styled: dict = {}
    date_columns: set = set()
    plain = set(plain) | _plain_headers()
    for column in frame.columns:
        values = frame[column]
        if isinstance(values, pd.DataFrame):  # duplicate header: leave as it is
            continue
        if pd.api.types.is_bool_dtype(values):
            continue
        if pd.api.types.is_numeric_dtype(values):
            numbers = pd.to_numeric(values, errors="coerce").astype(float)
            is_plain = _is_plain(column, numbers, plain)
            gaps = bool(numbers.isna().any())
            fractions = bool((numbers.dropna() % 1 != 0).any())
            if not gaps and not fractions:
                if column not in config:
                    config[column] = st.column_config.NumberColumn(
                        format="%d" if is_plain else INTEGER_FORMAT.get(language, "%,d")
                    )
                continue
            out[column] = numbers.fillna(MISSING_NUMBER)
            styled[column] = functools.partial(number_text, language=language, plain=is_plain)
            continue
        if pd.api.types.is_datetime64_any_dtype(values):
            timed = bool((values.dropna().dt.normalize() != values.dropna()).any())
            if values.isna().any():
                out[column] = values.dt.tz_localize(None) if values.dt.tz else values
                out[column] = out[column].fillna(pd.Timestamp(MISSING_DATE))
                styled[column] = functools.partial(date_text, language=language)
                date_columns.add(column)
            elif column not in config:
                formats = DATETIME_FORMAT if timed else DATE_FORMAT
                kind = st.column_config.DatetimeColumn if timed else st.column_config.DateColumn
                config[column] = kind(format=formats.get(language, formats["en"]))
            continue
        if _is_date_column(values):
            if values.isna().any():
                out[column] = values.map(lambda v: MISSING_DATE if _empty(v) else v)
                styled[column] = functools.partial(date_text, language=language)
                date_columns.add(column)
            elif column not in config:
                config[column] = st.column_config.DateColumn(
                    format=DATE_FORMAT.get(language, DATE_FORMAT["en"])
                )
            continue
        if _listlike(values):
            continue
        out[column] = values.map(lambda v: EMPTY if _empty(v) else v).astype(object)
    dates = [c for c in styled if c in date_columns]
    if dates and out.size > MAX_STYLED_DATE_CELLS:
        for column in dates:
            out[column] = out[column].map(lambda v: date_text(v, language)).astype(object)
            del styled[column]
    if styled and out.columns.is_unique and out.index.is_unique:
        if out.size <= MAX_STYLED_CELLS:
            return out, styled, config
    if styled:  # too big to style, or headers not unique: the gaps go back to nulls, which
        # show_table draws as "—" (st.dataframe's placeholder), and whole numbers keep their
        # column format (1.234 in Vietnamese)
        for column in styled:
            original = frame[column]
            out[column] = original
            if isinstance(original, pd.DataFrame) or column in config:
                continue
            if pd.api.types.is_numeric_dtype(original):
                numbers = pd.to_numeric(original, errors="coerce").astype(float)
                if not (numbers.dropna() % 1 != 0).any():
                    is_plain = _is_plain(column, numbers, plain)
                    config[column] = st.column_config.NumberColumn(
                        format="%d" if is_plain else INTEGER_FORMAT.get(language, "%,d")
                    )
    return out, {}, config


@dataclass(frozen=True)
class Prepared:
    """What show_table draws, worked out once: a page whose table is the same for many
    reruns (computed in a view cached per database snapshot and filters) keeps this and
    draws it with show_prepared, without redoing the formats, widths and the grid's width
    on each rerun. Pickles (st.cache_data): the Styler is made when drawn."""

    data: pd.DataFrame  # the frame as drawn (text gaps "—", number/date gaps stand-ins)
    formats: dict  # a Styler's formats by column (empty: no Styler)
    config: dict  # st.dataframe's column_config, widths fitted
    row_height: int | None  # a taller row when a cut text column wraps
    wide: bool  # wider than a phone: the swipe hint is drawn under it
    rows: int


def prepare(
    frame: pd.DataFrame, language: str, *, plain: Iterable[str] = (), column_config=None
) -> Prepared:
    """show_table's work without Streamlit: formats, column widths, row height."""
    data, formats, config = _display_parts(frame, language, plain, column_config)
    natural = natural_widths(frame, language, config)
    row_height = fit_columns(frame, language, config, natural=natural)
    # the grid's width as fitted (table_px): a width now in config counts as it is
    width = 0.0
    for column, (px, *_) in natural.items():
        given = (config.get(column) or {}).get("width")
        width += float(NAMED_WIDTHS.get(given, given)) if given is not None else px
    return Prepared(data, formats, config, row_height, width > PHONE_TABLE_PX, len(frame))


def show_prepared(prepared: Prepared, **options):
    """Draw a Prepared table (show_table's options)."""
    from ttdn.ui.context import tr

    if prepared.row_height and "row_height" not in options:
        options["row_height"] = prepared.row_height
        height = options.get("height")  # a caller's height counted rows of 35 px
        cap = max(height if isinstance(height, int) else 0, 640)
        options["height"] = min(38 + prepared.row_height * prepared.rows + 3, cap)
    options.setdefault("placeholder", EMPTY)  # a null Streamlit draws itself: "—", not "None"
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    data = prepared.data.style.format(prepared.formats) if prepared.formats else prepared.data
    # st.dataframe copies what it draws; config entries are copied so a caller's
    # Prepared (shared by sessions) is never changed
    config = {k: (dict(v) if isinstance(v, dict) else v) for k, v in prepared.config.items()}
    state = st.dataframe(data, column_config=config, **options)
    if prepared.wide:
        # wider than a phone: the grid scrolls sideways, which a phone does not show until
        # touched; a line under it says so (shown under 640 px only, ttdn/ui/phone.py)
        st.html(f'<div class="{SWIPE_CLASS}">{escape(tr("table.swipe"))}</div>')
    return state


def show_table(frame: pd.DataFrame, *, plain: Iterable[str] = (), column_config=None, **options):
    """st.dataframe with the formats above, no index, full width unless told otherwise."""
    from ttdn.ui.context import lang

    return show_prepared(
        prepare(frame, lang(), plain=plain, column_config=column_config), **options
    )


PHONE_TABLE_PX = 356  # the grid's width on a 390 px phone
SWIPE_CLASS = "ttdn-swipe"


def table_px(frame: pd.DataFrame, language: str, config: dict) -> float:
    """About how wide the grid draws the table (its columns' widths, as fitted)."""
    natural = natural_widths(frame, language, config)
    return sum(n for n, *_ in natural.values())


def vi_sheet(name) -> str:
    """A workbook sheet named in a Vietnamese table: 'activities' (a CSV file's name) is
    'Hoạt động'; in English the sheet keeps the name it has in the file."""
    from ttdn.ui.context import lang, sheet_label

    return sheet_label(name) if lang() == "vi" else str(name)
