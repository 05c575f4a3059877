"""Plan periods (附件3 beyond 2014–2017): the list with the period in force, a plan loaded from a file (YAML or xlsx
in the shape of the pack's plan) or entered on the page, and the xlsx template to fill. Only the province's
administrators (省商务厅) and platform administrators load or enter plans; every check is the plan file's
(``plan.check_plan_doc``), so a plan entered on the page obeys the same rules as one loaded from the pack."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ectalent.accounts.choices import Role
from ectalent.core.exports import bytes_response
from ectalent.core.forms import bootstrap
from ectalent.core.widgets import IsoDateInput

from .. import plan as planlib
from ..models import TrainingPlan

MAX_PLAN_BYTES = 2 * 1024 * 1024


def can_manage_plans(user) -> bool:
    if user.is_platform_admin:
        return True
    return user.role == Role.PROVINCE_ADMIN and user.region_id is not None and user.region.level == "province"


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_l("计划文件（YAML 或 xlsx）"),
                           help_text=_l("与政策包中的计划文件同样格式的 YAML，或按“下载填写模板”填写的 xlsx"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.xlsx", "class": "form-control"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PLAN_BYTES:
            raise forms.ValidationError(_("文件不能超过 2 MB。"))
        if Path(upload.name).suffix.lower() not in (".yaml", ".yml", ".xlsx"):
            raise forms.ValidationError(_("请上传 .yaml 或 .xlsx 文件。"))
        return upload


class PeriodForm(forms.Form):
    """A new plan period entered on the page: the heading of 附件3 and, per line of the plan it starts from, the
    yearly targets and the two upper limits."""

    code = forms.SlugField(label=_l("计划代码"), max_length=50, help_text=_l("如 zhejiang-2025"))
    title = forms.CharField(label=_l("名称"), max_length=128)
    cite = forms.CharField(label=_l("依据"), max_length=128, help_text=_l("下达计划的文件及附件，如 浙商务电商发〔2025〕X号 附件3"))
    source = forms.CharField(label=_l("来源"), max_length=255, required=False,
                             help_text=_l("出处说明，如 文件原件存档位置或录入依据"))
    starts_on = forms.DateField(label=_l("计划期开始"), widget=IsoDateInput())
    ends_on = forms.DateField(label=_l("计划期结束"), widget=IsoDateInput())
    reserve_institutions = forms.IntegerField(label=_l("省里机动调配：培训机构"), min_value=0)
    reserve_bases = forms.IntegerField(label=_l("省里机动调配：实践基地"), min_value=0)

    def __init__(self, *args, base: TrainingPlan, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.base, self.years = base, years
        self.lines = planlib.plan_lines(base)
        self.grid = []
        for u in self.lines:
            cells = []
            for y in years:
                name = f"t_{u.region_id}_{y}"
                self.fields[name] = forms.IntegerField(label=_("%(line)s %(year)s 年任务（人）") % {"line": u.label, "year": y},
                                                       min_value=0)
                cells.append(name)
            for kind, initial in (("inst", u.institutions_limit), ("base", u.bases_limit)):
                name = f"{kind}_{u.region_id}"
                self.fields[name] = forms.IntegerField(
                    label=(_("%(line)s 培训机构推荐总数（个）") if kind == "inst" else _("%(line)s 实践基地推荐总数（个）")) % {"line": u.label},
                    min_value=0, initial=initial)
                cells.append(name)
            self.grid.append((u, cells))
        bootstrap(self)
        for name in self.fields:
            if name.startswith(("t_", "inst_", "base_")):
                self.fields[name].widget.attrs["class"] = "form-control form-control-sm text-end"

    def grid_rows(self):
        return [(u, [self[name] for name in names]) for u, names in self.grid]

    def doc(self) -> dict:
        """The entered plan in the shape of the plan file, for ``plan.check_plan_doc``."""
        data = self.cleaned_data
        lines = []
        for u in self.lines:
            targets = {y: data[f"t_{u.region_id}_{y}"] for y in self.years}
            line = {"region": u.region_id, "label": u.label, "order": u.order, "target_total": sum(targets.values()),
                    "targets": targets, "institutions_limit": data[f"inst_{u.region_id}"],
                    "bases_limit": data[f"base_{u.region_id}"]}
            if u.parent_id:
                line["parent"] = u.parent.region_id
            lines.append(line)
        return {"plan": data["code"], "title": data["title"], "policy": self.base.policy, "cite": data["cite"],
                "source": data["source"] or _("页面录入"), "province": self.base.province_id, "years": self.years,
                "starts_on": data["starts_on"], "ends_on": data["ends_on"],
                "reserve": {"institutions_limit": data["reserve_institutions"], "bases_limit": data["reserve_bases"]},
                "lines": lines}


def _require_manager(user):
    if not can_manage_plans(user):
        raise PermissionDenied(_("只有省商务厅管理员或平台管理员可以载入或录入培训计划。"))


@login_required
def periods(request):
    user = request.user
    plans = list(TrainingPlan.objects.visible_to(user).select_related("province").order_by("-first_year", "-id"))
    in_force = planlib.plan_in_force()
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        _require_manager(user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            suffix = Path(upload.name).suffix.lower()
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"plan{suffix}"
                with open(path, "wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                try:
                    spec = planlib.read_plan_file(path)
                    spec.path = Path(upload.name)
                    if not spec.source:
                        spec.source = _("上传文件 %(name)s") % {"name": upload.name}
                    plan, summary = planlib.load_plan_spec(spec, acting_user=user, filename=upload.name)
                except planlib.PlanError as exc:
                    form.add_error("file", str(exc).replace(str(path), upload.name))
                else:
                    messages.success(request, _("已载入计划 %(code)s（%(first)s–%(last)s）：新增 %(c)s 行，更新 %(u)s 行。") % {
                        "code": plan.code, "first": plan.first_year, "last": plan.last_year,
                        "c": summary["lines_created"], "u": summary["lines_updated"]})
                    return redirect(f"{reverse('plan:periods')}")
    return render(request, "accreditation/plan/periods.html", {
        "plans": plans, "in_force": in_force, "form": form, "can_manage": can_manage_plans(user),
        "plan": in_force, "can_allocate": can_manage_plans(user), "today": datetime.date.today(),
    })


def _new_years(request, base) -> list[int]:
    try:
        first = int(request.GET.get("first_year") or request.POST.get("first_year") or base.last_year + 1)
        last = int(request.GET.get("last_year") or request.POST.get("last_year") or first + 2)
    except ValueError:
        first, last = base.last_year + 1, base.last_year + 3
    if not (2000 <= first <= last <= first + 9):
        first, last = base.last_year + 1, base.last_year + 3
    return list(range(first, last + 1))


@login_required
def period_new(request):
    user = request.user
    _require_manager(user)
    base = planlib.plan_in_force()
    if base is None:
        raise PermissionDenied(_("尚未载入任何计划，请先载入计划文件。"))
    years = _new_years(request, base)
    initial = {"code": f"{base.code.rsplit('-', 1)[0]}-{years[0]}",
               "title": _("各市电商专业人才培养任务和机构数量分配表（%(first)s—%(last)s年）") % {"first": years[0], "last": years[-1]},
               "starts_on": datetime.date(years[0], 1, 1), "ends_on": datetime.date(years[-1], 12, 31),
               "reserve_institutions": base.reserve_institutions, "reserve_bases": base.reserve_bases}
    form = PeriodForm(request.POST or None, base=base, years=years, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            spec = planlib.check_plan_doc(form.doc(), Path(_("页面录入")))
            plan, _summary = planlib.load_plan_spec(spec, acting_user=user, filename=_("页面录入"))
        except planlib.PlanError as exc:
            form.add_error(None, exc.detail if hasattr(exc, "detail") else str(exc))
        else:
            messages.success(request, _("已建立计划期 %(code)s（%(start)s 至 %(end)s）。") % {
                "code": plan.code, "start": plan.period_start, "end": plan.period_end})
            return redirect(f"{reverse('plan:index')}?plan={plan.code}")
    return render(request, "accreditation/plan/period_new.html", {
        "form": form, "base": base, "years": years, "plan": base, "can_allocate": True})


@login_required
def period_template(request):
    """The plan in force as an xlsx to fill (``?first_year=&last_year=``: a new period's years, targets empty)."""
    base = planlib.plan_in_force()
    if base is None:
        raise PermissionDenied
    years = _new_years(request, base) if request.GET.get("first_year") else base.years
    content = planlib.plan_xlsx(base, years=years)
    return bytes_response(content, f"培训计划模板-{years[0]}-{years[-1]}.xlsx")
