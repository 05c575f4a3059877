"""“我能享受什么？” — the public calculator of seed 002's measures (like 资格自测): a person or an enterprise enters
their facts and sees the amount or ceiling and why, citing the measures. Nothing is stored."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ectalent.core.widgets import IsoDateInput

from .choices import EnterpriseSize, WorkerGroup

LOAN_KINDS = [("individual", _l("个人创业")), ("partnership", _l("合伙创业")), ("enterprise", _l("小微电子商务企业"))]
JUDGEMENTS = [("", _l("尚未评审")), ("yes", _l("评审认定效果明显")), ("no", _l("评审认定效果不明显"))]


def _date(value):
    return value.isoformat() if value else None


class WorkForTrainingForm(forms.Form):
    enterprise_size = forms.ChoiceField(label=_l("企业规模"), choices=EnterpriseSize.choices)
    ecommerce = forms.BooleanField(label=_l("电子商务企业"), required=False, initial=True)
    groups = forms.MultipleChoiceField(label=_l("劳动者类别"), choices=WorkerGroup.choices, widget=forms.CheckboxSelectMultiple)
    left_school_on = forms.DateField(label=_l("离校日期"), widget=IsoDateInput, required=False)
    start = forms.DateField(label=_l("吸纳就业日期"), widget=IsoDateInput)
    end = forms.DateField(label=_l("离职日期"), widget=IsoDateInput, required=False, help_text=_l("在职请留空"))
    as_of = forms.DateField(label=_l("核算截止日期"), widget=IsoDateInput)
    wages = forms.CharField(label=_l("每月应发工资"), widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_l("每行一个月：2020-04 3000"))
    months_already_subsidised = forms.IntegerField(label=_l("已享受补贴月数"), min_value=0, initial=0)

    def clean_wages(self):
        out = {}
        for n, line in enumerate(self.cleaned_data["wages"].splitlines(), start=1):
            if not line.strip():
                continue
            m = re.match(r"^\s*([0-9]{4}-(?:0[1-9]|1[0-2]))\s*[=:：,，\s]\s*([0-9]+(?:\.[0-9]{1,2})?)\s*$", line)
            if not m:
                raise forms.ValidationError(_("第 %(n)s 行应为“YYYY-MM 金额”") % {"n": n})
            out[m.group(1)] = m.group(2)
        if not out:
            raise forms.ValidationError(_("请至少填写一个月的工资。"))
        return out

    def document(self):
        d = self.cleaned_data
        return {"id": "calc", "as_of": _date(d["as_of"]), "enterprise": {"size": d["enterprise_size"], "ecommerce": d["ecommerce"]},
                "worker": {"groups": d["groups"], "left_school_on": _date(d["left_school_on"])},
                "employment": {"start": _date(d["start"]), "end": _date(d["end"])}, "wages": d["wages"],
                "months_already_subsidised": d["months_already_subsidised"]}


class HiringForm(forms.Form):
    enterprise_size = forms.ChoiceField(label=_l("企业规模"), choices=EnterpriseSize.choices)
    ecommerce = forms.BooleanField(label=_l("电子商务企业"), required=False, initial=True)
    graduated_on = forms.DateField(label=_l("毕业日期"), widget=IsoDateInput, required=False)
    registered_unemployed_since = forms.DateField(label=_l("登记失业日期"), widget=IsoDateInput, required=False)
    migrant_worker_unable_to_return = forms.BooleanField(label=_l("因疫情无法返岗的农民工"), required=False)
    hired_on = forms.DateField(label=_l("招用日期"), widget=IsoDateInput)
    contract_months = forms.IntegerField(label=_l("劳动合同期限（月）"), min_value=0)
    social_insurance = forms.BooleanField(label=_l("已缴纳社会保险"), required=False)
    previously_paid = forms.BooleanField(label=_l("此人已领取过一次性吸纳就业补贴"), required=False)

    def document(self):
        d = self.cleaned_data
        return {"id": "calc", "enterprise": {"size": d["enterprise_size"], "ecommerce": d["ecommerce"]},
                "person": {"graduated_on": _date(d["graduated_on"]),
                           "registered_unemployed_since": _date(d["registered_unemployed_since"]),
                           "migrant_worker_unable_to_return": d["migrant_worker_unable_to_return"]},
                "hired_on": _date(d["hired_on"]), "contract_months": d["contract_months"],
                "social_insurance": d["social_insurance"], "previously_paid": d["previously_paid"]}


class InternshipForm(forms.Form):
    on_register = forms.BooleanField(label=_l("见习单位在就业见习单位名册内"), required=False, initial=True)
    ended = forms.IntegerField(label=_l("本年见习期满人数"), min_value=0, initial=0)
    retained = forms.IntegerField(label=_l("其中留用人数"), min_value=0, initial=0)
    agreed_months = forms.IntegerField(label=_l("约定见习期（月）"), min_value=0)
    completed_months = forms.IntegerField(label=_l("已完成见习月数"), min_value=0)
    interrupted_months = forms.IntegerField(label=_l("因疫情中断月数"), min_value=0, initial=0)
    contracted_early = forms.BooleanField(label=_l("见习期未满已签订劳动合同"), required=False)

    def document(self):
        d = self.cleaned_data
        return {"id": "calc", "unit": {"on_register": d["on_register"], "ended": d["ended"], "retained": d["retained"]},
                "agreed_months": d["agreed_months"], "completed_months": d["completed_months"],
                "interrupted_months": d["interrupted_months"], "contracted_early": d["contracted_early"]}


class StartupLoanForm(forms.Form):
    kind = forms.ChoiceField(label=_l("借款人"), choices=LOAN_KINDS)
    partners = forms.IntegerField(label=_l("合伙人数"), min_value=1, required=False)
    exception_approved = forms.BooleanField(label=_l("经批准适用最高 110 万元"), required=False)
    enterprise_size = forms.ChoiceField(label=_l("企业规模"), choices=EnterpriseSize.choices, required=False)
    staff = forms.IntegerField(label=_l("现有在职职工人数（含新招用）"), min_value=0, required=False)
    qualifying_new_hires = forms.IntegerField(label=_l("当年新招用符合条件并签订 1 年以上合同的人数"), min_value=0, required=False)

    def document(self):
        d = self.cleaned_data
        borrower = {"kind": d["kind"]}
        if d["kind"] == "partnership" and d["partners"]:
            borrower.update(partners=d["partners"], exception_approved=d["exception_approved"])
        if d["kind"] == "enterprise":
            ent = {"size": d["enterprise_size"] or "small", "ecommerce": True}
            if d["staff"] is not None:
                ent["staff"] = d["staff"]
            borrower.update(enterprise=ent, qualifying_new_hires=d["qualifying_new_hires"] or 0)
        return {"id": "calc", "borrower": borrower}


class StartupSubsidyForm(forms.Form):
    graduated_on = forms.DateField(label=_l("毕业日期"), widget=IsoDateInput)
    registered_on = forms.DateField(label=_l("创业实体登记日期"), widget=IsoDateInput)
    in_prefecture = forms.BooleanField(label=_l("在楚雄州内登记"), required=False, initial=True)
    judgement = forms.ChoiceField(label=_l("带动脱贫或创新示范效应"), choices=JUDGEMENTS, required=False)
    requested = forms.DecimalField(label=_l("申请金额（元）"), min_value=0, decimal_places=2, required=False)

    def document(self):
        d = self.cleaned_data
        doc = {"id": "calc", "graduated_on": _date(d["graduated_on"]), "registered_on": _date(d["registered_on"]),
               "in_prefecture": d["in_prefecture"], "reviewer_judgement": {"yes": True, "no": False}.get(d["judgement"])}
        if d["requested"] is not None:
            doc["requested"] = str(d["requested"])
        return doc


FORMS = {
    "work_for_training": WorkForTrainingForm,
    "hiring": HiringForm,
    "internship": InternshipForm,
    "startup_loan": StartupLoanForm,
    "startup_subsidy": StartupSubsidyForm,
}


def to_decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
