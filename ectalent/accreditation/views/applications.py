"""Applications (附件4/5), their review through the workflow, public notice and objections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES
from ectalent.core.errors import error_text
from ectalent.core.uploads import content_disposition, serve_private
from ectalent.registry.choices import ENTERPRISE_KINDS, OrganisationKind
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus
from ectalent.workflow.models import Case, StepState

from .. import actions
from ..choices import UnitType
from ..forms import (
    ApplicationForm,
    DecisionForm,
    MaterialForm,
    ObjectionForm,
    ResolveObjectionForm,
)
from ..models import Recommendation, TrainingPlan, UnitApplication
from ..workflows import SPEC

SUBJECT = "accreditation.unitapplication"



def _cases_by_subject(applications):
    ids = [str(a.pk) for a in applications]
    return {c.subject_id: c for c in Case.objects.filter(subject_type=SUBJECT, subject_id__in=ids).select_related("batch")}


def default_plan() -> TrainingPlan | None:
    return TrainingPlan.objects.order_by("-first_year").first()


def allowed_unit_types(organisation) -> list[str]:
    """第四条（一）: institutions apply as 培训机构; enterprises and industrial parks as 实践基地."""
    if organisation is None:
        return []
    kinds = []
    if organisation.kind in (OrganisationKind.TRAINING_INSTITUTION, OrganisationKind.COLLEGE):
        kinds.append(UnitType.INSTITUTION)
    if organisation.kind in ENTERPRISE_KINDS or organisation.kind in (OrganisationKind.INDUSTRIAL_PARK, OrganisationKind.PRACTICE_BASE):
        kinds.append(UnitType.BASE)
    return kinds


@login_required
def index(request):
    user = request.user
    apps = UnitApplication.objects.visible_to(user).select_related("region", "organisation")
    status = request.GET.get("status", "")
    unit_type = request.GET.get("type", "")
    if unit_type in UnitType.values:
        apps = apps.filter(unit_type=unit_type)
    if status in CaseStatus.values:
        ids = Case.objects.filter(subject_type=SUBJECT, status=status).values_list("subject_id", flat=True)
        apps = apps.filter(pk__in=[int(i) for i in ids])
    page = Paginator(apps, 25).get_page(request.GET.get("page"))
    cases = _cases_by_subject(page.object_list)
    rows = [(a, cases.get(str(a.pk))) for a in page.object_list]
    tasks = wf.pending_rows_for(user).filter(case__workflow=SPEC.code)[:50] if user.role in OFFICIAL_ROLES else []
    in_notice = Case.objects.visible_to(user).filter(workflow=SPEC.code, status=CaseStatus.IN_NOTICE)
    return render(request, "accreditation/index.html", {
        "rows": rows, "page": page, "tasks": tasks, "in_notice": in_notice,
        "can_apply": bool(allowed_unit_types(user.organisation)) and user.role in ORGANISATION_ROLES,
        "unit_types": allowed_unit_types(user.organisation), "status": status, "type": unit_type,
        "statuses": CaseStatus.choices, "types": UnitType.choices, "today": wf.today(),
    })


@login_required
def application_create(request, unit_type):
    user = request.user
    if unit_type not in UnitType.values:
        raise Http404
    if user.role not in ORGANISATION_ROLES or unit_type not in allowed_unit_types(user.organisation):
        raise PermissionDenied(_("只有培训机构（申请培训机构）或电商企业、产业基地（申请实践基地）的工作人员可以填报。"))
    plan = default_plan()
    if plan is None:
        messages.error(request, _("尚未载入培训任务和机构数量分配计划，暂不能申报。"))
        return redirect("accreditation:index")
    try:
        actions.check_may_apply(user.organisation, unit_type)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("accreditation:index")
    form = ApplicationForm(request.POST or None, unit_type=unit_type, organisation=user.organisation)
    if request.method == "POST" and form.is_valid():
        application = form.save(commit=False)
        application.plan = plan
        application.created_by = user
        try:
            actions.save_application(application, acting_user=user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("申报表已保存为草稿。请上传第五条要求的材料，然后提交。"))
            return redirect("accreditation:application-detail", application.pk)
    return render(request, "accreditation/application_form.html", {"form": form, "unit_type": UnitType(unit_type)})


def _get_application(request, pk):
    return get_object_or_404(UnitApplication.objects.visible_to(request.user).select_related("region", "organisation", "plan"), pk=pk)


def _is_applicant(user, application) -> bool:
    return user.role in ORGANISATION_ROLES and user.organisation_id == application.organisation_id


@login_required
def application_edit(request, pk):
    application = _get_application(request, pk)
    case = application.case
    if not _is_applicant(request.user, application) or case.status not in (CaseStatus.DRAFT, CaseStatus.RETURNED):
        raise PermissionDenied(_("只有申请单位可以在草稿或退回修改状态下修改申报表。"))
    form = ApplicationForm(request.POST or None, instance=application, unit_type=application.unit_type,
                           organisation=application.organisation)
    if request.method == "POST" and form.is_valid():
        actions.save_application(form.save(commit=False), acting_user=request.user)
        messages.success(request, _("已保存。"))
        return redirect("accreditation:application-detail", application.pk)
    return render(request, "accreditation/application_form.html", {"form": form, "unit_type": UnitType(application.unit_type),
                                                                   "application": application})


@login_required
def application_detail(request, pk):
    user = request.user
    application = _get_application(request, pk)
    case = application.case
    rows = list(StepState.objects.filter(case=case).select_related("decided_by").order_by("round", "order", "-is_lead", "id"))
    my_rows = [r for r in rows if wf.user_can_decide(user, case, r)]
    is_applicant = _is_applicant(user, application)
    final_reviewer = False
    if case.status == CaseStatus.IN_NOTICE:
        try:
            wf._require_final_reviewer(user, case)
            final_reviewer = True
        except PermissionDenied:
            pass
    return render(request, "accreditation/application_detail.html", {
        "application": application, "case": case, "rows": rows, "my_rows": my_rows,
        "decision_form": DecisionForm(), "material_form": MaterialForm(),
        "materials": application.materials.all(), "checks": actions.condition_checks(application),
        "is_applicant": is_applicant, "editable": is_applicant and case.status in (CaseStatus.DRAFT, CaseStatus.RETURNED),
        "final_reviewer": final_reviewer, "objections": case.objections.all(), "resolve_form": ResolveObjectionForm(),
        "recommendation": Recommendation.objects.filter(application=application).select_related("unit").first(),
        "steps": SPEC.steps_for(case.route),
    })


@login_required
@require_POST
def material_upload(request, pk):
    application = _get_application(request, pk)
    case = application.case
    if not _is_applicant(request.user, application) or case.status not in (CaseStatus.DRAFT, CaseStatus.RETURNED):
        raise PermissionDenied
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        actions.add_material(application, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
                             content_type=form.content_type, acting_user=request.user)
        messages.success(request, _("材料已上传。"))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("accreditation:application-detail", pk)


@login_required
def material_download(request, pk, material_id):
    application = _get_application(request, pk)
    material = get_object_or_404(application.materials, pk=material_id)
    return serve_private(request, material.file, filename=material.original_name, content_type=material.content_type,
                         obj=application, note=_("下载申请材料"), inline=True)


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
    return redirect("accreditation:application-detail", pk)


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
        messages.success(request, _("申请已撤回。"))
    return redirect("accreditation:application-detail", pk)


@login_required
@require_POST
def application_decide(request, pk, row_id):
    application = _get_application(request, pk)
    case = application.case
    row = get_object_or_404(StepState, pk=row_id, case=case)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("accreditation:application-detail", pk)
    try:
        wf.decide(case, row, acting_user=request.user, decision=form.cleaned_data["decision"],
                  reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您不能审核此环节。"))
    else:
        messages.success(request, _("审核意见已提交。"))
    return redirect("accreditation:application-detail", pk)


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
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.error(request, _("请选择处理结果并填写处理意见。"))
    return redirect("accreditation:application-detail", pk)


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
        messages.success(request, _("已确认备案，单位已列入名录。"))
    return redirect("accreditation:application-detail", pk)


@login_required
def application_form_export(request, pk, fmt):
    """附件4 (institution) or 附件5 (base) for one application, xlsx or PDF."""
    application = _get_application(request, pk)
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    number = 4 if application.unit_type == UnitType.INSTITUTION else 5
    from .. import exports

    func = getattr(exports, f"form{number}_{fmt}")
    content_type = "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(func(application), content_type=content_type)
    name = f"附件{number}-{application.unit_name}.{fmt}"
    response["Content-Disposition"] = content_disposition(name)
    return response


# --- public notice (公示) ------------------------------------------------------------------------


def notice_list(request):
    """Public: applications in their notice period, with an objection form."""
    cases = Case.objects.filter(workflow=SPEC.code, status=CaseStatus.IN_NOTICE).select_related("region").order_by("notice_ends_on")
    apps = {str(a.pk): a for a in UnitApplication.objects.filter(pk__in=[int(c.subject_id) for c in cases])}
    rows = [(c, apps.get(c.subject_id)) for c in cases]
    return render(request, "accreditation/notice_list.html", {"rows": rows})


def notice_object(request, case_id):
    case = get_object_or_404(Case, pk=case_id, workflow=SPEC.code, status=CaseStatus.IN_NOTICE)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wf.file_objection(case, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("您的异议已提交，审核部门将核实处理。"))
            return redirect("accreditation:notice")
    return render(request, "accreditation/notice_object.html", {"case": case, "form": form})

