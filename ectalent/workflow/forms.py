"""Forms of the public notice (公示) for every programme: filing an objection, its receipt lookup, and the final
reviewers' resolution and reply; and the reviewer's decision on a step row."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ectalent.core.forms import bootstrap


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_l("异议人"), max_length=64)
    contact = forms.CharField(label=_l("联系方式"), max_length=64,
                              help_text=_l("手机、电话或电子邮箱。仅审核部门可见；查询处理结果时需再次填写。"))
    content = forms.CharField(label=_l("异议内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class ResolveObjectionForm(forms.Form):
    upheld = forms.TypedChoiceField(label=_l("处理结果"), choices=[("0", _l("异议不成立")), ("1", _l("异议成立（不予通过）"))],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect)
    resolution = forms.CharField(label=_l("处理意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    reply = forms.CharField(label=_l("答复异议人"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                            help_text=_l("异议人凭受理编号查询时看到的答复"))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_l("答复异议人"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ReceiptLookupForm(forms.Form):
    receipt_number = forms.CharField(label=_l("受理编号"), max_length=24)
    contact = forms.CharField(label=_l("提出异议时填写的联系方式"), max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


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
