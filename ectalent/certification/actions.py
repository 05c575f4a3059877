"""State changes of the certification programme: exam sessions, applications, the centre's pre-check (资格初审).

Each function runs in one transaction and writes its audit events in it; the acting user is keyword-only. Views
parse and check input first (with the ``*_problems`` helpers below, which the actions run again under the session's
row lock). Scores and results are written by ``scoring.py``, certificates by ``certificates.py``.

Decisions worth knowing:

- A session's places are counted under a row lock on the session (``select_for_update``); an application holds a
  place unless its review case was withdrawn or rejected.
- Eligibility is computed with the rules engine from ``person.applicant_facts(as_of=today)`` at submission and again
  at every resubmission, and stored with the facts and the policy version; an ineligible applicant is refused.
- Practice (考前实践, assistant and specialist only) must end before the exam starts; its length is counted in full
  months, both the first and the last day included (``policy.full_months``).
- A returned application may be corrected and resubmitted until the day before the exam, even after the
  application window has closed (it was filed within the window).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ectalent.audit.actions import diff, record, snapshot
from ectalent.audit.models import AuditAction
from ectalent.core.i18n import stored
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus, Decision
from ectalent.workflow.models import Case, StepState

from . import policy
from .choices import DIRECTION_LEVELS, Level, PracticeKind, SessionStatus
from .models import CertApplication, Evidence, ExamSession
from .workflows import PRE_CHECK, WORKFLOW

SUBJECT = "certification.certapplication"
RELEASED_STATUSES = (CaseStatus.WITHDRAWN, CaseStatus.REJECTED)

# The one transition table of a session's status (results are published by scoring.py through the same helper).
SESSION_TRANSITIONS = {
    SessionStatus.DRAFT: {SessionStatus.PUBLISHED},
    SessionStatus.PUBLISHED: {SessionStatus.CLOSED},
    SessionStatus.CLOSED: {SessionStatus.RESULTS_PUBLISHED},
    SessionStatus.RESULTS_PUBLISHED: set(),
}
LEVEL_CODE_PREFIX = {"assistant": "A", "specialist": "S", "senior": "G", "manager": "M"}


class ConcurrentChange(ValidationError):
    """Someone else changed the session first (compare-and-set failed)."""


def today() -> datetime.date:
    return timezone.localdate()


# --- sessions ------------------------------------------------------------------------------------


def session_problems(*, level: str, directions, applications_open, applications_close, exam_starts, exam_ends,
                     places, session: ExamSession | None = None) -> list[str]:
    """Everything wrong with a session's settings, in Chinese (empty list: fine)."""
    problems = []
    if level not in Level.values:
        return [_("等级“%(level)s”无效。") % {"level": level}]
    name = _(policy.level_name(level))
    offered = policy.directions_of(level)
    directions = list(directions or [])
    if exam_starts:
        opening = policy.level_opening(level, exam_starts)
        if not opening.is_open:
            problems.append(_("不能开设该等级的考试批次：%(reason)s") % {"reason": opening.reason})
    if level in DIRECTION_LEVELS:
        wrong = [d for d in directions if d not in offered]
        if wrong:
            problems.append(_("%(name)s没有这些方向：%(items)s（可选：%(items2)s）。") % {"name": name, "items": '、'.join(wrong), "items2": '、'.join(offered.values())})
        need = policy.min_directions(level, exam_starts)
        if len(set(directions)) < need:
            problems.append(_("%(name)s须至少开考 %(need)s 个方向（%(cite)s），当前 %(n)s 个。") % {"name": name, "need": need, "cite": policy.cite('exam.min_directions', exam_starts), "n": len(set(directions))})
    elif directions:
        problems.append(_("%(name)s不分方向（在线考试与论文答辩），不能选择开考方向。") % {"name": name})
    if applications_open and applications_close and applications_close < applications_open:
        problems.append(_("报名截止日期不能早于报名开始日期。"))
    if applications_close and exam_starts and exam_starts <= applications_close:
        problems.append(_("考试开始日期须晚于报名截止日期。"))
    if exam_starts and exam_ends and exam_ends < exam_starts:
        problems.append(_("考试结束日期不能早于考试开始日期。"))
    if places is None or places < 1:
        problems.append(_("名额须至少为 1。"))
    if session is not None and session.pk:
        if session.status != SessionStatus.DRAFT and level != session.level:
            problems.append(_("批次已发布，不能修改等级。"))
        used = set()
        for dirs in session.applications.values_list("directions", flat=True):
            used.update(dirs or [])
        dropped = [_(policy.direction_label(d)) for d in used if d not in directions]
        if dropped:
            problems.append(_("已有考生报考的方向不能取消：%(items)s。") % {"items": '、'.join(sorted(dropped))})
        if places is not None and places < places_taken(session):
            problems.append(_("已有 %(places_taken)s 人报名，名额不能少于此数。") % {"places_taken": places_taken(session)})
    return problems


def next_session_code(level: str, year: int) -> str:
    prefix = f"ZJ{year}{LEVEL_CODE_PREFIX[level]}"
    codes = ExamSession.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    seqs = [int(c[len(prefix):]) for c in codes if c[len(prefix):].isdigit()]
    return f"{prefix}{(max(seqs) + 1 if seqs else 1):02d}"


SESSION_FIELDS = ("name", "level", "directions", "applications_open", "applications_close", "exam_starts", "exam_ends",
                  "places", "venue")


def save_session(session: ExamSession, *, acting_user) -> ExamSession:
    """Create (``session.pk`` None) or update a session in draft or published status; refuse a closed level."""
    with transaction.atomic():
        creating = session.pk is None
        before = None
        if not creating:
            current = ExamSession.objects.select_for_update().get(pk=session.pk)
            if current.status not in (SessionStatus.DRAFT, SessionStatus.PUBLISHED):
                raise ValidationError(_("报名已截止的批次不能再修改。"), code="locked")
            if current.version != session.version:
                raise ConcurrentChange(_("该批次已被他人修改，请刷新页面后再改。"), code="concurrent")
            before = snapshot(current)
        order = policy.directions_of(session.level)
        given = list(session.directions or [])
        session.directions = [d for d in order if d in given] + [d for d in dict.fromkeys(given) if d not in order]
        problems = session_problems(
            level=session.level, directions=session.directions, applications_open=session.applications_open,
            applications_close=session.applications_close, exam_starts=session.exam_starts,
            exam_ends=session.exam_ends, places=session.places, session=None if creating else session,
        )
        if problems:
            raise ValidationError(problems, code="session")
        if creating:
            session.created_by = acting_user
            session.status = SessionStatus.DRAFT
            session.code = session.code or next_session_code(session.level, session.exam_starts.year)
            if not session.name:
                session.name = f"{session.exam_starts.year}年{policy.level_name(session.level)}考试（{session.code}）"
            session.full_clean()
            session.save()
            record(AuditAction.CREATE, session, actor=acting_user, after=snapshot(session), region_id=_region_id(acting_user))
        else:
            session.full_clean()
            ExamSession.objects.filter(pk=session.pk).update(
                version=F("version") + 1, **{f: getattr(session, f) for f in SESSION_FIELDS})
            session.refresh_from_db()
            b, a = diff(before, snapshot(session))
            b.pop("version", None)
            a.pop("version", None)
            if a:
                record(AuditAction.UPDATE, session, actor=acting_user, before=b, after=a, region_id=_region_id(acting_user))
        return session


def _region_id(user):
    return getattr(user, "region_id", None)


def transition_session(session: ExamSession, to_status: str, *, acting_user, reason: str = "", **fields) -> ExamSession:
    """Move ``session`` to ``to_status`` if the table allows it and nobody changed it meanwhile (compare-and-set)."""
    from_status = session.status
    if to_status not in SESSION_TRANSITIONS[SessionStatus(from_status)]:
        raise ValidationError(
            _("考试批次不能从“%(label)s”变为“%(label2)s”。") % {"label": SessionStatus(from_status).label, "label2": SessionStatus(to_status).label}, code="transition")
    with transaction.atomic():
        changed = ExamSession.objects.filter(pk=session.pk, status=from_status, version=session.version).update(
            status=to_status, version=F("version") + 1, **fields)
        if changed != 1:
            raise ConcurrentChange(_("该批次已被他人处理，请刷新页面后查看最新状态。"), code="concurrent")
        session.refresh_from_db()
        record(AuditAction.TRANSITION, session, actor=acting_user, before={"status": from_status},
               after={"status": to_status}, note=reason[:500], region_id=_region_id(acting_user))
    return session


def publish_session(session: ExamSession, *, acting_user) -> ExamSession:
    problems = session_problems(
        level=session.level, directions=session.directions, applications_open=session.applications_open,
        applications_close=session.applications_close, exam_starts=session.exam_starts, exam_ends=session.exam_ends,
        places=session.places)
    if session.exam_starts and session.exam_starts <= today():
        problems.append(_("考试开始日期已过，不能发布。"))
    if problems:
        raise ValidationError(problems, code="session")
    return transition_session(session, SessionStatus.PUBLISHED, acting_user=acting_user, reason=stored(gettext_noop("发布考试批次")),
                              published_at=timezone.now())


def close_session(session: ExamSession, *, acting_user) -> ExamSession:
    return transition_session(session, SessionStatus.CLOSED, acting_user=acting_user, reason=stored(gettext_noop("报名截止")))


# --- places ---------------------------------------------------------------------------------------


def _released_case():
    return Case.objects.filter(subject_type=SUBJECT, subject_id=Cast(OuterRef("pk"), CharField()),
                               status__in=RELEASED_STATUSES)


def holding_places(applications):
    """The applications that hold a place: all but those whose case was withdrawn or rejected."""
    return applications.exclude(Exists(_released_case()))


def places_taken(session: ExamSession) -> int:
    return holding_places(CertApplication.objects.filter(session=session)).count()


def with_places(sessions):
    """Annotate ``taken`` (places held) on a session queryset, in the same query."""
    taken = (holding_places(CertApplication.objects.filter(session=OuterRef("pk"))).order_by()
             .values("session").annotate(n=Count("pk")).values("n"))
    return sessions.annotate(taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)))


def window_problem(session: ExamSession, on: datetime.date) -> str:
    if session.status != SessionStatus.PUBLISHED:
        return (_("考试批次“%(session_name)s”尚未发布，不能报名。") if session.status == SessionStatus.DRAFT
                else _("考试批次“%(session_name)s”报名已截止，不能报名。")) % {"session_name": session.name}
    if on < session.applications_open:
        return _("报名尚未开始：报名时间为 %(applications_open)s 至 %(applications_close)s。") % {"applications_open": format(session.applications_open, '%Y-%m-%d'), "applications_close": format(session.applications_close, '%Y-%m-%d')}
    if on > session.applications_close:
        return _("报名已截止：报名时间为 %(applications_open)s 至 %(applications_close)s。") % {"applications_open": format(session.applications_open, '%Y-%m-%d'), "applications_close": format(session.applications_close, '%Y-%m-%d')}
    return ""


def is_open_for_applications(session: ExamSession, on: datetime.date | None = None) -> bool:
    on = on or today()
    return not window_problem(session, on) and policy.level_opening(session.level, on).is_open


# --- the application's content --------------------------------------------------------------------


@dataclasses.dataclass
class Practice:
    kind: str = ""
    base: object = None  # accreditation.RegisteredUnit
    enterprise: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


def direction_problems(session: ExamSession, directions, on: datetime.date | None = None) -> list[str]:
    on = on or today()
    directions = list(directions or [])
    name = _(policy.level_name(session.level))
    if session.level not in DIRECTION_LEVELS:
        return [_("%(name)s不分方向，不能选择报考方向。") % {"name": name}] if directions else []
    problems = []
    offered = set(session.directions or [])
    wrong = [d for d in directions if d not in offered]
    if wrong:
        problems.append(_("“%(items)s”不在本批次开考方向中（本批次：%(items2)s）。") % {"items": _('、').join(_(policy.direction_label(d)) for d in wrong), "items2": _('、').join(_(policy.direction_label(d)) for d in session.directions)})
    dupes = sorted({d for d in directions if directions.count(d) > 1})
    if dupes:
        problems.append(_("方向“%(items)s”重复填写。") % {"items": _('、').join(_(policy.direction_label(d)) for d in dupes)})
    need = policy.min_directions(session.level, on)
    if len(set(directions)) < need:
        problems.append(_("须至少报考 %(need)s 个方向（%(cite)s），当前 %(n)s 个。") % {"need": need, "cite": policy.cite('exam.min_directions', on), "n": len(set(directions))})
    return problems


def practice_problems(session: ExamSession, practice: Practice, on: datetime.date | None = None) -> list[str]:
    """附件1 考试认证: a month at a registered practice base, or three months' internship, completed before the exam."""
    from ectalent.accreditation.choices import UnitStatus, UnitType

    on = on or today()
    if session.level not in DIRECTION_LEVELS:
        return []
    if practice.kind not in PracticeKind.values:
        return [_("请选择实践方式：在省电子商务实践基地实际训练，或在电商企业实习。")]
    problems = []
    if practice.kind == PracticeKind.BASE:
        base = practice.base
        if base is None:
            problems.append(_("请选择实践基地（须为省备案名录中的实践基地）。"))
        elif base.unit_type != UnitType.BASE or base.status != UnitStatus.ACTIVE:
            problems.append(_("“%(base_name)s”不是省备案名录中有效的实践基地。") % {"base_name": base.name})
    else:
        if not (practice.enterprise or "").strip():
            problems.append(_("请填写实习企业名称。"))
    if practice.start is None or practice.end is None:
        problems.append(_("请填写实践开始和结束日期。"))
        return problems
    if practice.end < practice.start:
        problems.append(_("实践结束日期 %(end)s 早于开始日期 %(start)s。") % {"end": format(practice.end, '%Y-%m-%d'), "start": format(practice.start, '%Y-%m-%d')})
        return problems
    if practice.end >= session.exam_starts:
        problems.append(_("实践须在考试前完成：结束日期 %(end)s 不早于考试开始日期 %(exam_starts)s。") % {"end": format(practice.end, '%Y-%m-%d'), "exam_starts": format(session.exam_starts, '%Y-%m-%d')})
    need = policy.required_practice_months(practice.kind, on)
    got = policy.full_months(practice.start, practice.end)
    if got < need:
        rest = relativedelta(practice.end + datetime.timedelta(days=1), practice.start)
        extra = _("零 %(days)s 天") % {"days": rest.days} if rest.days else ""
        what = _("在实践基地实际训练") if practice.kind == PracticeKind.BASE else _("在电商企业实习")
        problems.append(
            _("%(what)s自 %(start)s 至 %(end)s（含首尾）共 %(got)s 个整月%(extra)s，不足 %(need)s 个月（%(practice_cite)s）。") % {"what": what, "start": format(practice.start, '%Y-%m-%d'), "end": format(practice.end, '%Y-%m-%d'), "got": got, "extra": extra, "need": need, "practice_cite": policy.practice_cite(practice.kind, on)})
    return problems


def evaluate_eligibility(person, level: str, on: datetime.date | None = None) -> tuple[dict, dict]:
    """(the applicant-facts document, the engine's contract answer) for ``person`` and ``level`` on ``on``."""
    from ectalent.rules.engine import evaluate

    on = on or today()
    facts = person.applicant_facts(as_of=on)
    decision = evaluate(facts, level, policy.pack())
    return facts, decision.as_json()


def ineligible_reasons(answer: dict) -> list[str]:
    return [f"{r['cite']}：{r['text']}" for r in answer.get("reasons", []) if not r.get("holds")]


def eligibility_problem(answer: dict, level: str) -> str:
    if answer.get("eligible"):
        return ""
    return _("不符合%(level_name)s的申报条件（须具备以下条件之一）：") % {"level_name": _(policy.level_name(level))} + "；".join(ineligible_reasons(answer))


def application_problems(session: ExamSession, person, *, directions, practice: Practice, institution=None,
                         on: datetime.date | None = None, check_window: bool = True) -> list[str]:
    """What stops ``person`` applying to ``session`` now, except places and eligibility (checked with the lock)."""
    on = on or today()
    problems = []
    opening = policy.level_opening(session.level, on)
    if not opening.is_open:
        problems.append(opening.reason)
    if check_window:
        problem = window_problem(session, on)
        if problem:
            problems.append(problem)
    if institution is not None and person.owner_org_id != institution.pk:
        problems.append(_("%(person_name)s不是本机构登记的学员，培训机构只能为本机构学员代报。") % {"person_name": person.name})
    problems += direction_problems(session, directions, on)
    problems += practice_problems(session, practice, on)
    return problems


def _fill(application: CertApplication, directions, practice: Practice, level: str) -> None:
    order = policy.directions_of(level)
    application.directions = [d for d in order if d in set(directions or [])]
    if level in DIRECTION_LEVELS:
        application.practice_kind = practice.kind
        application.practice_base = practice.base if practice.kind == PracticeKind.BASE else None
        application.practice_enterprise = (practice.enterprise or "").strip() if practice.kind == PracticeKind.INTERNSHIP else ""
        application.practice_start = practice.start
        application.practice_end = practice.end
    else:
        application.practice_kind, application.practice_base, application.practice_enterprise = "", None, ""
        application.practice_start = application.practice_end = None


def _save_evidence(application, kind, upload, content_type) -> Evidence:
    data = upload.read()
    upload.seek(0)
    item = Evidence(application=application, kind=kind, original_name=(upload.name or "file")[:255],
                    content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest())
    item.file.save(upload.name or "file", upload, save=False)
    item.save()
    return item


def _lock_session(session: ExamSession) -> ExamSession:
    return ExamSession.objects.select_for_update().get(pk=session.pk)


# --- applications ---------------------------------------------------------------------------------


def apply(session: ExamSession, person, *, directions, practice: Practice, acting_user, institution=None,
          evidence=(), require_evidence: bool = True, audit: bool = True) -> CertApplication:
    """File one application and send it to the centre's pre-check; refuse with every reason in Chinese.

    ``evidence``: (kind, upload, content_type) triples, the type already checked by content (``check_evidence``)."""
    on = today()
    with transaction.atomic():
        session = _lock_session(session)
        problems = application_problems(session, person, directions=directions, practice=practice,
                                        institution=institution, on=on)
        if CertApplication.objects.filter(session=session, person=person).exists():
            problems.insert(0, _("%(person_name)s已报名本批次（%(session_name)s），不能重复报名。") % {"person_name": person.name, "session_name": session.name})
        if require_evidence and not evidence:
            problems.append(_("请至少上传一份证明材料（学历证书、工作证明、职业资格证书或培训结业证书）。"))
        if problems:
            raise ValidationError(problems, code="application")
        taken = places_taken(session)
        if taken >= session.places:
            raise ValidationError(_("本批次名额已满（共 %(places)s 个），不能再报名。") % {"places": session.places}, code="full")
        facts, answer = evaluate_eligibility(person, session.level, on)
        problem = eligibility_problem(answer, session.level)
        if problem:
            raise ValidationError(problem, code="ineligible")
        application = CertApplication(session=session, person=person, institution=institution, facts=facts,
                                      eligibility=answer, policy_version=policy.policy_version(on),
                                      submitted_by=acting_user)
        _fill(application, directions, practice, session.level)
        application.save()
        for kind, upload, content_type in evidence:
            _save_evidence(application, kind, upload, content_type)
        if audit:
            record(AuditAction.CREATE, application, actor=acting_user,
                   after={**_content(application), "evidence": len(evidence)},
                   note=stored(gettext_noop("代报")) if institution is not None else stored(gettext_noop("个人报名")))
        case = wf.open_case(workflow=WORKFLOW, subject=application, region=person.region, acting_user=acting_user,
                            organisation=institution, person=person)
        wf.submit(case, acting_user=acting_user)
        return application


def _content(application: CertApplication) -> dict:
    return {
        "session": application.session_id, "person": application.person_id, "directions": application.directions,
        "practice_kind": application.practice_kind, "practice_base": application.practice_base_id,
        "practice_enterprise": application.practice_enterprise,
        "practice_start": application.practice_start.isoformat() if application.practice_start else None,
        "practice_end": application.practice_end.isoformat() if application.practice_end else None,
        "eligible": application.eligibility.get("eligible"), "clauses": application.eligibility.get("clauses"),
        "policy_version": application.policy_version,
    }


def resubmit(application: CertApplication, *, directions, practice: Practice, acting_user, evidence=()) -> CertApplication:
    """The applicant's correction of a returned application: new content, eligibility computed again, sent back."""
    on = today()
    with transaction.atomic():
        session = _lock_session(application.session)
        application = CertApplication.objects.select_for_update().select_related("person").get(pk=application.pk)
        case = application.case
        if case is None or case.status != CaseStatus.RETURNED:
            raise ValidationError(_("只有被退回修改的报名才能修改后重新提交。"), code="not_returned")
        problems = application_problems(session, application.person, directions=directions, practice=practice,
                                        on=on, check_window=False)
        if on >= session.exam_starts:
            problems.append(_("考试已于 %(exam_starts)s 开始，不能再修改报名。") % {"exam_starts": format(session.exam_starts, '%Y-%m-%d')})
        if problems:
            raise ValidationError(problems, code="application")
        facts, answer = evaluate_eligibility(application.person, session.level, on)
        problem = eligibility_problem(answer, session.level)
        if problem:
            raise ValidationError(problem, code="ineligible")
        before = _content(application)
        _fill(application, directions, practice, session.level)
        application.facts, application.eligibility = facts, answer
        application.policy_version = policy.policy_version(on)
        application.save()
        for kind, upload, content_type in evidence:
            _save_evidence(application, kind, upload, content_type)
        b, a = diff(before, _content(application))
        record(AuditAction.UPDATE, application, actor=acting_user, before=b, after={**(a or {}), "evidence_added": len(evidence)},
               note=stored(gettext_noop("修改后重新提交（重新判定申报资格）")))
        wf.submit(case, acting_user=acting_user)
        return application


def add_evidence(application: CertApplication, *, kind: str, upload, content_type: str, acting_user) -> Evidence:
    with transaction.atomic():
        case = application.case
        if case is None or case.status not in (CaseStatus.IN_REVIEW, CaseStatus.RETURNED):
            raise ValidationError(_("资格初审已办结，不能再上传材料。"), code="closed")
        item = _save_evidence(application, kind, upload, content_type)
        record(AuditAction.UPDATE, application, actor=acting_user, note=stored(gettext_noop("上传证明材料")),
               after={"evidence": kind, "file": item.original_name, "sha256": item.sha256})
        return item


def remove_evidence(item: Evidence, *, acting_user) -> None:
    with transaction.atomic():
        application = item.application
        case = application.case
        if case is None or case.status != CaseStatus.RETURNED:
            raise ValidationError(_("只有退回修改时才能删除已上传的材料。"), code="closed")
        record(AuditAction.UPDATE, application, actor=acting_user, note=stored(gettext_noop("删除证明材料")),
               before={"evidence": item.kind, "file": item.original_name, "sha256": item.sha256})
        item.delete()


def withdraw(application: CertApplication, *, acting_user, reason: str = "") -> Case:
    """The applicant withdraws; the place is released (the application stays, so the person cannot reapply)."""
    return wf.withdraw(application.case, acting_user=acting_user, reason=reason or stored(gettext_noop("申请人撤回报名")))


# --- 资格初审 ----------------------------------------------------------------------------------------


def pending_row(application: CertApplication) -> StepState | None:
    case = application.case
    if case is None or case.status != CaseStatus.IN_REVIEW:
        return None
    return StepState.objects.filter(case=case, round=case.round, step=PRE_CHECK.code, decision=Decision.PENDING).first()


def precheck(application: CertApplication, *, acting_user, accept: bool, reason: str = "") -> Case:
    """The centre accepts (the case is confirmed: one step, no notice) or returns with a reason (required).

    The workflow writes the audit events and refuses anyone who is not the centre at province level."""
    row = pending_row(application)
    if row is None:
        raise ValidationError(_("该报名当前不在资格初审中。"), code="not_pending")
    decision = Decision.APPROVED if accept else Decision.RETURNED
    if not accept and not reason.strip():
        raise ValidationError(_("退回时必须写明理由，以便申请人修改。"), code="reason_required")
    return wf.decide(application.case, row, acting_user=acting_user, decision=decision,
                     reason=reason.strip() or stored(gettext_noop("资格初审通过")))


# --- bulk roster from a training institution ---------------------------------------------------------


def import_roster(session: ExamSession, institution, roster, *, acting_user, filename: str = "") -> list[CertApplication]:
    """File every row of a checked roster (``forms.check_roster`` without errors) in one transaction.

    Rows are checked again under the session lock (places, duplicates, eligibility): any problem → nothing written."""
    if roster.errors:
        raise ValidationError(_("名单有误，未导入。"))
    made = []
    with transaction.atomic():
        locked = _lock_session(session)
        left = locked.places - places_taken(locked)
        if len(roster.rows) > left:
            raise ValidationError(_("本批次剩余名额 %(left)s 个，名单有 %(n)s 人，未导入。") % {"left": left, "n": len(roster.rows)}, code="full")
        for row in roster.rows:
            try:
                made.append(apply(locked, row.person, directions=row.directions, practice=row.practice,
                                  acting_user=acting_user, institution=institution, require_evidence=False, audit=True))
            except ValidationError as exc:
                raise ValidationError(_("第 %(row)s 行：%(items)s（整份名单未导入）") % {"row": row.row, "items": '；'.join(exc.messages)}) from None
        record(AuditAction.IMPORT, locked, actor=acting_user, region_id=institution.region_id,
               object_repr=stored(gettext_noop("报名名单导入：%(institution_name)s · %(locked_name)s"), institution_name=institution.name, locked_name=locked.name),
               after={"session": locked.pk, "institution": institution.pk, "applications": len(made), "file": filename},
               note=stored(gettext_noop("代报 %(n)s 人"), n=len(made)))
    return made


# --- helpers for pages -------------------------------------------------------------------------------


def cases_by_application(applications) -> dict[int, Case]:
    ids = [str(a.pk) for a in applications]
    return {int(c.subject_id): c for c in Case.objects.filter(subject_type=SUBJECT, subject_id__in=ids)}
