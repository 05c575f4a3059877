"""Reading a provincial implementation opinion (seed 001) into chapters, measures, items and tasks.

The text is read as written (spec/policy-tracking.md):

- chapters are lines ``一、…`` … ``九、…``; measures are lines ``（一）…`` (the heading up to its first 。, any text
  after it on the same line is the measure's body); items are lines ``1．…`` inside a measure;
- an item — or a measure without items — that ends with departments in parentheses, ``（省财政厅、省国税局）``,
  is a task; the departments are split at 、, the first named leads and the others co-operate;
- ``…等有关部门`` after a name keeps the name and leaves further departments for the office to assign;
  ``省有关部门`` (or ``有关部门``) alone names no department, only leaves them to assign;
- the signature (issuer) and date after the last measure belong to the document, not to the last measure.

Nothing here touches the database: ``parse_text`` returns plain data classes, ``as_contract`` the JSON of
contracts/cli.md (``ectalent measures parse FILE --json``).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "零〇一二两三四五六七八九十百"

CHAPTER_RE = re.compile(rf"^([{CN_NUMERAL}]+)、\s*(.+)$")
MEASURE_RE = re.compile(rf"^（([{CN_NUMERAL}]+)）\s*(.*)$")
ITEM_RE = re.compile(r"^(\d{1,3})\s*[．.、]\s*(.*)$")
DATE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
# The departments at the very end of a task's text: the last parenthesis, with nothing after it but blanks.
TRAILING_GROUP_RE = re.compile(r"（([^（）]+)）\s*$")
# 「…等有关部门」, 「…等部门」, 「…等相关部门」 after a name.
OTHERS_SUFFIX_RE = re.compile(r"^(.+?)等(?:有关|相关)?部门$")
# A name that is no department but a placeholder for departments the office assigns.
PLACEHOLDER_RE = re.compile(r"^(?:省|各)?(?:有关|相关|其他)部门$")
# Parenthesised text that is not a list of departments (publication notes).
NOT_DEPARTMENTS = ("此件", "公开发布", "依申请公开", "不予公开")
SEPARATORS = "、，,；;"

CITY_GOVERNMENTS = "各市人民政府"


def cn_to_int(text: str) -> int:
    """十 → 10, 十一 → 11, 二十 → 20, 三十二 → 32, 一百零五 → 105."""
    if not text or any(ch not in CN_NUMERAL for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[ch]
    return total + current


def int_to_cn(n: int) -> str:
    """The inverse of ``cn_to_int`` for 1–99, as measures are numbered: 11 → 十一, 32 → 三十二."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def normalise(text: str) -> str:
    """Half-width parentheses and full stops as the document writes them; NFC; no BOM or odd spaces."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").replace("\u3000", " ").replace("\xa0", " ")
    return text.replace("(", "（").replace(")", "）").replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class ParsedTask:
    measure: int
    item: int | None
    departments: list[str]
    others_to_assign: bool
    raw_departments: str

    @property
    def lead(self) -> str | None:
        return self.departments[0] if self.departments else None

    @property
    def key(self) -> str:
        return f"{self.measure}" if self.item is None else f"{self.measure}.{self.item}"


@dataclass
class ParsedItem:
    number: int
    text: str
    line: int
    task: ParsedTask | None = None


@dataclass
class ParsedMeasure:
    number: int
    title: str
    chapter: int
    line: int
    body: list[str] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    task: ParsedTask | None = None  # a measure without items that names departments

    @property
    def text(self) -> str:
        return "\n".join(self.body)


@dataclass
class ParsedChapter:
    number: int
    title: str
    line: int
    measures: list[int] = field(default_factory=list)


@dataclass
class ParsedDocument:
    title: str
    issuer: str | None
    issued_on: datetime.date | None
    preamble: str
    chapters: list[ParsedChapter]
    measures: list[ParsedMeasure]
    warnings: list[dict]

    @property
    def tasks(self) -> list[ParsedTask]:
        out = []
        for measure in self.measures:
            if measure.items:
                out.extend(item.task for item in measure.items if item.task is not None)
            elif measure.task is not None:
                out.append(measure.task)
        return out

    def department_names(self) -> list[str]:
        """Every department named, in order of first mention."""
        seen: dict[str, None] = {}
        for task in self.tasks:
            for name in task.departments:
                seen.setdefault(name, None)
        return list(seen)


class ParseError(ValueError):
    pass


def split_departments(group: str) -> tuple[list[str], bool] | None:
    """``省编办、省法制办、省商务厅等有关部门`` → (["省编办", "省法制办", "省商务厅"], True).

    ``None`` when the parenthesis is no list of departments (a publication note, a clause, empty)."""
    group = group.strip()
    if not group or any(marker in group for marker in NOT_DEPARTMENTS):
        return None
    parts = [p.strip() for p in re.split(f"[{SEPARATORS}]", group)]
    names, others = [], False
    for part in parts:
        if not part:
            continue
        if PLACEHOLDER_RE.match(part):
            others = True
            continue
        m = OTHERS_SUFFIX_RE.match(part)
        if m:
            part, others = m.group(1).strip(), True
        if part and part not in names:
            names.append(part)
    if not names and not others:
        return None
    if any(len(n) > 40 or "。" in n for n in names):  # a sentence in parentheses, not a list of names
        return None
    return names, others


def trailing_departments(text: str) -> tuple[list[str], bool, str] | None:
    m = TRAILING_GROUP_RE.search(text.rstrip())
    if not m:
        return None
    split = split_departments(m.group(1))
    if split is None:
        return None
    return split[0], split[1], m.group(1).strip()


def _heading(rest: str) -> tuple[str, str]:
    """``放宽市场准入。`` → ("放宽市场准入", ""); ``推动…建设。按照…`` → ("推动…建设", "按照…")."""
    rest = rest.strip()
    if "。" in rest:
        head, _sep, body = rest.partition("。")
        return head.strip(), body.strip()
    return rest.rstrip("：:").strip(), ""


def parse_text(text: str) -> ParsedDocument:
    lines = [line.strip() for line in normalise(text).split("\n")]
    warnings: list[dict] = []

    # The signature: the last date line, and the issuer on the non-empty line before it.
    issuer, issued_on, end = None, None, len(lines)
    for idx in range(len(lines) - 1, -1, -1):
        m = DATE_RE.match(lines[idx])
        if m:
            try:
                issued_on = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                warnings.append({"line": idx + 1, "message": f"落款日期无效：{lines[idx]}"})
            end = idx
            prev = idx - 1
            while prev >= 0 and not lines[prev]:
                prev -= 1
            if prev >= 0 and not MEASURE_RE.match(lines[prev]) and not ITEM_RE.match(lines[prev]) \
                    and len(lines[prev]) <= 40 and not lines[prev].endswith(("。", "）")):
                issuer, end = lines[prev], prev
            break

    # Title: the non-empty lines before the addressees (a line ending in ：) or the first chapter.
    title_parts, preamble_parts, i = [], [], 0
    while i < end:
        line = lines[i]
        if CHAPTER_RE.match(line) or MEASURE_RE.match(line):
            break
        if line.endswith(("：", ":")) and not preamble_parts:
            preamble_parts.append(line)
        elif preamble_parts:
            if line:
                preamble_parts.append(line)
        elif line:
            title_parts.append(line)
        i += 1
    if preamble_parts == [] and len(title_parts) > 1:
        # No addressee line: the last paragraph before the first chapter is the preamble.
        preamble_parts = title_parts[-1:]
        title_parts = title_parts[:-1]
    title = "".join(title_parts)

    chapters: list[ParsedChapter] = []
    measures: list[ParsedMeasure] = []
    current: ParsedMeasure | None = None
    current_item: ParsedItem | None = None
    for idx in range(i, end):
        line = lines[idx]
        if not line:
            continue
        m = CHAPTER_RE.match(line)
        if m and len(line) <= 40 and not line.endswith("）"):
            number = cn_to_int(m.group(1))
            expected = len(chapters) + 1
            if number != expected:
                warnings.append({"line": idx + 1, "message": f"章序号为 {number}，按顺序应为 {expected}"})
            chapters.append(ParsedChapter(number=number, title=m.group(2).strip().rstrip("。"), line=idx + 1))
            current, current_item = None, None
            continue
        m = MEASURE_RE.match(line)
        if m:
            number = cn_to_int(m.group(1))
            expected = len(measures) + 1
            if number != expected:
                warnings.append({"line": idx + 1, "message": f"条目序号为（{m.group(1)}），按顺序应为 {expected}"})
            if not chapters:
                warnings.append({"line": idx + 1, "message": "条目出现在第一章之前"})
                chapters.append(ParsedChapter(number=1, title="", line=idx + 1))
            title_text, body = _heading(m.group(2))
            current = ParsedMeasure(number=number, title=title_text, chapter=chapters[-1].number, line=idx + 1)
            if body:
                current.body.append(body)
            measures.append(current)
            chapters[-1].measures.append(number)
            current_item = None
            continue
        if current is None:
            warnings.append({"line": idx + 1, "message": f"无法归属的文字：{line[:30]}"})
            continue
        m = ITEM_RE.match(line)
        if m:
            number = int(m.group(1))
            expected = len(current.items) + 1
            if number != expected:
                warnings.append({"line": idx + 1, "message": f"（{int_to_cn(current.number)}）第 {number} 项，按顺序应为第 {expected} 项"})
            current_item = ParsedItem(number=number, text=m.group(2).strip(), line=idx + 1)
            current.items.append(current_item)
            continue
        if current_item is not None:
            current_item.text += line
        else:
            current.body.append(line)

    for measure in measures:
        if measure.items:
            for item in measure.items:
                found = trailing_departments(item.text)
                if found is None:
                    warnings.append({"line": item.line, "message": f"（{int_to_cn(measure.number)}）第 {item.number} 项未写明责任部门"})
                    continue
                names, others, raw = found
                item.task = ParsedTask(measure.number, item.number, names, others, raw)
            if measure.body and trailing_departments(measure.text):
                warnings.append({"line": measure.line, "message": f"（{int_to_cn(measure.number)}）分项之前的文字也写有部门，未作为任务"})
        else:
            found = trailing_departments(measure.text)
            if found is not None:
                names, others, raw = found
                measure.task = ParsedTask(measure.number, None, names, others, raw)
    if not measures:
        raise ParseError("未找到任何条目（（一）、（二）……）：文件不是实施意见的正文？")
    return ParsedDocument(title=title, issuer=issuer, issued_on=issued_on, preamble="\n".join(preamble_parts),
                          chapters=chapters, measures=measures, warnings=warnings)


def read_file(path) -> str:
    with open(path, "rb") as fh:
        raw = fh.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(f"{path}：既不是 UTF-8 也不是 GB18030 编码的文本")


def parse_file(path) -> ParsedDocument:
    return parse_text(read_file(path))


def as_contract(doc: ParsedDocument) -> dict:
    """The JSON of contracts/cli.md, ``ectalent measures parse FILE --json``, key for key."""
    return {
        "title": doc.title,
        "issuer": doc.issuer,
        "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
        "chapters": [{"number": c.number, "title": c.title, "measures": list(c.measures)} for c in doc.chapters],
        "measures": [
            {"number": m.number, "title": m.title, "chapter": m.chapter, "items": [i.number for i in m.items]}
            for m in doc.measures
        ],
        "tasks": [
            {"measure": t.measure, "item": t.item, "departments": list(t.departments), "lead": t.lead,
             "others_to_assign": t.others_to_assign}
            for t in doc.tasks
        ],
    }
