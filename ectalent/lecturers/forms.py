from django import forms
from django.utils.translation import gettext_lazy as _l

from ectalent.core.forms import FieldsetsMixin, bootstrap
from ectalent.core.uploads import check_evidence
from ectalent.core.widgets import IsoDateInput

from .choices import ResolutionKind
from .models import InstitutionApplication, LecturerApplication, SelectionRound

FILE_FIELDS_LECTURER = ["id_card_copy", "honours"]
FILE_FIELDS_INSTITUTION = ["licence", "teacher_roster", "past_trainings", "premises_photos"]


class _Evidence:
    file_fields: list = []

    def _clean_file(self, name):
        upload = self.cleaned_data.get(name)
        if upload and hasattr(upload, "content_type"):
            check_evidence(upload)
        return upload


class LecturerApplicationForm(_Evidence, FieldsetsMixin, forms.ModelForm):
    """附件2 浙江省跨境电商师资个人情况表, in the form's order, then 附件4 一 (personal materials)."""

    fieldsets = [
        (_l("浙江省跨境电商师资个人情况表（附件2）"),
         ["name", "gender", "ethnicity", "birth_date", "employer", "job_title", "political_status", "phone", "email"]),
        (_l("个人基本情况及相关从业经历"), ["experience"]),
        (_l("推荐名单所列项目（附件1）与申报条件"), ["direction", "employer_kind"]),
        (_l("其他相关材料（附件4 一、师资个人资料）"), FILE_FIELDS_LECTURER),
    ]

    class Meta:
        model = LecturerApplication
        fields = ["name", "gender", "ethnicity", "birth_date", "employer", "job_title", "political_status", "phone",
                  "email", "experience", "direction", "employer_kind", *FILE_FIELDS_LECTURER]
        widgets = {"birth_date": IsoDateInput(), "experience": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_id_card_copy(self):
        return self._clean_file("id_card_copy")

    def clean_honours(self):
        return self._clean_file("honours")


class InstitutionApplicationForm(_Evidence, FieldsetsMixin, forms.ModelForm):
    """附件3 浙江省跨境电商培训机构基本情况表, then 附件4 二 (institution materials)."""

    fieldsets = [
        (_l("浙江省跨境电商培训机构基本情况表（附件3）"),
         ["name", "registered_at", "legal_representative", "contact_name", "contact_phone", "staff_count",
          "trainees_last_year", "revenue_last_year"]),
        (_l("培训范围"), ["scope"]),
        (_l("培训机构概况"), ["overview"]),
        (_l("其他相关材料（附件4 二、培训机构资料）"), FILE_FIELDS_INSTITUTION),
    ]

    class Meta:
        model = InstitutionApplication
        fields = ["name", "registered_at", "legal_representative", "contact_name", "contact_phone", "staff_count",
                  "trainees_last_year", "revenue_last_year", "scope", "overview", *FILE_FIELDS_INSTITUTION]
        widgets = {"scope": forms.Textarea(attrs={"rows": 3}), "overview": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_licence(self):
        return self._clean_file("licence")

    def clean_teacher_roster(self):
        return self._clean_file("teacher_roster")

    def clean_past_trainings(self):
        return self._clean_file("past_trainings")

    def clean_premises_photos(self):
        return self._clean_file("premises_photos")


class RoundForm(forms.ModelForm):
    class Meta:
        model = SelectionRound
        fields = ["name", "kind", "held_on", "venue", "pass_score", "places", "chair"]
        widgets = {"held_on": IsoDateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ectalent.accounts.choices import Role
        from ectalent.accounts.models import User

        self.fields["chair"].queryset = User.objects.filter(role=Role.EXPERT, is_active=True).order_by("username")
        bootstrap(self)


class ScoreForm(forms.Form):
    value = forms.DecimalField(label=_l("评分（0–100，至多一位小数）"), max_digits=5, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_l("利益冲突情况"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class ResolutionForm(forms.Form):
    kind = forms.ChoiceField(label=_l("处理方式"), choices=ResolutionKind.choices)
    note = forms.CharField(label=_l("理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class JudgementForm(forms.Form):
    confirmed = forms.TypedChoiceField(label=_l("审核确认"), coerce=lambda v: v == "1",
                                       choices=[("1", _l("确认符合（有相关经验、业绩和能力）")), ("0", _l("不予确认"))])
    note = forms.CharField(label=_l("审核说明"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class AttemptForm(forms.Form):
    sat_on = forms.DateField(label=_l("认证日期"), widget=IsoDateInput())
    theory = forms.DecimalField(label=_l("理论考试"), max_digits=5, decimal_places=1)
    practice = forms.DecimalField(label=_l("实践操作"), max_digits=5, decimal_places=1)
    defence = forms.DecimalField(label=_l("现场答辩"), max_digits=5, decimal_places=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
