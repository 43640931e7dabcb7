"""Dữ liệu (Data) page in AppTest: the editor gate (crafted session state, widget keys and
URLs reach no action), sign-in messages, upload → report → load with history, delete and
undo, document review through a fake extractor, and the optional sign-in for viewers."""

import hashlib
import io
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ttdn import PLANS_DIR, ROOT, auth
from ttdn.i18n import t
from ttdn.ingest import history
from ttdn.ingest.plan_workbook import plan_frames, write_xlsx
from ttdn.ui import data_view

APP_FILE = ROOT / "app.py"
PAGE = "app_pages/data.py"
PASSWORD = "mat-khau-bien-tap"


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("users") / "users.json"
    auth.add_user("ed", "editor", PASSWORD, path)
    auth.add_user("vy", "viewer", PASSWORD, path)
    return path


@pytest.fixture
def env(default_db, users_file, tmp_path, monkeypatch):
    db = tmp_path / "ttdn.duckdb"
    shutil.copy2(default_db, db)
    users = tmp_path / "users.json"
    shutil.copy2(users_file, users)
    monkeypatch.setenv("TTDN_DB", str(db))
    monkeypatch.setenv("TTDN_USERS", str(users))
    monkeypatch.delenv("TTDN_REQUIRE_LOGIN", raising=False)
    monkeypatch.delenv("TTDN_SNAPSHOTS", raising=False)
    monkeypatch.setattr(data_view, "STAGING", tmp_path / "staging")
    return db


def open_page(query=None, state=None) -> AppTest:
    at = AppTest.from_file(str(APP_FILE), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return at.switch_page(PAGE).run()


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="auth_name").input(name)
    at.text_input(key="auth_password").input(password)
    submit = next(b for b in at.button if b.label in (t("auth.submit"), t("auth.submit", "en")))
    return submit.click().run()


def action_widgets(at: AppTest) -> list:
    labels = {b.label for b in at.button} | {c.label for c in at.checkbox}
    actions = {
        t(k, lang)
        for k in ("data.load", "data.plans.delete", "data.history.undo", "data.doc.validate")
        for lang in ("vi", "en")
    }
    # the list of sources' CSV/Excel buttons are every viewer's (data_view.sources_section)
    viewers = {"data_sources_csv", "data_sources_xlsx"}
    return [
        *at.get("file_uploader"),
        *(b for b in at.get("download_button") if b.key not in viewers),
        *(label for label in labels if label in actions),
    ]


def edited_ht(db: Path, out: Path) -> Path:
    """HT-2020 with its first activity retitled and its last one removed."""
    frames = plan_frames(db, ["HT-2020"])
    frames["activities"].loc[0, "title"] = "Tiêu đề đã sửa"
    frames["activities"] = frames["activities"].iloc[:-1]
    write_xlsx(frames, out)
    return out


# --- the gate ----------------------------------------------------------------------------


def test_without_a_session_the_page_shows_only_the_sign_in_form(env):
    at = open_page()
    assert not at.exception
    assert at.title[0].value == t("data.title")
    assert at.info[0].value == t("auth.need_editor")
    assert action_widgets(at) == []
    assert [b.label for b in at.button] == [t("auth.submit")]


def test_page_is_listed_in_the_navigation(env):
    at = AppTest.from_file(str(APP_FILE), default_timeout=60).run()
    at.switch_page(PAGE).run()  # raises when the page is not registered
    assert at.title[0].value == t("data.title")


CRAFTED_STATE = {
    # a session written by hand: no valid signature
    auth.SESSION_KEY: {"name": "ed", "role": "admin", "at": time.time(), "sig": "0" * 64},
    # the page's widget keys, set as if the user had ticked and clicked
    "data_plan_pick": "HT-2020",
    "data_delete_confirm_HT-2020": True,
    "data_wb_confirm_x": True,
    "data_undo_confirm_x": True,
}
CRAFTED_URL = {"action": "delete", "plan": "HT-2020", "undo": "1", "role": "editor"}


def test_crafted_state_and_urls_reach_no_action(env, tmp_path):
    before = sha(env)
    # even a staged, valid upload planted in the state is not loaded
    path = edited_ht(env, tmp_path / "ht.xlsx")
    planted = data_view.Checked("ht.xlsx", sha(path), path, plans=["HT-2020"])
    at = open_page(CRAFTED_URL, {**CRAFTED_STATE, "data_wb_checked": planted})
    assert not at.exception
    assert action_widgets(at) == []
    assert sha(env) == before
    assert history.history(env).empty
    assert auth.SESSION_KEY not in at.session_state  # the forged session was dropped


def test_a_viewer_account_reaches_no_action(env):
    before = sha(env)
    at = open_page(CRAFTED_URL)
    at = sign_in(at, "vy")
    assert not at.exception
    assert at.warning[0].value == t("auth.not_editor", name="vy", role="viewer")
    for key, value in CRAFTED_STATE.items():
        if key != auth.SESSION_KEY:
            at.session_state[key] = value
    at.run()
    assert action_widgets(at) == []
    assert sha(env) == before and history.history(env).empty


def test_wrong_password_then_lockout_messages(env):
    at = open_page()
    for _ in range(4):
        at = sign_in(at, "ed", "sai-mat-khau")
        assert at.error[0].value == t("auth.wrong")
    at = sign_in(at, "ed", "sai-mat-khau")
    assert at.error[0].value.startswith(t("auth.locked", until="")[:30])
    at = sign_in(at, "ed", PASSWORD)  # right password, still locked
    assert at.error[0].value.startswith(t("auth.locked", until="")[:30])
    assert action_widgets(at) == []


def test_an_expired_session_gets_a_message(env, monkeypatch):
    monkeypatch.setenv("TTDN_SESSION_HOURS", str(1 / 3600))  # one second
    at = sign_in(open_page(), "ed")
    assert at.get("file_uploader")
    time.sleep(1.5)
    at.run()
    assert at.warning[0].value == t("auth.expired")
    assert action_widgets(at) == []


def test_english_messages(env):
    at = open_page({"lang": "en"})
    assert at.info[0].value == t("auth.need_editor", "en")
    at = sign_in(at, "ed", "wrong-password")
    assert at.error[0].value == t("auth.wrong", "en")


# --- loading -----------------------------------------------------------------------------


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="data_wb_file").set_value((name, data, "application/octet-stream"))
    return at.run()


def test_editor_uploads_checks_and_loads_a_workbook(env, tmp_path):
    at = sign_in(open_page(), "ed")
    path = edited_ht(env, tmp_path / "ht.xlsx")
    at = upload(at, "ht.xlsx", path.read_bytes())
    assert not at.exception
    assert at.success[0].value == t("data.report.valid", plans="1", activities="21")
    assert at.warning[0].value == t("data.report.replaces", plans="HT-2020")
    assert at.button(key="data_wb_load").disabled  # replacing needs the confirmation first
    confirm = next(c for c in at.checkbox if c.label == t("data.confirm_replace"))
    confirm.check().run()
    at.button(key="data_wb_load").click().run()
    assert not at.exception
    assert t("data.loaded", plans="HT-2020", added="0", replaced="1", removed="1") in [
        s.value for s in at.success
    ]
    row = history.history(env).iloc[0]
    assert (row["account"], row["file_name"], row["content_hash"]) == ("ed", "ht.xlsx", sha(path))
    assert (row["rows_added"], row["rows_replaced"], row["rows_removed"]) == (0, 1, 1)


def test_the_report_names_sheet_row_column_and_expectation(env, tmp_path):
    frames = plan_frames(env, ["HT-2020"])
    frames["plans"].loc[0, "year"] = 1800
    frames["activities"].loc[2, "title"] = None
    bad = tmp_path / "bad.xlsx"
    write_xlsx(frames, bad)
    before = sha(env)
    at = upload(sign_in(open_page(), "ed"), "bad.xlsx", bad.read_bytes())
    assert at.error[0].value == t("data.report.errors", count="2")
    report = next(d.value for d in at.dataframe if t("data.col.sheet") in d.value.columns)
    rows = {
        (r[t("data.col.sheet")], r[t("data.col.row")], r[t("data.col.column")])
        for r in report.to_dict("records")
    }
    assert rows == {
        ("Kế hoạch", "2", "Năm kế hoạch (year)"),
        ("Hoạt động", "4", "Tên hoạt động (title)"),
    }
    expected = set(report[t("data.col.expected")])
    assert "năm phải từ 1990 đến 2100" in expected and "Ô bắt buộc đang trống" in expected
    assert not [b for b in at.button if b.label == t("data.load")]
    assert sha(env) == before


def test_a_zip_of_csv_files_is_accepted(env):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for csv in sorted((PLANS_DIR / "HY-SKHCN-2024").glob("*.csv")):
            archive.write(csv, f"HY-SKHCN-2024/{csv.name}")
        archive.writestr("../evil.txt", "ignored")
    at = upload(sign_in(open_page(), "ed"), "hy.zip", buffer.getvalue())
    assert not at.exception
    assert at.success[0].value == t("data.report.valid", plans="1", activities="10")
    at.button(key="data_wb_load").click().run()
    assert t("data.unchanged", plans="HY-SKHCN-2024") in [i.value for i in at.info]


def test_a_zip_without_csv_is_reported(env):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "x")
    at = upload(sign_in(open_page(), "ed"), "x.zip", buffer.getvalue())
    assert at.error[0].value == t("data.report.errors", count="1")
    report = next(d.value for d in at.dataframe if t("data.col.expected") in d.value.columns)
    assert report[t("data.col.expected")][0] == t("data.zip.no_csv")


def test_delete_and_undo_through_the_page(env):
    at = sign_in(open_page(), "ed")
    at.selectbox(key="data_plan_pick").select("HN-2021-92").run()
    delete = at.button(key="data_delete")
    assert delete.disabled
    at.checkbox(key="data_delete_confirm_HN-2021-92").check().run()
    at.button(key="data_delete").click().run()
    assert not at.exception
    assert "HN-2021-92" not in history.plan_ids(env)
    assert at.success[0].value.startswith(
        t("data.plans.deleted", plan="HN-2021-92", removed="")[:20]
    )
    at.run()
    undo_box = next(c for c in at.checkbox if c.label == t("data.history.confirm_undo"))
    undo_box.check().run()
    at.button(key="data_undo").click().run()
    assert not at.exception
    assert "HN-2021-92" in history.plan_ids(env)
    assert list(history.history(env)["action"]) == ["undo", "delete"]
    assert set(history.history(env)["account"]) == {"ed"}


def test_downloads_are_offered(env):
    at = sign_in(open_page(), "ed")
    labels = [d.label for d in at.get("download_button")]
    assert t("data.template") in labels and t("data.plans.download") in labels


# --- documents ---------------------------------------------------------------------------


@dataclass
class FakeExtraction:
    tables: dict
    review: list = field(default_factory=list)


def fake_extractor(frames: dict[str, pd.DataFrame]):
    def extract(data, filename, plan_id=None):
        if not data.strip():
            raise FakeRefusal()
        return FakeExtraction(
            {"Kế hoạch": frames["plans"], "Hoạt động": frames["activities"]},
            [{"sheet": "Hoạt động", "row": 3, "reason": "thiếu đơn vị chủ trì"}],
        )

    return extract


class FakeRefusal(Exception):
    message_vi = "Tệp rỗng"
    message_en = "The file is empty"


def test_document_upload_without_the_extractor_says_so(env, monkeypatch):
    monkeypatch.setattr(data_view, "extractor", lambda: None)
    at = sign_in(open_page(), "ed")
    assert t("data.doc.no_extractor") in [i.value for i in at.info]
    assert at.get("file_uploader")  # the workbook uploader still works


def test_extracted_rows_open_for_review_and_load(env, monkeypatch):
    frames = plan_frames(env, ["HT-2020"])
    frames["plans"].loc[0, "plan_id"] = "HT-2020-DOC"
    frames["activities"]["plan_id"] = "HT-2020-DOC"
    frames["activities"]["needs_review"] = [i == 1 for i in range(len(frames["activities"]))]
    monkeypatch.setattr(data_view, "extractor", lambda: fake_extractor(frames))
    at = sign_in(open_page(), "ed")
    at.file_uploader(key="data_doc_file").set_value(("ht.txt", b"ke hoach", "text/plain")).run()
    assert not at.exception
    plans_editor, activities_editor = at.data_editor
    assert list(plans_editor.value.columns[:2]) == ["⚠", "plan_id"]
    marks = activities_editor.value["⚠"].tolist()
    assert marks == ["⚠" if i == 1 else "" for i in range(len(marks))]  # the row to review
    assert "needs_review" not in activities_editor.value.columns
    review = [d.value for d in at.dataframe if t("data.doc.reason") in d.value.columns]
    assert review[0][t("data.doc.reason")][0] == "thiếu đơn vị chủ trì"
    at.button(key="data_doc_validate").click().run()
    assert at.success[0].value == t("data.report.valid", plans="1", activities="22")
    at.button(key="data_doc_load").click().run()
    assert not at.exception
    assert "HT-2020-DOC" in history.plan_ids(env)
    assert history.history(env).iloc[0]["file_name"] == "ht.xlsx"


def test_an_extractor_refusal_is_shown_in_the_language(env, monkeypatch):
    monkeypatch.setattr(data_view, "extractor", lambda: fake_extractor({}))
    at = sign_in(open_page({"lang": "en"}), "ed")
    at.file_uploader(key="data_doc_file").set_value(("x.txt", b"  ", "text/plain")).run()
    assert at.error[0].value == t("data.doc.failed", "en", reason="The file is empty")


def test_review_column_and_round_trip_of_edited_frames(tmp_path):
    frame = pd.DataFrame(
        {"plan_id": ["P", "P"], "activity_id": ["1", "2"], "needs_review": [False, True]}
    )
    shown = data_view.for_editor(frame)
    assert list(shown.columns) == ["⚠", "plan_id", "activity_id"]
    assert list(shown["⚠"]) == ["", "⚠"]
    assert list(data_view.from_editor(shown).columns) == ["plan_id", "activity_id"]


# --- sign-in for viewers -----------------------------------------------------------------


def test_required_sign_in_gates_every_page(env, monkeypatch):
    monkeypatch.setenv("TTDN_REQUIRE_LOGIN", "1")
    at = AppTest.from_file(str(APP_FILE), default_timeout=60).run()
    assert not at.exception
    assert at.info[0].value == t("auth.required")
    assert not at.metric  # the home page did not run
    at = sign_in(at, "vy")
    assert at.metric  # a viewer account sees the dashboard
    assert t("auth.signed_in", name="vy", role="viewer") in [c.value for c in at.caption]


def test_a_rejected_workbook_opens_in_the_table_editor(env, tmp_path):
    frames = plan_frames(env, ["HT-2020"])
    frames["plans"].loc[0, "year"] = 1800
    bad = tmp_path / "bad.xlsx"
    write_xlsx(frames, bad)
    at = upload(sign_in(open_page(), "ed"), "bad.xlsx", bad.read_bytes())
    at.button(key="data_wb_edit").click().run()
    assert not at.exception
    plans_sheet = at.data_editor[0].value
    assert plans_sheet["year"].tolist() == ["1800"]  # cells as text, as written
    assert plans_sheet["plan_id"].tolist() == ["HT-2020"]
    at.button(key="data_wbe_validate").click().run()  # not corrected: still rejected
    assert t("data.report.errors", count="1") in [e.value for e in at.error]
    assert history.history(env).empty


def test_the_history_tab_lists_loads_with_the_account(env, tmp_path):
    history.load_with_history([edited_ht(env, tmp_path / "ht.xlsx")], env, "ed")
    at = sign_in(open_page(), "ed")
    table = next(d.value for d in at.dataframe if t("data.col.account") in d.value.columns)
    row = table.iloc[0]
    assert row[t("data.col.account")] == "ed"
    assert row[t("data.col.action")] == t("data.action.load")
    assert row[t("data.col.file_name")] == "ht.xlsx"
    assert (row[t("data.col.rows_replaced")], row[t("data.col.rows_removed")]) == (1, 1)


def test_a_renamed_plan_id_follows_on_every_sheet():
    original = {
        "plans": pd.DataFrame({"plan_id": ["HT-2020"]}),
        "activities": pd.DataFrame({"plan_id": ["HT-2020", "HT-2020", "OTHER"]}),
    }
    edited = {
        "plans": pd.DataFrame({"plan_id": ["HT-2020-WEB"]}),
        "activities": pd.DataFrame({"plan_id": ["HT-2020", "HT-2020", "OTHER"]}),
    }
    out = data_view.follow_plan_ids(original, edited)
    assert out["activities"]["plan_id"].tolist() == ["HT-2020-WEB", "HT-2020-WEB", "OTHER"]
    assert data_view.follow_plan_ids(original, original)["activities"] is original["activities"]


# --- a load while another one runs -------------------------------------------------------


def staged_ht(env, tmp_path) -> AppTest:
    """Signed in, HT-2020 (edited) uploaded and the replacement confirmed: Load is next."""
    at = sign_in(open_page(), "ed")
    at = upload(at, "ht.xlsx", edited_ht(env, tmp_path / "ht.xlsx").read_bytes())
    next(c for c in at.checkbox if c.label == t("data.confirm_replace")).check().run()
    return at


def test_a_load_while_another_runs_is_refused_after_the_wait(env, tmp_path, monkeypatch):
    from ttdn.ingest.loader import _exclusive

    monkeypatch.setenv("TTDN_LOAD_WAIT", "1")
    at = staged_ht(env, tmp_path)
    before = sha(env)
    with _exclusive(env):  # another load holds the writer lock throughout
        at.button(key="data_wb_load").click().run()
    assert not at.exception
    assert t("data.busy") not in [i.value for i in at.info]  # replaced by the refusal
    assert [e.value for e in at.error] == [t("data.busy_refused", seconds="1")]
    loaded = t("data.loaded", plans="HT-2020", added="0", replaced="1", removed="1")
    assert loaded not in [s.value for s in at.success]
    assert sha(env) == before and history.history(env).empty
    assert at.button(key="data_wb_load")  # the file is still there for another try


def test_a_load_waits_for_the_other_one_and_says_so(env, tmp_path, monkeypatch):
    import threading

    from ttdn.ingest.loader import _exclusive

    monkeypatch.setenv("TTDN_LOAD_WAIT", "60")
    at = staged_ht(env, tmp_path)
    holding, release = threading.Event(), threading.Event()

    def other_load():
        with _exclusive(env):
            holding.set()
            release.wait(30)

    other = threading.Thread(target=other_load)
    other.start()
    holding.wait(10)
    threading.Timer(2.0, release.set).start()  # the other load ends while this one waits
    at.button(key="data_wb_load").click().run()
    other.join(30)
    assert not at.exception
    assert t("data.busy") in [i.value for i in at.info]
    assert t("data.loaded", plans="HT-2020", added="0", replaced="1", removed="1") in [
        s.value for s in at.success
    ]
    assert history.history(env).iloc[0]["account"] == "ed"


def test_the_refusal_is_in_both_languages():
    vi, en = t("data.busy_refused", "vi", seconds="60"), t("data.busy_refused", "en", seconds="60")
    assert "60 giây" in vi and "60 s" in en and vi != en


# --- the table editor keeps an edit across reruns ------------------------------------------


def test_an_edit_in_the_table_editor_survives_reruns_and_is_loaded(env, monkeypatch):
    """The editor's identity (key, data, parameters) stays the same from run to run, so an
    edit is kept while the page reruns for other reasons (here: the language), and the
    corrected value is what Validate checks and Load stores."""
    frames = plan_frames(env, ["HT-2020"])
    monkeypatch.setattr(data_view, "extractor", lambda: fake_extractor(frames))
    at = sign_in(open_page(), "ed")
    data = b"ke hoach"
    at.file_uploader(key="data_doc_file").set_value(("ht.txt", data, "text/plain")).run()
    key = f"data_doc_edit_{hashlib.sha256(data).hexdigest()[:12]}_plans"
    first = at.data_editor(key=key).proto.id
    at.session_state[key] = {
        "edited_rows": {0: {"plan_id": "HT-2020-WEB"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.sidebar.segmented_control(key="lang").set_value("en").run()  # an unrelated rerun
    at.sidebar.segmented_control(key="lang").set_value("vi").run()
    assert not at.exception
    assert at.data_editor(key=key).proto.id == first  # the same widget: edits kept
    assert at.session_state[key]["edited_rows"] == {0: {"plan_id": "HT-2020-WEB"}}
    at.button(key="data_doc_validate").click().run()
    assert at.success[0].value == t("data.report.valid", plans="1", activities="22")
    assert t("data.report.replaces", plans="HT-2020") not in [w.value for w in at.warning]
    at.button(key="data_doc_load").click().run()
    assert not at.exception
    assert "HT-2020-WEB" in history.plan_ids(env)
    assert history.history(env).iloc[0]["plan_ids"].tolist() == ["HT-2020-WEB"]
