"""The register (名录): units, their changes (第九条), annual reports (第八条) and revocation (第十条); 附件6."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role
from ectalent.core.errors import error_text
from ectalent.core.uploads import content_disposition
from ectalent.regions.models import Region

from .. import actions
from ..choices import ProposalStatus, UnitStatus, UnitType
from ..forms import AnnualReportForm, ChangeForm, RevocationDecisionForm, RevocationForm
from ..models import Recommendation, RegisteredUnit


def _is_unit_staff(user, unit) -> bool:
    return user.role in ORGANISATION_ROLES and user.organisation_id == unit.organisation_id


def _is_province(user, unit) -> bool:
    return (user.role == Role.PROVINCE_ADMIN and user.region is not None and user.region.level == "province"
            and user.region.contains(unit.region))


def _is_local_official(user, unit) -> bool:
    return user.role in (Role.CITY_REVIEWER, Role.COUNTY_REVIEWER, Role.PROVINCE_ADMIN, Role.ASSOCIATION) and \
        user.region is not None and user.region.contains(unit.region)


@login_required
def unit_list(request):
    units = RegisteredUnit.objects.visible_to(request.user).select_related("region")
    status = request.GET.get("status", "")
    unit_type = request.GET.get("type", "")
    if status in UnitStatus.values:
        units = units.filter(status=status)
    if unit_type in UnitType.values:
        units = units.filter(unit_type=unit_type)
    page = Paginator(units, 30).get_page(request.GET.get("page"))
    proposals = (actions.RevocationProposal.objects.visible_to(request.user)
                 .filter(status=ProposalStatus.PROPOSED).select_related("unit"))
    return render(request, "accreditation/unit_list.html", {
        "page": page, "status": status, "type": unit_type, "statuses": UnitStatus.choices, "types": UnitType.choices,
        "proposals": proposals,
    })


@login_required
def unit_detail(request, pk):
    user = request.user
    unit = get_object_or_404(RegisteredUnit.objects.visible_to(user).select_related("region", "organisation"), pk=pk)
    return render(request, "accreditation/unit_detail.html", {
        "unit": unit, "changes": unit.changes.select_related("filed_by"), "reports": unit.annual_reports.all(),
        "proposals": unit.revocations.all(),
        "can_file": (_is_unit_staff(user, unit) or _is_province(user, unit)) and unit.status == UnitStatus.ACTIVE,
        "can_report": _is_unit_staff(user, unit) and unit.status == UnitStatus.ACTIVE,
        "can_propose": _is_local_official(user, unit) and unit.status == UnitStatus.ACTIVE,
        "can_decide": _is_province(user, unit),
        "change_form": ChangeForm(), "report_form": AnnualReportForm(unit=unit), "revocation_form": RevocationForm(),
        "decision_form": RevocationDecisionForm(),
    })


def _unit_for_post(request, pk):
    return get_object_or_404(RegisteredUnit.objects.visible_to(request.user), pk=pk)


@login_required
@require_POST
def unit_change(request, pk):
    unit = _unit_for_post(request, pk)
    if not (_is_unit_staff(request.user, unit) or _is_province(request.user, unit)):
        raise PermissionDenied
    form = ChangeForm(request.POST)
    if form.is_valid():
        try:
            actions.file_change(unit, kind=form.cleaned_data["kind"], after=form.after(),
                                description=form.cleaned_data["description"],
                                effective_on=form.cleaned_data["effective_on"], acting_user=request.user)
            messages.success(request, _("变更已备案。"))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, "；".join(f"{form.fields[k].label}：{e}" if k in form.fields else e
                                          for k, errs in form.errors.items() for e in errs))
    return redirect("accreditation:unit-detail", pk)


@login_required
@require_POST
def unit_report(request, pk):
    unit = _unit_for_post(request, pk)
    if not _is_unit_staff(request.user, unit):
        raise PermissionDenied
    form = AnnualReportForm(request.POST, unit=unit)
    if form.is_valid():
        report = form.save(commit=False)
        report.unit = unit
        try:
            report = actions.submit_annual_report(report, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            if report.evaluation.get("propose_revocation"):
                messages.warning(request, _("年度报告已报送。动态评估：%(f)s，平台已按第十条提出取消备案建议，待省商务厅确认。")
                                 % {"f": "；".join(report.evaluation["findings"])})
            else:
                messages.success(request, _("年度报告已报送，动态评估合格。"))
    else:
        messages.error(request, "；".join(f"{form.fields[k].label}：{e}" if k in form.fields else e
                                          for k, errs in form.errors.items() for e in errs))
    return redirect("accreditation:unit-detail", pk)


@login_required
@require_POST
def unit_propose_revocation(request, pk):
    unit = _unit_for_post(request, pk)
    if not _is_local_official(request.user, unit):
        raise PermissionDenied
    form = RevocationForm(request.POST)
    if form.is_valid():
        actions.propose_revocation(unit, ground=form.cleaned_data["ground"], details=form.cleaned_data["details"],
                                   acting_user=request.user)
        messages.success(request, _("已提出取消备案建议，待省商务厅确认。"))
    else:
        messages.error(request, _("请选择取消情形并写明具体情况。"))
    return redirect("accreditation:unit-detail", pk)


@login_required
@require_POST
def revocation_decide(request, pk, proposal_id):
    unit = _unit_for_post(request, pk)
    if not _is_province(request.user, unit):
        raise PermissionDenied
    proposal = get_object_or_404(unit.revocations, pk=proposal_id)
    form = RevocationDecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_revocation(proposal, confirm=form.cleaned_data["confirm"], note=form.cleaned_data["note"],
                                      acting_user=request.user)
            messages.success(request, _("已办理。"))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, _("请选择确认结果并填写意见。"))
    return redirect("accreditation:unit-detail", pk)


@login_required
def form6_export(request, region_code, fmt):
    """附件6 推荐汇总表: the units a city has recommended (its own subtree)."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    region = get_object_or_404(Region, code=region_code, level="city")
    user = request.user
    if not (user.is_platform_admin or (user.role in OFFICIAL_ROLES and user.region and user.region.contains(region))):
        raise Http404
    recommended = Recommendation.objects.visible_to(user).counting().filter(
        application__region__in=Region.objects.subtree(region)
    )
    applications = [r.application for r in recommended.select_related("application", "application__region").order_by("recommended_at")]
    from .. import exports

    data = getattr(exports, f"form6_{fmt}")(region, applications)
    content_type = "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(f"附件6-{region.name}推荐汇总表.{fmt}")
    return response


def public_register(request):
    """Public (第七条 统一对外公告): the register by city and kind."""
    units = RegisteredUnit.objects.public().select_related("region", "region__parent").order_by("region__path", "unit_type", "register_number")
    city = request.GET.get("city", "")
    unit_type = request.GET.get("type", "")
    if city:
        units = units.filter(region__in=Region.objects.subtree(Region.objects.filter(code=city).first()))
    if unit_type in UnitType.values:
        units = units.filter(unit_type=unit_type)
    cities = Region.objects.filter(level="city", code__startswith="33").order_by("code")
    return render(request, "accreditation/public_register.html", {
        "units": units, "cities": cities, "city": city, "type": unit_type, "types": UnitType.choices,
    })
