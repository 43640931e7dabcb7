"""From the outline to rows: activities (content sections), assignments ('Tổ chức thực
hiện'), budgets ('Kinh phí'), each row with the reasons it needs review."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ttdn.extract import fields as F
from ttdn.extract.structure import BULLETS, ROMAN, Node, Outline, classify
from ttdn.reference import Reference
from ttdn.text import fold

UNKNOWN_UNIT = "(không rõ đơn vị)"
_AMOUNT = re.compile(
    r"(\d{1,3}(?:[.,\s]\d{3})+|\d+(?:[.,]\d+)?)\s*(tỷ|tỉ|triệu|nghìn|ngàn)?\s*(?:đồng|VNĐ|VND|đ)\b",
    re.I,
)
_SOURCE = re.compile(
    r"\b(?:từ|bằng|trong)\s+(?:các\s+)?(?:nguồn\s+)?(?P<src>.+?)(?:[.;](?:\s|$)|$)", re.I
)
_SOURCE_END = re.compile(r",?\s*(?:tổng|với tổng|dự toán|số tiền|trong đó|tương đương)\b.*$", re.I)


@dataclass
class Flag:
    sheet: str  # plans, activities, assignments, budgets
    index: int | None  # row index in that sheet (0-based), None for the whole document
    column: str | None
    vi: str
    en: str


@dataclass
class Rows:
    activities: list[dict] = field(default_factory=list)
    assignments: list[dict] = field(default_factory=list)
    budgets: list[dict] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def flag(self, sheet: str, index: int | None, column: str | None, vi: str, en: str) -> None:
        self.flags.append(Flag(sheet, index, column, vi, en))


def _sentence_case(text: str) -> str:
    text = text.strip().rstrip(":").strip()
    if text and sum(c.isupper() for c in text if c.isalpha()) > 0.8 * sum(
        c.isalpha() for c in text
    ):
        text = text.lower()
        text = text[0].upper() + text[1:]
    return text


_INLINE_PAREN = re.compile(
    r"\s*\((?:thời gian|tiến độ|đơn vị chủ trì|đơn vị phối hợp|chủ trì|phối hợp)[^)]*\)", re.I
)


def _title_of(text: str) -> str:
    return _INLINE_PAREN.sub("", _sentence_case(text)).rstrip(" .;:")


class Builder:
    def __init__(self, outline: Outline, reference: Reference):
        self.outline = outline
        self.reference = reference
        self.rows = Rows()
        self.ids: dict[int, str] = {}

    # entry ------------------------------------------------------------------------------

    def build(self) -> Rows:
        root = self.outline.root
        for node in self._top_sections(root):
            kind = node.section or classify(node.text) or "content"
            if node.kind != "roman" and node.section is None:
                continue
            if kind == "content" and self._mostly_units(node):
                kind = "org"  # 'II. NHIỆM VỤ CỦA CÁC CƠ QUAN': one numbered item per unit
            if kind == "content":
                label = f"{node.label}. {_sentence_case(node.text)}"
                self._content(node, node.label, label, {})
            elif kind == "budget":
                self._budget(node)
            elif kind == "org":
                self._org(node.children, node)
        for owner, table, line in self.outline.tables:
            self._table(owner, table, line)
        return self.rows

    def _mostly_units(self, node: Node) -> bool:
        numbered = [c for c in node.items() if c.numbered]
        units = [c for c in numbered if F.is_unit_name(c.text.partition(":")[0], self.reference)]
        first_is_unit = bool(numbered) and numbered[0] in units
        return first_is_unit and len(units) >= 2 and len(units) >= 0.6 * len(numbered)

    def _top_sections(self, root: Node) -> list[Node]:
        return root.items()

    # content ----------------------------------------------------------------------------

    def _content(self, node: Node, node_id: str, section: str, inherited: dict) -> None:
        items = node.items()
        has_table = any(_activity_header(t)[1] is not None for _, t, _ in self.outline.tables)
        paras = [p for p in node.paras() if "phụ lục" not in p.text.lower()]
        if not items and node.kind == "roman" and paras and not has_table:
            # a content section written as plain paragraphs: each paragraph is a task
            for k, para in enumerate(paras, 1):
                self.rows.flag(
                    "activities",
                    len(self.rows.activities),
                    "activity_id",
                    f"Mục {node_id} không đánh số: mỗi đoạn văn được lấy làm một hoạt động",
                    f"Section {node_id} has no numbering: each paragraph was taken as an activity",
                )
                self._activity(para, f"{node_id}.{k}", section, inherited)
            return
        numbered = [c for c in items if c.numbered]
        bullets = [c for c in items if c.kind in BULLETS]
        bullet_prefix = f"{node_id}.0" if numbered and bullets else node_id
        k = 0
        last_number = 0
        first_number = None
        for index, child in enumerate(items):
            if child.numbered and child.section in ("budget", "org"):
                if child.section == "budget":
                    self._budget(child)
                else:
                    self._org(child.children, child)
                continue
            if child.numbered and child.section in ("intro", "other"):
                continue
            if child.kind == "arabic":
                number = int(child.label)
                if (
                    number <= last_number
                    and F.is_unit_name(child.text, self.reference)
                    and node.kind in ("roman", "root")
                ):
                    self._implicit_org(node, items, index, child)
                    return
                if first_number is None:
                    first_number = number
                    if number > 1:
                        self.rows.flag(
                            "activities",
                            len(self.rows.activities),
                            "activity_id",
                            f"Mục {node_id}: danh sách bắt đầu từ số {number}, các mục 1–{number - 1} "
                            "(hoặc tiêu đề của chúng) bị mất trong nguồn",
                            f"Section {node_id}: the list starts at {number}; items 1–{number - 1} "
                            "(or their headings) are missing in the source",
                        )
                elif number > last_number + 1:
                    self.rows.flag(
                        "activities",
                        len(self.rows.activities),
                        "activity_id",
                        f"Mục {node_id}: số thứ tự nhảy từ {last_number} lên {number}",
                        f"Section {node_id}: numbering jumps from {last_number} to {number}",
                    )
                last_number = number
            if child.kind in BULLETS:
                k += 1
                child_id = f"{bullet_prefix}.{k}"
            elif child.kind == "dotted":
                child_id = f"{node_id.split('.')[0]}.{child.label}"
                if not node_id.startswith(node_id.split(".")[0]):
                    child_id = f"{node_id}.{child.label}"
            else:
                child_id = f"{node_id}.{child.label}"
            while any(a["activity_id"] == child_id for a in self.rows.activities):
                child_id += "'"
            self._activity(child, child_id, section, inherited)

    def _activity(self, node: Node, node_id: str, section: str, inherited: dict) -> None:
        self.ids[id(node)] = node_id
        paras = [p.text for p in node.paras()]
        has_items = bool(node.items())
        if node.numbered:
            text = node.text
            long_line = len(text.split()) > 20 or bool(re.search(r"[.;]\s", text))
            title = F.short_title(text) if long_line else _title_of(text)
            if long_line:
                description = "\n".join([text, *paras])
            else:
                description = "\n".join(paras) if paras else title
        else:
            title = F.short_title(F.inline_task(node.text) or node.text)
            description = "\n".join([node.text, *paras])
        if node.details:
            description = "\n".join([description, *(f"+ {d}" for d in node.details)])
        own = dict(node.fields)
        for key, value in F.inline_fields(f"{node.text}\n{description}").items():
            own.setdefault(key, value)
        lead = F.split_units(own.get("lead", ""))
        if not lead and node.details:
            lead = [d.split(":", 1)[0].strip() for d in node.details if ":" in d]
        coop = F.split_units(own.get("coop", ""))
        inline_lead, inline_coop = F.inline_units(node.text if not node.numbered else description)
        if not lead and not coop and (inline_lead or inline_coop):
            lead, coop = inline_lead, inline_coop
        time = F.clean_timeframe(own.get("time", ""))
        fields_here = {"lead": lead, "coop": coop, "time": time}
        merged = {
            key: fields_here[key] or inherited.get(key) or ([] if key != "time" else "")
            for key in ("lead", "coop", "time")
        }
        budget_text = own.get("budget", "")
        row = {
            "activity_id": node_id,
            "section": section,
            "title": title,
            "description": description,
            "themes": "",
            "lead_units": "; ".join(merged["lead"]),
            "cooperating_units": "; ".join(merged["coop"]),
            "timeframe": merged["time"],
            "start_date": "",
            "end_date": "",
            "budget_source": budget_text and self._source_phrase(budget_text),
            "budget_vnd": budget_text and self._amount(budget_text),
            "status": "",
        }
        index = len(self.rows.activities)
        self.rows.activities.append(row)
        for unit in merged["lead"] + merged["coop"]:
            if self.reference.match_unit(unit).matched_by == "none":
                self.rows.flag(
                    "activities",
                    index,
                    "lead_units",
                    f"Không nhận ra đơn vị '{unit}'; kiểm tra tên đơn vị",
                    f"Unit '{unit}' not recognized; check the unit name",
                )
                break
        if has_items:
            child_section = f"{node_id} {title}"
            self._content(node, node_id, child_section, merged)

    def _implicit_org(self, node: Node, items: list[Node], index: int, first: Node) -> None:
        """A numbered unit heading after the content ('2. Văn phòng UBND tỉnh' after '4. ...'):
        the heading 'Tổ chức thực hiện' was lost; the rest are assignments."""
        self.rows.flag(
            "assignments",
            len(self.rows.assignments),
            None,
            f"Tiêu đề 'Tổ chức thực hiện' không có trong nguồn: phần phân công được nhận ra từ "
            f"tiêu đề đơn vị '{first.label}. {first.text}'",
            f"The heading 'Tổ chức thực hiện' is missing in the source: the assignments were found "
            f"from the unit heading '{first.label}. {first.text}'",
        )
        lost: list[Node] = []
        if int(first.label) > 1 and index > 0:
            # unit 1's heading is lost too: its duties are the last bullets of the item before
            previous = items[index - 1]
            tail = previous.items()
            cut = len(tail)
            while cut > 0 and tail[cut - 1].kind in BULLETS and F.is_duty_start(tail[cut - 1].text):
                cut -= 1
            lost = tail[cut:]
            if lost:
                previous.children = [c for c in previous.children if c not in lost]
                # the activities of those bullets were written already: drop them
                drop = {id(n) for n in lost}
                kept = [
                    a
                    for a in self.rows.activities
                    if a["activity_id"] not in {self.ids.get(i) for i in drop}
                ]
                self.rows.activities[:] = kept
        groups: list[dict] = []
        if lost:
            groups.append(
                {
                    "unit": None,
                    "number": 0,
                    "duties": [(n.text, True, n) for n in lost],
                    "lost": True,
                }
            )
        self._org(items[index:], node, groups)

    # organization -----------------------------------------------------------------------

    def _org(self, nodes: list[Node], parent: Node, groups: list[dict] | None = None) -> None:
        groups = [] if groups is None else groups
        self._unit_groups(nodes, groups)
        self._split_gaps(groups)
        for group in groups:
            unit = group["unit"]
            units = "; ".join(F.split_units(unit)) if unit else UNKNOWN_UNIT
            for text, _bullet, _node in group["duties"]:
                duty = text.strip()
                if not duty:
                    continue
                index = len(self.rows.assignments)
                self.rows.assignments.append(
                    {"unit": units, "role": F.role_of(duty, unit), "duty": duty}
                )
                if unit is None:
                    self.rows.flag(
                        "assignments",
                        index,
                        "unit",
                        "Không rõ đơn vị: tiêu đề đơn vị bị mất trong nguồn; điền tên đơn vị nếu biết",
                        "Unit unknown: its heading is lost in the source; fill in the unit if known",
                    )
                elif group.get("doubt"):
                    self.rows.flag(
                        "assignments",
                        index,
                        "unit",
                        group["doubt"][0],
                        group["doubt"][1],
                    )

    def _duties_of(self, node: Node) -> list[tuple[str, bool, Node]]:
        duties = []
        for child in node.children:
            if child.kind == "para":
                duties.append((child.text, False, child))
            else:
                text = child.text
                subs = [c.text for c in child.children if c.kind in BULLETS or c.kind == "para"]
                if subs:
                    text = "\n".join([text, *(f"+ {s}" for s in subs)])
                duties.append((text, child.kind in BULLETS, child))
        return duties

    def _unit_groups(self, nodes: list[Node], groups: list[dict]) -> None:
        for node in nodes:
            if node.kind == "para":
                head, colon, rest = node.text.partition(":")
                if F.is_unit_name(head, self.reference) and (colon or len(head.split()) <= 12):
                    # an unnumbered unit heading ('Sở Ngoại vụ:'), its duties follow as bullets
                    unit = re.sub(r"^đề nghị\s+", "", head.strip(), flags=re.I)
                    duties = [(rest.strip(), False, node)] if rest.strip() else []
                    groups.append({"unit": unit, "number": None, "duties": duties})
                    continue
                found = F.unit_of_sentence(node.text)
                if found:
                    groups.append(
                        {"unit": found[0], "number": None, "duties": [(node.text, False, node)]}
                    )
                elif groups and groups[-1]["unit"] is not None and groups[-1]["number"] is None:
                    groups[-1]["duties"].append((node.text, False, node))
                continue
            number = int(node.label) if node.label.isdigit() else None
            head, colon, rest = node.text.partition(":")
            if colon and rest.strip() and F.is_unit_name(head, self.reference):
                # '1. Sở Ngoại vụ: Chủ trì ...' — the unit, then its duty
                unit = re.sub(r"^đề nghị\s+", "", head.strip(), flags=re.I)
                duties = [(rest.strip(), node.kind in BULLETS, node), *self._duties_of(node)]
                groups.append({"unit": unit, "number": number, "duties": duties})
                continue
            if node.numbered and F.is_unit_name(node.text, self.reference):
                unit = re.sub(r"^đề nghị\s+", "", node.text.strip(" .:"), flags=re.I)
                inner = [
                    c for c in node.items() if c.numbered and F.is_unit_name(c.text, self.reference)
                ]
                if inner:
                    self._unit_groups(node.items(), groups)
                    continue
                groups.append({"unit": unit, "number": number, "duties": self._duties_of(node)})
                continue
            found = F.unit_of_sentence(node.text)
            if found:
                text = node.text
                subs = [c.text for c in node.children]
                if subs:
                    text = "\n".join([text, *subs])
                groups.append({"unit": found[0], "number": number, "duties": [(text, True, node)]})
                continue
            if node.numbered and node.items():
                self._unit_groups(node.children, groups)
                continue
            if groups and groups[-1]["unit"] is not None and node.kind in BULLETS:
                groups[-1]["duties"].append((node.text, True, node))
            else:
                groups.append({"unit": None, "number": number, "duties": [(node.text, True, node)]})

    def _split_gaps(self, groups: list[dict]) -> None:
        """Between unit n and unit m > n + 1 the headings of n+1 .. m-1 are lost: the duties
        of n that follow a second 'Chủ trì ...' duty, or a change from paragraphs to bullets,
        belong to a lost unit."""
        numbered = [g for g in groups if g["number"] is not None and g["unit"]]
        for a, b in zip(numbered, numbered[1:], strict=False):
            if b["number"] <= a["number"] + 1:
                continue
            duties = a["duties"]
            cut = None
            for i in range(1, len(duties)):
                text, bullet, _ = duties[i]
                if F.role_of(text) == "chủ trì" or bullet != duties[i - 1][1]:
                    cut = i
                    break
            lost_numbers = (
                str(a["number"] + 1)
                if b["number"] == a["number"] + 2
                else f"{a['number'] + 1}–{b['number'] - 1}"
            )
            doubt = (
                f"Tiêu đề đơn vị số {lost_numbers} bị mất trong nguồn; "
                f"kiểm tra nhiệm vụ này có đúng của '{a['unit']}' không",
                f"Unit heading(s) {lost_numbers} are lost in the source; check "
                f"that this duty belongs to '{a['unit']}'",
            )
            if cut is None:
                a["doubt"] = doubt
                continue
            lost = {"unit": None, "number": None, "duties": duties[cut:]}
            a["duties"] = duties[:cut]
            a["doubt"] = doubt
            groups.insert(groups.index(a) + 1, lost)

    # budget -----------------------------------------------------------------------------

    def _budget(self, node: Node) -> None:
        parts = []
        if node.numbered and len(node.text.split()) > 8:
            parts.append(node.text)
        for child in node.children:
            parts.append(child.text)
            parts.extend(c.text for c in child.children)
        note = " ".join(p for p in parts if p).strip()
        if not note:
            return
        phrase = self._source_phrase(note)
        sources = self._split_sources(phrase) if phrase else []
        if not sources:
            code = self.reference.budget_code(note)
            sources = [code]
        amount = self._amount(note)
        for source in sources:
            index = len(self.rows.budgets)
            self.rows.budgets.append(
                {"source": source, "amount_vnd": amount if len(sources) == 1 else "", "note": note}
            )
            if self.reference.is_conditional(note):
                self.rows.flag(
                    "budgets",
                    index,
                    "source",
                    "Kinh phí ghi '(nếu có)': nguồn kinh phí không chắc chắn",
                    "The budget says '(nếu có)' (if any): the source is conditional",
                )
            if self.reference.budget_code(source) in ("khac", "khong_neu"):
                self.rows.flag(
                    "budgets",
                    index,
                    "source",
                    "Không xếp được nguồn kinh phí vào danh mục; kiểm tra",
                    "The budget source matches no code of the list; check it",
                )

    def _source_phrase(self, text: str) -> str:
        for match in _SOURCE.finditer(text):
            src = _SOURCE_END.sub("", _AMOUNT.split(match.group("src"))[0]).strip(" ,:")
            if self.reference.budget_code(src) not in ("khac", "khong_neu") or "nguồn" in fold(
                match.group(0)
            ).replace("nguon", "nguồn"):
                if self.reference.budget_code(src) != "khong_neu":
                    return src
        return ""

    def _split_sources(self, phrase: str) -> list[str]:
        parts = [p.strip() for p in re.split(r"\s+và\s+|,\s+|;\s+", phrase) if p.strip()]
        codes = [self.reference.budget_code(p) for p in parts]
        real = [c for c in codes if c not in ("khac", "khong_neu")]
        explicit_other = [p for p in parts if "hợp pháp" in p]
        if len(parts) > 1 and len(set(real)) + len(explicit_other) > 1:
            return [
                p
                for p, c in zip(parts, codes, strict=True)
                if c not in ("khac", "khong_neu") or "hợp pháp" in p
            ]
        return [phrase]

    @staticmethod
    def _amount(text: str) -> str:
        match = _AMOUNT.search(text)
        if not match:
            return ""
        number = match.group(1).replace(" ", "")
        unit = fold(match.group(2) or "")
        scale = {"ty": 10**9, "ti": 10**9, "trieu": 10**6, "nghin": 10**3, "ngan": 10**3}.get(
            unit, 1
        )
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", number):
            value = int(re.sub(r"[.,]", "", number))
        else:
            value = float(number.replace(",", "."))
        return str(int(round(value * scale)))

    # tables -----------------------------------------------------------------------------

    def _table(self, owner: Node | None, rows: list[list[str]], line: int) -> None:
        """An activity table (STT / Nội dung / Đơn vị chủ trì / ...): one activity per row;
        rows numbered I, II (or a text across the whole row) are group headings, rows
        without a number under a numbered row are its sub-items."""
        header_at, columns = _activity_header(rows)
        if columns is None:
            return
        base = self.ids.get(id(owner)) if owner is not None else None
        if base is None and owner is not None and owner.kind == "roman":
            base = owner.label
        base = base or "PL"  # outside the content sections: an appendix (phụ lục)
        header = [fold(c) for c in rows[header_at]]
        parent_id = None
        last_id = None
        k = 0
        for cells in rows[header_at + 1 :]:

            def cell(name: str, cells=cells) -> str:
                i = columns.get(name)
                return cells[i].strip() if i is not None and i < len(cells) else ""

            filled = [c for c in cells if c.strip()]
            if not filled or [fold(c) for c in cells] == header:
                continue  # empty, or the header repeated on a new page
            if all(re.fullmatch(r"\(?\d{1,2}\)?", c.strip()) for c in filled):
                continue  # the row of column numbers (1) (2) (3)
            stt, content = cell("stt").strip(" ."), cell("content")
            merged = len(cells) < len(rows[header_at]) or len(filled) > 1
            if len(set(filled)) == 1 and merged and not (stt and content):
                content, stt = filled[0], ""
                group_row = True
                numbered = re.match(r"^([IVX]{1,4}|[A-ZĐ])[.)]\s+(\S.*)$", content)
                if numbered:  # 'I. QUẢNG BÁ HÌNH ẢNH' across the whole row
                    stt, content = numbered.group(1), numbered.group(2)
            else:
                group_row = False
            if not content:
                continue
            roman = stt.upper() in ROMAN or bool(re.fullmatch(r"[A-ZĐ]", stt))
            if roman or group_row or (not stt and content.isupper()):
                group = stt or str(sum(1 for a in self.rows.activities if a["section"] == base) + 1)
                parent_id = f"{base}.{group}"
                last_id, k = None, 0
                title = _title_of(content.split("\n")[0])
                self.rows.activities.append(
                    self._table_row(parent_id, base, title, content, "", "", "", "")
                )
                continue
            prefix = parent_id or base
            if stt and re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", stt):
                node_id = f"{prefix}.{stt}"
                last_id, k = node_id, 0
                section = prefix
            else:
                k += 1
                section = last_id or prefix
                node_id = f"{section}.{k}"
            first = content.split("\n")[0].lstrip("-–+• ")
            title = F.short_title(first) if len(first.split()) > 14 else _title_of(first)
            lead = "; ".join(F.split_units(cell("lead").replace("\n", "; ")))
            coop = "; ".join(F.split_units(cell("coop").replace("\n", "; ")))
            row = self._table_row(
                node_id,
                section,
                title,
                content,
                lead,
                coop,
                F.clean_timeframe(cell("time").replace("\n", " ")),
                cell("budget"),
            )
            self.rows.activities.append(row)

    def _table_row(self, node_id, section, title, content, lead, coop, time, budget) -> dict:
        amount = self._amount(budget) if budget else ""
        if budget and not amount and re.fullmatch(r"[\d.,\s]+", budget):
            amount = self._amount(budget + " đồng")
        source = (
            ""
            if not budget or amount and re.fullmatch(r"[\d.,\s]+(?:đồng|đ)?", budget.strip())
            else budget
        )
        return {
            "activity_id": node_id,
            "section": section,
            "title": title,
            "description": content,
            "themes": "",
            "lead_units": lead,
            "cooperating_units": coop,
            "timeframe": time,
            "start_date": "",
            "end_date": "",
            "budget_source": source,
            "budget_vnd": amount,
            "status": "",
        }


_HEADER_WORDS = {
    "stt": ("stt", "tt", "so tt", "so thu tu"),
    "content": ("noi dung", "nhiem vu", "hoat dong", "ten hoat dong", "ten nhiem vu", "noi dung cong viec",
                "noi dung hoat dong", "cac hoat dong", "cong viec"),
    "lead": ("don vi chu tri", "co quan chu tri", "chu tri", "don vi thuc hien", "co quan thuc hien"),
    "coop": ("don vi phoi hop", "co quan phoi hop", "phoi hop"),
    "time": ("thoi gian", "thoi gian thuc hien", "tien do", "thoi gian hoan thanh"),
    "budget": ("kinh phi", "du toan", "nguon kinh phi", "kinh phi du kien"),
}  # fmt: skip


def _activity_header(rows: list[list[str]]) -> tuple[int, dict[str, int] | None]:
    for at, row in enumerate(rows[:3]):
        columns: dict[str, int] = {}
        for i, cell in enumerate(row):
            folded = " ".join(re.findall(r"[a-z0-9]+", fold(cell)))
            for name, words in _HEADER_WORDS.items():
                if name in columns:
                    continue
                if any(folded == w or folded.startswith(w + " ") for w in words):
                    columns[name] = i
                    break
        if "content" in columns and len(columns) >= 3:
            return at, columns
    return 0, None
