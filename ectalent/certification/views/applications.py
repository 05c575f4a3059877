"""Applications (报名): filing one, a training institution's roster, the centre's pre-check, correction."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ectalent.core.errors import error_text
from ectalent.core.uploads import serve_private
from ectalent.jobs.actions import start_job
from ectalent.registry.models import Person
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus
from ectalent.workflow.models import StepState

from .. import actions, policy
from ..choices import DIRECTION_LEVELS
from ..filtersets import CertApplicationFilterSet
from ..forms import (
    ROSTER_HEADER,
    ApplicationForm,
    DecisionForm,
    EvidenceForm,
    RosterForm,
)
from ..models import CertApplication, ExamSession
from ..workflows import SPEC
from .sessions import is_applicant, is_institution


def _get_application(request, pk) -> CertApplication:
    qs = CertApplication.objects.visible_to(request.user).select_related(
        "session", "person", "person__region", "institution", "practice_base", "submitted_by")
    return get_object_or_404(qs, pk=pk)


def _is_owner(user, application) -> bool:
    """Who may correct, add proof and withdraw: the applicant themselves, or the institution that filed it."""
    if is_applicant(user) and user.person_id == application.person_id:
        return True
    return is_institution(user) and application.institution_id == user.organisation_id


def _trainees(user):
    return Person.objects.visible_to(user).filter(owner_org=user.organisation).order_by("name")


@login_required
def application_list(request):
    user = request.user
    base = CertApplication.objects.visible_to(user).select_related("session", "person", "person__region", "institution")
    filterset = CertApplicationFilterSet(request.GET or None, queryset=base, user=user)
    page = Paginator(filterset.qs.order_by("-id"), 50).get_page(request.GET.get("page"))
    cases = actions.cases_by_application(page.object_list)
    rows = [(a, cases.get(a.pk)) for a in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "certification/application_list.html",
                  {"rows": rows, "page": page, "filter": filterset, "query": query.urlencode()})


@login_required
def application_create(request, pk):
    user = request.user
    session = get_object_or_404(ExamSession.objects.visible_to(user), pk=pk)
    if not (is_applicant(user) or is_institution(user)):
        raise PermissionDenied(_("只有个人申请人或培训机构（为本机构学员代报）可以报名。"))
    on = actions.today()
    refusal = actions.window_problem(session, on) or policy.level_opening(session.level, on).reason
    if refusal:
        messages.error(request, refusal)
        return redirect("certification:session-detail", pk)
    people = _trainees(user) if is_institution(user) else None
    form = ApplicationForm(request.POST or None, request.FILES or None, session=session, people=people)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"] if people is not None else user.person
        try:
            application = actions.apply(
                session, person, directions=form.directions_value(), practice=form.practice(), acting_user=user,
                institution=user.organisation if is_institution(user) else None, evidence=form.evidence())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("报名已提交，等待培训认证中心资格初审。"))
            return redirect("certification:application-detail", application.pk)
    return render(request, "certification/application_form.html", {
        "form": form, "session": session, "application": None, "is_direction_level": session.level in DIRECTION_LEVELS,
        "people_count": people.count() if people is not None else None,
    })


@login_required
def application_edit(request, pk):
    """Correct a returned application and resubmit it (eligibility is computed again)."""
    user = request.user
    application = _get_application(request, pk)
    case = application.case
    if not _is_owner(user, application) or case is None or case.status != CaseStatus.RETURNED:
        raise PermissionDenied(_("只有报名人可以在“退回修改”状态下修改报名。"))
    session = application.session
    form = ApplicationForm(request.POST or None, request.FILES or None, session=session, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            actions.resubmit(application, directions=form.directions_value(), practice=form.practice(),
                             evidence=form.evidence(), acting_user=user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("已修改并重新提交，等待资格初审。"))
            return redirect("certification:application-detail", pk)
    return render(request, "certification/application_form.html", {
        "form": form, "session": session, "application": application, "case": case,
        "is_direction_level": session.level in DIRECTION_LEVELS, "evidence": application.evidence.all(),
    })


def _facts_view(facts: dict) -> dict:
    from ectalent.registry.choices import (
        CertificateLevel,
        EducationLevel,
        EducationStatus,
        TrainingLevel,
    )

    def label(choices, value):
        try:
            return choices(value).label
        except ValueError:
            return value

    return {
        "as_of": facts.get("as_of"),
        "education": [{**e, "level_label": label(EducationLevel, e.get("level")), "status_label": label(EducationStatus, e.get("status"))}
                      for e in facts.get("education", [])],
        "employment": facts.get("employment", []),
        "certificates": [{**c, "level_label": label(CertificateLevel, c.get("level"))} for c in facts.get("certificates", [])],
        "trainings": [{**t, "level_label": label(TrainingLevel, t.get("level"))} for t in facts.get("trainings", [])],
    }


@login_required
def application_detail(request, pk):
    user = request.user
    application = _get_application(request, pk)
    case = application.case
    rows = list(StepState.objects.filter(case=case).select_related("decided_by").order_by("round", "order", "id")) if case else []
    my_row = next((r for r in rows if wf.user_can_decide(user, case, r)), None)
    owner = _is_owner(user, application)
    months = None
    if application.practice_start and application.practice_end:
        months = policy.full_months(application.practice_start, application.practice_end)
    return render(request, "certification/application_detail.html", {
        "application": application, "case": case, "rows": rows, "my_row": my_row, "steps": SPEC.steps,
        "answer": application.eligibility, "facts": _facts_view(application.facts or {}),
        "directions": [_(policy.direction_label(d)) for d in application.directions],
        "evidence": application.evidence.all(), "owner": owner, "practice_months": months,
        "decision_form": DecisionForm(), "evidence_form": EvidenceForm(),
        "can_add_evidence": owner and case is not None and case.status in (CaseStatus.IN_REVIEW, CaseStatus.RETURNED),
        "can_withdraw": owner and case is not None and case.status in (CaseStatus.IN_REVIEW, CaseStatus.RETURNED),
        "level_name": _(policy.level_name(application.session.level)),
    })


@login_required
@require_POST
def application_decide(request, pk):
    application = _get_application(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("certification:application-detail", pk)
    try:
        actions.precheck(application, acting_user=request.user, accept=form.cleaned_data["decision"] == "accept",
                         reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您不能办理此报名的资格初审。"))
    else:
        messages.success(request, _("初审意见已提交。") if form.cleaned_data["decision"] == "accept"
                         else _("已退回报名人修改。"))
    return redirect("certification:application-detail", pk)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _get_application(request, pk)
    if not _is_owner(request.user, application):
        raise PermissionDenied
    try:
        actions.withdraw(application, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("报名已撤回，名额已释放。"))
    return redirect("certification:application-detail", pk)


@login_required
@require_POST
def evidence_upload(request, pk):
    application = _get_application(request, pk)
    if not _is_owner(request.user, application):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_evidence(application, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
                                 content_type=form.content_type, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("材料已上传。"))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("certification:application-detail", pk)


@login_required
def evidence_download(request, pk, evidence_id):
    application = _get_application(request, pk)
    item = get_object_or_404(application.evidence, pk=evidence_id)
    return serve_private(request, item.file, filename=item.original_name, content_type=item.content_type,
                         obj=application, note=_("下载证明材料"), inline=True)


@login_required
@require_POST
def evidence_delete(request, pk, evidence_id):
    application = _get_application(request, pk)
    if not _is_owner(request.user, application):
        raise PermissionDenied
    item = get_object_or_404(application.evidence, pk=evidence_id)
    try:
        actions.remove_evidence(item, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("材料已删除。"))
    return redirect("certification:application-edit", pk)


@login_required
def roster_upload(request, pk):
    """A training institution files applications for its trainees from an xlsx roster: all rows or none."""
    user = request.user
    if not is_institution(user):
        raise PermissionDenied(_("只有培训机构可以批量代报。"))
    session = get_object_or_404(ExamSession.objects.visible_to(user), pk=pk)
    form = RosterForm(request.POST or None, request.FILES or None, session=session, institution=user.organisation)
    if request.method == "POST" and form.is_valid():
        # Read, checked row by row and filed (all or none) by the worker; the job page shows progress and errors.
        job = start_job(handler="ectalent.certification.tasks.import_application_roster",
                        label=_("批量代报：%(name)s") % {"name": session.name}, user=user,
                        params={"session": session.pk}, upload=form.cleaned_data["file"], obj=session)
        return redirect(job.get_absolute_url())
    return render(request, "certification/roster_upload.html", {
        "form": form, "session": session, "header": ROSTER_HEADER,
        "directions": [_(policy.direction_label(d)) for d in session.directions],
        "is_direction_level": session.level in DIRECTION_LEVELS,
    })


@login_required
def roster_template(request, pk):
    """An xlsx template for the roster of one session: the header, the ID column as text, one example row."""
    from ectalent.core.exports import Book, xlsx_response

    session = get_object_or_404(ExamSession.objects.visible_to(request.user), pk=pk)
    book = Book()
    sheet = book.sheet("报名名单")
    bold = book.format(bold=True, bg_color="#DDEBF7", border=1)
    text = book.format(num_format="@")
    for col, name in enumerate(ROSTER_HEADER):
        sheet.set_column(col, col, 22, text if name == "身份证号" else None)
    sheet.row(0, ROSTER_HEADER, bold)
    example = ["张三", "", "、".join(policy.direction_label(d) for d in session.directions[:2]), "企业实习", "",
               "义乌某电子商务有限公司", "2025-01-01", "2025-03-31"]
    sheet.row(1, example)
    notes = book.sheet("填写说明")
    lines = [
        "每行一名考生；考生须已在人员库中由本机构登记（含学历、工作经历等记录），申报资格按这些记录判定。",
        "报考方向：填方向名称或代码，多个用逗号或顿号分隔；本批次开考方向：" + "、".join(policy.direction_label(d) for d in session.directions),
        "实践方式：填“实践基地”（同时填实践基地备案编号）或“企业实习”（同时填实习企业）。",
        "实践开始、实践结束：日期，如 2025-03-02；实践须在考试开始前完成。",
        "整份名单校验通过才会导入；有任何错误都不写入，并列出每处错误的行和列。",
    ]
    for i, line in enumerate(lines):
        notes.cell(i, 0, line)
    return xlsx_response(book, f"报名名单模板-{session.code}.xlsx")
