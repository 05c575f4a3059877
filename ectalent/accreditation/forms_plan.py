"""Forms of the plan pages: reserve allocation, county split, and the roster import with its file reader.

Roster file (xlsx or csv), first sheet:

    课程名称 | 电商运营实务培训班（第一期）
    培训方向 | 电子商务师：运营推广
    开班日期 | 2015-03-02
    结业日期 | 2015-03-20
    (blank)
    姓名 | 身份证号 | 手机号 | 所在县区代码
    张三 | 330782199001011234 | 13800000000 | 330782
    …

The course block may be in any order before the trainee header; the trainee columns may be in any order
(手机号 and 所在县区代码 are optional). Every row is checked before anything is written; all errors are reported
with their row and column; a file with any error writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import gettext_noop

from ectalent.core.sheets import CellError, cell_text, column_letter, id_number_cell, parse_date, read_cells  # noqa: F401
from ectalent.core.validators import validate_mobile
from ectalent.regions.models import Region
from ectalent.registry.models import Person

from . import plan as planlib
from .choices import UnitType
from .models import TrainingCourse, TrainingPlan

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_TRAINEES = 5000

COURSE_LABELS = {
    "课程名称": "title", "培训班名称": "title",
    "培训方向": "scope",
    "开班日期": "starts_on", "开始日期": "starts_on",
    "结业日期": "ends_on", "结束日期": "ends_on",
}
COURSE_FIELD_NAMES = {"title": gettext_noop("课程名称"), "scope": gettext_noop("培训方向"), "starts_on": gettext_noop("开班日期"),
                      "ends_on": gettext_noop("结业日期")}
TRAINEE_COLUMNS = {
    "姓名": "name",
    "身份证号": "id_number", "居民身份证号": "id_number", "身份证号码": "id_number",
    "手机号": "phone", "手机号码": "phone",
    "所在县区代码": "region", "县区代码": "region", "所在县（市、区）代码": "region",
}
TRAINEE_FIELD_NAMES = {"name": gettext_noop("姓名"), "id_number": gettext_noop("身份证号"), "phone": gettext_noop("手机号"),
                       "region": gettext_noop("所在县区代码")}


# --- reserve allocation ---------------------------------------------------------------------------


class ReserveAllocationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_l("计划行"), queryset=None, empty_label=_l("请选择"))
    unit_type = forms.ChoiceField(label=_l("类别"), choices=UnitType.choices)
    amount = forms.IntegerField(label=_l("调配数量（个）"), min_value=1, max_value=1000)
    note = forms.CharField(label=_l("说明"), max_length=255, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _l("如：支持跨境电商综试区建设")}))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = plan.units.select_related("region").order_by("order")
        self.fields["unit"].label_from_instance = lambda u: u.label
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control")


# --- county split ---------------------------------------------------------------------------------


class CountySplitForm(forms.Form):
    """One integer field per county (``c_<code>``); blank = not split to that county."""

    def __init__(self, *args, counties, initial_values: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.counties = counties
        for county in counties:
            self.fields[f"c_{county.code}"] = forms.IntegerField(
                label=county.name, min_value=0, max_value=10_000_000, required=False,
                initial=initial_values.get(county.code),
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm text-end", "min": 0}),
            )

    def values(self) -> dict[str, int | None]:
        return {c.code: self.cleaned_data.get(f"c_{c.code}") for c in self.counties}

    def rows(self):
        return [(county, self[f"c_{county.code}"]) for county in self.counties]


# --- roster import --------------------------------------------------------------------------------


# Spreadsheet helpers live in ectalent.core.sheets; the names below are kept for this module's callers.
RosterError = CellError
_text = cell_text


@dataclasses.dataclass
class RosterRow:
    row: int
    name: str
    id_number: str
    phone: str
    region_code: str
    exists: bool = False


@dataclasses.dataclass
class Roster:
    title: str = ""
    scope: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    rows: list[RosterRow] = dataclasses.field(default_factory=list)
    errors: list[RosterError] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    outside_plan: bool = False  # the course ended in no plan period: its trainees count for no target

    @property
    def new_people(self) -> int:
        return sum(1 for r in self.rows if not r.exists)


def check_roster(cells: list[list], unit, plan, *, today: datetime.date | None = None) -> Roster:
    """Check every cell of a roster; collect all errors (row and column) without writing anything."""
    today = today or timezone.localdate()
    roster = Roster()
    errors = roster.errors
    course_cells: dict[str, tuple[int, object]] = {}
    header_index = None
    columns: dict[str, int] = {}
    for i, row in enumerate(cells):
        texts = [_text(c) for c in row]
        labels = [t.rstrip("：:").strip() for t in texts]
        if "姓名" in labels and any(TRAINEE_COLUMNS.get(t) == "id_number" for t in labels):
            header_index = i
            for col, label in enumerate(labels):
                field = TRAINEE_COLUMNS.get(label)
                if field and field not in columns:
                    columns[field] = col
            break
        if labels and labels[0] in COURSE_LABELS:
            field = COURSE_LABELS[labels[0]]
            if field in course_cells:
                errors.append(RosterError(i + 1, "A", labels[0], _("重复填写（已在第 %(first_row)s 行）") % {"first_row": course_cells[field][0]}))
            course_cells[field] = (i + 1, row[1] if len(row) > 1 else None)

    # The course block
    for field, label in COURSE_FIELD_NAMES.items():
        if field not in course_cells and field != "scope":
            errors.append(RosterError(None, "", label, _("缺少“%(label)s”：请在名单上方 A 列写“%(label)s”，B 列填写内容") % {"label": label}))
    if "title" in course_cells:
        row, value = course_cells["title"]
        roster.title = _text(value)
        if not roster.title:
            errors.append(RosterError(row, "B", _("课程名称"), _("不能为空")))
        elif len(roster.title) > 128:
            errors.append(RosterError(row, "B", _("课程名称"), _("不能超过 128 字")))
    if "scope" in course_cells:
        row, value = course_cells["scope"]
        roster.scope = _text(value)
        if len(roster.scope) > 64:
            errors.append(RosterError(row, "B", _("培训方向"), _("不能超过 64 字")))
    for field in ("starts_on", "ends_on"):
        if field not in course_cells:
            continue
        row, value = course_cells[field]
        label = COURSE_FIELD_NAMES[field]
        if _text(value) == "":
            errors.append(RosterError(row, "B", label, _("不能为空，应为日期（如 2015-03-02）")))
            continue
        try:
            setattr(roster, field, parse_date(value))
        except ValueError:
            errors.append(RosterError(row, "B", label, _("应为日期（如 2015-03-02），实际为“%(text)s”") % {"text": _text(value)}))
    if roster.starts_on and roster.ends_on:
        end_row = course_cells["ends_on"][0]
        if roster.ends_on < roster.starts_on:
            errors.append(RosterError(end_row, "B", _("结业日期"), _("结业日期 %(ends_on)s 早于开班日期 %(starts_on)s") % {"ends_on": roster.ends_on, "starts_on": roster.starts_on}))
        if roster.ends_on > today:
            errors.append(RosterError(end_row, "B", _("结业日期"), _("结业日期 %(ends_on)s 晚于今天，请在结业后导入") % {"ends_on": roster.ends_on}))
        if unit is not None and unit.registered_on and roster.starts_on < unit.registered_on:
            errors.append(RosterError(course_cells["starts_on"][0], "B", _("开班日期"),
                                      _("开班日期 %(starts_on)s 早于本机构备案日期 %(registered_on)s，备案前的培训不计入") % {"starts_on": roster.starts_on, "registered_on": unit.registered_on}))
        if plan is not None and planlib.plan_for_year(roster.ends_on.year) is None:
            roster.outside_plan = True
            periods = "、".join(f"{p.first_year}—{p.last_year}" for p in TrainingPlan.objects.order_by("first_year"))
            roster.warnings.append(_("结业年度 %(year)s 不在任何计划期内（已有计划期：%(periods)s），该班学员不计入培训任务完成数。") % {
                "year": roster.ends_on.year, "periods": periods or "—"})
        if unit is not None and roster.title and TrainingCourse.objects.filter(
                unit=unit, title=roster.title, starts_on=roster.starts_on, ends_on=roster.ends_on).exists():
            errors.append(RosterError(course_cells["title"][0], "B", _("课程名称"),
                                      _("培训班“%(title)s”（%(starts_on)s—%(ends_on)s）已导入过") % {"title": roster.title, "starts_on": roster.starts_on, "ends_on": roster.ends_on}))

    # The trainee table
    if header_index is None:
        errors.append(RosterError(None, "", "", _("未找到学员表头：应有一行写“姓名”“身份证号”（可加“手机号”“所在县区代码”）")))
        return roster
    body = [(i + 1, row) for i, row in enumerate(cells[header_index + 1:], start=header_index + 1)
            if any(_text(c) for c in row)]
    if not body:
        errors.append(RosterError(header_index + 2, "A", _("姓名"), _("名单中没有学员")))
        return roster
    if len(body) > MAX_TRAINEES:
        errors.append(RosterError(None, "", "", _("一次最多导入 %(max)s 名学员，本文件有 %(n)s 名") % {"max": MAX_TRAINEES, "n": len(body)}))
        return roster

    def cell(row, field):
        col = columns.get(field)
        if col is None or col >= len(row):
            return None
        return row[col]

    def err(row_no, field, message):
        errors.append(RosterError(row_no, column_letter(columns[field]), TRAINEE_FIELD_NAMES[field], message))

    region_codes = {_text(cell(r, "region")) for _, r in body} - {""}
    regions = {r.code: r for r in Region.objects.filter(code__in=region_codes)}
    first_row_of: dict[str, int] = {}
    parsed: list[RosterRow] = []
    for row_no, row in body:
        name = _text(cell(row, "name"))
        ok = True
        if not name:
            err(row_no, "name", _("不能为空"))
            ok = False
        elif len(name) > 64:
            err(row_no, "name", _("不能超过 64 字"))
            ok = False
        number, problem = id_number_cell(cell(row, "id_number"), today=today)
        if problem:
            err(row_no, "id_number", problem)
            ok = False
        if number:
            if number in first_row_of:
                err(row_no, "id_number", _("与第 %(first_row)s 行重复（同一学员在一个培训班只计一次）") % {"first_row": first_row_of[number]})
                ok = False
            else:
                first_row_of[number] = row_no
        phone = ""
        if "phone" in columns and _text(cell(row, "phone")):
            try:
                phone = validate_mobile(_text(cell(row, "phone")))
            except ValidationError as exc:
                err(row_no, "phone", exc.messages[0])
                ok = False
        region_code = ""
        if "region" in columns and _text(cell(row, "region")):
            region_code = _text(cell(row, "region"))
            region = regions.get(region_code)
            if region is None:
                err(row_no, "region", _("“%(region_code)s”不是已知的行政区划代码") % {"region_code": region_code})
                ok = False
            elif region.level != "county":
                err(row_no, "region", _("%(region_code)s %(region_name)s 不是县（市、区）级代码") % {"region_code": region_code, "region_name": region.name})
                ok = False
        if ok:
            parsed.append(RosterRow(row_no, name, number, phone, region_code))

    # Name check against the registry (unique by ID number across organisations; the registered name is not shown).
    known = dict(Person.objects.filter(id_number__in=[r.id_number for r in parsed]).values_list("id_number", "name"))
    for r in parsed:
        if r.id_number in known:
            r.exists = True
            if known[r.id_number] != r.name:
                errors.append(RosterError(r.row, column_letter(columns["name"]), _("姓名"),
                                          _("“%(r_name)s”与人员库中该身份证号登记的姓名不一致，请核对姓名或身份证号") % {"r_name": r.name}))
    roster.rows = parsed
    errors.sort(key=lambda e: (e.row or 0, e.column))
    return roster


class RosterImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_l("培训机构"), queryset=None, empty_label=_l("请选择"))
    file = forms.FileField(label=_l("培训名单（xlsx 或 csv）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}))

    confirm_outside = forms.BooleanField(
        label=_l("结业日期不在任何计划期内时仍然导入（这些学员不计入培训任务完成数）"), required=False,
        help_text=_l("不勾选时，平台先核对：结业日期不在任何计划期内的名单不导入，并说明原因。"))

    def __init__(self, *args, units, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["confirm_outside"].widget.attrs["class"] = "form-check-input"
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.attrs["class"] = "form-select"
        self.fields["unit"].label_from_instance = lambda u: f"{u.name}（{u.register_number}）"
        if units.count() == 1:
            self.fields["unit"].initial = units.first().pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件不能超过 5 MB。"))
        return upload

