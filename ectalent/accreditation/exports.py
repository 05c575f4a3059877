"""The official layouts of seed 003 附件4, 附件5 and 附件6, as xlsx and PDF (bytes; the views add the headers).

- 附件4 培训机构基本情况申报表 — ``form4_xlsx(application)``, ``form4_pdf(application)``;
- 附件5 实践基地基本情况申报表 — ``form5_xlsx(application)``, ``form5_pdf(application)``;
- 附件6 各市电子商务培训机构（实践基地）推荐汇总表 — ``form6_xlsx(city, applications)``, ``form6_pdf(...)``.

Each form is described once as a grid of cells (labels, values, merged ranges, ☑/☐ checkboxes, the "（盖章） 年 月 日"
blocks) and drawn by two renderers, so the spreadsheet and the PDF cannot drift apart. The two 推荐意见 rows of
附件4/5 are filled from the application's review case: the approving decision of the current round (county first
review or the promotion association's recommendation; the city's review), with its text and date; otherwise they
stay blank for a hand-written opinion and seal.

These forms carry organisation data only (no ID numbers); the contact telephone is the organisation's official
contact and is printed in full — that is what the form is for.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from .choices import TRAINING_SCOPES, BaseKind, EnterpriseCategory, PremisesOwnership, UnitType

SEAL = "（盖章）"
BLANK_DATE = "年\u3000\u3000月\u3000\u3000日"
BLANK = "____"

COUNTY_STEPS = ("county_review", "association_recommendation")
CITY_STEPS = ("city_review",)
LOCAL_OPINION_LABEL = "注册地商务主管部门（省电商促进会）推荐意见"
CITY_OPINION_LABEL = "市商务主管部门推荐意见"
CHECKED_NOTE = "（场地、相关材料已查验）"

FORM4_TITLE = "培训机构基本情况申报表"
FORM5_TITLE = "实践基地基本情况申报表"
FORM6_TITLE = "各市电子商务培训机构（实践基地）推荐汇总表"
FORM4_SUMMARY_PROMPT = ("（近一年内培训情况、招生渠道等，可另附页。如申请承担高级电子商务师或电子商务职业经理人培训任务的，"
                        "须另附专职教师简历。）")
FORM5_OVERVIEW_PROMPT = ("（企业介绍主营业务、商务模式，平台销售比重/平台年度交易额等内容，产业基地介绍基地经营模式相关内容，"
                         "可另附页）")


FORM4_WIDTHS = [28, 48, 40, 54]  # millimetres on the A4 frame (170 mm)
FORM5_WIDTHS = [16, 26, 30, 40, 28, 30]
FORM6_WIDTHS = [10, 38, 17, 43, 34, 28]


# ---------------------------------------------------------------- layout model

@dataclass
class Cell:
    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    align: str = "left"  # left | center | right
    valign: str = "middle"  # top | middle | bottom
    label: bool = False  # a printed label of the form (as opposed to a filled-in value)
    joined_above: bool = False  # no rule between this cell and the one above: one box (text, then seal and date)


@dataclass
class Grid:
    cells: list[Cell]
    rows: int
    min_heights: dict[int, float] = field(default_factory=dict)  # row → millimetres
    header_rows: int = 0
    small: bool = False  # 9 pt type in the PDF (the long lists of 附件6)


@dataclass
class Line:
    text: str
    align: str = "left"
    space_before: float = 0  # millimetres


@dataclass
class Form:
    annex: str
    title: str
    sheet: str
    widths: list[float]  # millimetres, adding up to the A4 frame (170 mm)
    blocks: list
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (heading, text) pages for the PDF only


@dataclass
class Opinion:
    text: str
    date: datetime.date
    step: str


# ---------------------------------------------------------------- values

def _s(value) -> str:
    return "" if value is None else str(value)


def _n(value, unit: str = "") -> str:
    """A count in a blank of the form: the figure, or the blank line when unknown."""
    return f"{BLANK}{unit}" if value is None else f"{value}{unit}"


def _decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{Decimal(value):,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _date(value: datetime.date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


def _box(checked: bool) -> str:
    return "☑" if checked else "☐"


def _sign(opinion: Opinion | None = None) -> str:
    if opinion is None:
        return f"{SEAL}\u3000\u3000\u3000\u3000{BLANK_DATE}"
    d = opinion.date
    return f"{SEAL}\u3000\u3000{d.year}年{d.month}月{d.day}日"


def _scope_groups() -> list[tuple[str, list[tuple[str, str | None]]]]:
    """TRAINING_SCOPES grouped as on the form: [(level, [(code, direction or None)])]."""
    groups: list[tuple[str, list]] = []
    for code, label in TRAINING_SCOPES:
        label = str(label)
        level, _, direction = label.partition("：")
        if groups and groups[-1][0] == level:
            groups[-1][1].append((code, direction or None))
        else:
            groups.append((level, [(code, direction or None)]))
    return groups


def scope_checklist(codes) -> str:
    """附件4 培训范围 with a box after every direction, e.g. "1. 助理电子商务师：网络客服 ☑  美工设计 ☐ …"."""
    chosen = set(codes or [])
    lines = []
    for number, (level, items) in enumerate(_scope_groups(), start=1):
        if len(items) == 1 and items[0][1] is None:
            lines.append(f"{number}. {level} {_box(items[0][0] in chosen)}")
        else:
            boxes = "\u3000".join(f"{direction} {_box(code in chosen)}" for code, direction in items)
            lines.append(f"{number}. {level}：{boxes}")
    return "\n".join(lines)


def scope_summary(codes) -> str:
    """Chosen scopes compactly, for 附件6: "助理电子商务师（网络客服、美工设计）；电子商务师（运营推广）"."""
    chosen = set(codes or [])
    parts = []
    for level, items in _scope_groups():
        picked = [direction for code, direction in items if code in chosen]
        if not picked:
            continue
        directions = [d for d in picked if d]
        parts.append(f"{level}（{'、'.join(directions)}）" if directions else level)
    return "；".join(parts)


def base_category(application) -> str:
    """附件6 类别 of a practice base."""
    if application.base_kind == BaseKind.PARK:
        return str(BaseKind.PARK.label)
    if application.enterprise_category:
        return f"企业（{application.get_enterprise_category_display()}）"
    return str(BaseKind.ENTERPRISE.label) if application.base_kind else ""


def recommendation_opinions(application) -> dict[str, Opinion | None]:
    """The approving decisions of the current review round: ``{"local": …, "city": …}`` (None: not yet)."""
    from ectalent.workflow.choices import Decision

    result: dict[str, Opinion | None] = {"local": None, "city": None}
    case = application.case
    if case is None or not case.round:
        return result
    rows = list(case.steps.filter(round=case.round, is_lead=True, step__in=COUNTY_STEPS + CITY_STEPS)
                .order_by("order", "id"))
    for key, codes in (("local", COUNTY_STEPS), ("city", CITY_STEPS)):
        decided = [r for r in rows if r.step in codes]
        if not decided:
            continue
        row = decided[-1]
        if row.decision != Decision.APPROVED or row.decided_at is None:
            continue
        text = (row.reason or "").strip() or "同意推荐。"
        if row.step == "association_recommendation":
            text = f"省电子商务促进会推荐：{text}"
        result[key] = Opinion(text=text, date=timezone.localtime(row.decided_at).date(), step=row.step)
    return result


def _long(text: str, heading: str, attachments: list, width_mm: float, max_lines: int) -> str:
    """The text for the form's box; a long one is cut there and continues in full on an attached page (PDF)."""
    if _text_lines(text, width_mm, 10) <= max_lines:
        return text
    attachments.append((heading, text))
    suffix = "……（全文见附页）"
    low, high = 0, len(text)
    while low < high:  # the longest head that still fits with the suffix
        mid = (low + high + 1) // 2
        if _text_lines(text[:mid].rstrip() + suffix, width_mm, 10) <= max_lines:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + suffix


def _opinion_rows(cells: list[Cell], row: int, label_col: int, label_span: int, value_col: int, value_span: int,
                  opinions: dict, attachments: list | None, width_mm: float) -> None:
    """The two 推荐意见 blocks: a label over two rows, the opinion, then "（盖章） 年 月 日" at the right."""
    for offset, (label, key, note) in enumerate(((LOCAL_OPINION_LABEL, "local", CHECKED_NOTE),
                                                 (CITY_OPINION_LABEL, "city", ""))):
        r = row + 2 * offset
        opinion = opinions.get(key)
        said = opinion.text if opinion else ""
        if said and attachments is not None:
            said = _long(said, label, attachments, width_mm=width_mm, max_lines=5)
        text = "\n".join(t for t in (note, said) if t)
        cells += [
            Cell(r, label_col, label, rowspan=2, colspan=label_span, align="center", label=True),
            Cell(r, value_col, text, colspan=value_span, valign="top"),
            Cell(r + 1, value_col, _sign(opinion), colspan=value_span, align="right", valign="bottom",
                 joined_above=True),
        ]


# ---------------------------------------------------------------- 附件4

def form4(application, *, long_text_attached: bool = True) -> Form:
    a = application
    attachments: list = []
    teachers = None
    if a.teachers_full_time is not None or a.teachers_part_time is not None:
        teachers = (a.teachers_full_time or 0) + (a.teachers_part_time or 0)
    staff = (f"共 {_n(a.staff_total)} 人，其中：教师 {_n(teachers)} 人（专职 {_n(a.teachers_full_time)} 人，"
             f"兼职 {_n(a.teachers_part_time)} 人），管理人员 {_n(a.managers_count)} 人，其它 {_n(a.other_staff_count)} 人")
    area = _decimal(a.premises_area)
    premises = (f"{_box(a.premises_ownership == PremisesOwnership.OWNED)} 自有\u3000"
                f"{_box(a.premises_ownership == PremisesOwnership.LEASED)} 租赁\u3000"
                f"面积 {area or BLANK} 平方米")
    summary = a.training_summary.strip()
    if long_text_attached:
        summary = _long(summary, "培训办班情况简介", attachments, width_mm=sum(FORM4_WIDTHS[1:]), max_lines=11)
    L = dict(label=True, align="center")
    cells = [
        Cell(0, 0, "单位名称", **L), Cell(0, 1, a.unit_name), Cell(0, 2, "单位性质", **L), Cell(0, 3, a.nature),
        Cell(1, 0, "单位地址", **L), Cell(1, 1, a.address), Cell(1, 2, "法定代表", **L), Cell(1, 3, a.legal_representative),
        Cell(2, 0, "联系方式", **L), Cell(2, 1, f"姓名：{a.contact_name}"), Cell(2, 2, f"电话：{a.contact_phone}"),
        Cell(2, 3, f"传真：{a.contact_fax}"),
        Cell(3, 0, "机构组建时间", **L), Cell(3, 1, _date(a.founded_on)), Cell(3, 2, "职工人数", **L), Cell(3, 3, staff),
        Cell(4, 0, "最大培训规模", **L), Cell(4, 1, f"{_n(a.max_training_capacity)} 人"), Cell(4, 2, "教学场地", **L),
        Cell(4, 3, premises),
        Cell(5, 0, "培训范围", **L), Cell(5, 1, scope_checklist(a.training_scopes), colspan=3),
        Cell(6, 0, "发证机关", **L), Cell(6, 1, a.licence_issuer), Cell(6, 2, "证书编号", **L), Cell(6, 3, a.licence_number),
        Cell(7, 0, "培训办班\n情况简介", rowspan=2, **L),
        Cell(7, 1, "\n".join(t for t in (FORM4_SUMMARY_PROMPT, summary) if t), colspan=3, valign="top"),
        Cell(8, 1, _sign(), colspan=3, align="right", valign="bottom", joined_above=True),
    ]
    _opinion_rows(cells, 9, 0, 1, 1, 3, recommendation_opinions(a), attachments if long_text_attached else None,
                  sum(FORM4_WIDTHS[1:]))
    grid = Grid(cells, rows=13, min_heights={0: 10, 1: 10, 2: 9, 3: 14, 4: 10, 5: 24, 6: 9, 7: 48, 8: 9,
                                             9: 22, 10: 9, 11: 20, 12: 9})
    return Form(annex="附件4", title=FORM4_TITLE, sheet="附件4 培训机构基本情况申报表",
                widths=FORM4_WIDTHS, blocks=[grid], attachments=attachments)


# ---------------------------------------------------------------- 附件5

def form5(application, *, long_text_attached: bool = True) -> Form:
    a = application
    attachments: list = []
    enterprise = a.base_kind != BaseKind.PARK
    park = a.base_kind == BaseKind.PARK
    e = a if enterprise else None

    def ev(value):  # enterprise block values (blank for an industrial park)
        return value if enterprise else ""

    def pv(value):  # park block values (blank for an enterprise)
        return value if park else ""

    category = "；".join(f"{_box(enterprise and a.enterprise_category == c.value)} {c.label}"
                        for c in EnterpriseCategory)
    overview = a.overview.strip()
    if long_text_attached:
        overview = _long(overview, "企业/基地概况", attachments, width_mm=sum(FORM5_WIDTHS[1:]), max_lines=11)
    L = dict(label=True, align="center")
    cells = [
        Cell(0, 0, "企业\n（填写）", rowspan=5, **L),
        Cell(0, 1, "企业名称", **L), Cell(0, 2, ev(a.unit_name), colspan=2), Cell(0, 4, "法人代表", **L),
        Cell(0, 5, ev(a.legal_representative)),
        Cell(1, 1, "联系方式", **L), Cell(1, 2, f"姓名：{ev(a.contact_name)}"), Cell(1, 3, f"电话：{ev(a.contact_phone)}"),
        Cell(1, 4, f"传真：{ev(a.contact_fax)}", colspan=2),
        Cell(2, 1, "地址", **L), Cell(2, 2, ev(a.address), colspan=2), Cell(2, 4, "网址", **L), Cell(2, 5, ev(a.website)),
        Cell(3, 1, "从业人员人数", **L),
        Cell(3, 2, f"{a.employees_count} 人" if e and a.employees_count is not None else "", colspan=2),
        Cell(3, 4, "上年度主营业务收入", **L),
        Cell(3, 5, f"{_decimal(a.revenue_last_year)} 万元" if e and a.revenue_last_year is not None else ""),
        Cell(4, 1, f"企业类别：{category}", colspan=5),
        Cell(5, 0, "电商\n产业\n基地\n（填写）", rowspan=5, **L),
        Cell(5, 1, "基地名称", **L), Cell(5, 2, pv(a.park_name or a.unit_name), colspan=4),
        Cell(6, 1, "基地地址", **L), Cell(6, 2, pv(a.park_address or a.address), colspan=4),
        Cell(7, 1, "管理机构", **L), Cell(7, 2, pv(a.park_manager or a.unit_name), colspan=2), Cell(7, 4, "法人代表", **L),
        Cell(7, 5, pv(a.legal_representative)),
        Cell(8, 1, "联系方式", **L), Cell(8, 2, f"姓名：{pv(a.contact_name)}"), Cell(8, 3, f"电话：{pv(a.contact_phone)}"),
        Cell(8, 4, f"传真：{pv(a.contact_fax)}", colspan=2),
        Cell(9, 1, "入驻企业数量", **L),
        Cell(9, 2, f"{a.park_tenants} 家" if park and a.park_tenants is not None else "", colspan=2),
        Cell(9, 4, "上年度基地营业收入", **L),
        Cell(9, 5, f"{_decimal(a.park_revenue_last_year)} 万元" if park and a.park_revenue_last_year is not None else ""),
        Cell(10, 0, "企业/\n基地\n概况", **L),
        Cell(10, 1, "\n".join(t for t in (FORM5_OVERVIEW_PROMPT, overview) if t), colspan=5, valign="top"),
    ]
    _opinion_rows(cells, 11, 0, 2, 2, 4, recommendation_opinions(a), attachments if long_text_attached else None,
                  sum(FORM5_WIDTHS[2:]))
    heights = {r: 10 for r in range(10)}
    heights.update({4: 9, 10: 62, 11: 20, 12: 9, 13: 20, 14: 9})
    grid = Grid(cells, rows=15, min_heights=heights)
    return Form(annex="附件5", title=FORM5_TITLE, sheet="附件5 实践基地基本情况申报表",
                widths=FORM5_WIDTHS, blocks=[grid], attachments=attachments)


# ---------------------------------------------------------------- 附件6

FORM6_INSTITUTION_HEADER = ["序号", "培训机构名称", "法人姓名", "培训范围", "通讯地址", "联系电话"]
FORM6_BASE_HEADER = ["序号", "实践基地名称", "法人姓名", "类别", "通讯地址", "联系电话"]


def _list_grid(header: list[str], rows: list[list[str]]) -> Grid:
    cells = [Cell(0, c, text, align="center", label=True) for c, text in enumerate(header)]
    if not rows:
        rows = [["", "（无）", "", "", "", ""]]
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            cells.append(Cell(r, c, text, align="center" if c in (0, 2) else "left"))
    return Grid(cells, rows=len(rows) + 1, min_heights={r: 9 for r in range(len(rows) + 1)}, header_rows=1,
                small=True)


def form6(city_region, applications, *, filled_by: str = "", reporter: str = "", reporter_phone: str = "") -> Form:
    applications = list(applications)
    institutions = [a for a in applications if a.unit_type == UnitType.INSTITUTION]
    bases = [a for a in applications if a.unit_type == UnitType.BASE]
    inst_rows = [[str(i), a.unit_name, a.legal_representative, scope_summary(a.training_scopes), a.address,
                  a.contact_phone] for i, a in enumerate(institutions, start=1)]
    base_rows = [[str(i), (a.park_name or a.unit_name) if a.base_kind == BaseKind.PARK else a.unit_name,
                  a.legal_representative, base_category(a),
                  (a.park_address or a.address) if a.base_kind == BaseKind.PARK else a.address,
                  a.contact_phone] for i, a in enumerate(bases, start=1)]
    blocks = [
        Line(f"地市：{city_region.name}"),
        _list_grid(FORM6_INSTITUTION_HEADER, inst_rows),
        Line("", space_before=2),
        _list_grid(FORM6_BASE_HEADER, base_rows),
        Line(f"填报单位（盖章）：{filled_by}", space_before=6),
        Line(f"填报人：{reporter}", space_before=2),
        Line(f"联系电话：{reporter_phone}", space_before=2),
    ]
    return Form(annex="附件6", title=FORM6_TITLE, sheet="附件6 推荐汇总表", widths=FORM6_WIDTHS,
                blocks=blocks)


# ---------------------------------------------------------------- xlsx renderer

def _text_lines(text: str, width_mm: float, size_pt: float) -> int:
    """Lines a wrapped text takes in a cell ``width_mm`` wide (CJK characters count full, others half)."""
    char_mm = size_pt * 0.3528
    per_line = max(1.0, (width_mm - 3) / char_mm * 0.92)  # paragraphs do not fill every line to the edge
    lines = 0
    for part in (text or "").split("\n"):
        units = sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in part)
        lines += max(1, math.ceil(units / per_line))
    return lines


def render_xlsx(form: Form) -> bytes:
    """The form through the platform's one spreadsheet writer (``core.exports``): every text a string cell."""
    from ectalent.core.exports import Book

    book = Book(constant_memory=False)  # merged ranges over several rows; a form is small
    sheet = book.sheet(form.sheet)
    ncols = len(form.widths)
    font = {"font_name": "宋体", "font_size": 11}
    pt_per_mm = 72 / 25.4

    for c, width in enumerate(form.widths):
        sheet.set_column(c, c, round(width * 0.55, 1))

    sheet.cell(0, 0, form.annex, book.format(font_name="黑体", font_size=12, bold=True))
    sheet.merge(1, 0, 1, ncols - 1, form.title,
                book.format(font_name="黑体", font_size=16, bold=True, align="center", valign="vcenter"))
    sheet.set_row(1, 32)
    row = 2

    for block in form.blocks:
        if isinstance(block, Line):
            if block.space_before:
                row += 1 if block.space_before >= 4 else 0
            sheet.merge(row, 0, row, ncols - 1, block.text or None,
                        book.format(**font, align=block.align, valign="vcenter"))
            sheet.set_row(row, 20)
            row += 1
            continue
        top = row
        joined = {}  # column → rows whose cell is joined to the one above
        for spec in block.cells:
            if spec.joined_above:
                joined.setdefault(spec.col, set()).add(spec.row)
        needed: dict[int, float] = {r: block.min_heights.get(r, 8) * pt_per_mm for r in range(block.rows)}
        for spec in sorted(block.cells, key=lambda c: (c.row, c.col)):
            r0, c0 = top + spec.row, spec.col
            r1, c1 = r0 + spec.rowspan - 1, c0 + spec.colspan - 1
            open_below = (spec.row + spec.rowspan) in joined.get(spec.col, ())
            fmt = book.format(**font, align=spec.align, valign="vcenter" if spec.valign == "middle" else spec.valign,
                              text_wrap=True, left=1, right=1, top=0 if spec.joined_above else 1,
                              bottom=0 if open_below else 1)
            sheet.merge(r0, c0, r1, c1, spec.text if spec.text != "" else None, fmt)
            width = sum(form.widths[spec.col:spec.col + spec.colspan])
            height = _text_lines(spec.text, width, 11) * 11 * 1.45 + 6
            share = height / spec.rowspan
            for r in range(spec.row, spec.row + spec.rowspan):
                needed[r] = max(needed[r], share)
        for r, height in needed.items():
            sheet.set_row(top + r, round(min(409, height), 1))
        row = top + block.rows

    sheet.print_area(0, 0, row - 1, ncols - 1)
    sheet.set_paper(9)  # A4
    sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.6, right=0.6, top=0.8, bottom=0.8)  # inches
    return book.read()


# ---------------------------------------------------------------- PDF renderer

def render_pdf(form: Form) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Spacer

    from ectalent.core import pdf

    styles = {"left": pdf.STYLES["cell"], "center": pdf.STYLES["cell_center"], "right": pdf.STYLES["cell_right"]}
    small = {align: pdf.ParagraphStyle(f"form_small_{align}", parent=pdf.STYLES["cell_small"],
                                       alignment={"left": 0, "center": 1, "right": 2}[align]) for align in styles}
    scale = pdf.FRAME_WIDTH / (sum(form.widths) * mm)
    widths = [w * mm * scale for w in form.widths]
    story = [pdf.para(form.annex, "annex"), pdf.bold_para(form.title, "title")]
    for block in form.blocks:
        if isinstance(block, Line):
            if block.space_before:
                story.append(Spacer(1, block.space_before * mm))
            if block.text:
                story.append(pdf.para(block.text, {"left": "left", "right": "right"}.get(block.align, "body")))
            continue
        data = [["" for _ in widths] for _ in range(block.rows)]
        commands = []
        padding = 7  # points of top + bottom padding in grid_table
        for spec in block.cells:
            paragraph = pdf.para(spec.text, (small if block.small else styles)[spec.align])
            content = paragraph
            if spec.rowspan == 1 and block.min_heights.get(spec.row):
                content = pdf.MinHeight(paragraph, block.min_heights[spec.row] * mm - padding,
                                        valign=spec.valign.upper())
            data[spec.row][spec.col] = content
            if spec.rowspan > 1 or spec.colspan > 1:
                commands.append(("SPAN", (spec.col, spec.row),
                                 (spec.col + spec.colspan - 1, spec.row + spec.rowspan - 1)))
            commands.append(("VALIGN", (spec.col, spec.row), (spec.col, spec.row), spec.valign.upper()))
        # rules: a box around every cell; a cell joined to the one above shares its box (text, then seal and date)
        below = {(c.col, c.row - 1): c for c in block.cells if c.joined_above}
        for spec in block.cells:
            if spec.joined_above:
                continue
            last_row = spec.row + spec.rowspan - 1
            if (spec.col, last_row) in below:
                last_row = below[(spec.col, last_row)].row
            commands.append(("BOX", (spec.col, spec.row), (spec.col + spec.colspan - 1, last_row), 0.6,
                             pdf.colors.black))
        story.append(pdf.grid_table(data, widths, header_rows=block.header_rows, extra=commands, grid=False))
    for heading, text in form.attachments:
        story += [PageBreak(), pdf.bold_para(f"附页：{heading}", "heading"), pdf.para(text, "body")]
    return pdf.build_pdf(story, title=form.title, subject=form.annex)


# ---------------------------------------------------------------- public API

def form4_xlsx(application) -> bytes:
    """附件4 培训机构基本情况申报表 of one training-institution application, as xlsx."""
    return render_xlsx(form4(application, long_text_attached=False))


def form4_pdf(application) -> bytes:
    """附件4 培训机构基本情况申报表 of one training-institution application, as PDF."""
    return render_pdf(form4(application))


def form5_xlsx(application) -> bytes:
    """附件5 实践基地基本情况申报表 of one practice-base application (enterprise or industrial park), as xlsx."""
    return render_xlsx(form5(application, long_text_attached=False))


def form5_pdf(application) -> bytes:
    """附件5 实践基地基本情况申报表 of one practice-base application, as PDF."""
    return render_pdf(form5(application))


def form6_xlsx(city_region, applications, **filled) -> bytes:
    """附件6 推荐汇总表 of a city's recommended units (``filled_by``, ``reporter``, ``reporter_phone`` optional)."""
    return render_xlsx(form6(city_region, applications, **filled))


def form6_pdf(city_region, applications, **filled) -> bytes:
    """附件6 推荐汇总表 of a city's recommended units, as PDF."""
    return render_pdf(form6(city_region, applications, **filled))
