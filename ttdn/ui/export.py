"""Download a chart's data as CSV and XLSX, with Vietnamese headers (English in EN).

    export.buttons(frame, "chu_de_theo_tinh", key="themes_by_province",
                   labels={"theme_vi": "themes.col.theme"})

Headers: ``labels`` maps a column to a catalog key (or to literal text); other
columns use ``col.<column>`` from ttdn/strings.csv when it exists, else the
column name. ``columns`` picks and orders the columns.

Safety: a text cell starting with = + - @ (or a tab, CR or LF) is prefixed with a
single quote so that a spreadsheet shows it as text and never runs it as a
formula. CSV is UTF-8 with a BOM so that Excel reads Vietnamese correctly.
The files are made only when a button is clicked (deferred data).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import streamlit as st

from ttdn.i18n import catalog
from ttdn.ui.context import lang, tr

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralize(value):
    """A text value made safe for spreadsheets: a leading = + - @ tab CR LF gets a quote."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def _plain(value):
    """Lists and arrays (e.g. from list columns) become '; '-joined text."""
    if (
        isinstance(value, list | tuple | set)
        or hasattr(value, "tolist")
        and not isinstance(value, str | bytes)
        and getattr(value, "ndim", 0) > 0
    ):
        items = value.tolist() if hasattr(value, "tolist") else list(value)
        return "; ".join(str(v) for v in items)
    return value


def header(column: str, labels: dict | None = None, language: str | None = None) -> str:
    """The header shown for a column in the current (or given) language."""
    language = language or lang()
    entries = catalog()
    key = (labels or {}).get(column)
    if key is not None:
        if key in entries:
            return entries[key].get(language) or entries[key]["vi"]
        return str(key)
    if f"col.{column}" in entries:
        return entries[f"col.{column}"].get(language) or entries[f"col.{column}"]["vi"]
    return str(column)


def with_headers(frame: pd.DataFrame, labels: dict | None = None) -> pd.DataFrame:
    """The frame with its columns named as in the downloads (current language), for a
    table shown on the page."""
    return frame.rename(columns={c: header(c, labels) for c in frame.columns})


# whole numbers that are labels, not quantities: written plainly (2020, not 2.020)
PLAIN_NUMBER_COLUMNS = {"year", "period_end", "source_row", "seq", "rank", "row", "plan_year"}


def _plain_number(column: str) -> bool:
    name = str(column).lower()
    return name in PLAIN_NUMBER_COLUMNS or name.endswith(("_year", "_row"))


def prepare(
    frame: pd.DataFrame,
    labels: dict | None = None,
    columns: list | None = None,
    language: str | None = None,
) -> pd.DataFrame:
    """The frame as it is written out: chosen columns, translated and safe headers,
    neutralized text cells. out.attrs["plain_numbers"] names the columns (as written) that
    hold years, row numbers and the like."""
    data = frame.loc[:, list(columns)] if columns is not None else frame
    out = pd.DataFrame(index=range(len(data)))
    used: set[str] = set()
    plain: list[str] = []
    for column in data.columns:
        name = neutralize(header(column, labels, language))
        while name in used:
            name += " "
        used.add(name)
        if _plain_number(column):
            plain.append(name)
        values = data[column].reset_index(drop=True)
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            values = values.map(lambda v: neutralize(_plain(v)), na_action="ignore")
            values = values.astype(object).where(values.notna(), None)
        out[name] = values
    out.attrs["plain_numbers"] = plain
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes, UTF-8 with BOM, comma separated, CRLF-free."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def _cell(value):
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return str(value)
    return value


def to_xlsx(frame: pd.DataFrame, sheet: str | None = None, language: str = "vi") -> bytes:
    """XLSX bytes (xlsxwriter): bold header, frozen first row, dates as dates (a time only
    where there is one), years and row numbers plain, text never turned into formulas or
    links. The sheet is named in the language of the file ("Dữ liệu" / "Data")."""
    from ttdn.i18n import t

    sheet = sheet or t("export.sheet", language)
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet_name = re.sub(r"[\[\]:*?/\\]", " ", str(sheet))[:31] or "data"
    ws = book.add_worksheet(sheet_name)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy" if language == "vi" else "yyyy-mm-dd"})
    time_fmt = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    number_fmt = book.add_format({"num_format": "#,##0"})
    plain_fmt = book.add_format({"num_format": "0"})
    plain = set(frame.attrs.get("plain_numbers", ()))
    widths = []
    for col, name in enumerate(frame.columns):
        ws.write_string(0, col, str(name), bold)
        widths.append(min(60, max(8, len(str(name)) + 2)))
    for col, name in enumerate(frame.columns):
        series = frame[name]
        integer = pd.api.types.is_integer_dtype(series)
        whole_fmt = plain_fmt if name in plain else number_fmt
        for row, raw in enumerate(series.tolist(), start=1):
            value = _cell(raw)
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_boolean(row, col, value)
            elif isinstance(value, dt.datetime):
                # a DATE column arrives as a midnight timestamp: it is a date, not a time
                timed = value.time() != dt.time()
                ws.write_datetime(row, col, value, time_fmt if timed else date_fmt)
            elif isinstance(value, dt.date):
                ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, int | float):
                whole = integer or (isinstance(value, int) and name in plain)
                ws.write_number(row, col, value, whole_fmt if whole else None)
            else:
                text = str(value)
                ws.write_string(row, col, text)
                widths[col] = min(60, max(widths[col], len(text) + 2))
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    if len(frame.columns):
        ws.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
    book.close()
    return buffer.getvalue()


def file_stem(name: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", str(name), flags=re.UNICODE).strip("_")
    return stem or "du_lieu"


def buttons(
    frame: pd.DataFrame,
    name: str,
    key: str,
    labels: dict | None = None,
    columns: list | None = None,
) -> None:
    """CSV and XLSX download buttons for a chart's data (the files are made on click)."""
    if frame is None or frame.empty:
        return
    stem = file_stem(name)
    language = lang()

    def csv_bytes() -> bytes:
        return to_csv(prepare(frame, labels, columns, language))

    def xlsx_bytes() -> bytes:
        return to_xlsx(prepare(frame, labels, columns, language), None, language)

    row = st.container(horizontal=True, gap="small")
    row.download_button(
        tr("export.csv"),
        csv_bytes,
        file_name=f"{stem}.csv",
        mime=CSV_MIME,
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        tr("export.xlsx"),
        xlsx_bytes,
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
