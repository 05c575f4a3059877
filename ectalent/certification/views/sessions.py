"""The certification index per role, and exam sessions (考试批次): public list and page, the centre's editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ectalent.accounts.choices import OFFICIAL_ROLES, Role
from ectalent.core.errors import error_text
from ectalent.workflow import actions as wf

from .. import actions, policy
from ..choices import SessionStatus
from ..filtersets import ExamSessionFilterSet
from ..forms import SessionForm
from ..models import CertApplication, ExamSession
from ..workflows import WORKFLOW


def is_centre(user) -> bool:
    return user.is_authenticated and user.role == Role.CERT_CENTRE


def is_institution(user) -> bool:
    return user.is_authenticated and user.role == Role.INSTITUTION_STAFF and user.organisation_id is not None


def is_applicant(user) -> bool:
    return user.is_authenticated and user.role == Role.APPLICANT and user.person_id is not None



def _session_rows(sessions, on):
    rows = []
    for s in sessions:
        rows.append({
            "session": s, "left": max(s.places - s.taken, 0),
            "open": actions.is_open_for_applications(s, on),
            "directions": [_(policy.direction_label(d)) for d in s.directions],
        })
    return rows


def open_sessions(user, on):
    qs = actions.with_places(ExamSession.objects.visible_to(user).filter(
        status=SessionStatus.PUBLISHED, applications_open__lte=on, applications_close__gte=on)).order_by("applications_close")
    return _session_rows(qs, on)


@login_required
def index(request):
    user = request.user
    on = actions.today()
    context = {"today": on, "role": "other"}
    apps = CertApplication.objects.visible_to(user).select_related("session", "person", "institution")
    if is_centre(user):
        sessions = actions.with_places(ExamSession.objects.visible_to(user)).order_by("-exam_starts")[:20]
        tasks = list(wf.pending_rows_for(user).filter(case__workflow=WORKFLOW).order_by("case__submitted_at")[:100])
        context.update(role="centre", sessions=_session_rows(sessions, on), tasks=tasks,
                       task_count=wf.pending_rows_for(user).filter(case__workflow=WORKFLOW).count())
    elif is_applicant(user) or is_institution(user):
        recent = list(apps[:50])
        cases = actions.cases_by_application(recent)
        context.update(role="applicant" if is_applicant(user) else "institution",
                       applications=[(a, cases.get(a.pk)) for a in recent], open=open_sessions(user, on))
    else:
        sessions = actions.with_places(ExamSession.objects.visible_to(user)).order_by("-exam_starts")[:20]
        recent = list(apps[:50]) if user.role in OFFICIAL_ROLES or user.is_platform_admin else []
        cases = actions.cases_by_application(recent)
        context.update(sessions=_session_rows(sessions, on), applications=[(a, cases.get(a.pk)) for a in recent])
    return render(request, "certification/index.html", context)


def session_list(request):
    """Public: the published sessions with level, directions, courses, dates and places left."""
    on = actions.today()
    base = ExamSession.objects.visible_to(request.user)
    filterset = ExamSessionFilterSet(request.GET or None, queryset=base)
    qs = actions.with_places(filterset.qs).order_by("-applications_close")
    rows = _session_rows(qs, on)
    for row in rows:
        row["courses"] = policy.courses_for(row["session"].level, row["session"].directions)
    return render(request, "certification/session_list.html", {"rows": rows, "filter": filterset, "today": on,
                                                                "can_create": is_centre(request.user)})


def session_detail(request, pk):
    user = request.user
    on = actions.today()
    session = get_object_or_404(actions.with_places(ExamSession.objects.visible_to(user)), pk=pk)
    level_courses = policy.load_courses()[session.level]
    opening = policy.level_opening(session.level, on)
    own_application = None
    if is_applicant(user):
        own_application = CertApplication.objects.filter(session=session, person_id=user.person_id).first()
    count_apps = None
    if is_centre(user):
        count_apps = session.applications.count()
    return render(request, "certification/session_detail.html", {
        "session": session, "left": max(session.places - session.taken, 0), "today": on,
        "is_open": actions.is_open_for_applications(session, on), "window_problem": actions.window_problem(session, on),
        "opening": opening, "courses": policy.courses_for(session.level, session.directions), "level_courses": level_courses,
        "directions": [_(policy.direction_label(d)) for d in session.directions],
        "min_directions": policy.min_directions(session.level, on),
        "base_months": policy.required_practice_months("base", on),
        "internship_months": policy.required_practice_months("internship", on),
        "practice_cite": policy.practice_cite("base", on),
        "is_centre": is_centre(user), "is_applicant": is_applicant(user), "is_institution": is_institution(user),
        "own_application": own_application, "count_apps": count_apps,
    })


def _require_centre(user):
    if not is_centre(user):
        raise PermissionDenied(_("只有培训认证中心可以管理考试批次。"))


@login_required
def session_create(request):
    _require_centre(request.user)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.save_session(form.save(commit=False), acting_user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("考试批次已保存（未发布）。核对无误后点击“发布”。"))
            return redirect("certification:session-detail", session.pk)
    return render(request, "certification/session_form.html", {"form": form, "session": None})


@login_required
def session_edit(request, pk):
    _require_centre(request.user)
    session = get_object_or_404(ExamSession.objects.visible_to(request.user), pk=pk)
    if session.status not in (SessionStatus.DRAFT, SessionStatus.PUBLISHED):
        messages.error(request, _("报名已截止的批次不能再修改。"))
        return redirect("certification:session-detail", pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_session(form.save(commit=False), acting_user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("certification:session-detail", pk)
    return render(request, "certification/session_form.html", {"form": form, "session": session})


@login_required
@require_POST
def session_publish(request, pk):
    _require_centre(request.user)
    session = get_object_or_404(ExamSession.objects.visible_to(request.user), pk=pk)
    try:
        actions.publish_session(session, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, _("不能发布：") + error_text(exc))
    else:
        messages.success(request, _("考试批次已发布，考生可在报名时间内报名。"))
    return redirect("certification:session-detail", pk)


@login_required
@require_POST
def session_close(request, pk):
    _require_centre(request.user)
    session = get_object_or_404(ExamSession.objects.visible_to(request.user), pk=pk)
    try:
        actions.close_session(session, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已截止报名。"))
    return redirect("certification:session-detail", pk)
