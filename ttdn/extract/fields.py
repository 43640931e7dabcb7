"""Field parsing: 'Đơn vị chủ trì / phối hợp / Thời gian thực hiện' lines, the inline
'X chủ trì, phối hợp với Y', lists of units split into single units, short titles, and
whether a heading names a unit."""

from __future__ import annotations

import re

from ttdn.text import fold

_FIELD = re.compile(
    r"^(?:[-–•+*]\s*)?(?P<label>(?:đơn vị|cơ quan|bộ phận)\s+chủ\s+trì(?:\s+thực hiện)?|chủ\s+trì"
    r"|(?:đơn vị|cơ quan)\s+phối\s+hợp(?:\s+thực hiện)?|phối\s+hợp(?:\s+thực hiện)?"
    r"|thời\s+gian(?:\s+(?:thực hiện|hoàn thành|triển khai))?|tiến\s+độ(?:\s+thực hiện)?"
    r"|(?:nguồn\s+)?kinh\s+phí(?:\s+thực hiện)?|dự\s+toán(?:\s+kinh phí)?)\s*:\s*(?P<value>.*)$",
    re.I,
)
_INLINE_FIELD = re.compile(
    r"[(;.]\s*(?P<label>(?:đơn vị|cơ quan)\s+chủ\s+trì|(?:đơn vị|cơ quan)\s+phối\s+hợp"
    r"|thời\s+gian(?:\s+(?:thực hiện|hoàn thành))?|tiến\s+độ(?:\s+thực hiện)?)\s*:\s*"
    r"(?P<value>[^;)]+)",
    re.I,
)
# words a unit list may end with that are not part of a unit ("Sở X hướng dẫn.")
_TRAILING_ROLE = re.compile(
    r"\s+(?:chủ trì|hướng dẫn|triển khai thực hiện|thực hiện|triển khai|phối hợp|tham mưu|"
    r"theo dõi|tổng hợp|và các đơn vị thực hiện)\s*$",
    re.I,
)
UNIT_WORDS = (
    "Sở", "Ban", "Bộ", "Báo", "Đài", "Hội", "Công an", "Ủy ban", "Uỷ ban", "UBND", "Văn phòng",
    "VP", "Trung tâm", "Liên hiệp", "Liên đoàn", "Cục", "Chi cục", "Tổng cục", "Tỉnh đoàn",
    "Thành đoàn", "Đoàn", "Viện", "Học viện", "Trường", "Phòng", "Thanh tra", "Kho bạc",
    "Cổng", "Tạp chí", "Thông tấn", "Ngân hàng", "Hải quan", "Mặt trận", "Đại học",
    "Hội đồng", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Huyện ủy", "Quân khu",
    "Bộ Chỉ huy", "Bộ đội", "Cảng vụ", "Tổng công ty", "Công ty", "Nhà xuất bản", "Vụ",
    "Đảng ủy", "Đảng uỷ", "Các", "Cơ quan", "Đơn vị", "Hãng", "Thông tấn xã", "Tòa án",
    "Viện kiểm sát", "Cảnh sát", "Biên phòng", "Hiệp hội", "Liên minh", "Chi nhánh",
    "Bảo hiểm", "Bệnh viện", "Quỹ", "Ủy ban Mặt trận", "Hợp tác xã", "Tổng Công ty",
)  # fmt: skip
_UNIT_START = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in sorted(UNIT_WORDS, key=len, reverse=True)) + r")\b"
)
_COLLECTIVE = re.compile(
    r"^các\s+(?:sở|ban|ngành|cơ quan|đơn vị|phòng|đoàn thể|tổ chức|hội|huyện|quận|xã|"
    r"địa phương|trường|doanh nghiệp|báo|đài|bộ|cục|vụ|viện|trung tâm|lực lượng|chi cục|"
    r"ủy ban|uỷ ban|ubnd|thành viên|phương tiện|nhà)\b",
    re.I,
)
# a verb after a unit name: where the unit's name ends in "Văn phòng Sở chủ trì, ..."
_VERB = re.compile(
    r"\s(?:chủ trì|có trách nhiệm|chịu trách nhiệm|phối hợp|thường xuyên|tổ chức|triển khai|"
    r"tham mưu|xây dựng|cập nhật|căn cứ|thực hiện|hướng dẫn|theo dõi|chủ động|tăng cường|"
    r"đẩy mạnh|quán triệt|phổ biến|bố trí|cung cấp|tuyên truyền|đôn đốc|kiểm tra|nghiên cứu|"
    r"rà soát|là cơ quan|làm đầu mối|định kỳ|kịp thời|trên cơ sở|đề xuất|quản lý|duy trì|"
    r"nâng cao|phát huy|sản xuất|biên soạn|đăng tải|lồng ghép|giới thiệu|quảng bá|tiếp tục|"
    r"tích cực|phân công|xác định|khảo sát|vận hành|hỗ trợ|bảo đảm|đảm bảo|giám sát|"
    r"được giao|nắm|có nhiệm vụ)\b",
)
_DUTY_START = re.compile(
    r"^(?:chủ trì|phối hợp|chủ động tham mưu|tham mưu|là cơ quan|làm đầu mối)\b", re.I
)


_DESC_FIELD = re.compile(
    r"^(?:[-–•+*]\s*)?(?:nội dung(?: thực hiện| cụ thể)?|mục tiêu|sản phẩm|kết quả(?: đầu ra)?|"
    r"hình thức(?: thực hiện)?|yêu cầu)\s*:\s*(?P<value>\S.*)$",
    re.I,
)


DOC_TYPES = ("ke hoach", "chuong trinh hanh dong", "chuong trinh", "de an", "phuong an")


def doc_type_line(text: str) -> str | None:
    """The rest of a title-block line 'KẾ HOẠCH' / 'CHƯƠNG TRÌNH (HÀNH ĐỘNG)' / 'ĐỀ ÁN' ...:
    '' for the word alone, the title when it follows on the same line, None otherwise."""
    folded = " ".join(fold(text).split())
    for kind in DOC_TYPES:
        if folded == kind:
            return ""
        words = len(kind.split())
        head = " ".join(text.split()[:words])
        if folded.startswith(kind + " ") and head.isupper():
            return " ".join(text.split()[words:])
    return None


def parse_field(text: str) -> tuple[str, str] | None:
    """('lead'|'coop'|'time'|'budget'|'desc', value) for a field line, else None."""
    match = _FIELD.match(text)
    if not match:
        desc = _DESC_FIELD.match(text)
        return ("desc", text.lstrip("-–•+* ")) if desc else None
    label = fold(match.group("label"))
    value = match.group("value").strip()
    if "chu tri" in label:
        kind = "lead"
    elif "phoi hop" in label:
        kind = "coop"
    elif "kinh phi" in label or "du toan" in label:
        kind = "budget"
    else:
        kind = "time"
    return kind, value


def inline_fields(text: str) -> dict[str, str]:
    """Field labels written inside a sentence: '...; thời gian thực hiện: Quý II/2024'."""
    found: dict[str, str] = {}
    for match in _INLINE_FIELD.finditer(text):
        label = fold(match.group("label"))
        kind = "lead" if "chu tri" in label else "coop" if "phoi hop" in label else "time"
        found.setdefault(kind, match.group("value").strip(" .;"))
    return found


def clean_timeframe(value: str) -> str:
    return value.strip().rstrip(".;,").strip()


def split_units(value: str) -> list[str]:
    """'Sở A, Báo B và các cơ quan liên quan; UBND các huyện' → ['Sở A', 'Báo B',
    'các cơ quan liên quan', 'UBND các huyện']. Collective names are kept whole."""
    value = value.strip().rstrip(".;,")
    if not value:
        return []
    value = _TRAILING_ROLE.sub("", value)
    out: list[str] = []
    for part in re.split(r"\s*;\s*", value):
        pieces = re.split(r"\s+và\s+(?=các\s|các$)", part)
        for piece in pieces:
            out.extend(_split_commas(piece))
    units = []
    for unit in out:
        unit = _TRAILING_ROLE.sub("", unit.strip(" ,.:;-–")).strip(" ,.:;")
        unit = re.sub(r"^(?:đề nghị|và)\s+", "", unit, flags=re.I)
        if unit and unit not in units:
            units.append(unit)
    return units


def _split_commas(text: str) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    out: list[str] = []
    for part in parts:
        starts_unit = bool(part) and (
            (part[0].isupper() and _UNIT_START.match(part) and not part.startswith("Các "))
            or _COLLECTIVE.match(part)
        )
        if out and starts_unit:
            out.append(part)
        elif out:
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def dedupe_words(text: str) -> str:
    """'Trung tâm Trung tâm Thông tin' → 'Trung tâm Thông tin' (a word run typed twice)."""
    words = text.split()
    for n in (3, 2, 1):
        if len(words) >= 2 * n and words[:n] == words[n : 2 * n]:
            return " ".join(words[n:])
    return text


def is_unit_name(text: str, reference=None) -> bool:
    """Does a heading name one or more units ('Sở Ngoại vụ', 'Các sở, ban, ngành; UBND ...')?"""
    text = re.sub(r"^đề nghị\s+", "", text.strip(" .:"), flags=re.I)
    if not text or len(text.split()) > 22 or re.search(r"[.!?]\s", text):
        return False
    if _VERB.search(" " + text.split(",")[0]) and not reference_match(text, reference):
        return False
    if text.startswith("Các ") or text.startswith("các "):
        return bool(_COLLECTIVE.match(text))
    if _UNIT_START.match(text):
        return True
    return reference_match(text, reference)


def reference_match(text: str, reference) -> bool:
    if reference is None:
        return False
    return reference.match_unit(text).matched_by in ("alias", "fuzzy")


def unit_of_sentence(text: str) -> tuple[str, str] | None:
    """(unit, rest) for a duty sentence that starts with its unit: 'Văn phòng Sở chủ trì, ...'
    ('Giao ...', 'Đề nghị ...', 'Yêu cầu ...' before the unit are not part of it)."""
    body = re.sub(r"^(?:đề nghị|giao cho|giao|yêu cầu)\s+", "", text.strip(), flags=re.I)
    if not (_UNIT_START.match(body) or _COLLECTIVE.match(body)):
        return None
    match = _VERB.search(body)
    if not match or match.start() < 3:
        return None
    unit = dedupe_words(body[: match.start()].strip(" ,:;"))
    if len(unit.split()) > 16:
        return None
    return unit, body[match.start() :].strip()


def role_of(duty: str, unit: str | None = None) -> str:
    """'chủ trì' / 'phối hợp' / 'thực hiện' from the words a duty starts with."""
    folded = re.sub(r"^(?:de nghi|giao cho|giao|yeu cau)\s+", "", fold(duty))
    if folded.startswith("chu tri"):
        return "chủ trì"
    if folded.startswith("phoi hop"):
        return "phối hợp"
    if unit:
        rest = folded[len(fold(unit)) :].strip(" ,") if folded.startswith(fold(unit)) else ""
        if rest.startswith("chu tri"):
            return "chủ trì"
        if rest.startswith("phoi hop"):
            return "phối hợp"
    return "thực hiện"


def is_duty_start(text: str) -> bool:
    return bool(_DUTY_START.match(text))


_INLINE_LEAD = re.compile(
    r"^(?P<lead>[A-ZĐÀ-Ỹ][^;:.]{2,120}?)\s+(?:là đơn vị\s+|làm\s+)?chủ trì\b[,\s]*"
    r"(?:(?:và\s+)?phối hợp(?:\s+với)?\s+(?P<coop>[^;:.]+))?",
)
_INLINE_COOP = re.compile(r"^(?:chủ trì,?\s*)?phối hợp(?:\s+với)?\s+(?P<coop>[^;:.]+)", re.I)


def inline_task(text: str) -> str:
    """The task of 'Sở A chủ trì, phối hợp với B tổ chức ...' → 'Tổ chức ...' ('' if none)."""
    match = _INLINE_LEAD.match(text) or _INLINE_COOP.match(text)
    if not match:
        return ""
    rest = text[match.end() :] if match.groupdict().get("coop") is None else ""
    coop = match.groupdict().get("coop")
    if coop:
        unit = _cut_at_verb(coop)
        rest = text[match.start("coop") + len(unit) :] if unit else ""
    rest = rest.strip(" ,")
    if not rest or not _VERB.match(" " + rest):
        return ""
    return rest[0].upper() + rest[1:]


def inline_units(text: str) -> tuple[list[str], list[str]]:
    """Lead and cooperating units written in a sentence ('Sở A chủ trì, phối hợp với B ...')."""
    lead: list[str] = []
    coop_text = None
    match = _INLINE_LEAD.match(text)
    if match and (_UNIT_START.match(match.group("lead")) or _COLLECTIVE.match(match.group("lead"))):
        lead = split_units(match.group("lead"))
        coop_text = match.group("coop")
    else:
        match = _INLINE_COOP.match(text)
        if match:
            coop_text = match.group("coop")
    coop: list[str] = []
    if coop_text:
        coop_text = _cut_at_verb(coop_text)
        coop = split_units(coop_text) if coop_text else []
    return lead, coop


def _cut_at_verb(text: str) -> str:
    """The unit list at the start of 'các cơ quan, đơn vị liên quan nghiên cứu, ứng dụng ...'."""
    related = re.search(r"\bliên quan\b", text)
    verb = _VERB.search(text)
    ends = [m.end() for m in [related] if m] + [verb.start() for m in [verb] if m]
    end = min(ends) if ends else len(text)
    if verb and related and verb.start() < related.end():
        end = verb.start()
    unit = text[:end].strip(" ,")
    if not unit or not (_UNIT_START.match(unit) or _COLLECTIVE.match(unit) or unit[0].isupper()):
        return ""
    return unit


_CLAUSE_CUT = re.compile(
    r"\s+(?:và|của|nhằm|để|trong|theo|thông qua|với|tại|về|cho|đến|gắn với)\s+"
)


def short_title(text: str, max_words: int = 14) -> str:
    """A short title from a bullet's text: its first clause, cut near max_words."""
    text = text.strip()
    first = re.split(r"[;:]\s|\.\s|\.$|;$|:$", text, maxsplit=1)[0].strip()
    words = first.split()
    if len(words) <= max_words:
        return first.rstrip(" ,.;:")
    head = " ".join(words[:max_words])
    cut = max(head.rfind(", "), 0)
    for match in _CLAUSE_CUT.finditer(head):
        if len(head[: match.start()].split()) >= 6:
            cut = max(cut, match.start())
    if len(head[:cut].split()) >= 6:
        head = head[:cut]
    return head.rstrip(" ,.;:")
