from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ectalent.core.widgets import IsoDateInput
from ectalent.core.uploads import check_evidence
from ectalent.core.validators import validate_landline_or_mobile
from ectalent.core.forms import FieldsetsMixin, bootstrap
from ectalent.workflow.forms import DecisionForm, ObjectionForm, ResolveObjectionForm  # noqa: F401 (shared workflow forms)

from .choices import PRACTICE_AREAS, TRAINING_SCOPES, ChangeKind, MaterialKind, RevocationGround, UnitType
from .models import AnnualReport, RegisteredUnit, UnitApplication

COMMON_FIELDS = ["unit_name", "nature", "address", "legal_representative", "contact_name", "contact_phone",
                 "contact_fax", "practice_areas"]
INSTITUTION_FIELDS = COMMON_FIELDS + [
    "founded_on", "staff_total", "teachers_full_time", "teachers_part_time", "managers_count", "other_staff_count",
    "max_training_capacity", "premises_ownership", "premises_area", "training_scopes", "licence_issuer",
    "licence_number", "training_summary",
]
BASE_FIELDS = COMMON_FIELDS + [
    "base_kind", "website", "employees_count", "revenue_last_year", "enterprise_category", "park_name",
    "park_address", "park_manager", "park_tenants", "park_revenue_last_year", "overview",
]
# The order and grouping of the official forms (seed 003 附件4 培训机构基本情况申报表, 附件5 实践基地基本情况申报表): each
# legend is the form's own row or block heading; the platform's extra items (第四条 conditions) come last.
CONDITIONS = (_l("申报条件（附件2 第四条）"), ["practice_areas", "declarations", "via_association"])
INSTITUTION_FIELDSETS = [
    (_l("单位名称、性质、地址和法定代表"), ["unit_name", "nature", "address", "legal_representative"]),
    (_l("联系方式"), ["contact_name", "contact_phone", "contact_fax"]),
    (_l("机构组建时间和职工人数"), ["founded_on", "staff_total", "teachers_full_time", "teachers_part_time",
                                   "managers_count", "other_staff_count"]),
    (_l("最大培训规模和教学场地"), ["max_training_capacity", "premises_ownership", "premises_area"]),
    (_l("培训范围"), ["training_scopes"]),
    (_l("发证机关和证书编号"), ["licence_issuer", "licence_number"]),
    (_l("培训办班情况简介"), ["training_summary"]),
    CONDITIONS,
]
BASE_FIELDSETS = [
    (_l("实践基地类型"), ["base_kind"]),
    (_l("企业（填写）"), ["unit_name", "legal_representative", "contact_name", "contact_phone", "contact_fax", "address",
                       "website", "employees_count", "revenue_last_year", "enterprise_category", "nature"]),
    (_l("电商产业基地（填写）"), ["park_name", "park_address", "park_manager", "park_tenants", "park_revenue_last_year"]),
    (_l("企业/基地概况"), ["overview"]),
    CONDITIONS,
]
DECLARATIONS = [
    ("附件2 第四条（二）", _l("积极推行全省电子商务专业人才培养工作方案，热心承担培训和实训任务")),
    ("附件2 第四条（三）", _l("有稳定、可靠的经费来源，能够确保正常的培训和实训需要")),
    ("附件2 第四条（五）", _l("按照指定的培训大纲、岗位能力模型和实训考核要求进行培训")),
    ("附件2 第四条（六）", _l("实践岗位配备专职责任教师，对学员实训进行全程辅导")),
    ("附件2 第四条（七）", _l("规章制度健全，内部管理规范，社会信誉较好")),
]


class ApplicationForm(FieldsetsMixin, forms.ModelForm):
    """附件4 (培训机构基本情况申报表) or 附件5 (实践基地基本情况申报表), field by field, in the official forms' order
    and grouping (``fieldsets``)."""

    practice_areas = forms.MultipleChoiceField(
        label=_l("可承担的培训和实训（至少一项）"), choices=PRACTICE_AREAS, widget=forms.CheckboxSelectMultiple,
        help_text=_l("附件2 第四条（四）"),
    )
    training_scopes = forms.MultipleChoiceField(
        label=_l("培训范围"), choices=TRAINING_SCOPES, widget=forms.CheckboxSelectMultiple, required=False,
    )
    declarations = forms.MultipleChoiceField(
        label=_l("基本条件声明（第四条）"), choices=DECLARATIONS, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_l("申请资料必须实事求是，如发现有弄虚作假行为，将取消申请和备案资格（第五条）"),
    )

    class Meta:
        model = UnitApplication
        fields = sorted(set(INSTITUTION_FIELDS + BASE_FIELDS)) + ["via_association"]
        widgets = {
            "founded_on": IsoDateInput(),
            "training_summary": forms.Textarea(attrs={"rows": 4}),
            "overview": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, unit_type: str, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_type = unit_type
        self.organisation = organisation
        self.fieldsets = INSTITUTION_FIELDSETS if unit_type == UnitType.INSTITUTION else BASE_FIELDSETS
        wanted = INSTITUTION_FIELDS if unit_type == UnitType.INSTITUTION else BASE_FIELDS
        for name in list(self.fields):
            if name not in wanted and name not in ("declarations", "via_association"):
                del self.fields[name]
        if not organisation.is_association_member:
            del self.fields["via_association"]
        if self.instance.pk is None:
            org = organisation
            self.initial.update({
                "unit_name": org.name, "nature": org.nature, "address": org.address,
                "legal_representative": org.legal_representative, "contact_name": org.contact_name,
                "contact_phone": org.contact_phone, "contact_fax": org.contact_fax,
            })
            if unit_type == UnitType.INSTITUTION:
                self.initial.update({"founded_on": org.founded_on, "staff_total": org.staff_total,
                                     "teachers_full_time": org.teachers_full_time,
                                     "teachers_part_time": org.teachers_part_time, "managers_count": org.managers_count})
            else:
                self.initial.update({"website": org.website, "employees_count": org.staff_total,
                                     "revenue_last_year": org.revenue_last_year})
        else:
            self.initial["declarations"] = [k for k, v in (self.instance.declarations or {}).items() if v]
        required = ["unit_name", "address", "legal_representative", "contact_name", "contact_phone"]
        if unit_type == UnitType.INSTITUTION:
            required += ["staff_total", "max_training_capacity", "premises_ownership", "licence_issuer", "licence_number"]
        else:
            required += ["base_kind"]
        for name in required:
            if name in self.fields:
                self.fields[name].required = True
        bootstrap(self)
        for name in ("practice_areas", "training_scopes", "declarations"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean_contact_phone(self):
        return validate_landline_or_mobile(self.cleaned_data["contact_phone"])

    def clean(self):
        data = super().clean()
        if self.unit_type == UnitType.INSTITUTION:
            total = data.get("staff_total")
            parts = [data.get(k) or 0 for k in ("teachers_full_time", "teachers_part_time", "managers_count", "other_staff_count")]
            if total is not None and sum(parts) != total and any(parts):
                self.add_error("staff_total", _("职工人数应等于教师（专职+兼职）、管理人员和其它人员之和（当前合计 %(s)d 人）。") % {"s": sum(parts)})
            if not data.get("training_scopes"):
                self.add_error("training_scopes", _("请至少选择一项培训范围。"))
            high = {"senior", "manager"} & set(data.get("training_scopes") or [])
            if high and not (data.get("teachers_full_time") or 0):
                self.add_error("teachers_full_time", _("申请承担高级电子商务师或电子商务职业经理人培训的，须有专职教师并另附简历。"))
        else:
            kind = data.get("base_kind")
            if kind == "enterprise" and not data.get("enterprise_category"):
                self.add_error("enterprise_category", _("企业作为实践基地时请选择企业类别。"))
            if kind == "park":
                for name in ("park_name", "park_address", "park_manager"):
                    if not data.get(name):
                        self.add_error(name, _("电商产业基地作为实践基地时须填写此项。"))
        return data

    def save(self, commit=True):
        application = super().save(commit=False)
        application.unit_type = self.unit_type
        application.organisation = self.organisation
        application.region = self.organisation.region
        application.declarations = {key: key in (self.cleaned_data.get("declarations") or []) for key, _label in DECLARATIONS}
        if commit:
            application.save()
        return application


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_l("材料类别"), choices=MaterialKind.choices)
    file = forms.FileField(label=_l("文件（PDF、JPG 或 PNG，不超过 10 MB）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_evidence(upload)
        return upload


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_l("审核意见"), choices=[("approved", _l("同意")), ("returned", _l("退回修改")), ("rejected", _l("不同意"))],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_l("意见说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             help_text=_l("退回或不同意时必须填写理由；同意时可填写推荐意见（将显示在申报表的推荐意见栏）"))

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("returned", "rejected") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("退回或不同意时必须填写理由。"))
        return data


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_l("变更类型"), choices=ChangeKind.choices)
    new_name = forms.CharField(label=_l("新名称（更名时填写）"), required=False, max_length=128)
    training_scopes = forms.MultipleChoiceField(label=_l("新的培训范围（变更经营范围时选择）"), choices=TRAINING_SCOPES,
                                                widget=forms.CheckboxSelectMultiple, required=False)
    description = forms.CharField(label=_l("变更说明"), widget=forms.Textarea(attrs={"rows": 3}))
    effective_on = forms.DateField(label=_l("变更日期"), widget=IsoDateInput())

    def clean(self):
        data = super().clean()
        if data.get("kind") == ChangeKind.RENAME and not data.get("new_name"):
            self.add_error("new_name", _("更名时请填写新名称。"))
        if data.get("kind") == ChangeKind.SCOPE and not data.get("training_scopes"):
            self.add_error("training_scopes", _("变更经营范围时请选择新的培训范围。"))
        return data

    def after(self) -> dict:
        d = self.cleaned_data
        if d["kind"] == ChangeKind.RENAME:
            return {"name": d["new_name"]}
        if d["kind"] == ChangeKind.SCOPE:
            return {"training_scopes": d["training_scopes"]}
        return {}


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["year", "operations", "revenue", "trainees", "practice_trainees", "sessions", "satisfaction_rate", "exam_pass_rate"]
        widgets = {"operations": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        bootstrap(self)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year < self.unit.registered_on.year - 1:
            raise forms.ValidationError(_("报告年度早于备案年度的上一年。"))
        if AnnualReport.objects.filter(unit=self.unit, year=year).exists():
            raise forms.ValidationError(_("%(y)d 年度的报告已报送。") % {"y": year})
        return year

    def clean(self):
        data = super().clean()
        for name in ("satisfaction_rate", "exam_pass_rate"):
            v = data.get(name)
            if v is not None and not (0 <= v <= 100):
                self.add_error(name, _("百分比应在 0 到 100 之间。"))
        return data


class RevocationForm(forms.Form):
    ground = forms.ChoiceField(label=_l("取消情形（第十条）"), choices=RevocationGround.choices)
    details = forms.CharField(label=_l("具体情况"), widget=forms.Textarea(attrs={"rows": 3}))


class PublicationForm(forms.ModelForm):
    """名录公开信息: the unit chooses, field by field, what the public register shows."""

    class Meta:
        model = RegisteredUnit
        fields = ["publish_scope", "publish_address", "public_address", "publish_contact", "public_contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class RevocationDecisionForm(forms.Form):
    confirm = forms.TypedChoiceField(label=_l("确认结果"), choices=[("1", _l("确认取消备案")), ("0", _l("不予取消"))],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect)
    note = forms.CharField(label=_l("确认意见"), widget=forms.Textarea(attrs={"rows": 2}))
