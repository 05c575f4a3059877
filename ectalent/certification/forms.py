"""Forms of the certification pages, and the check of a training institution's xlsx roster (报名名单).

The forms parse input; the policy checks (open level, window, directions, practice, eligibility) live in
``actions`` and run there under the session's lock, so the pages show exactly what the action refuses.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.utils.translation import gettext_lazy as _l

from ectalent.core.widgets import IsoDateInput
from ectalent.core.sheets import CellError as RosterError
from ectalent.core.sheets import cell_text as _text
from ectalent.core.sheets import column_letter, id_number_cell, parse_date
from ectalent.core.forms import bootstrap
from ectalent.core.uploads import check_evidence
from ectalent.core.validators import validate_id_number

from . import actions, policy
from .choices import DIRECTION_LEVELS, EvidenceKind, PracticeKind
from .models import CertApplication, ExamSession



def _date_widget():
    return IsoDateInput()


def direction_choices(level: str | None = None) -> list[tuple[str, str]]:
    levels = [level] if level else list(DIRECTION_LEVELS)
    return [(code, f"{gettext(policy.level_name(lv))} · {gettext(label)}" if not level else gettext(label))
            for lv in levels for code, label in policy.directions_of(lv).items()]


def practice_bases():
    from ectalent.accreditation.choices import UnitType
    from ectalent.accreditation.models import RegisteredUnit

    return RegisteredUnit.objects.public().filter(unit_type=UnitType.BASE).order_by("region", "register_number")


# --- sessions --------------------------------------------------------------------------------------


class SessionForm(forms.ModelForm):
    directions = forms.MultipleChoiceField(
        label=_l("开考方向"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_l("助理电子商务师、电子商务师：勾选本等级的方向，至少 2 个（附件1「不少于二种」）；高级电子商务师、职业经理人不分方向。"),
    )

    class Meta:
        model = ExamSession
        fields = ["name", "level", "directions", "applications_open", "applications_close", "exam_starts", "exam_ends",
                  "places", "venue"]
        widgets = {f: _date_widget() for f in ("applications_open", "applications_close", "exam_starts", "exam_ends")}
        help_texts = {"name": _l("可留空，自动命名为“年份+等级+批次编号”")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["directions"].choices = direction_choices()
        if self.instance.pk and self.instance.status != "draft":
            self.fields["level"].disabled = True
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        dates = [cleaned.get(f) for f in ("applications_open", "applications_close", "exam_starts", "exam_ends")]
        if level and all(dates) and cleaned.get("places") is not None:
            cleaned["directions"] = list(cleaned.get("directions") or [])
            problems = actions.session_problems(
                level=level, directions=cleaned["directions"], applications_open=dates[0], applications_close=dates[1],
                exam_starts=dates[2], exam_ends=dates[3], places=cleaned["places"],
                session=self.instance if self.instance.pk else None)
            for p in problems:
                self.add_error(None, p)
        return cleaned


# --- applications ----------------------------------------------------------------------------------

EVIDENCE_FIELDS = [(f"ev_{k}", k, label) for k, label in EvidenceKind.choices]


class ApplicationForm(forms.Form):
    """One application (or its correction): person (institutions only), directions, practice, proof."""

    person = forms.ModelChoiceField(label=_l("考生（本机构登记的学员）"), queryset=None, required=False)
    directions = forms.MultipleChoiceField(label=_l("报考方向"), required=False, widget=forms.CheckboxSelectMultiple)
    practice_kind = forms.ChoiceField(label=_l("考前实践方式"), choices=PracticeKind.choices, required=False,
                                      widget=forms.RadioSelect)
    practice_base = forms.ModelChoiceField(label=_l("实践基地（省备案名录）"), queryset=None, required=False,
                                           empty_label=_l("请选择实践基地"))
    practice_enterprise = forms.CharField(label=_l("实习企业"), max_length=128, required=False)
    practice_start = forms.DateField(label=_l("实践开始日期"), required=False, widget=_date_widget())
    practice_end = forms.DateField(label=_l("实践结束日期（最后一天）"), required=False, widget=_date_widget())

    def __init__(self, *args, session: ExamSession, people=None, application: CertApplication | None = None, **kwargs):
        if application is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "directions": application.directions, "practice_kind": application.practice_kind,
                "practice_base": application.practice_base_id, "practice_enterprise": application.practice_enterprise,
                "practice_start": application.practice_start, "practice_end": application.practice_end,
            }
        super().__init__(*args, **kwargs)
        self.session = session
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people
            self.fields["person"].required = True
            self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.id_number_masked}）"
        if session.level in DIRECTION_LEVELS:
            self.fields["directions"].choices = [(d, gettext(policy.direction_label(d))) for d in session.directions]
            need = policy.min_directions(session.level)
            self.fields["directions"].help_text = _("至少选择 %(need)s 个（%(cite)s）") % {"need": need, "cite": policy.cite('exam.min_directions')}
            self.fields["practice_base"].queryset = practice_bases()
            self.fields["practice_base"].label_from_instance = lambda u: f"{u.name}（{u.register_number}）"
            self.fields["practice_kind"].help_text = (
                _("在省电子商务实践基地实际训练 %(base_months)s 个月，或在相关电商企业实习 %(internship_months)s 个月以上，须在考试前完成（%(practice_cite)s）") % {"base_months": policy.required_practice_months('base'), "internship_months": policy.required_practice_months('internship'), "practice_cite": policy.practice_cite('base')})
        else:
            for name in ("directions", "practice_kind", "practice_base", "practice_enterprise", "practice_start", "practice_end"):
                del self.fields[name]
        for name, _kind, label in EVIDENCE_FIELDS:
            self.fields[name] = forms.FileField(label=label, required=False,
                                                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        self.content_types: dict[str, str] = {}
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        for name, _kind, _label in EVIDENCE_FIELDS:
            upload = cleaned.get(name)
            if upload:
                try:
                    self.content_types[name] = check_evidence(upload)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned

    def evidence(self) -> list[tuple]:
        return [(kind, self.cleaned_data[name], self.content_types[name])
                for name, kind, _label in EVIDENCE_FIELDS if self.cleaned_data.get(name) and name in self.content_types]

    def directions_value(self) -> list[str]:
        return list(self.cleaned_data.get("directions") or [])

    def practice(self) -> actions.Practice:
        c = self.cleaned_data
        return actions.Practice(kind=c.get("practice_kind") or "", base=c.get("practice_base"),
                                enterprise=c.get("practice_enterprise") or "", start=c.get("practice_start"),
                                end=c.get("practice_end"))

    def evidence_fields(self):
        return [self[name] for name, _k, _l in EVIDENCE_FIELDS]


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_l("材料类别"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_l("文件"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content_type = ""
        bootstrap(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_evidence(upload)
        return upload


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_l("初审意见"), widget=forms.RadioSelect,
                                 choices=[("accept", _l("初审通过")), ("return", _l("退回修改"))])
    reason = forms.CharField(label=_l("意见说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("退回时必须写明理由，以便申请人修改。"))
        return cleaned


# --- the roster (报名名单) -----------------------------------------------------------------------------

ROSTER_COLUMNS = {
    "姓名": "name", "身份证号": "id_number", "居民身份证号": "id_number", "公民身份号码": "id_number",
    "报考方向": "directions", "实践方式": "practice_kind", "实践基地备案编号": "base_number", "实践基地": "base_number",
    "实习企业": "enterprise", "实践开始": "start", "实践开始日期": "start", "实践结束": "end", "实践结束日期": "end",
}
ROSTER_FIELD_NAMES = {"name": gettext_noop("姓名"), "id_number": gettext_noop("身份证号"), "directions": gettext_noop("报考方向"),
                      "practice_kind": gettext_noop("实践方式"), "base_number": gettext_noop("实践基地备案编号"),
                      "enterprise": gettext_noop("实习企业"), "start": gettext_noop("实践开始"), "end": gettext_noop("实践结束")}
ROSTER_HEADER = ["姓名", "身份证号", "报考方向", "实践方式", "实践基地备案编号", "实习企业", "实践开始", "实践结束"]
PRACTICE_WORDS = {
    "base": PracticeKind.BASE, "实践基地": PracticeKind.BASE, "基地": PracticeKind.BASE, "基地实训": PracticeKind.BASE,
    "实践基地实训": PracticeKind.BASE, str(PracticeKind.BASE.label): PracticeKind.BASE,
    "internship": PracticeKind.INTERNSHIP, "实习": PracticeKind.INTERNSHIP, "企业实习": PracticeKind.INTERNSHIP,
    "电商企业实习": PracticeKind.INTERNSHIP, str(PracticeKind.INTERNSHIP.label): PracticeKind.INTERNSHIP,
}
MAX_ROSTER_ROWS = 2000
SPLIT = re.compile(r"[,，、;；/\s]+")


@dataclasses.dataclass
class RosterLine:
    row: int
    person: object
    directions: list[str]
    practice: actions.Practice


@dataclasses.dataclass
class ApplicationRoster:
    rows: list[RosterLine] = dataclasses.field(default_factory=list)
    errors: list[RosterError] = dataclasses.field(default_factory=list)


def parse_directions(text: str, level: str) -> tuple[list[str], list[str]]:
    """(codes, unknown words) from “网络客服，美工设计” or “customer_service,visual_design”."""
    by_label = {label: code for code, label in policy.directions_of(level).items()}
    codes, unknown = [], []
    for word in [w for w in SPLIT.split(text or "") if w]:
        if word in by_label.values():
            codes.append(word)
        elif word in by_label:
            codes.append(by_label[word])
        else:
            unknown.append(word)
    return codes, unknown


def check_roster(cells: list[list], session: ExamSession, institution, *, today: datetime.date | None = None) -> ApplicationRoster:
    """Check every row of an institution's roster for ``session``; collect all errors with row and column, write nothing.

    A trainee must already be in the registry, registered by this institution (``Person.owner_org``): eligibility is
    judged from the person's education, employment, certificate and training records, which a roster row lacks."""
    from ectalent.accreditation.choices import UnitType
    from ectalent.registry.models import Person

    today = today or timezone.localdate()
    roster = ApplicationRoster()
    errors = roster.errors
    opening = policy.level_opening(session.level, today)
    if not opening.is_open:
        errors.append(RosterError(None, "", "", opening.reason))
    problem = actions.window_problem(session, today)
    if problem:
        errors.append(RosterError(None, "", "", problem))

    header_index, columns = None, {}
    for i, row in enumerate(cells):
        labels = [_text(c).rstrip("：:").strip() for c in row]
        if "姓名" in labels and any(ROSTER_COLUMNS.get(t) == "id_number" for t in labels):
            header_index = i
            for col, label in enumerate(labels):
                field = ROSTER_COLUMNS.get(label)
                if field and field not in columns:
                    columns[field] = col
            break
    if header_index is None:
        errors.append(RosterError(None, "", "", _("未找到表头：应有一行写%(columns)s") % {
            "columns": "“" + "”“".join(ROSTER_HEADER) + "”"}))
        return roster
    needed = ["name", "id_number"]
    if session.level in DIRECTION_LEVELS:
        needed += ["directions", "practice_kind", "start", "end"]
    for field in needed:
        if field not in columns:
            errors.append(RosterError(header_index + 1, "", ROSTER_FIELD_NAMES[field], _("表头缺少此列")))
    if session.level in DIRECTION_LEVELS and "base_number" not in columns and "enterprise" not in columns:
        errors.append(RosterError(header_index + 1, "", _("实践基地备案编号/实习企业"), _("表头须至少有其中一列")))
    if any(e.row == header_index + 1 for e in errors):
        return roster
    body = [(i + 1, row) for i, row in enumerate(cells[header_index + 1:], start=header_index + 1) if any(_text(c) for c in row)]
    if not body:
        errors.append(RosterError(header_index + 2, "A", _("姓名"), _("名单中没有考生")))
        return roster
    if len(body) > MAX_ROSTER_ROWS:
        errors.append(RosterError(None, "", "", _("一次最多导入 %(max)s 名考生，本文件有 %(n)s 名") % {"max": MAX_ROSTER_ROWS, "n": len(body)}))
        return roster

    def cell(row, field):
        col = columns.get(field)
        return row[col] if col is not None and col < len(row) else None

    def err(row_no, field, message):
        errors.append(RosterError(row_no, column_letter(columns[field]) if field in columns else "",
                                  ROSTER_FIELD_NAMES[field], message))

    # Look-ups for the whole file at once.
    numbers = []
    for _row_no, row in body:
        try:
            numbers.append(validate_id_number(_text(cell(row, "id_number")), today=today))
        except ValidationError:
            pass
    people = {p.id_number: p for p in Person.objects.filter(id_number__in=numbers, owner_org=institution)
              .select_related("region").prefetch_related("education", "employment", "certificates", "trainings")}
    applied = set(CertApplication.objects.filter(session=session, person__id_number__in=numbers)
                  .values_list("person__id_number", flat=True))
    base_numbers = {_text(cell(r, "base_number")) for _n, r in body} - {""}
    bases = {u.register_number: u for u in practice_bases().filter(register_number__in=base_numbers)}
    from ectalent.accreditation.models import RegisteredUnit

    other_units = {u.register_number: u for u in RegisteredUnit.objects.filter(register_number__in=base_numbers - set(bases))}

    first_row_of: dict[str, int] = {}
    for row_no, row in body:
        ok = True
        name = _text(cell(row, "name"))
        if not name:
            err(row_no, "name", _("不能为空"))
            ok = False
        number, problem = id_number_cell(cell(row, "id_number"), today=today)
        if problem:
            err(row_no, "id_number", problem)
            ok = False
        person = None
        if number:
            if number in first_row_of:
                err(row_no, "id_number", _("与第 %(first_row)s 行重复（同一考生在一个批次只能报名一次）") % {"first_row": first_row_of[number]})
                ok = False
            else:
                first_row_of[number] = row_no
                person = people.get(number)
                if person is None:
                    err(row_no, "id_number", _("人员库中没有本机构登记的该身份证号人员：请先在“登记人员”中登记，并录入学历、工作经历等记录（申报资格依据这些记录判定）"))
                    ok = False
                elif name and person.name != name:
                    err(row_no, "name", _("“%(name)s”与人员库中该身份证号登记的姓名不一致") % {"name": name})
                    ok = False
                elif number in applied:
                    err(row_no, "id_number", _("%(person_name)s已报名本批次，不能重复报名") % {"person_name": person.name})
                    ok = False

        directions: list[str] = []
        practice = actions.Practice()
        if session.level in DIRECTION_LEVELS:
            text = _text(cell(row, "directions"))
            directions, unknown = parse_directions(text, session.level)
            if not text:
                err(row_no, "directions", _("不能为空"))
                ok = False
            elif unknown:
                labels = "、".join(policy.directions_of(session.level).values())
                err(row_no, "directions", _("“%(items)s”不是%(level_name)s的方向（可填：%(labels)s）") % {"items": '、'.join(unknown), "level_name": policy.level_name(session.level), "labels": labels})
                ok = False
            else:
                for p in actions.direction_problems(session, directions, today):
                    err(row_no, "directions", p)
                    ok = False
            kind_text = _text(cell(row, "practice_kind"))
            kind = PRACTICE_WORDS.get(kind_text)
            if kind is None:
                err(row_no, "practice_kind", _("“%(value)s”无效，应填“实践基地”或“企业实习”") % {"value": kind_text}
                    if kind_text else _("不能为空，应填“实践基地”或“企业实习”"))
                ok = False
            practice.kind = kind or ""
            if kind == PracticeKind.BASE:
                base_no = _text(cell(row, "base_number"))
                if not base_no:
                    err(row_no, "base_number", _("实践方式为实践基地时须填写实践基地备案编号"))
                    ok = False
                elif base_no in bases:
                    practice.base = bases[base_no]
                else:
                    other = other_units.get(base_no)
                    if other is not None and other.unit_type != UnitType.BASE:
                        err(row_no, "base_number", _("%(base_no)s（%(other_name)s）是培训机构，不是实践基地") % {"base_no": base_no, "other_name": other.name})
                    elif other is not None:
                        err(row_no, "base_number", _("%(base_no)s（%(other_name)s）已被取消备案") % {"base_no": base_no, "other_name": other.name})
                    else:
                        err(row_no, "base_number", _("“%(base_no)s”不是省备案名录中的实践基地编号") % {"base_no": base_no})
                    ok = False
            elif kind == PracticeKind.INTERNSHIP:
                practice.enterprise = _text(cell(row, "enterprise"))
                if not practice.enterprise:
                    err(row_no, "enterprise", _("实践方式为企业实习时须填写实习企业"))
                    ok = False
                elif len(practice.enterprise) > 128:
                    err(row_no, "enterprise", _("不能超过 128 字"))
                    ok = False
            dates_ok = True
            for field in ("start", "end"):
                value = cell(row, field)
                if _text(value) == "":
                    err(row_no, field, _("不能为空，应为日期（如 2025-03-02）"))
                    dates_ok = False
                    continue
                try:
                    setattr(practice, field, parse_date(value))
                except ValueError:
                    err(row_no, field, _("应为日期（如 2025-03-02），实际为“%(text)s”") % {"text": _text(value)})
                    dates_ok = False
            if dates_ok and kind is not None and ok:
                for p in actions.practice_problems(session, practice, today):
                    err(row_no, "end", p)
                    ok = False
            elif not dates_ok:
                ok = False
        if ok and person is not None:
            _facts, answer = actions.evaluate_eligibility(person, session.level, today)
            problem = actions.eligibility_problem(answer, session.level)
            if problem:
                err(row_no, "id_number", f"{person.name}：{problem}")
                ok = False
        if ok:
            roster.rows.append(RosterLine(row_no, person, directions, practice))
    if not errors:
        left = session.places - actions.places_taken(session)
        if len(roster.rows) > left:
            errors.append(RosterError(None, "", "", _("本批次剩余名额 %(left)s 个，名单有 %(n)s 人") % {"left": left, "n": len(roster.rows)}))
    errors.sort(key=lambda e: (e.row or 0, e.column))
    return roster


class RosterForm(forms.Form):
    file = forms.FileField(label=_l("报名名单（xlsx 或 csv）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}))

    def __init__(self, *args, session: ExamSession, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.institution = institution

    def clean_file(self):
        """Only the size here: the rows are read and checked by the background job (``tasks.py``)."""
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_l("文件不能超过 5 MB。"))
        return upload

