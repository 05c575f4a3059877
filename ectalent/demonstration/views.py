"""Demonstration programmes: applications and their review (shared workflow), the register, counts against targets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ectalent.accounts.choices import Role
from ectalent.core.errors import error_text
from ectalent.core.uploads import serve_private
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus
from ectalent.workflow.models import Case, StepState

from . import actions, targets
from .choices import UnitStatus
from .forms import (
    AnnualReviewForm,
    ApplicationForm,
    DecisionForm,
    MaterialForm,
    NationalDesignationForm,
    ResolveObjectionForm,
    WithdrawForm,
)
from .models import DemonstrationApplication, DesignatedUnit
from .pack import demonstration_pack
from .workflows import SPEC

SUBJECT = "demonstration.demonstrationapplication"
REVIEWER_ROLES = (Role.COUNTY_REVIEWER, Role.CITY_REVIEWER, Role.PROVINCE_ADMIN)


def _cases(applications) -> dict[str, Case]:
    ids = [str(a.pk) for a in applications]
    return {c.subject_id: c for c in Case.objects.filter(subject_type=SUBJECT, subject_id__in=ids)}


def _get_application(request, pk) -> DemonstrationApplication:
    try:
        return DemonstrationApplication.objects.visible_to(request.user).select_related(
            "region", "organisation").get(pk=pk)
    except DemonstrationApplication.DoesNotExist:
        raise Http404 from None


def _is_applicant(user, application) -> bool:
    if application.created_by_id == user.pk:
        return True
    return bool(application.organisation_id and user.organisation_id == application.organisation_id
                and user.role not in REVIEWER_ROLES)


@login_required
def index(request):
    user = request.user
    apps = list(DemonstrationApplication.objects.visible_to(user).select_related("region")[:200])
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    cases = _cases(apps)
    rows = []
    for a in apps:
        case = cases.get(str(a.pk))
        if kind and a.kind != kind:
            continue
        if status and (case is None or case.status != status):
            continue
        rows.append((a, case))
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "demonstration/index.html", {
        "page": page, "can_apply": actions.kinds_for(user), "kinds": demonstration_pack().kinds.values(),
        "statuses": CaseStatus.choices, "kind": kind, "status": status,
        "pending": wf.pending_rows_for(user).filter(case__workflow=SPEC.code).count(),
    })


@login_required
def application_create(request, kind):
    allowed = {k.code: k for k, _t in actions.kinds_for(request.user)}
    if kind not in allowed:
        raise Http404
    form = ApplicationForm(request.POST or None, initial={
        "unit_name": (request.user.organisation.name if request.user.organisation_id else
                      request.user.region.name if request.user.region_id else ""),
        "contact_name": request.user.get_full_name() or request.user.username})
    if request.method == "POST" and form.is_valid():
        application = actions.create_application(kind=kind, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("申报已保存为草稿。请上传申报材料，然后提交审核。"))
        return redirect("demonstration:application-detail", application.pk)
    return render(request, "demonstration/application_form.html", {"form": form, "kind": allowed[kind]})


@login_required
def application_edit(request, pk):
    application = _get_application(request, pk)
    if not _is_applicant(request.user, application):
        raise PermissionDenied
    form = ApplicationForm(request.POST or None, initial={
        f: getattr(application, f) for f in ("unit_name", "contact_name", "contact_phone", "summary")})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_application(application, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("申报已保存。"))
        return redirect("demonstration:application-detail", pk)
    return render(request, "demonstration/application_form.html",
                  {"form": form, "kind": application.kind_spec, "application": application})


@login_required
def application_detail(request, pk):
    user = request.user
    application = _get_application(request, pk)
    case = application.case
    rows = list(StepState.objects.filter(case=case).select_related("decided_by", "case"))
    my_rows = [r for r in rows if wf.user_can_decide(user, case, r)]
    is_applicant = _is_applicant(user, application)
    final_reviewer = False
    if case.status == CaseStatus.IN_NOTICE:
        try:
            wf._require_final_reviewer(user, case)
            final_reviewer = True
        except PermissionDenied:
            pass
    editable = is_applicant and case.status in (CaseStatus.DRAFT, CaseStatus.RETURNED)
    checks = application.checks if application.checks else actions.data_checks(application)
    return render(request, "demonstration/application_detail.html", {
        "application": application, "case": case, "rows": rows, "my_rows": my_rows, "kind": application.kind_spec,
        "decision_form": DecisionForm(), "material_form": MaterialForm(), "materials": application.materials.all(),
        "checks": checks, "is_applicant": is_applicant, "editable": editable, "final_reviewer": final_reviewer,
        "objections": case.objections.all(), "resolve_form": ResolveObjectionForm(),
        "steps": SPEC.steps_for(case.route), "unit": DesignatedUnit.objects.filter(application=application).first(),
    })


@login_required
@require_POST
def material_upload(request, pk):
    application = _get_application(request, pk)
    if not _is_applicant(request.user, application):
        raise PermissionDenied
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_material(application, title=form.cleaned_data["title"], upload=form.cleaned_data["file"],
                                 acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("材料已上传。"))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("demonstration:application-detail", pk)


@login_required
def material_download(request, pk, material_id):
    application = _get_application(request, pk)
    material = get_object_or_404(application.materials, pk=material_id)
    return serve_private(request, material.file, filename=material.original_name,
                         content_type=material.content_type, obj=material)


@login_required
@require_POST
def application_submit(request, pk):
    application = _get_application(request, pk)
    if not _is_applicant(request.user, application):
        raise PermissionDenied
    try:
        actions.submit_application(application, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, _("尚不能提交：") + error_text(exc))
    else:
        messages.success(request, _("已提交，进入审核。"))
    return redirect("demonstration:application-detail", pk)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _get_application(request, pk)
    if not _is_applicant(request.user, application):
        raise PermissionDenied
    try:
        wf.withdraw(application.case, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("申报已撤回。"))
    return redirect("demonstration:application-detail", pk)


@login_required
@require_POST
def application_decide(request, pk, row_id):
    application = _get_application(request, pk)
    case = application.case
    row = get_object_or_404(StepState, pk=row_id, case=case)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("demonstration:application-detail", pk)
    try:
        wf.decide(case, row, acting_user=request.user, decision=form.cleaned_data["decision"],
                  reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您不能审核此环节。"))
    else:
        messages.success(request, _("审核意见已提交。"))
    return redirect("demonstration:application-detail", pk)


@login_required
@require_POST
def objection_resolve(request, pk, objection_id):
    application = _get_application(request, pk)
    objection = get_object_or_404(application.case.objections, pk=objection_id)
    form = ResolveObjectionForm(request.POST)
    if form.is_valid():
        try:
            wf.resolve_objection(objection, acting_user=request.user, upheld=form.cleaned_data["upheld"],
                                 resolution=form.cleaned_data["resolution"])
            messages.success(request, _("异议已处理。"))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("请选择处理结果并填写处理意见。"))
    return redirect("demonstration:application-detail", pk)


@login_required
@require_POST
def application_confirm(request, pk):
    application = _get_application(request, pk)
    try:
        wf.confirm(application.case, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("公示期满，已确认；示范名录和目标完成数已更新。"))
    return redirect("demonstration:application-detail", pk)


# --- the register -----------------------------------------------------------------------------


@login_required
def unit_list(request):
    units = DesignatedUnit.objects.visible_to(request.user).select_related("region")
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    city = request.GET.get("city", "")
    if kind:
        units = units.filter(kind=kind)
    if status:
        units = units.filter(status=status)
    if city:
        units = units.filter(region__path__startswith=city[:4][:2] + "/" + city[:4])
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    prov = targets.province()
    cities = prov.children.filter(level="city").order_by("code") if prov else []
    return render(request, "demonstration/unit_list.html", {
        "page": page, "kinds": demonstration_pack().kinds.values(), "statuses": UnitStatus.choices,
        "kind": kind, "status": status, "city": city, "cities": cities,
    })


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(DesignatedUnit.objects.visible_to(request.user).select_related("region"), pk=pk)
    user = request.user
    is_province = user.role == Role.PROVINCE_ADMIN and user.region_id is not None
    can_review = (user.role in REVIEWER_ROLES and user.region_id is not None and user.region.contains(unit.region))
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "national":
                form = NationalDesignationForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("请填写认定日期（YYYY-MM-DD）。"))
                actions.record_national_designation(unit, designated_on=form.cleaned_data["designated_on"],
                                                    acting_user=user)
                messages.success(request, _("已记录国家级认定。"))
            elif op == "withdraw":
                form = WithdrawForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("请填写撤销日期和理由。"))
                actions.withdraw_designation(unit, reason=form.cleaned_data["reason"],
                                             withdrawn_on=form.cleaned_data["withdrawn_on"], acting_user=user)
                messages.success(request, _("示范称号已撤销，目标完成数已更新。"))
            elif op == "review":
                form = AnnualReviewForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("；".join(e for errs in form.errors.values() for e in errs))
                actions.annual_review(unit, acting_user=user, **form.cleaned_data)
                messages.success(request, _("年度复核已记录。"))
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return redirect("demonstration:unit-detail", pk)
    today = timezone.localdate()
    return render(request, "demonstration/unit_detail.html", {
        "unit": unit, "reviews": unit.reviews.select_related("reviewed_by"), "is_province": is_province,
        "can_review": can_review and unit.status == UnitStatus.DESIGNATED,
        "national_form": NationalDesignationForm(initial={"designated_on": today}),
        "withdraw_form": WithdrawForm(initial={"withdrawn_on": today}),
        "review_form": AnnualReviewForm(initial={"year": today.year - 1, "result": "passed"}),
    })


# --- counts against targets -------------------------------------------------------------------------


@login_required
def target_dashboard(request):
    kinds = list(demonstration_pack().kinds.values())
    kind = request.GET.get("kind", "")
    rows = targets.by_city(kind or None)
    top = max([r["total"] for r in rows] + [1])
    return render(request, "demonstration/targets.html", {
        "progress": targets.progress(), "cities": rows, "kinds": kinds, "kind": kind, "top": top,
    })
