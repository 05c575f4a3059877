"""The reviewer's decision on a step row, shared by every programme on the workflow component."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l


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
