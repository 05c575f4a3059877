"""Pages of the lecturers programme. Views validate and call ``actions``; everything starts from ``visible_to``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ectalent.accounts.choices import Role
from ectalent.accounts.models import User
from ectalent.core.errors import error_text
from ectalent.core.uploads import serve_private
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus

from . import actions, eligibility, policy
from .choices import RoundStatus
from .forms import (
    FILE_FIELDS_INSTITUTION, FILE_FIELDS_LECTURER, AttemptForm, ConflictForm, InstitutionApplicationForm,
    JudgementForm, LecturerApplicationForm, ResolutionForm, RoundForm, ScoreForm,
)
from .models import (
    PROVINCE_ROLES, DirectoryEntry, InstitutionApplication, Lecture, LecturerApplication, Seat, SelectionRound,
)
from .workflows import INSTITUTION_WORKFLOW, LECTURER_WORKFLOW


def is_province(user) -> bool:
    return user.is_authenticated and user.role in PROVINCE_ROLES


def _fail(request, exc):
    messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else str(exc))


# --- index ------------------------------------------------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    lecturers = LecturerApplication.objects.visible_to(user).select_related("case", "region")
    institutions = InstitutionApplication.objects.visible_to(user).select_related("case", "region")
    context = {
        "lecturers": lecturers[:50], "institutions": institutions[:50],
        "rounds": SelectionRound.objects.visible_to(user)[:20],
        "my_lectures": actions.lectures_for_judge(user)[:50] if user.role == Role.EXPERT else [],
        "can_apply": user.role == Role.APPLICANT and user.person_id is not None,
        "can_apply_institution": user.role == Role.INSTITUTION_STAFF and user.organisation_id is not None,
        "is_province": is_province(user), "is_city": user.role == Role.CITY_REVIEWER,
        "tasks": list(wf.pending_rows_for(user).filter(case__workflow__in=[LECTURER_WORKFLOW, INSTITUTION_WORKFLOW])[:50]),
        "deadline": policy.param("deadline.jinhua.county_to_city", datetime.date(2017, 9, 25)),
        "deadline_cite": policy.cite("deadline.jinhua.county_to_city", datetime.date(2017, 9, 25)),
        "province_deadline": policy.param("deadline.city_to_province", datetime.date(2017, 9, 25)),
    }
    return render(request, "lecturers/index.html", context)


# --- applications -----------------------------------------------------------------------------------------------


@login_required
def application_create(request):
    user = request.user
    if user.role != Role.APPLICANT or user.person_id is None:
        raise PermissionDenied(_("只有登记了本人档案的个人申请人可以申报。"))
    person = user.person
    initial = {"name": person.name, "gender": person.gender, "ethnicity": person.ethnicity,
               "birth_date": person.birth_date, "employer": person.employer, "job_title": person.job_title,
               "political_status": person.political_status, "phone": person.phone, "email": person.email}
    form = LecturerApplicationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        app = form.save(commit=False)
        app.person, app.region, app.created_by = person, person.region, user
        app.organisation = person.owner_org if person.owner_org and person.owner_org.name == app.employer else \
            _org_named(app.employer)
        app.save()
        try:
            actions.submit_application(app, acting_user=user)
            messages.success(request, _("申报已提交，等待县级初审。"))
        except ValidationError as exc:
            _fail(request, exc)
        return redirect(app)
    return render(request, "lecturers/application_form.html", {"form": form, "title": _("跨境电商讲师申报（附件2）")})


def _org_named(name: str):
    from ectalent.registry.models import Organisation

    return Organisation.objects.filter(name=name).first()


@login_required
def application_detail(request, pk):
    user = request.user
    app = get_object_or_404(LecturerApplication.objects.visible_to(user).select_related("case", "region", "person"), pk=pk)
    if request.method == "POST":
        return _application_post(request, app)
    lectures = [_explain(lec) for lec in app.lectures.filter(round__status=RoundStatus.PUBLISHED).select_related("round")]
    attempts = list(app.attempts.order_by("number"))
    certified = actions.certification_of(app)
    context = {
        "app": app, "case": app.case, "files": _files(app, FILE_FIELDS_LECTURER),
        "decision": eligibility.evaluate(app), "lectures": lectures, "attempts": attempts, "certified": certified,
        "on_list": actions.on_cultivation_list(app),
        "judgement_form": JudgementForm() if user.role in (Role.COUNTY_REVIEWER, Role.CITY_REVIEWER, Role.ASSOCIATION) else None,
        "attempt_form": AttemptForm(initial={"sat_on": timezone.localdate()}) if is_province(user) else None,
        "entry": DirectoryEntry.objects.filter(lecturer=app).select_related("case").first(),
        "is_province": is_province(user), "review_row": _review_row(user, app.case),
    }
    return render(request, "lecturers/application_detail.html", context)


def _application_post(request, app):
    user = request.user
    op = request.POST.get("op")
    try:
        if op == "decide":
            _decide(request, app)
        elif op == "judgement":
            form = JudgementForm(request.POST)
            if not form.is_valid():
                raise ValidationError(list(form.errors.values())[0])
            actions.record_judgement(app, confirmed=form.cleaned_data["confirmed"], note=form.cleaned_data["note"],
                                     acting_user=user)
            messages.success(request, _("已记录审核确认。"))
        elif op == "attempt":
            form = AttemptForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            actions.record_attempt(app, acting_user=user, **form.cleaned_data)
            messages.success(request, _("已录入认证成绩。"))
        elif op == "notice":
            actions.start_notice(app, acting_user=user)
            messages.success(request, _("已进入公示。"))
        else:
            raise ValidationError(_("未知操作。"))
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect(app)


def _review_row(user, case):
    """The pending step row ``user`` may decide on ``case`` (None when none)."""
    if case is None:
        return None
    from ectalent.workflow.models import StepState

    for row in StepState.objects.filter(case=case, round=case.round, step=case.current_step, decision="pending"):
        if wf.user_can_decide(user, case, row):
            return row
    return None


def _decide(request, obj):
    row = _review_row(request.user, obj.case)
    if row is None:
        raise PermissionDenied(_("您不能审核此环节（环节已办结、不属于您的角色或地区）。"))
    wf.decide(obj.case, row, acting_user=request.user, decision=request.POST.get("decision", ""),
              reason=request.POST.get("reason", ""))
    messages.success(request, _("审核意见已提交。"))


def _files(obj, names):
    out = []
    for name in names:
        f = getattr(obj, name)
        out.append({"name": name, "label": obj._meta.get_field(name).verbose_name, "present": bool(f)})
    return out


@login_required
def application_file(request, pk, field):
    app = get_object_or_404(LecturerApplication.objects.visible_to(request.user), pk=pk)
    if field not in FILE_FIELDS_LECTURER or not getattr(app, field):
        raise Http404
    f = getattr(app, field)
    return serve_private(request, f, filename=f"{app.name}-{app._meta.get_field(field).verbose_name}{_ext(f.name)}",
                         content_type=_ctype(f.name), obj=app)


def _ext(name):
    import os

    return os.path.splitext(name)[1]


def _ctype(name):
    return {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}.get(
        _ext(name).lower(), "application/octet-stream")


@login_required
def institution_create(request):
    user = request.user
    if user.role != Role.INSTITUTION_STAFF or user.organisation_id is None:
        raise PermissionDenied(_("只有培训机构工作人员可以申报。"))
    org = user.organisation
    initial = {"name": org.name, "legal_representative": org.legal_representative, "contact_name": org.contact_name,
               "contact_phone": org.contact_phone, "staff_count": org.staff_total}
    form = InstitutionApplicationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        app = form.save(commit=False)
        app.organisation, app.region, app.created_by = org, org.region, user
        app.save()
        try:
            actions.submit_application(app, acting_user=user)
            messages.success(request, _("申报已提交，等待县级初审。"))
        except ValidationError as exc:
            _fail(request, exc)
        return redirect(app)
    return render(request, "lecturers/application_form.html", {"form": form, "title": _("跨境电商培训机构申报（附件3）")})


@login_required
def institution_detail(request, pk):
    app = get_object_or_404(InstitutionApplication.objects.visible_to(request.user).select_related("case", "region"), pk=pk)
    if request.method == "POST":
        try:
            _decide(request, app)
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        return redirect(app)
    return render(request, "lecturers/institution_detail.html", {
        "app": app, "case": app.case, "review_row": _review_row(request.user, app.case), "files": _files(app, FILE_FIELDS_INSTITUTION),
        "recommended": hasattr(app, "recommendation"),
        "limit": policy.param("recommendation.institutions_max"), "limit_cite": policy.cite("recommendation.institutions_max"),
    })


@login_required
def institution_file(request, pk, field):
    app = get_object_or_404(InstitutionApplication.objects.visible_to(request.user), pk=pk)
    if field not in FILE_FIELDS_INSTITUTION or not getattr(app, field):
        raise Http404
    f = getattr(app, field)
    return serve_private(request, f, filename=f"{app.name}-{app._meta.get_field(field).verbose_name}{_ext(f.name)}",
                         content_type=_ctype(f.name), obj=app)


@login_required
def city_summary(request):
    """附件1 浙江省跨境电商师资培训推荐名单汇总表 of the user's city (xlsx)."""
    from . import forms_official

    user = request.user
    if user.role not in (Role.CITY_REVIEWER, *PROVINCE_ROLES):
        raise PermissionDenied
    apps = (LecturerApplication.objects.visible_to(user).filter(case__status=CaseStatus.CONFIRMED)
            .order_by("region__path", "id"))
    return forms_official.annex1_xlsx(apps, unit=str(user.organisation or ""), fmt=request.GET.get("format", "xlsx"))


@login_required
def application_form_file(request, pk, fmt):
    from . import forms_official

    app = get_object_or_404(LecturerApplication.objects.visible_to(request.user), pk=pk)
    return forms_official.respond(forms_official.annex2(app), fmt, f"{forms_official.ANNEX2_TITLE}-{app.name}")


@login_required
def institution_form_file(request, pk, fmt):
    from . import forms_official

    app = get_object_or_404(InstitutionApplication.objects.visible_to(request.user), pk=pk)
    return forms_official.respond(forms_official.annex3(app), fmt, f"{forms_official.ANNEX3_TITLE}-{app.name}")


# --- rounds and lectures ----------------------------------------------------------------------------------------


@login_required
def round_list(request):
    user = request.user
    rounds = SelectionRound.objects.visible_to(user).annotate(n=Count("lectures"))
    if not (is_province(user) or user.role == Role.EXPERT):
        rounds = SelectionRound.objects.filter(status=RoundStatus.PUBLISHED).annotate(n=Count("lectures"))
    return render(request, "lecturers/round_list.html", {"rounds": rounds, "is_province": is_province(user)})


@login_required
def round_create(request):
    if not is_province(request.user):
        raise PermissionDenied
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        r = form.save()
        from ectalent.audit.actions import record
        from ectalent.audit.models import AuditAction

        record(AuditAction.CREATE, r, actor=request.user, after={"name": r.name})
        return redirect(r)
    return render(request, "lecturers/round_form.html", {"form": form})


@login_required
def round_detail(request, pk):
    user = request.user
    r = get_object_or_404(SelectionRound, pk=pk)
    if r.status != RoundStatus.PUBLISHED and not SelectionRound.objects.visible_to(user).filter(pk=pk).exists():
        raise Http404
    if request.method == "POST":
        return _round_post(request, r)
    lectures = list(r.lectures.select_related("lecturer", "institution").prefetch_related("seats__judge", "seats__score"))
    manage = is_province(user)
    rows = []
    for lec in lectures:
        seats = list(lec.seats.all())
        if not manage and r.status != RoundStatus.PUBLISHED and not any(s.judge_id == user.pk for s in seats):
            continue
        res = actions.lecture_result(lec, seats) if manage else None
        rows.append({"lecture": lec, "seats": seats, "result": res,
                     "unresolved": manage and res is not None and actions.unresolved_divergence(lec, res)})
    if r.status == RoundStatus.PUBLISHED:
        rows.sort(key=lambda x: (x["lecture"].rank is None, x["lecture"].rank or 0))
    candidates = []
    if manage and r.status != RoundStatus.PUBLISHED:
        model = LecturerApplication if r.kind == "lecturers" else InstitutionApplication
        candidates = model.objects.filter(case__status=CaseStatus.CONFIRMED).exclude(lectures__round=r)[:200]
    return render(request, "lecturers/round_detail.html", {
        "round": r, "rows": rows, "manage": manage, "candidates": candidates,
        "experts": User.objects.filter(role=Role.EXPERT, is_active=True).order_by("username") if manage else [],
        "blockers": actions.publication_blockers(r) if manage and r.status == RoundStatus.SCORING else [],
    })


def _round_post(request, r):
    user = request.user
    op = request.POST.get("op")
    try:
        if op == "lecture":
            model = LecturerApplication if r.kind == "lecturers" else InstitutionApplication
            candidate = get_object_or_404(model, pk=request.POST.get("candidate"))
            starts = timezone.make_aware(datetime.datetime.fromisoformat(request.POST.get("starts_at") or f"{r.held_on} 09:00"))
            lec = actions.add_lecture(r, candidate=candidate, starts_at=starts, topic=request.POST.get("topic", ""),
                                      acting_user=user)
            for judge in User.objects.filter(pk__in=request.POST.getlist("judges"), role=Role.EXPERT):
                seat = actions.seat_judge(lec, judge, acting_user=user)
                if seat.recused:
                    messages.warning(request, _("%(j)s 与被评者存在利益冲突，已回避：%(r)s") % {
                        "j": judge.display_name or judge.username, "r": seat.conflict_reason})
        elif op == "seat":
            lec = get_object_or_404(Lecture, pk=request.POST.get("lecture"), round=r)
            judge = get_object_or_404(User, pk=request.POST.get("judge"))
            seat = actions.seat_judge(lec, judge, acting_user=user)
            if seat.recused:
                messages.warning(request, _("%(j)s 与被评者存在利益冲突，已回避：%(r)s") % {
                    "j": judge.display_name or judge.username, "r": seat.conflict_reason})
        elif op == "start":
            actions.start_scoring(r, acting_user=user)
        elif op == "publish":
            actions.publish_round(r, acting_user=user)
            messages.success(request, _("已公布遴选结果。"))
        else:
            raise ValidationError(_("未知操作。"))
    except (ValidationError, PermissionDenied, ValueError) as exc:
        _fail(request, exc)
    return redirect(r)


def _lecture_for(user, pk) -> tuple[Lecture, Seat | None]:
    lecture = get_object_or_404(Lecture.objects.select_related("round", "lecturer", "institution"), pk=pk)
    if is_province(user):
        return lecture, None
    seat = Seat.objects.filter(lecture=lecture, judge=user).first() if user.is_authenticated else None
    if seat is None:
        raise Http404
    return lecture, seat


@login_required
def lecture_detail(request, pk):
    user = request.user
    lecture, my_seat = _lecture_for(user, pk)
    if request.method == "POST":
        return _lecture_post(request, lecture, my_seat)
    seats = actions.seats_of(lecture)
    sealed = my_seat is not None and not actions.all_scored(lecture, seats)
    result = None if sealed else actions.lecture_result(lecture, seats)
    my_score = actions._score(my_seat) if my_seat else None
    return render(request, "lecturers/lecture_detail.html", {
        "lecture": lecture, "round": lecture.round, "seats": seats, "my_seat": my_seat, "my_score": my_score,
        "sealed": sealed, "result": result, "is_province": is_province(user),
        "is_chair": lecture.round.chair_id == user.pk,
        "unresolved": result is not None and actions.unresolved_divergence(lecture, result),
        "score_form": ScoreForm(initial={"value": my_score.value} if my_score else None),
        "conflict_form": ConflictForm(), "resolution_form": ResolutionForm(),
        "resolutions": lecture.resolutions.select_related("decided_by"),
        "scoring": lecture.round.status == RoundStatus.SCORING,
    })


def _lecture_post(request, lecture, my_seat):
    user = request.user
    op = request.POST.get("op")
    try:
        if op == "score":
            seat = my_seat or get_object_or_404(Seat, pk=request.POST.get("seat"), lecture=lecture)
            form = ScoreForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            actions.save_score(seat, form.cleaned_data["value"], acting_user=user)
            messages.success(request, _("评分已保存。") if my_seat else _("纸质评分已录入，待另一人核对确认。"))
        elif op == "confirm":
            seat = get_object_or_404(Seat, pk=request.POST.get("seat"), lecture=lecture)
            actions.confirm_score(seat.score, acting_user=user)
            messages.success(request, _("已核对确认。"))
        elif op == "conflict" and my_seat:
            form = ConflictForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请说明利益冲突的情况。"))
            actions.declare_conflict(my_seat, reason=form.cleaned_data["reason"], acting_user=user)
            messages.success(request, _("已申报利益冲突并回避。"))
        elif op == "resolve":
            form = ResolutionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择处理方式并填写理由。"))
            actions.resolve_divergence(lecture, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"],
                                       acting_user=user)
            messages.success(request, _("已记录分歧处理。"))
        else:
            raise ValidationError(_("未知操作。"))
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect("lecturers:lecture-detail", lecture.pk)


def _explain(lecture: Lecture) -> dict:
    """What a lecturer sees of their own lecture: each mark by seat, which were dropped, recused seats, the mean,
    the spread and the rule version."""
    seats = actions.seats_of(lecture)
    result = actions.lecture_result(lecture, seats)
    marks = []
    for seat in seats:
        s = actions._score(seat)
        label = str(seat.seat_label)
        marks.append({"seat": label, "value": s.value if s and s.confirmed else None, "recused": seat.recused,
                      "dropped": label in result.dropped})
    return {"lecture": lecture, "result": result, "marks": marks, "round": lecture.round}


# --- directory (public) -----------------------------------------------------------------------------------------


def directory(request):
    entries = (DirectoryEntry.objects.filter(listed_on__isnull=False)
               .select_related("lecturer", "city", "lecturer__cohort_member__cohort__institution"))
    city, direction, institution = (request.GET.get(k, "").strip() for k in ("city", "direction", "institution"))
    if city:
        entries = entries.filter(city__code=city)
    if direction:
        entries = entries.filter(lecturer__direction__icontains=direction)
    if institution:
        entries = entries.filter(Q(lecturer__cohort_member__cohort__institution__name__icontains=institution)
                                 | Q(lecturer__employer__icontains=institution))
    from ectalent.regions.models import Region

    cities = Region.objects.filter(code__in=DirectoryEntry.objects.values("city")).order_by("code")
    return render(request, "lecturers/directory.html", {"entries": entries[:500], "cities": cities,
                                                        "q": {"city": city, "direction": direction, "institution": institution}})


def directory_entry(request, pk):
    entry = get_object_or_404(DirectoryEntry.objects.filter(listed_on__isnull=False)
                              .select_related("lecturer", "city"), pk=pk)
    return render(request, "lecturers/directory_entry.html", {"entry": entry, "app": entry.lecturer})


# --- targets ----------------------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    from . import targets

    user = request.user
    if not (user.role in (Role.CITY_REVIEWER, Role.COUNTY_REVIEWER, *PROVINCE_ROLES) or user.is_superuser):
        raise PermissionDenied
    return render(request, "lecturers/dashboard.html", targets.dashboard(user))


