"""Write the bad-file corpus: one small workbook per case, each with one defect.

    python tests/corpus/make_corpus.py        # rewrites tests/corpus/files/

Every case starts from the same small valid workbook (BASE, one plan and three
activities) and changes one thing. What each case must give (refused, or accepted
with a warning, and the words the message must hold) is in tests/test_corpus.py.
Big or special files (a 1,048,576-row bomb, /dev/zero, a symlink loop, a stale
temporary file) are made at test time in a temporary folder, never committed."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
OUT = HERE / "files"

PLANS = [
    ["plan_id", "title", "issuer", "issuer_level", "province", "year", "issued_date"],
    ["CP-2024", "Kế hoạch thông tin đối ngoại năm 2024", "UBND tỉnh Hà Tĩnh", "tỉnh", "Hà Tĩnh",
     "2024", "15/01/2024"],
]  # fmt: skip
ACTIVITY_HEADER = [
    "plan_id", "activity_id", "title", "description", "themes", "lead_units", "timeframe",
    "start_date", "end_date",
]  # fmt: skip
ACTIVITIES = [
    ACTIVITY_HEADER,
    ["CP-2024", "1", "Tập huấn kỹ năng thông tin đối ngoại", "Cho cán bộ cấp xã", "tap_huan",
     "Sở Thông tin và Truyền thông", "Quý II/2024", "", ""],
    ["CP-2024", "2", "Quảng bá hình ảnh địa phương", "Trên báo chí nước ngoài", "quang_ba",
     "Sở Văn hóa, Thể thao và Du lịch", "Cả năm", "", ""],
    ["CP-2024", "3", "Thông tin về biển, đảo", "", "bien_dao", "Sở Ngoại vụ", "Quý IV/2024",
     "", ""],
]  # fmt: skip
BUDGETS = [
    ["plan_id", "source", "amount_vnd", "note"],
    ["CP-2024", "ngân sách tỉnh", "50000000", ""],
]


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def csv_book(folder: Path, **sheets: bytes) -> Path:
    """A CSV workbook folder: the base sheets, some replaced by the given bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "plans": to_csv(PLANS),
        "activities": to_csv(ACTIVITIES),
        "budgets": to_csv(BUDGETS),
    }
    files.update(sheets)
    for name, data in files.items():
        (folder / f"{name}.csv").write_bytes(data)
    return folder


def activities_with(changes: dict[tuple[int, str], str], extra_rows=()) -> list[list[str]]:
    rows = [list(r) for r in ACTIVITIES]
    for (index, column), value in changes.items():
        rows[index][ACTIVITY_HEADER.index(column)] = value
    return rows + [list(r) for r in extra_rows]


# --- a minimal .xlsx writer: the XML is ours to break ------------------------------------


def _cell(ref: str, value) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _letters(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_xml(rows, dimension: str | None = None, extra_cells: str = "") -> str:
    body = []
    for r, row in enumerate(rows, 1):
        cells = "".join(_cell(f"{_letters(c)}{r}", v) for c, v in enumerate(row, 1) if v != "")
        body.append(f'<row r="{r}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{''.join(body)}{extra_cells}</sheetData></worksheet>"
    )


def xlsx_book(path: Path, sheets: dict[str, str]) -> Path:
    """An .xlsx from sheet name → worksheet XML."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = list(sheets)
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
            f'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{ns}"><sheets>'
            + "".join(
                f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, n in enumerate(names, 1)
            )
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{ns}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Relationships>",
        )
        for i, name in enumerate(names, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheets[name])
    return path


def xlsx_base(path: Path, activities=None, activities_xml: str | None = None) -> Path:
    return xlsx_book(
        path,
        {
            "plans": sheet_xml(PLANS),
            "activities": activities_xml or sheet_xml(activities or ACTIVITIES),
            "budgets": sheet_xml(BUDGETS),
        },
    )


def ods_book(path: Path, tables: dict[str, str]) -> Path:
    """An .ods from sheet name → the XML of its rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = "".join(
        f'<table:table table:name="{escape(n)}">{x}</table:table>' for n, x in tables.items()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
            'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry'
            ' manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
            'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-'
            'type="text/xml"/></manifest:manifest>',
        )
        z.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version='
            f'"1.2"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>'
            "</office:document-content>",
        )
    return path


def ods_rows(rows, pad: bool = True) -> str:
    """Rows as .ods XML, padded to the sheet's end the way LibreOffice writes it."""
    out = []
    for row in rows:
        cells = "".join(
            '<table:table-cell office:value-type="string"><text:p>'
            f"{escape(str(v))}</text:p></table:table-cell>"
            if v != ""
            else "<table:table-cell/>"
            for v in row
        )
        out.append(f"<table:table-row>{cells}</table:table-row>")
    if pad:
        out.append(
            '<table:table-row table:number-rows-repeated="1048570">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
    return "".join(out)


def row_bomb_csv(folder: Path, rows: int = 1_048_576) -> Path:
    """A CSV workbook whose activities sheet has `rows` rows (about 30 MB)."""
    line = b"CP-2024,%d,Hoat dong,,,,,,\n"
    body = b"".join(line % i for i in range(rows - 1))
    return csv_book(folder, activities=to_csv([ACTIVITY_HEADER]) + body)


def row_bomb_xlsx(path: Path, rows: int = 1_048_576, dimension: bool = False) -> Path:
    """An .xlsx whose activities sheet really holds `rows` rows (no dimension by default)."""
    head = sheet_xml([ACTIVITY_HEADER]).split("<sheetData>")[0]
    rows_xml = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>CP-2024</t></is></c>'
        f'<c r="B{r}"><v>{r}</v></c></row>'
        for r in range(2, rows + 1)
    )
    header = sheet_xml([ACTIVITY_HEADER]).split("<sheetData>")[1].split("</sheetData>")[0]
    if dimension:
        head = head.replace("<worksheet", "<worksheet", 1)
    xml = f"{head}<sheetData>{header}{rows_xml}</sheetData></worksheet>"
    return xlsx_base(path, activities_xml=xml)


def shared_strings_claim(path: Path, count: int = 4_000_000_000) -> Path:
    base = xlsx_base(path.with_suffix(".tmp.xlsx"))
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"'
                    b"/></Relationships>",
                )
            out.writestr(name, data)
        out.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="{count}" uniqueCount="{count}"><si><t>x</t></si></sst>',
        )
    base.unlink()
    return path


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def build(out: Path = OUT) -> list[Path]:
    """Write every committed case under out/ (replacing it)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    made = [csv_book(out / "good")]
    # amounts: over 10^15 đồng (10^20 overflowed DuckDB's BIGINT) and negative
    made.append(
        csv_book(
            out / "amount-1e20",
            budgets=to_csv(
                [BUDGETS[0], ["CP-2024", "ngân sách tỉnh", "100000000000000000000", ""]]
            ),
        )
    )
    made.append(
        csv_book(
            out / "amount-negative",
            budgets=to_csv([BUDGETS[0], ["CP-2024", "ngân sách tỉnh", "-5000000", ""]]),
        )
    )
    # a PNG renamed .csv: as one sheet of a folder, and as a file on its own
    made.append(csv_book(out / "png-as-csv", activities=PNG))
    (out / "png-renamed.csv").write_bytes(PNG)
    made.append(out / "png-renamed.csv")
    # .xlsx extents: a dimension claiming the far corner; a real cell in the far corner
    made.append(
        xlsx_base(
            out / "xlsx-dimension-far-corner.xlsx",
            activities_xml=sheet_xml(ACTIVITIES, dimension="A1:XFD1048576"),
        )
    )
    made.append(
        xlsx_base(
            out / "xlsx-sparse-corner.xlsx",
            activities_xml=sheet_xml(
                ACTIVITIES,
                dimension="A1:I4",
                extra_cells='<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t>'
                "</is></c></row>",
            ),
        )
    )
    # .ods: a valid one padded as LibreOffice pads; repeats that hold a value
    made.append(
        ods_book(
            out / "ods-good-padded.ods",
            {"plans": ods_rows(PLANS), "activities": ods_rows(ACTIVITIES)},
        )
    )
    value = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
    made.append(
        ods_book(
            out / "ods-rows-repeated.ods",
            {
                "plans": ods_rows(PLANS),
                "activities": ods_rows(ACTIVITIES, pad=False)
                + f'<table:table-row table:number-rows-repeated="1048572">{value}</table:table-row>',
            },
        )
    )
    made.append(
        ods_book(
            out / "ods-columns-repeated.ods",
            {
                "plans": ods_rows(PLANS),
                "activities": ods_rows(ACTIVITIES, pad=False)
                + '<table:table-row><table:table-cell table:number-columns-repeated="16384"'
                ' office:value-type="string"><text:p>x</text:p></table:table-cell>'
                "</table:table-row>",
            },
        )
    )
    # .xlsx whose shared strings claim 4 billion entries (the reader allocated for them)
    made.append(shared_strings_claim(out / "xlsx-shared-strings-count.xlsx"))
    # dates: before 1990, year 9999, and Excel serial number 1 (= 31/12/1899)
    made.append(
        csv_book(
            out / "date-before-1990",
            activities=to_csv(activities_with({(1, "start_date"): "15/03/1989"})),
        )
    )
    made.append(
        csv_book(
            out / "date-year-9999",
            activities=to_csv(activities_with({(2, "end_date"): "31/12/9999"})),
        )
    )
    serial = activities_with({})
    serial[1][ACTIVITY_HEADER.index("start_date")] = 1
    made.append(xlsx_base(out / "excel-serial-1.xlsx", activities=serial))
    # control characters, NUL and a right-to-left override: stripped, with a warning
    made.append(
        csv_book(
            out / "control-characters",
            activities=to_csv(
                activities_with(
                    {
                        (1, "title"): "Tập huấn\x00 kỹ năng\x07 thông tin đối ngoại",
                        (2, "title"): "Quảng bá \u202egnp.exe\u202c hình ảnh địa phương",
                    }
                )
            ),
        )
    )
    # a value under an empty header, and ragged rows: accepted with a warning
    unnamed = [row + [""] for row in ACTIVITIES]
    unnamed[2][-1] = "giá trị lạc"
    made.append(csv_book(out / "value-under-empty-header", activities=to_csv(unnamed)))
    ragged = [list(r) for r in ACTIVITIES]
    ragged[3] = ragged[3][:6]
    made.append(csv_book(out / "ragged-rows", activities=to_csv(ragged)))
    # one CSV mixing UTF-8 and Windows-1258 lines: line 3 is cp1258
    lines = to_csv(ACTIVITIES).decode("utf-8").split("\n")
    mixed = b"\n".join(
        line.encode("cp1258", errors="replace") if n == 3 else line.encode("utf-8")
        for n, line in enumerate(lines, 1)
    )
    made.append(csv_book(out / "mixed-encodings", activities=mixed))
    # an unclosed quote on line 3: the rest of the file would fall into one cell
    text = to_csv(ACTIVITIES).decode("utf-8").split("\n")
    text[2] = text[2].replace("Trên báo chí nước ngoài", '"Trên báo chí nước ngoài')
    made.append(csv_book(out / "unclosed-quote", activities="\n".join(text).encode("utf-8")))
    # an unclosed quote on line 4 that nothing closes: the file ends inside the cell
    text = to_csv(ACTIVITIES).decode("utf-8").split("\n")
    text[3] = 'CP-2024,3,"Thông tin về biển đảo,,bien_dao,Sở Ngoại vụ,Quý IV/2024,,'
    eof = "\n".join(text) + "CP-2024,4,Một hoạt động nữa,,,,,,\n"
    made.append(csv_book(out / "unclosed-quote-eof", activities=eof.encode("utf-8")))
    # a theme named with a comma (Báo chí, phát ngôn) and a unit name with commas
    made.append(
        csv_book(
            out / "theme-name-with-comma",
            activities=to_csv(
                activities_with({(1, "themes"): "Báo chí, phát ngôn; Tập huấn, bồi dưỡng"})
            ),
        )
    )
    # markdown and HTML in a title: stored as written, shown as text
    made.append(
        csv_book(
            out / "markdown-title",
            activities=to_csv(
                activities_with(
                    {(1, "title"): "[Xác minh](https://x.y) ![](https://x.y/p.png) <b>đậm</b>"}
                )
            ),
        )
    )
    return made


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(HERE))
