from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ectalent.core.widgets import IsoDateInput
from ectalent.accounts.choices import ORGANISATION_ROLES, Role
from ectalent.core.validators import (
    id_number_birth_date,
    id_number_gender,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)
from ectalent.core.forms import bootstrap
from ectalent.regions.models import Region

from .models import CertificateRecord, Education, Employment, Organisation, Person, TrainingRecord


def regions_for(user):
    """Regions a user may file records under: their subtree (platform admins: all)."""
    qs = Region.objects.all()
    if user.is_platform_admin or user.region is None:
        return qs
    if user.role in ORGANISATION_ROLES or user.role == Role.APPLICANT:
        return qs  # trainees and applicants may live anywhere; their records are scoped by organisation or owner
    return qs.subtree(user.region)


def lock_fields(form, user):
    """Disable the fields ``user`` may not change (``permissions.locked_fields``): a disabled field keeps the stored
    value whatever the browser posts."""
    from .permissions import locked_fields

    for name in locked_fields(user, form.instance):
        if name in form.fields:
            form.fields[name].disabled = True
            form.fields[name].help_text = _("只能由所在地区的主管部门修改；如需变更，请联系主管部门或提交变更申请。")
            if name == "region":
                form.fields[name].queryset = Region.objects.all()


class DuplicateMessageMixin:
    """A second registration names the existing record when the user may see it."""

    def duplicate_error(self, model, existing, label):
        if existing is None:
            return None
        visible = model.objects.visible_to(self.user).filter(pk=existing.pk).exists()
        if visible:
            url = reverse(f"registry:{model._meta.model_name}-detail", args=[existing.pk])
            return ValidationError(
                format_html(
                    _("该{label}已登记：<a href=\"{url}\">{name}</a>（编号 {pk}），请勿重复登记。"),
                    label=label, url=url, name=str(existing), pk=existing.pk,
                ),
                code="duplicate",
            )
        return ValidationError(
            _("该%(label)s已在平台登记（属于其他地区或单位），请勿重复登记；如需调整请联系平台管理员。") % {"label": label},
            code="duplicate",
        )


class PersonForm(DuplicateMessageMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name", "id_number", "gender", "birth_date", "ethnicity", "political_status", "phone", "email",
            "region", "employer", "job_title", "owner_org",
        ]
        widgets = {"birth_date": IsoDateInput()}
        help_texts = {"gender": _l("留空则按身份证号第17位自动填写"), "birth_date": _l("留空则按身份证号自动填写")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["gender"].required = False
        self.fields["birth_date"].required = False
        self.fields["region"].queryset = regions_for(user)
        self.fields["region"].label_from_instance = lambda r: ("— " * (r.depth - 1)) + r.name
        orgs = Organisation.objects.visible_to(user)
        self.fields["owner_org"].queryset = orgs
        lock_fields(self, user)
        if user.role in ORGANISATION_ROLES:
            self.fields["owner_org"].disabled = True
            self.fields["owner_org"].initial = user.organisation_id
        elif user.role == Role.APPLICANT:
            del self.fields["owner_org"]
        bootstrap(self)

    def clean_id_number(self):
        if self.fields["id_number"].disabled:
            return self.instance.id_number
        number = validate_id_number(self.cleaned_data["id_number"])
        existing = Person.objects.filter(id_number=number).exclude(pk=self.instance.pk).first()
        error = self.duplicate_error(Person, existing, _("身份证号"))
        if error:
            raise error
        return number

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        return validate_mobile(phone) if phone else ""

    def clean(self):
        data = super().clean()
        number = data.get("id_number")
        if number:
            birth, gender = id_number_birth_date(number), id_number_gender(number)
            if data.get("birth_date") and data["birth_date"] != birth:
                self.add_error("birth_date", _("出生日期与身份证号不一致：身份证号中为 %(date)s。") % {"date": birth})
            if data.get("gender") and data["gender"] != gender:
                self.add_error("gender", _("性别与身份证号第17位不一致。"))
            data["birth_date"], data["gender"] = birth, gender
            self.instance.birth_date, self.instance.gender = birth, gender
        if self.user.role in ORGANISATION_ROLES:
            data["owner_org"] = self.user.organisation
        return data


class OrganisationForm(DuplicateMessageMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name", "kind", "credit_code", "nature", "legal_representative", "region", "address", "website",
            "contact_name", "contact_phone", "contact_fax", "contact_email", "founded_on", "staff_total",
            "teachers_full_time", "teachers_part_time", "managers_count", "revenue_last_year",
            "is_association_member",
        ]
        widgets = {"founded_on": IsoDateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = regions_for(user)
        self.fields["region"].label_from_instance = lambda r: ("— " * (r.depth - 1)) + r.name
        lock_fields(self, user)
        bootstrap(self)

    def clean_credit_code(self):
        if self.fields["credit_code"].disabled:
            return self.instance.credit_code
        code = validate_credit_code(self.cleaned_data["credit_code"])
        existing = Organisation.objects.filter(credit_code=code).exclude(pk=self.instance.pk).first()
        error = self.duplicate_error(Organisation, existing, _("统一社会信用代码"))
        if error:
            raise error
        return code

    def clean(self):
        data = super().clean()
        total, full, part, managers = (data.get(k) for k in ("staff_total", "teachers_full_time", "teachers_part_time", "managers_count"))
        if total is not None and sum(v or 0 for v in (full, part, managers)) > total:
            self.add_error("staff_total", _("职工总数小于教师与管理人员之和，请核对。"))
        return data


def _record_formset(model, fields, date_fields=()):
    widgets = {f: IsoDateInput(attrs={"class": "form-control form-control-sm"}) for f in date_fields}
    return inlineformset_factory(Person, model, fields=fields, extra=1, can_delete=True, widgets=widgets)


EducationFormSet = _record_formset(Education, ["level", "major", "school", "status", "graduated_on", "school_recommended"], ["graduated_on"])
EmploymentFormSet = _record_formset(Employment, ["employer", "position", "start", "end", "in_occupation", "management"], ["start", "end"])
CertificateFormSet = _record_formset(CertificateRecord, ["level", "issued_on", "number", "issuer"], ["issued_on"])
TrainingFormSet = _record_formset(TrainingRecord, ["level", "completed_on", "institution", "hours"], ["completed_on"])

RECORD_FORMSETS = (
    ("education", _l("学历"), EducationFormSet),
    ("employment", _l("工作经历"), EmploymentFormSet),
    ("certificates", _l("持有证书"), CertificateFormSet),
    ("trainings", _l("培训经历"), TrainingFormSet),
)


def build_formsets(data, person):
    formsets = []
    for prefix, label, cls in RECORD_FORMSETS:
        fs = cls(data, instance=person, prefix=prefix)
        fs.label = label
        for form in fs.forms:
            for field in form.fields.values():
                css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else (
                    "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")
                field.widget.attrs.setdefault("class", css)
        formsets.append(fs)
    return formsets


def validate_records(formsets):
    """Cross-row checks that the database cannot express."""
    ok = True
    for fs in formsets:
        for form in fs.forms:
            if not form.has_changed() or not form.is_valid():
                continue
            d = form.cleaned_data
            if d.get("DELETE"):
                continue
            if "end" in d and d.get("end") and d.get("start") and d["end"] < d["start"]:
                form.add_error("end", _("结束日期早于开始日期。"))
                ok = False
            if "status" in d and d.get("status") == "graduated" and not d.get("graduated_on"):
                form.add_error("graduated_on", _("已毕业的学历须填写毕业日期。"))
                ok = False
            if d.get("management") and not d.get("in_occupation"):
                form.add_error("management", _("管理岗位年限只计入本职业（电子商务）工作期间。"))
                ok = False
    return ok
