from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .choices import ReminderKind, TaskState


class ImportForm(forms.Form):
    file = forms.FileField(label=_("实施意见文本（.txt，UTF-8 或 GB18030）"), required=False)
    use_shipped = forms.BooleanField(label=_("导入平台附带的种子 001 文本"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("use_shipped"):
            raise forms.ValidationError(_("请选择文件，或勾选导入平台附带的文本。"))
        upload = data.get("file")
        if upload and upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("文件过大（上限 2 MB）。"))
        return data


class CorrectionForm(forms.Form):
    departments = forms.CharField(label=_("责任部门（按顺序，第一个为牵头部门，用“、”或换行分隔）"),
                                  widget=forms.Textarea(attrs={"rows": 3}), required=False)
    others_to_assign = forms.BooleanField(label=_("另有有关部门待指定"), required=False)
    note = forms.CharField(label=_("更正说明"), max_length=500)

    def names(self) -> list[str]:
        import re

        raw = self.cleaned_data.get("departments", "")
        return [p.strip() for p in re.split(r"[、，,\n\r]+", raw) if p.strip()]


class ReportForm(forms.Form):
    progress = forms.ChoiceField(label=_("进展状态"), choices=TaskState.choices)
    narrative = forms.CharField(label=_("工作进展"), widget=forms.Textarea(attrs={"rows": 5}))
    figures = forms.CharField(label=_("主要数据"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              help_text=_("每行一项，如：示范基地 12 个"))
    files = forms.FileField(label=_("佐证材料（PDF、JPG 或 PNG）"), required=False)
    consolidate = forms.ModelMultipleChoiceField(label=_("汇总的配合部门报告"), queryset=None, required=False,
                                                 widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, coop_reports=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ProgressReport

        if coop_reports is None:
            del self.fields["consolidate"]
        else:
            self.fields["consolidate"].queryset = coop_reports
            self.fields["consolidate"].label_from_instance = lambda r: r.organisation.name
        if ProgressReport:  # keep flake quiet
            pass


class ReminderForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=ReminderKind.choices)
    message = forms.CharField(label=_("督办意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FigureForm(forms.Form):
    indicator = forms.ChoiceField(label=_("指标"))
    period = forms.CharField(label=_("统计期"), max_length=16, help_text=_("年度写 2016，季度写 2016Q1"))
    region = forms.ChoiceField(label=_("地区"))
    value = forms.CharField(label=_("数值"), max_length=32)
    unit = forms.CharField(label=_("单位"), max_length=16)
    source = forms.CharField(label=_("数据来源"), max_length=200)
    note = forms.CharField(label=_("说明"), max_length=500, required=False,
                           help_text=_("与上期相比变动较大时必须填写"))

    def __init__(self, *args, indicators=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.code, f"{_(i.label)} ({pgettext('unit', i.unit)})") for i in indicators]
        self.fields["region"].choices = [(r.pk, r.name) for r in regions]
