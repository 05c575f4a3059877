"""Every change in the lecturers programme: one function per action, one transaction, its audit event.

Panel scoring follows spec/lecturers.md through ``scoring`` (the same rules as ``ectalent lecturers panel``):
a seat's score counts only when confirmed (a judge's own entry is confirmed at once; a clerk's entry from the
paper sheet needs a second person) and never when the judge is recused.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ectalent.accounts.choices import Role
from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.core.i18n import shown, stored
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus

from . import policy, scoring
from .choices import ROUND_TRANSITIONS, RoundStatus
from .models import (
    CertAttempt, CityRecommendation, DirectoryEntry, InstitutionApplication, Lecture, LecturerApplication,
    Resolution, Score, Seat, SelectionRound,
)
from .workflows import INSTITUTION_WORKFLOW, LECTURER_WORKFLOW, NOTICE_WORKFLOW


def _city_of(region):
    """The city (地级市) a region belongs to."""
    node = region
    while node is not None and node.level not in ("city", "province"):
        node = node.parent
    return node if node is not None and node.level == "city" else region


# --- applications --------------------------------------------------------------------------------------------


def submit_application(application, *, acting_user):
    """Open (if needed) and submit the review case of a lecturer's or an institution's application."""
    workflow = LECTURER_WORKFLOW if isinstance(application, LecturerApplication) else INSTITUTION_WORKFLOW
    with transaction.atomic():
        if application.case_id is None:
            case = wf.open_case(
                workflow=workflow, subject=application, region=application.region, acting_user=acting_user,
                organisation=application.organisation,
                person=getattr(application, "person", None),
            )
            type(application).objects.filter(pk=application.pk).update(case=case)
            application.case = case
        return wf.submit(application.case, acting_user=acting_user)


def before_step_approved(case, step, user):
    """Workflow hook: the city's approval is its recommendation. Institutions: at most ``institutions_max`` per city
    (the city row is locked before counting, so two reviewers cannot both take the last place)."""
    if step.code != "city":
        return
    if case.workflow == LECTURER_WORKFLOW:
        LecturerApplication.objects.filter(pk=case.subject_id).update(recommended_by=user.organisation)
        return
    if case.workflow != INSTITUTION_WORKFLOW:
        return
    from ectalent.regions.models import Region

    application = InstitutionApplication.objects.get(pk=case.subject_id)
    city = _city_of(application.region)
    Region.objects.select_for_update().filter(pk=city.pk).first()
    limit = policy.param("recommendation.institutions_max")
    taken = CityRecommendation.objects.filter(city=city).exclude(application=application).count()
    if taken >= limit:
        raise ValidationError(
            _("%(city)s已推荐 %(n)d 家培训机构，每市最多推荐 %(max)d 家（%(cite)s），不能再推荐。")
            % {"city": city.name, "n": taken, "max": limit, "cite": policy.cite("recommendation.institutions_max")},
            code="institutions_full")
    CityRecommendation.objects.get_or_create(application=application, defaults={"city": city, "recommended_by": user})
    InstitutionApplication.objects.filter(pk=application.pk).update(recommended_by=user.organisation, city=city)


def after_status_change(case, old, new, user):
    """Workflow hook: a 公示 confirmed puts the lecturer in the directory (名录)."""
    if case.workflow == NOTICE_WORKFLOW and new == CaseStatus.CONFIRMED:
        DirectoryEntry.objects.filter(pk=case.subject_id).update(listed_on=timezone.localdate())


def record_judgement(application: LecturerApplication, *, confirmed: bool, note: str, acting_user):
    """A reviewer confirms (or denies) the judgements of 二 (training experience, sales results, theory and
    practice), with a note."""
    from .choices import Judgement

    if not note.strip():
        raise ValidationError(_("请填写审核说明。"), code="note_required")
    if acting_user.role not in (Role.COUNTY_REVIEWER, Role.CITY_REVIEWER, Role.ASSOCIATION):
        raise PermissionDenied(_("只有审核人员可以确认申报条件。"))
    with transaction.atomic():
        before = application.judgement
        application.judgement = Judgement.CONFIRMED if confirmed else Judgement.DENIED
        application.judgement_note = note.strip()
        application.judged_by = acting_user
        application.save(update_fields=["judgement", "judgement_note", "judged_by"])
        record(AuditAction.UPDATE, application, actor=acting_user, before={"judgement": before},
               after={"judgement": application.judgement}, note=note[:500], region_id=application.region_id)
    return application


# --- the panel -------------------------------------------------------------------------------------------------


def _checked(value, label, **kw) -> Decimal:
    try:
        return scoring.check_score(value, label, **kw)
    except scoring.ScoreError as exc:
        raise ValidationError(str(exc), code="score") from None


def detect_conflict(judge, lecture: Lecture) -> str:
    """A conflict found in the registry: the judge belongs to the candidate's own organisation, or to the
    organisation that recommended them. Empty when none."""
    org = judge.organisation_id
    if not org:
        return ""
    candidate = lecture.candidate
    if candidate.organisation_id == org:
        return stored(gettext_noop("评委与被评者同属一个单位（%(org)s）"), org=str(judge.organisation))
    if candidate.recommended_by_id == org:
        return stored(gettext_noop("评委所在单位（%(org)s）推荐了被评者"), org=str(judge.organisation))
    return ""


def _require_round_manager(user, round_: SelectionRound) -> None:
    if not (user.role in (Role.ASSOCIATION, Role.PROVINCE_ADMIN) and user.is_active):
        raise PermissionDenied(_("只有省电子商务促进会可以组织遴选。"))


def _round_status(round_: SelectionRound, to: str, *, acting_user, **fields) -> SelectionRound:
    old = round_.status
    if to not in ROUND_TRANSITIONS[RoundStatus(old)]:
        raise ValidationError(_("遴选场次不能从“%(a)s”变为“%(b)s”。") % {"a": RoundStatus(old).label, "b": RoundStatus(to).label})
    changed = SelectionRound.objects.filter(pk=round_.pk, status=old, version=round_.version).update(
        status=to, version=F("version") + 1, **fields)
    if changed != 1:
        raise wf.ConcurrentChange(_("该遴选场次已被他人处理，请刷新页面。"), code="concurrent")
    round_.refresh_from_db()
    record(AuditAction.TRANSITION, round_, actor=acting_user, before={"status": old}, after={"status": to})
    return round_


def add_lecture(round_: SelectionRound, *, candidate, starts_at, topic: str = "", acting_user) -> Lecture:
    _require_round_manager(acting_user, round_)
    if round_.status == RoundStatus.PUBLISHED:
        raise ValidationError(_("该场次已公布，不能再安排讲演。"))
    field = "lecturer" if isinstance(candidate, LecturerApplication) else "institution"
    if candidate.case is None or candidate.case.status != CaseStatus.CONFIRMED:
        raise ValidationError(_("只有经市级推荐的申报才能参加遴选。"), code="not_recommended")
    with transaction.atomic():
        lecture = Lecture.objects.create(round=round_, starts_at=starts_at, topic=topic, **{field: candidate})
        record(AuditAction.CREATE, lecture, actor=acting_user, after={"round": round_.pk, field: candidate.pk})
    return lecture


def seat_judge(lecture: Lecture, judge, *, acting_user, number: int | None = None) -> Seat:
    """Seat an expert judge on a lecture; a conflict found in the registry recuses them at once."""
    _require_round_manager(acting_user, lecture.round)
    if judge.role != Role.EXPERT:
        raise ValidationError(_("只有评审专家可以担任评委。"), code="not_expert")
    if lecture.round.status == RoundStatus.PUBLISHED:
        raise ValidationError(_("该场次已公布，不能再安排评委。"))
    with transaction.atomic():
        if Seat.objects.filter(lecture=lecture, judge=judge).exists():
            raise ValidationError(_("该评委已在本场讲演就座。"), code="duplicate")
        number = number or (Seat.objects.filter(lecture=lecture).count() + 1)
        reason = detect_conflict(judge, lecture)
        seat = Seat.objects.create(lecture=lecture, judge=judge, number=number, recused=bool(reason),
                                   conflict_reason=reason)
        record(AuditAction.CREATE, seat, actor=acting_user,
               after={"judge": judge.pk, "number": number, "recused": seat.recused}, note=reason)
    return seat


def declare_conflict(seat: Seat, *, reason: str, acting_user) -> Seat:
    """The judge declares a conflict of interest: recused, any score they gave no longer counts."""
    if acting_user.pk != seat.judge_id:
        raise PermissionDenied(_("只有评委本人可以申报利益冲突。"))
    if not reason.strip():
        raise ValidationError(_("请说明利益冲突的情况。"), code="reason_required")
    with transaction.atomic():
        Seat.objects.filter(pk=seat.pk).update(recused=True, conflict_reason=reason.strip()[:255])
        seat.refresh_from_db()
        record(AuditAction.UPDATE, seat, actor=acting_user, after={"recused": True}, note=reason[:500])
    return seat


def save_score(seat: Seat, value, *, acting_user) -> Score:
    """A judge's own score (counts at once) or a clerk's entry from the paper sheet (waits for confirmation).
    Refused when the judge is recused or a conflict is found now, or the round is not scoring."""
    lecture = seat.lecture
    if lecture.round.status != RoundStatus.SCORING:
        raise ValidationError(_("该场次不在评分阶段。"), code="not_scoring")
    own = acting_user.pk == seat.judge_id
    if not own and acting_user.role != Role.ASSOCIATION:
        raise PermissionDenied(_("只能为自己的席位评分；纸质评分表由促进会工作人员录入。"))
    value = _checked(value, _("评分"))
    with transaction.atomic():  # a conflict found now recuses the judge (kept), then the score is refused
        seat = Seat.objects.select_for_update().get(pk=seat.pk)
        reason = detect_conflict(seat.judge, lecture)
        if reason and not seat.recused:
            Seat.objects.filter(pk=seat.pk).update(recused=True, conflict_reason=reason)
            record(AuditAction.UPDATE, seat, actor=acting_user, after={"recused": True}, note=reason)
            seat.refresh_from_db()
    if seat.recused:
        raise PermissionDenied(_("该评委已回避（%(r)s），不能评分。") % {"r": shown(seat.conflict_reason)})
    with transaction.atomic():
        seat = Seat.objects.select_for_update().get(pk=seat.pk)
        if seat.recused:
            raise PermissionDenied(_("该评委已回避，不能评分。"))
        now = timezone.now()
        before = None
        try:
            score = Score.objects.get(seat=seat)
            before = {"value": str(score.value)}
            score.value, score.entered_by = value, acting_user
            score.confirmed_by, score.confirmed_at = (acting_user, now) if own else (None, None)
            score.save()
        except Score.DoesNotExist:
            score = Score.objects.create(seat=seat, value=value, entered_by=acting_user,
                                         confirmed_by=acting_user if own else None, confirmed_at=now if own else None)
        record(AuditAction.UPDATE if before else AuditAction.CREATE, score, actor=acting_user, before=before,
               after={"value": str(value), "seat": seat.number, "confirmed": own},
               object_repr=f"{lecture} · {seat.seat_label}")
    return score


def confirm_score(score: Score, *, acting_user) -> Score:
    """The second person confirms a clerk's entry against the paper sheet."""
    if acting_user.role != Role.ASSOCIATION:
        raise PermissionDenied(_("只有促进会工作人员可以核对确认纸质评分。"))
    if score.entered_by_id == acting_user.pk:
        raise PermissionDenied(_("录入人不能确认自己录入的评分，须由另一人核对。"))
    with transaction.atomic():
        changed = Score.objects.filter(pk=score.pk, confirmed_by__isnull=True).update(
            confirmed_by=acting_user, confirmed_at=timezone.now())
        if changed != 1:
            raise wf.ConcurrentChange(_("该评分已确认。"), code="concurrent")
        score.refresh_from_db()
        record(AuditAction.UPDATE, score, actor=acting_user, after={"confirmed": True},
               object_repr=f"{score.seat.lecture} · {score.seat.seat_label}")
    return score


def seats_of(lecture: Lecture) -> list[Seat]:
    return list(lecture.seats.select_related("judge", "score").order_by("number"))


def _score_of(seat: Seat):
    return getattr(seat, "score", None) if hasattr(seat, "score") else None


def lecture_result(lecture: Lecture, seats: list[Seat] | None = None) -> scoring.PanelResult:
    """The lecture's score from its confirmed, non-recused seats, by seat label (never by judge name)."""
    seats = seats if seats is not None else seats_of(lecture)
    marks = []
    for seat in seats:
        score = _score(seat)
        value = score.value if score is not None and score.confirmed else None
        marks.append(scoring.JudgeScore(str(seat.seat_label), value, seat.recused))
    return scoring.panel_score(marks, lecture.round.held_on)


def _score(seat: Seat):
    try:
        return seat.score
    except Score.DoesNotExist:
        return None


def all_scored(lecture: Lecture, seats: list[Seat] | None = None) -> bool:
    """Every seated, non-recused judge has a score (the seal on the others' scores lifts)."""
    seats = seats if seats is not None else seats_of(lecture)
    active = [s for s in seats if not s.recused]
    return bool(active) and all(_score(s) is not None for s in active)


def unresolved_divergence(lecture: Lecture, result: scoring.PanelResult | None = None) -> bool:
    """Divergent, and no resolution recorded by the chair for the present spread."""
    result = result or lecture_result(lecture)
    if not result.divergent:
        return False
    return not lecture.resolutions.filter(spread=result.spread).exists()


def resolve_divergence(lecture: Lecture, *, kind: str, note: str, acting_user) -> Resolution:
    round_ = lecture.round
    if round_.chair_id != acting_user.pk:
        raise PermissionDenied(_("只有本场评审组长可以处理评分分歧。"))
    if not note.strip():
        raise ValidationError(_("请填写处理理由。"), code="note_required")
    result = lecture_result(lecture)
    if not result.divergent:
        raise ValidationError(_("该讲演没有评分分歧。"), code="not_divergent")
    with transaction.atomic():
        resolution = Resolution.objects.create(lecture=lecture, kind=kind, note=note.strip(), spread=result.spread,
                                               decided_by=acting_user)
        record(AuditAction.CREATE, resolution, actor=acting_user, after={"kind": kind, "spread": str(result.spread)},
               note=note[:500], object_repr=str(lecture))
    return resolution


def start_scoring(round_: SelectionRound, *, acting_user) -> SelectionRound:
    _require_round_manager(acting_user, round_)
    if not round_.lectures.exists():
        raise ValidationError(_("请先安排讲演。"))
    with transaction.atomic():
        return _round_status(round_, RoundStatus.SCORING, acting_user=acting_user)


def publication_blockers(round_: SelectionRound) -> list[str]:
    """Why the round cannot be published yet (empty when it can)."""
    problems = []
    for lecture in round_.lectures.select_related("lecturer", "institution", "round"):
        seats = seats_of(lecture)
        unconfirmed = [s for s in seats if not s.recused and _score(s) is not None and not _score(s).confirmed]
        if unconfirmed:
            problems.append(_("%(c)s：%(n)d 个纸质评分待第二人核对确认") % {"c": lecture.candidate, "n": len(unconfirmed)})
        result = lecture_result(lecture, seats)
        if result.status == "incomplete":
            problems.append(_("%(c)s：计入评分 %(n)d 个，不足 %(m)d 个") % {
                "c": lecture.candidate, "n": result.counted, "m": policy.param("panel.min_judges", round_.held_on)})
        if unresolved_divergence(lecture, result):
            problems.append(_("%(c)s：评分分歧（相差 %(s)s 分）尚未由评审组长处理") % {
                "c": lecture.candidate, "s": scoring.fmt(result.spread)})
    return problems


def rule_version(on: datetime.date) -> str:
    pack = policy.pack()
    return f"{pack.number}（{pack.slug}，{on.isoformat()} 有效参数）"


def publish_round(round_: SelectionRound, *, acting_user) -> SelectionRound:
    """Rank the lectures, write scores, ranks and selections, and publish (the 培育名单 for a lecturers' round;
    the selected institutions for an institutions' round). Refused while any blocker remains."""
    _require_round_manager(acting_user, round_)
    with transaction.atomic():
        round_ = SelectionRound.objects.select_for_update().get(pk=round_.pk)
        problems = publication_blockers(round_)
        if problems:
            raise ValidationError(problems, code="blocked")
        lectures = list(round_.lectures.all())
        scores = {lec.pk: lecture_result(lec).score for lec in lectures}
        ranked = scoring.rank([(lec.pk, scores[lec.pk]) for lec in lectures], pass_score=round_.pass_score,
                              places=round_.places)
        for r in ranked:
            Lecture.objects.filter(pk=r.key).update(score=r.score, rank=r.rank, selected=r.selected)
            if round_.kind == "institutions" and r.selected:
                InstitutionApplication.objects.filter(lectures__pk=r.key).update(selected=True)
        return _round_status(round_, RoundStatus.PUBLISHED, acting_user=acting_user, published_at=timezone.now(),
                             rule_version=rule_version(round_.held_on))


def lectures_for_judge(user):
    return Lecture.objects.filter(seats__judge=user).select_related("round", "lecturer", "institution").distinct()


# --- certification -----------------------------------------------------------------------------------------


def on_cultivation_list(application: LecturerApplication) -> bool:
    return application.lectures.filter(selected=True, round__status=RoundStatus.PUBLISHED).exists()


def record_attempt(application: LecturerApplication, *, theory, practice, defence, sat_on: datetime.date,
                   acting_user) -> CertAttempt:
    """One committee attempt; refused after a pass or beyond the attempts allowed (with the reason)."""
    if acting_user.role not in (Role.ASSOCIATION, Role.PROVINCE_ADMIN):
        raise PermissionDenied(_("只有省级认证组织方可以录入认证成绩。"))
    if not on_cultivation_list(application):
        raise ValidationError(_("%(n)s 不在《浙江省跨境电商师资培育名单》中，不能参加认证。") % {"n": application.name})
    values = {}
    for code, label in scoring.PARTS:
        values[code] = _checked({"theory": theory, "practice": practice, "defence": defence}[code], label,
                                on=sat_on, maximum="certification.part_max", decimals=None)
    with transaction.atomic():
        LecturerApplication.objects.select_for_update().filter(pk=application.pk).first()
        previous = [scoring.Attempt(a.theory, a.practice, a.defence) for a in application.attempts.order_by("number")]
        try:
            scoring.check_new_attempt(previous, sat_on)
        except scoring.ScoreError as exc:
            raise ValidationError(str(exc), code="attempts") from None
        attempt = scoring.Attempt(**values)
        row = CertAttempt.objects.create(lecturer=application, number=len(previous) + 1, sat_on=sat_on,
                                         passed=scoring.attempt_passes(attempt, sat_on), entered_by=acting_user,
                                         **values)
        record(AuditAction.CREATE, row, actor=acting_user, region_id=application.region_id,
               after={"number": row.number, "passed": row.passed, **{k: str(v) for k, v in values.items()}},
               object_repr=f"{application.name} · 第 {row.number} 次认证")
    return row


def certification_of(application: LecturerApplication) -> scoring.CertifyResult:
    attempts = [scoring.Attempt(a.theory, a.practice, a.defence) for a in application.attempts.order_by("number")]
    return scoring.certify(attempts)


def start_notice(application: LecturerApplication, *, acting_user) -> DirectoryEntry:
    """Put a certified lecturer to 公示 (the province's notice on the workflow); confirmed → in the directory."""
    if not certification_of(application).certified:
        raise ValidationError(_("%(n)s 尚未通过认证。") % {"n": application.name})
    with transaction.atomic():
        entry, _created = DirectoryEntry.objects.get_or_create(
            lecturer=application, defaults={"city": _city_of(application.region)})
        if entry.case_id:
            raise ValidationError(_("已进入公示。"), code="duplicate")
        case = wf.open_case(workflow=NOTICE_WORKFLOW, subject=entry, region=application.region,
                            acting_user=acting_user, person=application.person)
        DirectoryEntry.objects.filter(pk=entry.pk).update(case=case)
        entry.case = case
        wf.submit(case, acting_user=acting_user)
    return entry
