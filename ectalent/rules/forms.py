"""Forms of the self-check (资格自测) and policy simulation (政策模拟) pages."""

import datetime

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from ectalent.core.widgets import IsoDateInput
from ectalent.registry.choices import CertificateLevel, EducationLevel, EducationStatus, TrainingLevel

DATE_WIDGET = IsoDateInput(attrs={"class": "form-control form-control-sm"})
SELECT = {"class": "form-select form-select-sm"}
TEXT = {"class": "form-control form-control-sm"}
CHECK = {"class": "form-check-input"}
EXTRA_ROWS = 2


def _blank_first(choices):
    """The choices with a blank first entry, so that an untouched extra row submits nothing."""
    return [("", "---------"), *choices]


class RowForm(forms.Form):
    """One row of a self-check table. A row whose text, date and select fields are all empty is blank: it is
    skipped, whatever its check boxes say (their defaults are submitted with every row)."""

    def has_changed(self):
        if not self.is_bound:
            return super().has_changed()
        for name, field in self.fields.items():
            if isinstance(field, forms.BooleanField):
                continue
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if value not in (None, "", [], ()):
                return True
        return False


class BlankRowsFormSet(forms.BaseFormSet):
    """Every row may be left blank, the pre-filled ones included (a blank row is ignored, as the page says)."""

    def _construct_form(self, i, **kwargs):
        kwargs["empty_permitted"] = True
        return super()._construct_form(i, **kwargs)


class SelfCheckForm(forms.Form):
    as_of = forms.DateField(label=_("判定日期"), widget=DATE_WIDGET, help_text=_("通常为申报日期"))


class EducationRow(RowForm):
    level = forms.ChoiceField(label=_("学历层次"), choices=_blank_first(EducationLevel.choices), widget=forms.Select(attrs=SELECT))
    major = forms.CharField(label=_("专业"), max_length=64, widget=forms.TextInput(attrs={**TEXT, "list": "related-majors"}))
    status = forms.ChoiceField(label=_("状态"), choices=_blank_first(EducationStatus.choices), widget=forms.Select(attrs=SELECT))
    graduated_on = forms.DateField(label=_("毕业日期"), required=False, widget=DATE_WIDGET)
    school_recommended = forms.BooleanField(label=_("经学校推荐"), required=False, widget=forms.CheckboxInput(attrs=CHECK))

    def clean(self):
        data = super().clean()
        if data.get("status") == EducationStatus.GRADUATED and not data.get("graduated_on"):
            self.add_error("graduated_on", _("已毕业的学历请填写毕业日期"))
        return data


class EmploymentRow(RowForm):
    start = forms.DateField(label=_("开始日期"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("结束日期"), required=False, widget=DATE_WIDGET, help_text=_("在职请留空"))
    in_occupation = forms.BooleanField(label=_("电子商务工作"), required=False, initial=True, widget=forms.CheckboxInput(attrs=CHECK))
    management = forms.BooleanField(label=_("中高层管理岗位"), required=False, widget=forms.CheckboxInput(attrs=CHECK))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束日期不能早于开始日期"))
        return data


class CertificateRow(RowForm):
    level = forms.ChoiceField(label=_("证书等级"), choices=_blank_first(CertificateLevel.choices), widget=forms.Select(attrs=SELECT))
    issued_on = forms.DateField(label=_("发证日期"), widget=DATE_WIDGET)


class TrainingRow(RowForm):
    level = forms.ChoiceField(label=_("培训等级"), choices=_blank_first(TrainingLevel.choices), widget=forms.Select(attrs=SELECT))
    completed_on = forms.DateField(label=_("结业日期"), widget=DATE_WIDGET)


EducationFormSet = formset_factory(EducationRow, formset=BlankRowsFormSet, extra=EXTRA_ROWS)
EmploymentFormSet = formset_factory(EmploymentRow, formset=BlankRowsFormSet, extra=EXTRA_ROWS)
CertificateFormSet = formset_factory(CertificateRow, formset=BlankRowsFormSet, extra=EXTRA_ROWS)
TrainingFormSet = formset_factory(TrainingRow, formset=BlankRowsFormSet, extra=EXTRA_ROWS)

FORMSETS = (
    ("education", EducationFormSet, _("学历")),
    ("employment", EmploymentFormSet, _("工作经历")),
    ("certificates", CertificateFormSet, _("持有证书")),
    ("trainings", TrainingFormSet, _("培训经历")),
)


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def document_from_forms(form: SelfCheckForm, formsets: dict) -> dict:
    """An applicant-facts document from the filled rows (blank rows are skipped)."""
    doc = {"id": "self-check", "as_of": form.cleaned_data["as_of"].isoformat()}
    for key, formset in formsets.items():
        rows = []
        for row in formset:
            if not row.has_changed() or not row.cleaned_data:
                continue
            rows.append({name: _iso(value) for name, value in row.cleaned_data.items()})
        doc[key] = rows
    return doc


def initial_from_person(person) -> dict:
    """Initial rows from a person's registry records (the applicant-facts document of the person)."""
    doc = person.applicant_facts()
    initial = {}
    for key in ("education", "employment", "certificates", "trainings"):
        rows = []
        for item in doc[key]:
            rows.append({k: (datetime.date.fromisoformat(v) if isinstance(v, str) and k in (
                "graduated_on", "start", "end", "issued_on", "completed_on") else v) for k, v in item.items()})
        initial[key] = rows
    return initial


class SimulationForm(forms.Form):
    """Several parameters at once: one field per parameter that can change a decision (blank: unchanged)."""

    as_of = forms.DateField(label=_("判定日期"), widget=IsoDateInput(attrs={"class": "form-control"}))

    def __init__(self, *args, pack, on: datetime.date, **kwargs):
        from .facts import LEVEL_LABELS
        from .simulation import eligibility_parameters

        super().__init__(*args, **kwargs)
        self.pack = pack
        self.groups: dict[str, list[str]] = {}
        for param, levels in eligibility_parameters(pack):
            current = pack.value(param.name, on)
            self.fields[param.name] = forms.DecimalField(
                label=gettext(param.label), required=False, max_digits=8, decimal_places=2, min_value=0,
                help_text=gettext("现行 %(value)s%(unit)s") % {"value": current, "unit": pgettext("unit", param.unit)},
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "1" if param.type == "int" else "any",
                                                "placeholder": str(current)}),
            )
            group = gettext(LEVEL_LABELS[levels[0]]) if levels else gettext("从业年限的计算")
            self.groups.setdefault(group, []).append(param.name)

    def grouped(self):
        """(group title, bound fields) in the order of the pack: the parameters of each level, then the derivation."""
        return [(title, [self[name] for name in names]) for title, names in self.groups.items()]

    def clean(self):
        data = super().clean()
        overrides = {}
        for name in self.groups_names():
            value = data.get(name)
            if value is None:
                continue
            param = self.pack.param(name)
            if param.type == "int":
                if value != value.to_integral_value():
                    self.add_error(name, _("该参数须为整数"))
                    continue
                overrides[name] = int(value)
            else:
                overrides[name] = float(value)
        if not overrides and not self.errors:
            raise forms.ValidationError(_("请至少调整一个参数（留空的参数保持现行值）。"))
        data["overrides"] = overrides
        return data

    def groups_names(self) -> list[str]:
        return [name for names in self.groups.values() for name in names]
