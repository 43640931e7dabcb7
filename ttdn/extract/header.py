"""The plan's header: number, title, issuer, level, province, year(s), issue date, signer
and legal bases — each from the document's own wording, with the place it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ttdn.extract.clean import Line
from ttdn.extract.fields import doc_type_line
from ttdn.reference import CENTRAL, Reference
from ttdn.text import fold

_NUMBER = re.compile(
    r"^(?:Số|SỐ|So)\s*(?:hiệu)?\s*[:.]?\s*(?P<digits>\d*)\s*/\s*(?P<suffix>[A-ZĐ][\wĐđ\-]*(?:/[\wĐđ\-]+)?)"
)
_META = re.compile(
    r"^(?P<key>Số hiệu|Ngày ban hành|Cơ quan ban hành|Người ký|Nơi ban hành)\s*:?\s+(?P<value>\S.*)$",
    re.I,
)
_PLACE_DATE = re.compile(
    r"(?:^|(?<=\s))(?P<place>[A-ZĐÀ-Ỹ][^\d,;:/]{1,38}?),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})",
    re.I,
)
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_REF = re.compile(
    r"(?P<type>Bộ luật|Luật|Nghị quyết|Nghị định|Quyết định|Thông tư liên tịch|Thông tư|Chỉ thị|"
    r"Kết luận|Kế hoạch|Chương trình|Công văn|Văn bản|Hướng dẫn|Thông báo|Đề án|Quy định|"
    r"Pháp lệnh|Công điện)\s+(?:số\s*)?(?P<num>\d{1,5}(?:\s*/\s*\d{4})?\s*[-/]\s*[A-ZĐ][A-Za-zĐđ]*"
    r"(?:\s*[-/]\s*[A-ZĐ][A-Za-z0-9Đđ]*)*)",
)
_ROLE_LINE = re.compile(
    r"\b(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|KT\.|TM\.|Q\.|PHÓ|VIỆN TRƯỞNG|BỘ TRƯỞNG|THỨ TRƯỞNG|"
    r"CHÁNH VĂN PHÒNG|TỔNG GIÁM ĐỐC|CỤC TRƯỞNG|BÍ THƯ)\b"
)
_ROMAN_WORD = re.compile(r"^[IVX]+$")


class _NameWord:
    """A word of a person's name: 'Nguyễn' or 'NGUYỄN' (letters only, capital first)."""

    @staticmethod
    def match(word: str) -> bool:
        return word.isalpha() and word[0].isupper() and (word[1:].islower() or word.isupper())


_NAME_WORD = _NameWord()
_NOT_NAME = {"nơi", "nhận", "lưu", "uỷ", "ủy", "sở", "bộ", "kt", "tm", "chủ", "tịch", "giám",
             "đốc", "phó", "trưởng", "phòng", "đăng", "xuất", "việc", "làm", "kế", "hoạch",
             "ương", "tỉnh", "phố", "phụ", "lục", "mục"}  # fmt: skip
_MOTTO = re.compile(r"cộng hòa|cộng hoà|độc lập|chủ nghĩa việt nam|^số\b|^v/v|ngày .* tháng", re.I)
_ORG_START = re.compile(
    r"^(?:ỦY BAN|UỶ BAN|UBND|SỞ|BỘ|BAN|VIỆN|HỘI|ĐÀI|CỤC|TỔNG CỤC|VĂN PHÒNG|TRUNG TÂM|HỌC VIỆN|"
    r"ĐẠI HỌC|THÔNG TẤN|TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|BỘ CHỈ HUY|CÔNG AN|LIÊN HIỆP|TỈNH ỦY|"
    r"TỈNH UỶ|ĐẢNG ỦY|ĐẢNG UỶ)\b"
)
_CENTRAL_START = re.compile(
    r"^(?:Bộ|Viện Hàn lâm|Ủy ban Trung ương|Uỷ ban Trung ương|Ban .* Trung ương|Cục|Tổng cục|"
    r"Đài Tiếng nói|Đài Truyền hình Việt Nam|Thông tấn xã|Chính phủ|Thủ tướng|Văn phòng Chính phủ|"
    r"Học viện|Đại học Quốc gia|Ngân hàng Nhà nước|Kiểm toán Nhà nước|Tòa án nhân dân tối cao|"
    r"Viện kiểm sát nhân dân tối cao|Ủy ban Dân tộc|Uỷ ban Dân tộc|Hội đồng Dân tộc)",
    re.I,
)


@dataclass
class Header:
    number: str = ""
    title: str = ""
    issuer: str = ""
    issuer_level: str = ""
    province: str = ""
    year: int | None = None
    period_end: int | None = None
    issued_date: str = ""
    signer: str = ""
    legal_bases: list[str] = field(default_factory=list)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (column, vi, en)

    def note(self, column: str, vi: str, en: str) -> None:
        self.notes.append((column, vi, en))


def _texts(lines: list[Line]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.table is None:
            out.append(line.text)
        else:
            for row in line.table:
                cells = [c for c in row if c]
                for cell in cells:
                    out.extend(part for part in cell.split("\n") if part)
                if len(cells) == 2 and "\n" not in "".join(cells):
                    out.append(" ".join(cells))
    return out


def short_reference(kind: str, number: str) -> str:
    number = re.sub(r"\s*([-/])\s*", r"\1", number.strip())
    return f"{kind} {number}"


def legal_references(text: str) -> list[str]:
    """The first document cited in each ';'-separated clause of a 'Căn cứ' / 'Thực hiện' text."""
    refs: list[str] = []
    for clause in re.split(r";\s*|\n|(?<=\.)\s+(?=Căn cứ|Thực hiện)", text):
        match = _REF.search(clause)
        if match:
            ref = short_reference(match.group("type"), match.group("num"))
            if ref not in refs:
                refs.append(ref)
    return refs


def parse_header(lines: list[Line], body_start: int, reference: Reference) -> Header:
    """body_start: the source line number where the first section begins."""
    header = Header()
    texts = _texts(lines)
    head_lines = [line for line in lines if line.number < body_start]
    head = _texts(head_lines)
    meta: dict[str, str] = {}
    for text in texts[:60]:
        match = _META.match(text)
        if match:
            meta.setdefault(fold(match.group("key")), match.group("value").strip(" |"))
    # number
    for text in head[:60] or texts[:40]:
        match = _NUMBER.match(text)
        if match:
            if match.group("digits"):
                header.number = f"{match.group('digits')}/{match.group('suffix')}"
            else:
                header.note(
                    "number",
                    f"Số hiệu để trống trong nguồn ('{text}')",
                    f"The document number is blank in the source ('{text}')",
                )
            suffix = match.group("suffix")
            break
    else:
        suffix = ""
    if not header.number and meta.get("so hieu") and re.match(r"\d", meta["so hieu"]):
        header.number = meta["so hieu"].replace(" ", "")
    # place and date
    place = ""
    for text in head[:60] or texts[:40]:
        match = _PLACE_DATE.search(text)
        if match:
            place = match.group("place").strip(" |")
            if match.group("d") and match.group("m"):
                header.issued_date = (
                    f"{int(match.group('d')):02d}/{int(match.group('m')):02d}/{match.group('y')}"
                )
            else:
                header.note(
                    "issued_date",
                    f"Ngày ban hành để trống trong nguồn ('{text}')",
                    f"The issue date is blank in the source ('{text}')",
                )
            break
    if not header.issued_date and meta.get("ngay ban hanh"):
        match = _DMY.search(meta["ngay ban hanh"])
        if match:
            header.issued_date = f"{int(match[1]):02d}/{int(match[2]):02d}/{match[3]}"
    body_text = "\n".join(texts)
    _title(header, texts, body_text, reference)
    _issuer(header, head, texts, meta, place, suffix, body_text, reference)
    _years(header)
    _signer(header, [line.text for line in lines if line.table is None], meta)
    preamble = [t for t in head if re.match(r"^(Căn cứ|Thực hiện|Triển khai|Theo)\b", t)]
    header.legal_bases = legal_references("\n".join(preamble))
    return header


# title --------------------------------------------------------------------------------------


def _title(header: Header, texts: list[str], body: str, reference: Reference) -> None:
    for i, text in enumerate(texts[:80]):
        rest = doc_type_line(text)
        if rest is not None:
            parts = [rest] if rest else []
            for nxt in texts[i + 1 : i + 4]:
                if (
                    re.match(r"^(Căn cứ|Thực hiện|Để|Nhằm|Số|I\.|1\.)", nxt)
                    or len(nxt.split()) > 40
                ):
                    break
                if parts and not nxt.isupper():
                    break
                parts.append(nxt)
                if not nxt.isupper():
                    break
            title = " ".join(p for p in parts if p).strip(" .")
            if title:
                header.title = _restore_case(title, body, reference)
                return
    for pattern, why in (
        (r"Trên đây là Kế hoạch (?P<t>.+?)(?:, yêu cầu|, đề nghị|\. |\./\.|$)", "closing"),
        (r"ban hành Kế hoạch (?P<t>.+?)(?:,? cụ thể|\s+như sau|:|$)", "sentence"),
    ):
        match = re.search(pattern, body)
        if match:
            title = match.group("t").strip(" .,")
            title = re.sub(r"^(?:này|số \S+)\s*", "", title)
            if len(title.split()) >= 3:
                header.title = title[0].upper() + title[1:]
                header.note(
                    "title",
                    "Không có tiêu đề 'KẾ HOẠCH' trong nguồn: trích yếu lấy từ câu "
                    + (
                        "kết ('Trên đây là Kế hoạch ...')"
                        if why == "closing"
                        else "'ban hành Kế hoạch ...'"
                    ),
                    "No 'KẾ HOẠCH' title block in the source: the title was taken from the "
                    + (
                        "closing sentence"
                        if why == "closing"
                        else "sentence 'ban hành Kế hoạch ...'"
                    ),
                )
                return
    header.note("title", "Không tìm thấy trích yếu", "No title found")


def _restore_case(title: str, body: str, reference: Reference) -> str:
    letters = [c for c in title if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return title[0].upper() + title[1:]
    lower = title.lower()
    folded_body, folded_title = fold(body), fold(lower)
    if len(folded_body) == len(body):
        at = folded_body.find(folded_title)
        while at >= 0:
            found = body[at : at + len(title)]
            if not found.isupper():
                return found[0].upper() + found[1:]
            at = folded_body.find(folded_title, at + 1)
    out = lower[0].upper() + lower[1:]
    for name in reference.provinces.province:
        pattern = re.compile(re.escape(name.lower()))
        out = pattern.sub(name, out)
    out = out.replace("việt nam", "Việt Nam")
    return out


# issuer -------------------------------------------------------------------------------------


def _org_case(text: str, reference: Reference) -> str:
    """'SỞ THÔNG TIN VÀ TRUYỀN THÔNG' → 'Sở Thông tin và Truyền thông' (reference name when known)."""
    text = " ".join(text.split())
    match = reference.match_unit(text)
    if match.matched_by in ("alias", "fuzzy") and not fold(match.unit_canonical).endswith(" tinh"):
        return match.unit_canonical
    if not text.isupper():
        return text
    # Vietnamese naming: the kind of body, then each coordinated part capitalized
    # ('SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH' → 'Sở Văn hóa, Thể thao và Du lịch')
    lower = text.lower()
    kind = next((k for k in _ORG_KINDS if lower.startswith(k + " ")), lower.split()[0])
    rest = lower[len(kind) :].split()
    kind_words = [w.capitalize() if i == 0 else w for i, w in enumerate(kind.split())]
    out_words = []
    capital_next = True
    if kind == "ban chỉ đạo":
        kind_words, capital_next = ["Ban", "Chỉ đạo"], False
    for word in rest:
        if capital_next and word not in ("và", "của", "tỉnh", "thành", "huyện"):
            word = word.capitalize()
        capital_next = (word in ("và", "-", "–") or word.endswith(",")) and kind != "ban chỉ đạo"
        out_words.append(word)
    out = " ".join(kind_words + out_words)
    for name in reference.provinces.province:
        out = re.sub(re.escape(name.lower()), name, out)
    return out.replace("việt nam", "Việt Nam")


_ORG_KINDS = ("ban chỉ đạo", "ủy ban", "uỷ ban", "trung tâm", "văn phòng", "tổng cục", "học viện",
              "liên hiệp", "bộ chỉ huy", "sở", "bộ", "ban", "viện", "cục", "hội", "đài")  # fmt: skip


def _province_in(text: str, reference: Reference) -> str:
    for match in re.finditer(
        r"(?:tỉnh|thành phố|TP\.?)\s+([A-ZĐÀ-Ỹ][\wà-ỹđ]*(?:\s+[A-ZĐÀ-Ỹ][\wà-ỹđ]*){0,3})", text
    ):
        words = match.group(1).split()
        for n in range(len(words), 0, -1):
            province, _ = reference.match_province(" ".join(words[:n]))
            if province:
                return province
    return ""


def _ubnd(province: str, reference: Reference) -> str:
    kind = reference.provinces.set_index("province").kind.get(province, "tỉnh")
    return f"UBND {'thành phố' if kind == 'thành phố' else 'tỉnh'} {province}"


def _issuer(header, head, texts, meta, place, suffix, body, reference: Reference) -> None:
    orgs: list[str] = []
    for text in head[:25]:
        if doc_type_line(text) == "":
            break
        # a PDF puts both letterhead columns on one line: 'ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI ...'
        clean = re.split(r"CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP|Số\s*:", text)[0].strip(" |")
        if not clean or _MOTTO.search(clean) or not clean.isupper() or len(clean.split()) > 12:
            continue
        if clean in orgs:
            continue
        if _ORG_START.match(clean):
            orgs.append(clean)
        elif orgs and clean.isupper():
            orgs[-1] = f"{orgs[-1]} {clean}"  # a name wrapped over two lines ('... VÀ DU LỊCH')
    issuer = ""
    province = ""
    if orgs:
        joined = " ".join(orgs)
        upper_folded = fold(joined)
        if upper_folded.startswith(("uy ban nhan dan", "ubnd")):
            rest = re.sub(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s*", "", joined)
            if rest:
                province = reference.match_province(rest)[0] or ""
                if province:
                    issuer = _ubnd(province, reference)
                else:
                    words = rest.lower().split()
                    issuer = "UBND " + " ".join(words[:1] + [w.capitalize() for w in words[1:]])
                    if words and words[0] == "thị" and len(words) > 1:  # 'thị xã X'
                        issuer = "UBND thị xã " + " ".join(w.capitalize() for w in words[2:])
            else:
                issuer = "UBND"
            if len(orgs) >= 2 and not fold(orgs[-1]).startswith(("tinh", "thanh pho", "huyen")):
                # 'UBND TỈNH X' + 'SỞ Y': the department is the issuer
                last = orgs[-1]
                if not fold(last).startswith(("uy ban", "ubnd")):
                    province = province or _province_in(joined.title(), reference)
                    issuer = _org_case(last, reference)
        else:
            issuer = _org_case(
                orgs[-1] if len(orgs) > 1 and _ORG_START.match(orgs[-1]) else joined, reference
            )
    if not issuer and meta.get("co quan ban hanh"):
        value = meta["co quan ban hanh"]
        prov = reference.match_province(value)[0]
        issuer = _ubnd(prov, reference) if prov else value
        province = province or (prov or "")
    if not issuer or issuer == "UBND":
        match = re.search(
            r"(?:^|[,.]\s*)(?P<org>(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Sở|Bộ|Ban|Viện|Cục)"
            r"[^,.;:]{2,80}?)\s+(?:xây dựng,?\s+)?(?:ban hành|xây dựng)\s+(?:Kế hoạch|kế hoạch)",
            body,
        )
        if match:
            org = match.group("org").strip()
            prov = _province_in(org, reference)
            if re.match(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)", org) and prov:
                issuer = _ubnd(prov, reference)
                province = prov
            else:
                issuer = org
    issuer = re.sub(r"^(?:Ủy|Uỷ|ỦY|UỶ) ban nhân dân\b", "UBND", issuer)
    if re.fullmatch(r"UBND(?: tỉnh| thành phố)?", issuer):
        issuer = "UBND"
    if not issuer or issuer == "UBND":
        if re.search(r"TM\.\s*(?:ỦY|UỶ) BAN NHÂN DÂN", body) or issuer == "UBND":
            prov = (
                province
                or _place_province(place, reference)
                or _province_in(header.title, reference)
            )
            if prov:
                issuer = _ubnd(prov, reference)
                province = prov
    if not issuer:
        match = re.search(
            r"(?P<org>(?:Viện|Bộ|Ủy ban|Uỷ ban|Ban|Cục|Tổng cục|Đài|Thông tấn xã|Học viện|Hội)"
            r"(?:\s+[\wÀ-ỹĐđ–-]+){1,12}?)\s*\((?P<short>[^)]{2,40})\)",
            body,
        )
        if match and body.count(match.group("short")) >= 3:
            issuer = match.group("org").strip()
            header.note(
                "issuer",
                f"Cơ quan ban hành suy ra từ tên viết tắt trong văn bản ('{match.group('short')}')",
                f"Issuer inferred from the short name used in the text ('{match.group('short')}')",
            )
    if not issuer:
        header.note("issuer", "Không tìm thấy cơ quan ban hành", "No issuer found")
    header.issuer = issuer
    # level and province
    level = ""
    if issuer.startswith("UBND"):
        level = "huyện" if re.match(r"UBND (?:huyện|quận|thị xã)", issuer) else "tỉnh"
    elif _CENTRAL_START.match(issuer) or reference.match_unit(issuer).unit_type == "trung ương":
        level = "trung ương"
    elif issuer:
        level = "sở"
        kind = reference.match_unit(issuer).unit_type
        if kind not in (
            "sở",
            "ban",
            "khác",
            "đơn vị trực thuộc",
            "lực lượng vũ trang",
            "báo chí",
            "đoàn thể",
        ):
            header.note("issuer_level", "Cấp ban hành chưa chắc chắn", "Issuer level uncertain")
    header.issuer_level = level
    if level == "trung ương":
        header.province = CENTRAL
        return
    province = (
        province
        or _province_in(issuer, reference)
        or _place_province(place, reference)
        or _province_in(header.title, reference)
        or (reference.match_province(meta.get("co quan ban hanh", ""))[0] or "")
    )
    if not province:
        province = _most_named_province(body, reference)
        if province:
            header.note(
                "province",
                f"Tỉnh/thành phố suy ra từ tên tỉnh được nhắc nhiều nhất trong văn bản ({province})",
                f"Province inferred from the province the text names most often ({province})",
            )
    if level == "sở" and province and not _province_in(issuer, reference):
        header.issuer = (
            f"{issuer} tỉnh {province}" if not fold(issuer).endswith(fold(province)) else issuer
        )
        if reference.provinces.set_index("province").kind.get(province) == "thành phố":
            header.issuer = f"{issuer} thành phố {province}"
    if not province:
        header.note("province", "Không tìm thấy tỉnh/thành phố", "No province found")
    header.province = province


def _most_named_province(body: str, reference: Reference) -> str:
    """The province the text names most often after 'tỉnh' / 'thành phố' (for a district)."""
    counts: dict[str, int] = {}
    for match in re.finditer(
        r"(?:tỉnh|thành phố)\s+[A-ZĐÀ-Ỹ][^\s,.;]*(?:\s+[A-ZĐÀ-Ỹ][^\s,.;]*){0,2}", body
    ):
        province = _province_in(match.group(0), reference)
        if province:
            counts[province] = counts.get(province, 0) + 1
    return max(counts, key=counts.get) if counts else ""


def _place_province(place: str, reference: Reference) -> str:
    return (reference.match_province(place)[0] or "") if place else ""


# years and signer ---------------------------------------------------------------------------


def _years(header: Header) -> None:
    title = header.title
    range_ = re.search(
        r"(?:giai đoạn|năm|các năm|từ năm)\s*(\d{4})\s*(?:[-–—]|đến)\s*(?:năm\s*)?(\d{4})",
        title,
        re.I,
    )
    until = re.search(r"(?:đến|tới)\s+năm\s+(\d{4})", title, re.I)
    years = [int(m.group(1)) for m in re.finditer(r"(?<!đến )(?<!tới )năm\s+(\d{4})", title, re.I)]
    if range_:
        header.year, header.period_end = int(range_.group(1)), int(range_.group(2))
    elif years:
        header.year = years[-1]
    if until and not range_:
        header.period_end = int(until.group(1))
    if header.year is None and header.issued_date:
        header.year = int(header.issued_date[-4:])
        header.note(
            "year",
            "Trích yếu không nêu năm kế hoạch: lấy năm của ngày ban hành",
            "The title names no plan year: the year of the issue date was used",
        )
    if (
        header.period_end is not None
        and header.year is not None
        and header.period_end <= header.year
    ):
        header.period_end = None
    if header.year is None:
        header.note("year", "Không tìm thấy năm kế hoạch", "No plan year found")


def _signer(header: Header, texts: list[str], meta: dict[str, str]) -> None:
    tail = texts[-30:]
    seen_role = False
    candidate = ""
    for text in tail:
        if _ROLE_LINE.search(text):
            seen_role = True
            continue
        words = text.strip(" .|").split()
        looks = 2 <= len(words) <= 5 and all(
            _NAME_WORD.match(w) and not _ROMAN_WORD.match(w) for w in words
        )
        if looks and not any(w.lower() in _NOT_NAME for w in words):
            if seen_role:
                candidate = " ".join(w if not w.isupper() else w.capitalize() for w in words)
                break  # the first name after the signature's title
            if text is texts[-1]:
                candidate = " ".join(w if not w.isupper() else w.capitalize() for w in words)
    if candidate:
        header.signer = candidate
    elif meta.get("nguoi ky"):
        header.signer = meta["nguoi ky"]
        header.note(
            "signer",
            "Tên người ký chỉ có ở phần thông tin của trang web, không có ở cuối văn bản",
            "The signer's name is only in the web page's information table, not in the signature",
        )
    else:
        header.note("signer", "Không tìm thấy tên người ký", "No signer's name found")
