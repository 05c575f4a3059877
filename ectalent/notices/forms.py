from django import forms
from django.utils.translation import gettext_lazy as _

from ectalent.core.forms import bootstrap
from ectalent.core.validators import validate_mobile

from .models import NoticeSetting


class NoticeSettingForm(forms.ModelForm):
    class Meta:
        model = NoticeSetting
        fields = ["email_enabled", "sms_enabled", "mobile"]
        help_texts = {"mobile": _("留空则使用个人档案中的手机号（如有）。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_mobile(self):
        value = self.cleaned_data["mobile"].strip()
        if value:
            validate_mobile(value)
        return value

    def clean(self):
        data = super().clean()
        if data.get("sms_enabled") and not data.get("mobile") and not getattr(self.instance.user, "person_id", None):
            self.add_error("mobile", _("开启短信提醒时请填写手机号。"))
        return data
