"""The fixtures every test shares: a small, hand-checked set of plans written as
a real workbook (xlsx or a folder of CSV files) and loaded through the loader."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from openpyxl import Workbook

from ttdn.ingest.columns import SHEETS

PLANS = [
    {
        "plan_id": "HT-2020",
        "number": "",
        "title": "Công tác thông tin đối ngoại tỉnh Hà Tĩnh năm 2020",
        "issuer": "UBND tỉnh Hà Tĩnh",
        "issuer_level": "tỉnh",
        "province": "Hà Tĩnh",
        "year": 2020,
        "period_end": "",
        "issued_date": "",
        "signer": "Đặng Quốc Vinh",
        "legal_bases": "Thông tư số 22/2016/TT-BTTTT; Nghị định số 72/2015/NĐ-CP",
        "source": "fixture",
    },
    {
        "plan_id": "HN-2021-92",
        "number": "92/KH-UBND",
        "title": "Tổ chức các hoạt động thông tin đối ngoại năm 2021",
        "issuer": "UBND thành phố Hà Nội",
        "issuer_level": "tỉnh",
        "province": "Thành phố Hà Nội",
        "year": 2021,
        "period_end": "",
        "issued_date": "06/04/2021",
        "signer": "Chử Xuân Dũng",
        "legal_bases": "Thông tư số 22/2016/TT-BTTTT",
        "source": "fixture",
    },
    {
        "plan_id": "TB-2021",
        "number": "10/KH-UBND",
        "title": "Kế hoạch thông tin đối ngoại năm 2021",
        "issuer": "UBND tỉnh Thái Bình",
        "issuer_level": "tỉnh",
        "province": "Thái Bình",
        "year": 2021,
        "period_end": "",
        "issued_date": "2021-01-15",
        "signer": "",
        "legal_bases": "",
        "source": "fixture",
    },
    {
        "plan_id": "VHL-2023",
        "number": "2641/KH-VHL",
        "title": "Hoạt động thông tin đối ngoại năm 2023",
        "issuer": "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
        "issuer_level": "trung ương",
        "province": "Trung ương",
        "year": 2023,
        "period_end": "",
        "issued_date": "06/12/2022",
        "signer": "Trần Tuấn Anh",
        "legal_bases": "",
        "source": "fixture",
    },
]

# (plan, id, title, themes, lead, cooperating, timeframe, budget_vnd)
_ACTIVITIES = [
    (
        "HT-2020",
        "II.1",
        "Xây dựng văn bản chỉ đạo, hướng dẫn",
        "chi_dao",
        "Sở Thông tin và Truyền thông",
        "Sở Ngoại vụ; các cơ quan, đơn vị liên quan",
        "Thường xuyên trong năm 2020",
        "",
    ),
    (
        "HT-2020",
        "II.3",
        "Tập huấn, bồi dưỡng nghiệp vụ về thông tin đối ngoại",
        "tap_huan",
        "Sở Thông tin và Truyền thông",
        "Các sở, ban, ngành, đoàn thể; UBND các huyện, thành phố, thị xã",
        "Quý III/2020",
        "150.000.000",
    ),
    (
        "HT-2020",
        "II.4.4",
        "Tuyên truyền về biên giới lãnh thổ, biển, đảo",
        "",
        "Sở TT&TT",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "Quý II, III/2020",
        "",
    ),
    (
        "HN-2021-92",
        "II.3.1",
        "Tổ chức tập huấn, cập nhật kiến thức",
        "tap_huan",
        "Sở Thông tin và Truyền thông",
        "Ban Tuyên giáo Thành ủy",
        "tháng 6/2021",
        "1,200,000,000",
    ),
    (
        "HN-2021-92",
        "II.5.2",
        "Cung cấp thông tin chính thống về Biển Đông cho báo chí",
        "",
        "",
        "",
        "Ngay sau khi Kế hoạch này được ban hành",
        "",
    ),
    (
        "HN-2021-92",
        "II.5.3",
        "Quảng bá hình ảnh Thủ đô trên mạng xã hội",
        "quang_ba; so_hoa",
        "Sở Thông tin và Truyền thông",
        "Sở Văn hóa và Thể thao",
        "6 tháng đầu năm",
        "",
    ),
    (
        "TB-2021",
        "1",
        "Xúc tiến đầu tư, hội chợ, triển lãm",
        "",
        "Sở Kế hoạch và Đầu tư",
        "",
        "Theo chỉ đạo",
        "",
    ),
    (
        "VHL-2023",
        "II.3",
        "Tập huấn, bồi dưỡng nghiệp vụ thông tin đối ngoại",
        "tap_huan",
        "Ban Hợp tác quốc tế",
        "",
        "",
        "",
    ),
]
# A group heading (II.4.4 is numbered under it): structure, not an activity. It is written
# into every fixture workbook after the activities, and no count, chart, workload or search
# may include it, so every figure the tests compute from ACTIVITIES holds with it present.
_HEADINGS = [
    (
        "HT-2020",
        "II.4",
        "Triển khai các hoạt động thông tin đối ngoại",
        "quang_ba",
        "Sở Thông tin và Truyền thông",
        "Sở Ngoại vụ",
        "Thường xuyên trong năm 2020",
        "500,000,000",
    ),
]
ACTIVITIES = [
    {
        "plan_id": p,
        "activity_id": i,
        "section": "II. Nội dung",
        "title": t,
        "description": t + ".",
        "themes": th,
        "lead_units": lead,
        "cooperating_units": coop,
        "timeframe": tf,
        "start_date": "",
        "end_date": "",
        "budget_source": "",
        "budget_vnd": b,
        "status": "",
    }
    for p, i, t, th, lead, coop, tf, b in _ACTIVITIES
]
HEADINGS = [
    dict(
        zip(
            ACTIVITIES[0],
            (p, i, "II. Nội dung", t, t + ".", th, lead, coop, tf, "", "", "", b, ""),
            strict=True,
        )
    )
    for p, i, t, th, lead, coop, tf, b in _HEADINGS
]
ASSIGNMENTS = [
    {
        "plan_id": "HT-2020",
        "unit": "Sở Thông tin và Truyền thông",
        "role": "chủ trì",
        "duty": "Chủ trì, tham mưu cho UBND tỉnh quản lý nhà nước về hoạt động thông tin đối ngoại.",
    },
    {
        "plan_id": "HT-2020",
        "unit": "Sở Ngoại vụ",
        "role": "",
        "duty": "Quản lý, hướng dẫn các đoàn báo chí nước ngoài đến tác nghiệp trên địa bàn tỉnh.",
    },
    {
        "plan_id": "HN-2021-92",
        "unit": "Sở TT&TT",
        "role": "phối hợp",
        "duty": "Phối hợp cung cấp thông tin cho báo chí.",
    },
]
BUDGETS = [
    {
        "plan_id": "HT-2020",
        "source": "du_toan_rieng",
        "amount_vnd": "",
        "note": "Lập đề cương dự toán kinh phí cụ thể, gửi Sở Tài chính thẩm định.",
    },
    {
        "plan_id": "HN-2021-92",
        "source": "ngân sách chi thường xuyên",
        "amount_vnd": "2.000.000.000",
        "note": "Từ nguồn ngân sách chi thường xuyên của Thành phố.",
    },
    {
        "plan_id": "TB-2021",
        "source": "xã hội hóa",
        "amount_vnd": "",
        "note": "Huy động nguồn xã hội hóa (nếu có).",
    },
]
SHEET_ROWS = {
    "plans": PLANS,
    "activities": ACTIVITIES + HEADINGS,
    "assignments": ASSIGNMENTS,
    "budgets": BUDGETS,
}

# Figures a reader can check by hand against the rows above.
EXPECTED = {
    "plans": 4,
    "activities": 8,
    "provinces": 3,  # Hà Tĩnh, Hà Nội, Thái Bình ("Trung ương" is not a province)
    "central_plans": 1,  # VHL-2023
    "years": 3,
}


def write_xlsx(
    path: Path, sheets: dict[str, list[dict]] | None = None, labels: bool = True
) -> Path:
    """Write sheets as an .xlsx with Vietnamese (labels=True) or English headers."""
    sheets = SHEET_ROWS if sheets is None else sheets
    book = Workbook()
    book.remove(book.active)
    for spec in SHEETS:
        if spec.key not in sheets:
            continue
        ws = book.create_sheet(spec.label_vi if labels else spec.key)
        keys = (
            list(sheets[spec.key][0].keys()) if sheets[spec.key] else [c.key for c in spec.columns]
        )
        by_key = {c.key: c for c in spec.columns}
        ws.append([by_key[k].label_vi if labels and k in by_key else k for k in keys])
        for row in sheets[spec.key]:
            ws.append([None if row.get(k) in ("", None) else row.get(k) for k in keys])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_csv_folder(
    folder: Path, sheets: dict[str, list[dict]] | None = None, encoding: str = "utf-8"
) -> Path:
    sheets = SHEET_ROWS if sheets is None else sheets
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, rows in sheets.items():
        spec = next(s for s in SHEETS if s.key == name)
        keys = list(rows[0].keys()) if rows else [c.key for c in spec.columns]
        with open(folder / f"{name}.csv", "w", encoding=encoding, newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=keys)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def build_fixture_db(db_path: Path, workdir: Path) -> Path:
    from ttdn.ingest.loader import load_files

    workbook = write_xlsx(workdir / "fixture.xlsx")
    load_files([workbook], db_path)
    return db_path


def write_ods(path: Path, sheets: dict[str, list[dict]] | None = None) -> Path:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves), Vietnamese headers."""
    import zipfile
    from xml.sax.saxutils import escape

    sheets = SHEET_ROWS if sheets is None else sheets
    tables = []
    for spec in SHEETS:
        rows = sheets.get(spec.key)
        if rows is None:
            continue
        keys = list(rows[0].keys()) if rows else [c.key for c in spec.columns]
        labels = {c.key: c.label_vi for c in spec.columns}
        xml_rows = []
        for values in [[labels.get(k, k) for k in keys]] + [[r.get(k) for k in keys] for r in rows]:
            cells = []
            for value in values:
                if value in (None, ""):
                    cells.append("<table:table-cell/>")
                elif isinstance(value, int):
                    cells.append(
                        f'<table:table-cell office:value-type="float" office:value="{value}">'
                        f"<text:p>{value}</text:p></table:table-cell>"
                    )
                else:
                    cells.append(
                        f'<table:table-cell office:value-type="string"><text:p>'
                        f"{escape(str(value))}</text:p></table:table-cell>"
                    )
            xml_rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        tables.append(
            f'<table:table table:name="{escape(spec.label_vi)}">'
            + "".join(xml_rows)
            + "</table:table>"
        )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        + "".join(tables)
        + "</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


def bars(spec: dict, axis: str = "x") -> dict[tuple[str, str], float]:
    """(full category label, trace name) → value, from the bar traces of a stacked_bars spec
    (the full category label is the last customdata item; traces without customdata are
    legend swatches and skipped)."""
    out = {}
    for trace in spec["data"]:
        if not trace.get("customdata"):
            continue
        for value, custom in zip(trace[axis], trace["customdata"], strict=True):
            out[(custom[-1], trace["name"])] = value
    return out


def open_app_page(monkeypatch, db, page: str, query: dict | None = None, tab=None):
    """An AppTest of the whole app (app.py) over `db`, opened with the link's `query` and
    switched to `page` (e.g. "app_pages/themes.py"), after its run; `tab`, (the tab
    control's session key, the tab's label), opens a tab and runs again."""
    from streamlit.testing.v1 import AppTest

    from ttdn import ROOT

    monkeypatch.setenv("TTDN_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()  # switch_page needs one run first (st.navigation registers the pages)
    at.switch_page(page).run()
    if tab is not None:
        key, label = tab
        at.session_state[key] = label
        at.run()
    return at


def metrics(at) -> dict[str, str]:
    """The page's cards: label → value as shown."""
    return {m.label: m.value for m in at.metric}


# every filter of the filter bar, none set: the parameters a page's query gets unfiltered
NO_FILTER = {
    "years": [],
    "provinces": [],
    "province_mode": "written",
    "levels": [],
    "themes": [],
    "units": [],
}


def run_query(db: Path, name: str, **values):
    """A named query of queries/ on a database file, unfiltered but for `values`."""
    import duckdb

    from ttdn import queries

    with duckdb.connect(str(db), read_only=True) as con:
        queries.prepare(con)
        return queries.run(con, name, {**NO_FILTER, **values})
