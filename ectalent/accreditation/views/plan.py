"""Pages of the training plan (附件3): the plan with quota status, the province's reserve allocation, the county
split of targets, the roster import of trainees, the targets dashboard and the 附件3 export.

Who may do what (the rules are here, next to the pages that apply them):

- the plan is a published document: every logged-in user sees it; quota usage of a line only officials of the
  province, or of a region inside the line or containing it (a city official sees their own line, and its
  nested lines), and platform administrators;
- the reserve is allocated by the province's administrators (省商务厅) and platform administrators;
- a line's target is split among its counties by the city reviewer (市级商务审核员) of the city containing the line
  (the 金华 reviewer splits 金华（含义乌）and sets 义乌's line too);
- a roster is imported by staff of a registered training institution for their own institution, or by city,
  county and province officials for institutions in their region;
- the targets dashboard shows the figures of the user's region: all lines for the province, a line and its
  counties for a city, the county itself for a county; any other region answers 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from django.utils.translation import gettext as _

from ectalent.accounts.choices import OFFICIAL_ROLES, Role
from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.core.db import replica_reads
from ectalent.core.exports import bytes_response
from ectalent.core.i18n import stored
from ectalent.jobs.actions import start_job
from ectalent.regions.models import Region

from .. import plan as planlib
from ..choices import UnitStatus, UnitType
from ..forms_plan import CountySplitForm, ReserveAllocationForm, RosterImportForm
from ..models import RegisteredUnit, ReserveAllocation, TrainingCourse, TrainingPlan
from ..plan_actions import allocate_reserve, set_county_targets
from ..quotas import quota, reserve_left

ROSTER_ROLES = {Role.INSTITUTION_STAFF, Role.CITY_REVIEWER, Role.COUNTY_REVIEWER, Role.PROVINCE_ADMIN}


# --- permissions ------------------------------------------------------------------------------------


def is_official_in(user, region) -> bool:
    """Platform admin, or an official whose region contains ``region``."""
    if user.is_platform_admin:
        return True
    return user.role in OFFICIAL_ROLES and user.region_id is not None and user.region.contains(region)


def is_province_official(user, plan) -> bool:
    return is_official_in(user, plan.province)


def sees_usage(user, line) -> bool:
    if is_official_in(user, line.region):
        return True
    return user.role in OFFICIAL_ROLES and user.region_id is not None and line.region.contains(user.region)


def can_allocate(user, plan) -> bool:
    if user.is_platform_admin:
        return True
    return user.role == Role.PROVINCE_ADMIN and user.region_id is not None and user.region.contains(plan.province)


def can_split(user, line) -> bool:
    if user.is_platform_admin:
        return True
    return (user.role == Role.CITY_REVIEWER and user.region_id is not None and user.region.level == "city"
            and user.region.contains(line.region))


def importable_units(user):
    """Registered, active training institutions this user may import rosters for."""
    if not (user.is_platform_admin or user.role in ROSTER_ROLES):
        return RegisteredUnit.objects.none()
    return (RegisteredUnit.objects.visible_to(user)
            .filter(unit_type=UnitType.INSTITUTION, status=UnitStatus.ACTIVE)
            .select_related("region", "organisation").order_by("name"))


def current_plan(request) -> TrainingPlan:
    code = request.GET.get("plan") or request.POST.get("plan")
    plans = TrainingPlan.objects.visible_to(request.user).select_related("province")
    plan = plans.filter(code=code).first() if code else planlib.plan_in_force(plans)
    if plan is None:
        raise Http404(_("没有已载入的培训计划"))
    return plan


# --- the plan ---------------------------------------------------------------------------------------


@login_required
def index(request):
    plan = current_plan(request)
    user = request.user
    lines = planlib.plan_lines(plan)
    rows = []
    for u in lines:
        row = {"line": u, "targets": [planlib.line_targets(u).get(y, 0) for y in plan.years],
               "nested": u.parent_id is not None, "usage": None, "can_split": can_split(user, u)}
        if sees_usage(user, u):
            row["usage"] = [quota(u, UnitType.INSTITUTION), quota(u, UnitType.BASE)]
        rows.append(row)
    totals = planlib.province_totals(plan, lines)
    province_view = is_province_official(user, plan)
    context = {
        "plan": plan, "rows": rows, "years": plan.years,
        "totals": totals, "total_targets": [totals["targets"][y] for y in plan.years],
        "note": planlib.plan_note(plan),
        "province_view": province_view, "can_allocate": can_allocate(user, plan),
        "reserve_left": {"institution": reserve_left(plan, UnitType.INSTITUTION), "base": reserve_left(plan, UnitType.BASE)}
        if province_view else None,
        "any_usage": any(r["usage"] for r in rows),
        "can_import": importable_units(user).exists(),
    }
    return render(request, "accreditation/plan/index.html", context)


# --- reserve allocation -----------------------------------------------------------------------------


@login_required
def reserve(request):
    plan = current_plan(request)
    if not can_allocate(request.user, plan):
        raise PermissionDenied(_("只有省商务厅管理员可以调配省里机动名额。"))
    form = ReserveAllocationForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation = allocate_reserve(plan, data["unit"], data["unit_type"], data["amount"], data["note"],
                                          acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已从省里机动调配 %(amount)s 个%(unit_type)s名额给%(unit_label)s。") % {"amount": allocation.amount, "unit_type": allocation.get_unit_type_display(), "unit_label": allocation.unit.label})
            return redirect(f"{reverse('plan:reserve')}?plan={plan.code}")
    ledger = (ReserveAllocation.objects.visible_to(request.user).filter(plan=plan)
              .select_related("unit", "created_by").order_by("-created_at", "-id"))
    status = []
    for unit_type in (UnitType.INSTITUTION, UnitType.BASE):
        left = reserve_left(plan, unit_type)
        status.append({"label": unit_type.label, "reserve": plan.reserve(unit_type), "left": left,
                       "given": plan.reserve(unit_type) - left})
    return render(request, "accreditation/plan/reserve.html",
                  {"plan": plan, "form": form, "ledger": ledger, "status": status})


# --- county split -----------------------------------------------------------------------------------


@login_required
def county_split(request, code, year=None):
    plan = current_plan(request)
    line = get_object_or_404(plan.units.select_related("region", "plan", "parent"), region_id=code)
    if not can_split(request.user, line):
        if not is_official_in(request.user, line.region) and not sees_usage(request.user, line):
            raise Http404
        raise PermissionDenied(_("只有该市的市级商务审核员可以分解培训任务。"))
    year = year or plan.first_year
    if year not in plan.years:
        raise Http404
    lines = planlib.plan_lines(plan)
    counties = planlib.split_counties(line, lines)
    nested = planlib.nested_lines(line, lines)
    existing = {c: t for (c, y), t in planlib.county_targets(line, year).items()}
    form = CountySplitForm(request.POST or None, counties=counties, initial_values=existing)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            set_county_targets(line, year, form.values(), acting_user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("已保存%(line_label)s %(year)s 年任务分解。") % {"line_label": line.label, "year": year})
            return redirect(f"{reverse('plan:county-split-year', args=[code, year])}?plan={plan.code}")
    target = planlib.line_targets(line).get(year, 0)
    nested_rows = [(u, planlib.line_targets(u).get(year, 0)) for u in nested]
    room = target - sum(t for _, t in nested_rows)
    split_sum = sum(existing.values())
    return render(request, "accreditation/plan/county_split.html", {
        "plan": plan, "line": line, "year": year, "years": plan.years, "form": form, "errors": errors,
        "target": target, "nested_rows": nested_rows, "room": room, "split_sum": split_sum,
        "unsplit": room - split_sum,
    })


# --- roster import ----------------------------------------------------------------------------------


@login_required
def roster_import(request):
    plan = current_plan(request)
    units = importable_units(request.user)
    if not units.exists():
        if not (request.user.is_platform_admin or request.user.role in ROSTER_ROLES):
            raise PermissionDenied(_("只有已备案培训机构的工作人员或商务主管部门可以导入培训名单。"))
    form = RosterImportForm(request.POST or None, request.FILES or None, units=units, plan=plan)
    if request.method == "POST" and form.is_valid():
        # Read, checked row by row and written (all or none) by the worker; the job page shows progress and errors.
        unit = form.cleaned_data["unit"]
        job = start_job(handler="ectalent.accreditation.tasks.import_training_roster",
                        label=_("培训名单导入：%(unit)s") % {"unit": unit.name}, user=request.user,
                        params={"unit": unit.pk, "plan": plan.pk,
                                "confirm_outside": form.cleaned_data["confirm_outside"]},
                        upload=form.cleaned_data["file"], obj=unit)
        return redirect(job.get_absolute_url())
    return render(request, "accreditation/plan/roster_import.html",
                  {"plan": plan, "form": form, "units": units,
                   "periods": TrainingPlan.objects.order_by("first_year"),
                   "can_allocate": can_allocate(request.user, plan)})


@login_required
def roster_template(request):
    from ectalent.core.exports import Book, xlsx_response

    book = Book()
    sheet = book.sheet("培训名单")
    bold = book.format(bold=True, bg_color="#DDEBF7", border=1)
    text = book.format(num_format="@")
    date = book.format(num_format="yyyy-mm-dd")
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 24, text)
    sheet.set_column(2, 3, 16, text)
    sheet.cell(0, 0, "课程名称", bold)
    sheet.cell(0, 1, "电商运营实务培训班（第一期）")
    sheet.cell(1, 0, "培训方向", bold)
    sheet.cell(1, 1, "电子商务师：运营推广")
    sheet.cell(2, 0, "开班日期", bold)
    sheet.ws.write_datetime(2, 1, datetime.datetime(2015, 3, 2), date)
    sheet.cell(3, 0, "结业日期", bold)
    sheet.ws.write_datetime(3, 1, datetime.datetime(2015, 3, 20), date)
    sheet.row(5, ["姓名", "身份证号", "手机号", "所在县区代码"], bold)
    sheet.cell(7, 5, "说明：从第 7 行起每行一名学员；身份证号请用文本格式；手机号、所在县区代码（6 位，如 330782）可不填，"
                     "不填时以培训机构注册地为学员所在地区。")
    return xlsx_response(book, "培训名单模板.xlsx")


@login_required
def courses(request):
    plan = current_plan(request)
    qs = (TrainingCourse.objects.visible_to(request.user)
          .select_related("unit", "unit__region")
          .annotate(trainee_count=Count("trainees", filter=Q(trainees__completed=True)))
          .order_by("-ends_on", "-id")[:200])
    return render(request, "accreditation/plan/courses.html", {
        "plan": plan, "courses": qs, "can_import": importable_units(request.user).exists(),
        "can_allocate": can_allocate(request.user, plan),
    })


# --- targets dashboard ------------------------------------------------------------------------------


def _cells(pairs):
    """[(target, achieved)] → cells with rate; plus the row's total cell."""
    cells = [{"target": t, "achieved": a, "rate": planlib.rate(a, t)} for t, a in pairs]
    known = [c["target"] for c in cells if c["target"] is not None]
    total_target = sum(known) if known else None
    total_achieved = sum(c["achieved"] for c in cells)
    return cells, {"target": total_target, "achieved": total_achieved, "rate": planlib.rate(total_achieved, total_target)}


def _row(label, targets, achieved, **extra):
    cells, total = _cells(list(zip(targets, achieved, strict=True)))
    return {"label": label, "cells": cells, "total": total, **extra}


def default_region(user, plan):
    if is_province_official(user, plan):
        return plan.province
    if user.role in OFFICIAL_ROLES and user.region_id and plan.province.contains(user.region):
        return user.region
    return None


@login_required
@replica_reads
def targets(request, code=None):
    plan = current_plan(request)
    user = request.user
    if code is None:
        region = default_region(user, plan)
        if region is None:
            return render(request, "accreditation/plan/targets.html", {"plan": plan, "scope": None})
    else:
        region = Region.objects.filter(code=code).first()
        if region is None or not plan.province.contains(region) or not is_official_in(user, region):
            raise Http404
    figures = planlib.Figures(plan, TrainingCourse.objects.visible_to(user))
    years = plan.years
    context = {"plan": plan, "years": years, "region": region, "can_allocate": can_allocate(user, plan)}
    line = next((u for u in figures.lines if u.region_id == region.code), None)
    if region.code == plan.province_id:
        rows = []
        for u in figures.lines:
            rows.append(_row(u.label, [figures.line_target(u, y) for y in years],
                             [figures.line_achieved(u, y) for y in years], nested=u.parent_id is not None,
                             code=u.region_id))
        total = _row(planlib.TOTAL_LABEL, [figures.province_target(y) for y in years],
                     [figures.province_achieved(y) for y in years])
        top = [r for r in rows if not r["nested"]]
        chart_parts = {"labels": [r["label"] for r in top], "targets": [r["total"]["target"] for r in top],
                       "achieved": [r["total"]["achieved"] for r in top]}
        context.update(scope="province", title=_("%(province_name)s培训任务完成情况") % {"province_name": plan.province.name}, rows=rows, total=total,
                       parts_title=_("各市任务与完成（计划期合计）"))
    elif line is not None:
        lines = figures.lines
        counties = planlib.split_counties(line, lines)
        nested = planlib.nested_lines(line, lines)
        rows = []
        for county in counties:
            rows.append(_row(county.name, [figures.county_target(line, county, y) for y in years],
                             [figures.county_achieved(county, y) for y in years], code=county.code, kind="county"))
        for u in nested:
            rows.append(_row(_("%(u_label)s（单列）") % {"u_label": u.label}, [figures.line_target(u, y) for y in years],
                             [figures.line_achieved(u, y) for y in years], code=u.region_id, kind="line"))
        line_t = [figures.line_target(line, y) for y in years]
        line_a = [figures.line_achieved(line, y) for y in years]
        rest_t = [line_t[i] - sum(r["cells"][i]["target"] or 0 for r in rows) for i in range(len(years))]
        rest_a = [line_a[i] - sum(r["cells"][i]["achieved"] for r in rows) for i in range(len(years))]
        remainder = None
        if any(rest_t) or any(rest_a):
            remainder = _row(_("未分解到县 / 市本级"), rest_t, rest_a, kind="rest")
        total = _row(line.label, line_t, line_a)
        parts = rows + ([remainder] if remainder else [])
        chart_parts = {"labels": [r["label"] for r in parts], "targets": [r["total"]["target"] or 0 for r in parts],
                       "achieved": [r["total"]["achieved"] for r in parts]}
        context.update(scope="line", title=_("%(line_label)s培训任务完成情况") % {"line_label": line.label}, line=line, rows=rows, remainder=remainder,
                       total=total, parts_title=_("各县（市、区）任务与完成（计划期合计）"),
                       can_split=can_split(user, line))
    elif region.level == "county":
        line = planlib.line_for_county(plan, region, figures.lines)
        if line is None:
            raise Http404
        total = _row(region.name, [figures.county_target(line, region, y) for y in years],
                     [figures.county_achieved(region, y) for y in years])
        chart_parts = None
        context.update(scope="county", title=_("%(region_name)s培训任务完成情况") % {"region_name": region.name}, line=line, rows=[], total=total)
    else:
        raise Http404
    context["chart"] = {
        "years": [_("%(y)s年") % {"y": y} for y in years],
        "targets": [c["target"] or 0 for c in context["total"]["cells"]],
        "achieved": [c["achieved"] for c in context["total"]["cells"]],
        "parts": chart_parts,
        "parts_title": context.get("parts_title", ""),
    }
    context["has_achievements"] = any(c["achieved"] for c in context["total"]["cells"]) or any(
        r["total"]["achieved"] for r in context["rows"])
    context["unsplit"] = context["scope"] == "county" and all(c["target"] is None for c in context["total"]["cells"])
    return render(request, "accreditation/plan/targets.html", context)


# --- 附件3 export -----------------------------------------------------------------------------------


@login_required
def export(request):
    plan = current_plan(request)
    user = request.user
    figures = planlib.Figures(plan, TrainingCourse.objects.visible_to(user))
    today = timezone.localdate()
    content = planlib.annex3_xlsx(plan, figures, show_line=lambda u: is_official_in(user, u.region),
                                  show_province=is_province_official(user, plan), as_of=today,
                                  usage=lambda u: [quota(u, UnitType.INSTITUTION), quota(u, UnitType.BASE)]
                                  if sees_usage(user, u) else None)
    with transaction.atomic():
        record(AuditAction.EXPORT, plan, actor=user, region_id=user.region_id,
               after={"format": "xlsx", "layout": "附件3", "plan": plan.code}, note=stored(gettext_noop("导出附件3（含完成情况）")))
    return bytes_response(content, f"附件3-培训任务和机构数量分配表-{plan.code}-{today:%Y%m%d}.xlsx")
