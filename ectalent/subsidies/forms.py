from django import forms
from django.utils.translation import gettext_lazy as _l

from ectalent.core.widgets import IsoDateInput

from .choices import EnterpriseSize, WorkerGroup


class ClaimForm(forms.Form):
    """以工代训职业培训补贴申请：企业与核算截止日期."""

    enterprise_size = forms.ChoiceField(label=_l("企业规模"), choices=EnterpriseSize.choices,
                                        help_text=_l("中小微企业可申请；大型企业不适用本措施"))
    as_of = forms.DateField(label=_l("核算截止日期"), widget=IsoDateInput,
                            help_text=_l("计入截至此日已满的整月（YYYY-MM-DD）"))


class WorkerForm(forms.Form):
    id_number = forms.CharField(label=_l("身份证号"), max_length=18)
    name = forms.CharField(label=_l("姓名"), max_length=64)
    groups = forms.MultipleChoiceField(label=_l("人员类别"), choices=WorkerGroup.choices, widget=forms.CheckboxSelectMultiple)
    left_school_on = forms.DateField(label=_l("离校日期"), widget=IsoDateInput, required=False,
                                     help_text=_l("离校两年内高校毕业生必填"))
    start = forms.DateField(label=_l("吸纳就业日期"), widget=IsoDateInput)
    end = forms.DateField(label=_l("离职日期"), widget=IsoDateInput, required=False, help_text=_l("在职请留空"))

    def clean_id_number(self):
        from ectalent.core.validators import validate_id_number

        return validate_id_number(self.cleaned_data["id_number"].strip().upper())


class UploadForm(forms.Form):
    file = forms.FileField(label=_l("文件（.xlsx 或 .csv）"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_l("审核意见"), widget=forms.RadioSelect,
                                 choices=[("approved", _l("同意")), ("returned", _l("退回修改")), ("rejected", _l("不同意"))])
    reason = forms.CharField(label=_l("意见说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AllocateForm(forms.Form):
    amount = forms.DecimalField(label=_l("金额（元）"), max_digits=14, decimal_places=2, min_value=0.01)
    reason = forms.CharField(label=_l("事由"), max_length=255)
    increase = forms.BooleanField(label=_l("年中追加（适时增加）"), required=False)


class BatchForm(forms.Form):
    name = forms.CharField(label=_l("批次名称"), max_length=128)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_l("作废理由"), max_length=255)
