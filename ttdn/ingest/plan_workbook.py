"""A loaded plan back as a workbook of ../shared/spec/workbook.md, written so that loading
it again changes nothing: cells as written (units, themes chosen by hand, dates only when
the workbook gave them), rows in their stored order, unknown columns put back."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import xlsxwriter

from ttdn.db import read_fresh
from ttdn.ingest.columns import SHEETS, sheet_for_name

_SQL = {
    "plans": """
        SELECT plan_id, number, title, issuer, issuer_level, province, year, period_end,
               issued_date, signer,
               (SELECT string_agg(reference, '; ' ORDER BY seq) FROM legal_bases l
                 WHERE l.plan_id = p.plan_id) AS legal_bases,
               source, source_sheet, source_row
        FROM plans p WHERE list_contains($ids, plan_id) ORDER BY source_row, plan_id""",
    "activities": """
        SELECT plan_id, activity_id, section, title, description,
               (SELECT string_agg(theme_code, '; ' ORDER BY t.rowid) FROM activity_themes t
                 WHERE t.plan_id = a.plan_id AND t.activity_id = a.activity_id
                   AND assigned = 'manual') AS themes,
               (SELECT string_agg(unit, '; ' ORDER BY u.rowid) FROM activity_units u
                 WHERE u.plan_id = a.plan_id AND u.activity_id = a.activity_id
                   AND role = 'lead') AS lead_units,
               (SELECT string_agg(unit, '; ' ORDER BY u.rowid) FROM activity_units u
                 WHERE u.plan_id = a.plan_id AND u.activity_id = a.activity_id
                   AND role = 'cooperating') AS cooperating_units,
               timeframe,
               CASE WHEN dates_from = 'workbook' THEN start_date END AS start_date,
               CASE WHEN dates_from = 'workbook' THEN end_date END AS end_date,
               budget_source, budget_vnd, status, source_sheet, source_row, seq
        FROM activities a WHERE list_contains($ids, plan_id)
        UNION ALL BY NAME  -- group headings: rows of the activities sheet, moved on load
        SELECT plan_id, section_id AS activity_id, parent_section AS section, title,
               description, themes, lead_units, cooperating_units, timeframe,
               source_sheet, source_row, seq
        FROM sections WHERE list_contains($ids, plan_id)
        ORDER BY seq""",
    "assignments": """
        SELECT plan_id, string_agg(unit, '; ' ORDER BY rowid) AS unit, any_value(role) AS role,
               any_value(duty) AS duty, any_value(source_sheet) AS source_sheet,
               min(source_row) AS source_row
        FROM assignments WHERE list_contains($ids, plan_id) GROUP BY plan_id, seq
        ORDER BY min(seq), min(source_row)""",
    "budgets": """
        SELECT plan_id, source, amount_vnd, note, source_sheet, source_row
        FROM budgets WHERE list_contains($ids, plan_id) ORDER BY seq""",
}
_EXTRAS = """
    SELECT source_sheet, source_row, column_name, value FROM extra_fields
    WHERE list_contains($ids, plan_id) ORDER BY rowid"""


def plan_frames(db_path: Path, plan_ids: list[str]) -> dict[str, pd.DataFrame]:
    """sheet key → rows of the plans, columns named by the workbook keys (plus any
    unknown columns the plans were loaded with)."""
    with read_fresh(db_path) as con:
        frames = {key: con.execute(sql, {"ids": plan_ids}).df() for key, sql in _SQL.items()}
        extras = con.execute(_EXTRAS, {"ids": plan_ids}).df()
    for key, frame in frames.items():
        frame = _with_extras(frame, extras, key)
        frames[key] = frame.drop(columns=["source_sheet", "source_row", "seq"], errors="ignore")
    return frames


def _with_extras(frame: pd.DataFrame, extras: pd.DataFrame, key: str) -> pd.DataFrame:
    if extras.empty:
        return frame
    mine = extras[[getattr(sheet_for_name(s), "key", None) == key for s in extras.source_sheet]]
    frame = frame.copy()
    for column in dict.fromkeys(mine.column_name):
        values = {
            (r.source_sheet, r.source_row): r.value
            for r in mine[mine.column_name == column].itertuples()
        }
        frame[column] = [
            values.get((s, r)) for s, r in zip(frame.source_sheet, frame.source_row, strict=True)
        ]
    return frame


def _cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime().date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return value


def write_xlsx(frames: Mapping[str, pd.DataFrame], out) -> None:
    """Sheets named and headed in Vietnamese, in the workbook order; out: path or buffer.
    Text is always written as text (never as a formula or a number)."""
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    for sheet in SHEETS:
        frame = frames.get(sheet.key)
        if frame is None:
            continue
        ws = book.add_worksheet(sheet.label_vi)
        labels = {c.key: c.label_vi for c in sheet.columns}
        for col, name in enumerate(frame.columns):
            ws.write_string(0, col, labels.get(name, str(name)), bold)
            ws.set_column(col, col, 18)
        for row, values in enumerate(frame.itertuples(index=False), 1):
            for col, value in enumerate(values):
                value = _cell(value)
                if value is None:
                    continue
                if isinstance(value, bool):
                    ws.write_string(row, col, "TRUE" if value else "FALSE")
                elif isinstance(value, int | float):
                    ws.write_number(row, col, value)
                else:
                    ws.write_string(row, col, str(value))
        ws.freeze_panes(1, 0)
    book.close()


def export_plan(db_path: Path, plan_id: str) -> bytes:
    """One loaded plan as .xlsx bytes."""
    buffer = io.BytesIO()
    write_xlsx(plan_frames(db_path, [plan_id]), buffer)
    return buffer.getvalue()
