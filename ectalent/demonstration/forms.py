from django import forms
from django.utils.translation import gettext_lazy as _l

from ectalent.accreditation.forms import DecisionForm, ResolveObjectionForm  # noqa: F401  (the shared review forms)
from ectalent.core.forms import bootstrap
from ectalent.core.uploads import check_evidence
from ectalent.core.widgets import IsoDateInput

from .choices import ReviewResult


class ApplicationForm(forms.Form):
    unit_name = forms.CharField(label=_l("申报名称"), max_length=128,
                                help_text=_l("单位、园区或地区的全称，如“某某村电子商务服务站”"))
    contact_name = forms.CharField(label=_l("联系人"), max_length=64)
    contact_phone = forms.CharField(label=_l("联系电话"), max_length=32)
    summary = forms.CharField(label=_l("创建情况"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
                              help_text=_l("发展现状、主要做法和成效，对照申报条件逐项说明"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_l("材料名称"), max_length=128)
    file = forms.FileField(label=_l("文件（PDF、JPG 或 PNG，不超过 10 MB）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_evidence(upload)
        return upload


class NationalDesignationForm(forms.Form):
    designated_on = forms.DateField(label=_l("国家级认定日期"), widget=IsoDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_l("撤销日期"), widget=IsoDateInput())
    reason = forms.CharField(label=_l("撤销理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class AnnualReviewForm(forms.Form):
    year = forms.IntegerField(label=_l("年度"), min_value=2015, max_value=2100)
    result = forms.ChoiceField(label=_l("复核结果"), choices=ReviewResult.choices)
    note = forms.CharField(label=_l("复核意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
