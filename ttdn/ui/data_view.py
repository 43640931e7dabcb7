"""Dữ liệu (Data) page logic: stage uploads, validate, load with history, the document
editor, plan downloads, delete and undo.

Every action re-checks the editor role right before it runs (auth_view.
refuse_unless_editor), not only when the page draws its buttons. The page itself stops
at auth_view.editor_or_stop before any widget of an action exists.

The document extractor (ttdn.extract, another branch) is used through extractor() /
extract(): when it is not importable the page says so and workbooks still work.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd
import streamlit as st

from ttdn.db import default_db_path
from ttdn.i18n import t
from ttdn.ingest import history
from ttdn.ingest.columns import SHEETS, sheet_for_name
from ttdn.ingest.loader import check_files
from ttdn.ingest.plan_workbook import export_plan, write_xlsx
from ttdn.ingest.problems import Problem, WorkbookRejected
from ttdn.ingest.reader import Limits
from ttdn.text import document_label, is_stored_name
from ttdn.ui import auth_view, export
from ttdn.ui.context import db, has_data, lang, num, run, tr
from ttdn.ui.table import Prepared, prepare, show_prepared, show_table

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_TYPES = ["xlsx", "ods", "zip"]
DOCUMENT_TYPES = ["txt", "md", "html", "htm", "docx", "pdf"]
REVIEW_MARK = "⚠"
REVIEW_COLUMN = "needs_review"
MAX_ZIP_MEMBERS = 50
STAGING = Path(tempfile.gettempdir()) / "ttdn-uploads"
LOAD_WAIT_SECONDS = 60  # how long an action waits for another load (TTDN_LOAD_WAIT)


@dataclass
class Checked:
    """What validating a staged file found."""

    name: str
    digest: str
    path: Path | None
    problems: list[Problem] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    activities: int = 0
    replaces: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class UploadError(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def db_path() -> Path:
    return default_db_path()


# --- staging an upload -------------------------------------------------------------------


def _safe_name(name: str) -> str:
    base = PurePosixPath(str(name).replace("\\", "/")).name
    cleaned = "".join(c if c.isalnum() or c in "-_. " else "_" for c in base).strip(". ")
    return cleaned or "upload"


def stage(name: str, data: bytes, limits: Limits | None = None) -> tuple[Path, str]:
    """Write an upload to a private folder; a .zip of CSV files becomes a folder of CSV
    files (nothing outside it, no more than the size limit). Returns (path, sha256)."""
    limits = limits or Limits.from_env()
    digest = hashlib.sha256(data).hexdigest()
    folder = STAGING / digest
    folder.mkdir(parents=True, exist_ok=True)
    name = _safe_name(name)
    if not name.lower().endswith(".zip"):
        target = folder / name
        target.write_bytes(data)
        return target, digest
    target = folder / Path(name).stem
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                m
                for m in archive.infolist()
                if not m.is_dir()
                and m.filename.lower().endswith(".csv")
                and not PurePosixPath(m.filename).name.startswith(".")
                and "__MACOSX" not in m.filename
            ]
            if not members:
                raise UploadError("data.zip.no_csv")
            total = sum(m.file_size for m in members)
            if len(members) > MAX_ZIP_MEMBERS or total > limits.max_bytes:
                raise UploadError("data.zip.too_big")
            for member in members:
                out = target / _safe_name(member.filename)
                with archive.open(member) as source, open(out, "wb") as sink:
                    shutil.copyfileobj(source, sink, 1 << 20)
                if out.stat().st_size > limits.max_bytes:
                    raise UploadError("data.zip.too_big")
    except zipfile.BadZipFile:
        raise UploadError("data.zip.bad") from None
    return target, digest


def discard(checked: Checked | None) -> None:
    if checked is not None and checked.digest:
        shutil.rmtree(STAGING / checked.digest, ignore_errors=True)


def check(path: Path, name: str, digest: str) -> Checked:
    """Validate a staged file against the current database."""
    tables, problems = check_files([path], db_path())
    plans = [p for t in tables for p in t.declared_plans]
    hashes = {p: h for t in tables for p, h in t.plan_hashes.items()}
    stored = history.plan_hashes(db_path())
    return Checked(
        name=name,
        digest=digest,
        path=path,
        problems=problems,
        plans=plans,
        activities=sum(len(t.rows["activities"]) for t in tables),
        replaces=sorted(p for p in plans if p in stored and stored[p] != hashes.get(p)),
    )


def check_upload(name: str, data: bytes) -> Checked:
    try:
        path, digest = stage(name, data)
    except UploadError as error:
        return Checked(name, "", None, [_upload_problem(name, error.key)])
    return check(path, name, digest)


def _upload_problem(name: str, key: str) -> Problem:
    return Problem(name, None, None, None, None, t(key, "vi"), t(key, "en"))


# --- the report --------------------------------------------------------------------------


def problems_frame(problems: list[Problem], language: str | None = None) -> pd.DataFrame:
    """One row per problem: severity, sheet, row, column, value, what was expected."""
    language = language or lang()
    rows = [
        {
            tr("data.col.severity"): tr(f"data.severity.{p.severity}"),
            tr("data.col.sheet"): p.sheet or "",
            tr("data.col.row"): "" if p.row is None else str(p.row),
            tr("data.col.column"): p.column or "",
            tr("data.col.value"): p.value or "",
            tr("data.col.expected"): p.message_en if language == "en" else p.message_vi,
        }
        for p in problems
    ]
    return pd.DataFrame(rows)


def show_report(checked: Checked) -> bool:
    """Draw the validation report; True when the file can be loaded."""
    errors = checked.errors
    warnings = [p for p in checked.problems if p.severity != "error"]
    if errors:
        st.error(tr("data.report.errors", count=num(len(errors))), icon=":material/error:")
        show_table(problems_frame(errors), hide_index=True, width="stretch")
    else:
        st.success(
            tr(
                "data.report.valid",
                plans=num(len(checked.plans)),
                activities=num(checked.activities),
            ),
            icon=":material/check_circle:",
        )
    if warnings:
        with st.expander(tr("data.report.warnings", count=num(len(warnings)))):
            show_table(problems_frame(warnings), hide_index=True, width="stretch")
    if not errors and checked.replaces:
        st.warning(tr("data.report.replaces", plans=", ".join(checked.replaces)))
    return not errors and checked.path is not None


# --- loading -----------------------------------------------------------------------------


def load_wait_seconds() -> int:
    try:
        value = int(os.environ.get("TTDN_LOAD_WAIT", LOAD_WAIT_SECONDS))
    except ValueError:
        return LOAD_WAIT_SECONDS
    return value if value >= 0 else LOAD_WAIT_SECONDS


def wait_for_turn(poll: float = 0.2) -> bool:
    """Right before a load, delete or undo. When another one holds the database's writer
    lock, say so and wait for it, up to TTDN_LOAD_WAIT seconds (default 60); still
    running then: refuse with a message (nothing was changed, the file stays staged for
    another try) and return False. True when this action may go ahead."""
    if not history.busy(db_path()):
        return True
    limit = load_wait_seconds()
    notice = st.empty()
    notice.info(tr("data.busy"), icon=":material/hourglass_top:")
    deadline = time.monotonic() + limit
    while history.busy(db_path()):
        if time.monotonic() >= deadline:
            notice.error(tr("data.busy_refused", seconds=num(limit)), icon=":material/block:")
            return False
        time.sleep(poll)
    return True


def load_section(checked: Checked, key: str) -> None:
    """Confirmation (when plans are replaced), the load button, the progress bar."""
    confirmed = True
    if checked.replaces:
        confirmed = st.checkbox(tr("data.confirm_replace"), key=f"{key}_confirm_{checked.digest}")
    if not st.button(tr("data.load"), type="primary", key=f"{key}_load", disabled=not confirmed):
        return
    user = auth_view.refuse_unless_editor()
    if user is None or not confirmed:
        return
    if not wait_for_turn():
        return
    bar = st.progress(0.1, text=tr("data.progress.read"))

    def progress(fraction: float, stage_name: str) -> None:
        bar.progress(fraction, text=tr(f"data.progress.{stage_name}"))

    try:
        report, hook = history.load_with_history(
            [checked.path], db_path(), user.name, file_name=checked.name, progress=progress
        )
    except WorkbookRejected as rejected:
        bar.empty()
        st.error(tr("data.rejected"))
        show_table(problems_frame(rejected.problems), hide_index=True, width="stretch")
        return
    bar.progress(1.0, text=tr("data.progress.done"))
    if report.loaded:
        st.success(
            tr(
                "data.loaded",
                plans=", ".join(report.loaded),
                added=num(hook.counts.added),
                replaced=num(hook.counts.replaced),
                removed=num(hook.counts.removed),
            )
        )
    else:
        st.info(tr("data.unchanged", plans=", ".join(checked.plans or report.unchanged)))
    discard(checked)
    st.session_state.pop(f"{key}_checked", None)


def uploader(label: str, types, key: str):
    """st.file_uploader; its own words ("Upload", "Drag and drop…", "50MB per file") are
    put in the page's language by ttdn/ui/chrome.py's script, on every page."""
    return st.file_uploader(label, type=types, key=key)


def workbook_section() -> None:
    upload = uploader(tr("data.workbook.upload"), WORKBOOK_TYPES, "data_wb_file")
    if upload is None:
        return
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    cached = st.session_state.get("data_wb_checked")
    if cached is None or cached.digest != digest or cached.name != upload.name:
        if auth_view.refuse_unless_editor() is None:
            return
        with st.spinner(tr("data.progress.read")):
            cached = check_upload(upload.name, data)
        st.session_state["data_wb_checked"] = cached
    if show_report(cached):
        load_section(cached, "data_wb")
    if cached.path is None:
        return
    editing = st.session_state.get("data_wbe")
    if editing is None or editing["digest"] != cached.digest:
        if not st.button(tr("data.workbook.edit"), key="data_wb_edit", icon=":material/edit:"):
            return
        if auth_view.refuse_unless_editor() is None:
            return
        try:
            frames = workbook_frames(cached.path)
        except WorkbookRejected:
            return
        editing = {"digest": cached.digest, "name": cached.name, "frames": frames}
        st.session_state["data_wbe"] = editing
        st.session_state.pop("data_wbe_checked", None)
        st.rerun()  # draw the editor without the button above it (a stable layout)
    table_editor("data_wbe", editing)


# --- documents (through ttdn.extract) ----------------------------------------------------


def extractor():
    """ttdn.extract's extract_document, or None when it is not installed."""
    try:
        from ttdn.extract import extract_document
    except ImportError:
        return None
    return extract_document


def error_text(error: Exception, language: str | None = None) -> str:
    """The extractor's VI/EN message, whatever the shape of its error."""
    language = language or lang()
    message = getattr(error, "message", None)
    if callable(message):
        try:
            return str(message(language))
        except TypeError:
            pass
    for name in (f"message_{language}", language):
        text = getattr(error, name, None)
        if isinstance(text, str) and text:
            return text
    return str(error)


def sheet_frames(tables: dict) -> dict[str, pd.DataFrame]:
    """The extraction's sheets keyed by workbook sheet (plans, activities, ...); other
    sheets (e.g. the review list) are left out."""
    out = {}
    for name, frame in tables.items():
        sheet = sheet_for_name(str(name))
        if sheet is not None and sheet.key not in out:
            out[sheet.key] = frame.reset_index(drop=True)
    return out


def review_flags(frame: pd.DataFrame) -> pd.Series:
    if REVIEW_COLUMN not in frame.columns:
        return pd.Series(False, index=frame.index)
    values = frame[REVIEW_COLUMN]
    return values.map(
        lambda v: bool(v) and str(v).strip().lower() not in ("0", "false", "no", "nan", "none")
    ).astype(bool)


def for_editor(frame: pd.DataFrame) -> pd.DataFrame:
    """A leading ⚠ column marks the rows needing review; the flag column itself goes."""
    flags = review_flags(frame)
    shown = frame.drop(columns=[REVIEW_COLUMN], errors="ignore").copy()
    for column in shown.columns:
        if shown[column].dtype == object:
            shown[column] = shown[column].map(lambda v: None if v is None else str(v))
    shown.insert(0, REVIEW_MARK, flags.map(lambda f: REVIEW_MARK if f else ""))
    return shown


def from_editor(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[REVIEW_MARK, REVIEW_COLUMN], errors="ignore")


def edited_to_workbook(frames: dict[str, pd.DataFrame], out: Path) -> Path:
    write_xlsx({k: from_editor(v) for k, v in frames.items()}, out)
    return out


def document_section() -> None:
    extract = extractor()
    if extract is None:
        st.info(tr("data.doc.no_extractor"), icon=":material/info:")
        return
    upload = uploader(tr("data.doc.upload"), DOCUMENT_TYPES, "data_doc_file")
    if upload is None:
        return
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    state = st.session_state.get("data_doc")
    if state is None or state["digest"] != digest:
        if auth_view.refuse_unless_editor() is None:
            return
        try:
            with st.spinner(tr("data.progress.read")):
                extraction = extract(data, upload.name)
        except Exception as error:  # the extractor's VI/EN refusal (not a plan, scanned…)
            st.error(tr("data.doc.failed", reason=error_text(error)))
            return
        state = {
            "digest": digest,
            "name": upload.name,
            "frames": {k: for_editor(v) for k, v in sheet_frames(extraction.tables).items()},
            "review": list(getattr(extraction, "review", []) or []),
        }
        st.session_state["data_doc"] = state
        st.session_state.pop("data_doc_checked", None)
    table_editor("data_doc", state)


def table_editor(prefix: str, state: dict) -> None:
    """The sheets of state["frames"] in st.data_editor, one tab per sheet, rows needing
    review marked ⚠; Validate writes them to a workbook and checks it; then Load."""
    st.caption(tr("data.doc.review_help"))
    keys = [s.key for s in SHEETS if s.key in state["frames"]]
    labels = [s.label_vi for s in SHEETS if s.key in keys]
    edited = {}
    for tab, key in zip(st.tabs(labels), keys, strict=True):
        with tab:
            edited[key] = st.data_editor(
                state["frames"][key],
                key=f"{prefix}_edit_{state['digest'][:12]}_{key}",
                num_rows="dynamic",
                disabled=[REVIEW_MARK],
                hide_index=True,
                width="stretch",
                column_config=_column_labels(key),
            )
    if state.get("review"):
        with st.expander(tr("data.doc.review_list", count=num(len(state["review"])))):
            show_table(review_frame(state["review"]), hide_index=True, width="stretch")
    if st.button(tr("data.doc.validate"), key=f"{prefix}_validate"):
        if auth_view.refuse_unless_editor() is None:
            return
        digest = f"edit-{state['digest']}"
        folder = STAGING / digest
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{Path(_safe_name(state['name'])).stem}.xlsx"
        edited = follow_plan_ids(state["frames"], edited)
        path = edited_to_workbook(edited, folder / name)
        st.session_state[f"{prefix}_checked"] = check(path, name, digest)
    checked = st.session_state.get(f"{prefix}_checked")
    if checked is not None and show_report(checked):
        load_section(checked, prefix)


def follow_plan_ids(
    original: dict[str, pd.DataFrame], edited: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """A plan id changed on the plans sheet is changed on the other sheets too (an editor
    renaming the extractor's id should not have to retype it on every row)."""
    before, after = original.get("plans"), edited.get("plans")
    if before is None or after is None or "plan_id" not in after.columns:
        return edited
    renamed = {
        old: new
        for old, new in zip(before["plan_id"], after["plan_id"], strict=False)
        if isinstance(old, str) and old and isinstance(new, str) and new and old != new
    }
    if not renamed:
        return edited
    out = dict(edited)
    for key, frame in edited.items():
        if key != "plans" and "plan_id" in frame.columns:
            out[key] = frame.assign(plan_id=frame["plan_id"].map(lambda v: renamed.get(v, v)))
    return out


def _column_labels(sheet_key: str) -> dict:
    """The editor's headers: the workbook's Vietnamese labels, a narrow ⚠ column."""
    sheet = next(s for s in SHEETS if s.key == sheet_key)
    config = {c.key: st.column_config.Column(c.label_vi) for c in sheet.columns}
    config[REVIEW_MARK] = st.column_config.TextColumn(REVIEW_MARK, width=40)
    return config


def workbook_frames(path: Path) -> dict[str, pd.DataFrame]:
    """A staged workbook's sheets as text frames for the editor (columns by key)."""
    from ttdn.ingest.columns import column_for_header
    from ttdn.ingest.reader import read_workbook
    from ttdn.ingest.values import as_text

    frames = {}
    for raw in read_workbook(path).sheets:
        sheet = sheet_for_name(raw.name)
        if sheet is None or sheet.key in frames:
            continue
        names = []
        for header in raw.headers:
            column = column_for_header(sheet, header) if header else None
            names.append(column.key if column else header)
        keep = [i for i, n in enumerate(names) if n]
        rows = [
            [as_text(cells[i]) if i < len(cells) else None for i in keep] for _, cells in raw.rows
        ]
        frames[sheet.key] = for_editor(pd.DataFrame(rows, columns=[names[i] for i in keep]))
    return frames


def review_frame(review: list) -> pd.DataFrame:
    rows = []
    for item in review:
        get = item.get if isinstance(item, dict) else lambda k, i=item: getattr(i, k, None)
        reason = get("reason")
        if reason is None:
            reason = get(f"reason_{lang()}") or get("reason_vi")
        sheet = get("sheet") or ""
        label = getattr(sheet_for_name(str(sheet)), "label_vi", sheet)
        rows.append(
            {
                tr("data.col.sheet"): label,
                tr("data.col.row"): "" if get("row") is None else str(get("row")),
                tr("data.col.column"): get("column") or "",
                tr("data.doc.reason"): "" if reason is None else str(reason),
            }
        )
    return pd.DataFrame(rows)


# --- plans: download, template, delete ---------------------------------------------------


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    from ttdn.template import write_template

    with tempfile.TemporaryDirectory() as tmp:
        out = write_template(Path(tmp) / "mau-ke-hoach.xlsx")
        return Path(out).read_bytes()


def plans_section() -> None:
    st.download_button(
        tr("data.template"),
        data=template_bytes,
        on_click="ignore",
        file_name="mau-ke-hoach.xlsx",
        mime=XLSX_MIME,
        key="data_template",
        icon=":material/download:",
    )
    plans = history.plan_ids(db_path())
    if not plans:
        st.info(tr("data.plans.none"))
        return
    plan = st.selectbox(tr("data.plans.pick"), plans, key="data_plan_pick")
    if plan not in plans:
        return
    path = db_path()
    st.download_button(
        tr("data.plans.download"),
        data=lambda: export_plan(path, plan),
        on_click="ignore",
        file_name=f"{_safe_name(plan)}.xlsx",
        mime=XLSX_MIME,
        key="data_plan_download",
        icon=":material/download:",
    )
    st.subheader(tr("data.plans.delete_title"))
    confirmed = st.checkbox(
        tr("data.plans.confirm_delete", plan=plan), key=f"data_delete_confirm_{plan}"
    )
    if st.button(
        tr("data.plans.delete"), key="data_delete", type="primary", disabled=not confirmed
    ):
        user = auth_view.refuse_unless_editor()
        if user is None or not confirmed:
            return
        if not wait_for_turn():
            return
        try:
            counts = history.delete_plan(db_path(), plan, user.name)
        except history.HistoryError as error:
            st.error(error.message(lang()))
            return
        st.success(tr("data.plans.deleted", plan=plan, removed=num(counts.removed)))


# --- history and undo --------------------------------------------------------------------


def history_frame(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.drop(columns=["snapshot"]).copy()
    shown["changed_at"] = shown["changed_at"].map(
        lambda v: v.strftime("%d/%m/%Y %H:%M:%S" if lang() == "vi" else "%Y-%m-%d %H:%M:%S")
    )
    shown["action"] = shown["action"].map(lambda a: tr(f"data.action.{a}"))
    shown["plan_ids"] = shown["plan_ids"].map(lambda ids: ", ".join(list(ids)))
    shown["content_hash"] = shown["content_hash"].map(lambda h: (h or "")[:16])
    shown.columns = [tr(f"data.col.{c}") for c in shown.columns]
    return shown


def history_section() -> None:
    log = history.history(db_path())
    if log.empty:
        st.info(tr("data.history.none"))
        return
    show_table(history_frame(log), hide_index=True, width="stretch")
    st.subheader(tr("data.history.undo_title"))
    target = history.undo_target(db_path())
    if target is None:
        st.caption(tr("data.history.nothing"))
        return
    st.caption(
        tr(
            "data.history.undo_what",
            action=tr(f"data.action.{target['action']}"),
            plans=", ".join(list(target["plan_ids"])),
            when=target["changed_at"].strftime("%d/%m/%Y %H:%M"),
            account=target["account"],
        )
    )
    confirmed = st.checkbox(
        tr("data.history.confirm_undo"),
        key=f"data_undo_confirm_{target['changed_at']:%Y%m%d%H%M%S%f}",
    )
    if st.button(tr("data.history.undo"), key="data_undo", disabled=not confirmed):
        user = auth_view.refuse_unless_editor()
        if user is None or not confirmed:
            return
        if not wait_for_turn():
            return
        try:
            undone = history.undo_last(db_path(), user.name)
        except history.HistoryError as error:
            st.error(error.message(lang()))
            return
        st.success(
            tr(
                "data.history.undone",
                action=tr(f"data.action.{undone['action']}"),
                plans=", ".join(list(undone["plan_ids"])),
            )
        )


# --- Nguồn dữ liệu: every plan loaded, its file, number and dates (for every viewer) -------
# (moved from Tổng quan, a page for leaders: a staff tool, and a second grid there cost the
# browser a quarter of its work before the first chart)

# the table's columns (sources_table adds the file); the export has these with the file it
# was loaded from and the document the workbook names
SOURCE_COLUMNS = ["plan_id", "number", "issuer", "year", "issued_date", "signer", "activities"]
PLAN_SOURCE_COLUMNS = [*SOURCE_COLUMNS, "source_file", "source"]


def sources_table(rows: pd.DataFrame) -> pd.DataFrame:
    """plan_sources rows as the Nguồn dữ liệu table shows them: the file is the document the
    plan came from as the workbook names it (`source`), else the file it was loaded from
    (for a folder of CSV files that is the folder, named after the plan). A document kept
    under a stored, hashed name reads as the plan's title (its number has a column of its own)."""
    titles = rows["title"] if "title" in rows else pd.Series(None, index=rows.index)
    files = [
        (document_label(source, None, title) if is_stored_name(source) else None)
        or (source.strip() if isinstance(source, str) and source.strip() else fallback)
        for source, title, fallback in zip(rows["source"], titles, rows["source_file"], strict=True)
    ]
    return rows[SOURCE_COLUMNS].assign(source_file=files)


@dataclass(frozen=True)
class Sources:
    """The Nguồn dữ liệu block: the rows exported (PLAN_SOURCE_COLUMNS) and the table as drawn."""

    frame: pd.DataFrame
    prepared: Prepared


def sources(language: str) -> Sources:
    """Every plan loaded (queries/plan_sources.sql, no filter), computed once per database
    snapshot and language (st.cache_data keyed on the file's signature)."""
    return _sources(db().signature, language)


@st.cache_data(max_entries=16, show_spinner=False)
def _sources(signature, language: str) -> Sources:
    plans = run("plan_sources")
    shown = sources_table(plans)  # title: for a hashed file
    shown.columns = [t(f"col.{c}", language) for c in shown.columns]
    # formats and column widths once, not on every rerun (ttdn.ui.table.prepare)
    return Sources(plans[PLAN_SOURCE_COLUMNS].reset_index(drop=True), prepare(shown, language))


def sources_section() -> None:
    """Title, caption, the table and its CSV/Excel buttons; nothing without data."""
    if not has_data():
        return
    found = sources(lang())
    st.subheader(tr("data.sources.title"))
    st.caption(tr("data.sources.caption"))
    show_prepared(found.prepared)
    export.buttons(found.frame, "nguon-du-lieu", key="data_sources")
