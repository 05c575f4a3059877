"""Every change to a review case. Each function runs in one transaction and writes its audit events."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ectalent.accounts.choices import Role
from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.core.i18n import stored

from . import definitions, notify
from .choices import TRANSITIONS, CaseStatus, Decision, ObjectionStatus
from .models import Case, Objection, ReviewBatch, StepState


class ConcurrentChange(ValidationError):
    """Someone else moved the case first (compare-and-set failed)."""


def today() -> datetime.date:
    return timezone.localdate()


# --- the one transition function ------------------------------------------------------------


def transition(case: Case, to_status: str, *, acting_user, reason: str = "", **fields) -> Case:
    """Move ``case`` to ``to_status`` if the table allows it and nobody moved it meanwhile."""
    from_status = case.status
    if to_status not in TRANSITIONS[CaseStatus(from_status)]:
        raise ValidationError(
            _("不能从“%(a)s”变为“%(b)s”。") % {"a": CaseStatus(from_status).label, "b": CaseStatus(to_status).label},
            code="transition",
        )
    changed = Case.objects.filter(pk=case.pk, status=from_status, version=case.version).update(
        status=to_status, version=F("version") + 1, **fields
    )
    if changed != 1:
        raise ConcurrentChange(_("该事项已被他人处理，请刷新页面后查看最新状态。"), code="concurrent")
    case.refresh_from_db()
    record(
        AuditAction.TRANSITION, case, actor=acting_user,
        before={"status": from_status}, after={"status": to_status, "step": case.current_step}, note=reason[:500],
    )
    spec = definitions.get(case.workflow)
    hook = spec.hook("after_status_change")
    if hook:
        hook(case, from_status, to_status, acting_user)
    notify.status_changed(case, from_status, to_status, reason)
    return case


# --- who may act ----------------------------------------------------------------------------------


def user_can_decide(user, case: Case, row: StepState) -> bool:
    if row.decision != Decision.PENDING or row.round != case.round or case.status != CaseStatus.IN_REVIEW:
        return False
    if row.step != case.current_step:
        return False
    if user.is_superuser or user.role == Role.PLATFORM_ADMIN:
        return False  # the platform administrator runs the system, not the reviews
    if user.role != row.role:
        return False
    if user.region is None or user.region.level != row.level:
        return False
    return user.region.contains(case.region)


def pending_rows_for(user):
    """The review tasks waiting for this user (their role, their level, their region subtree)."""
    if user.region is None:
        return StepState.objects.none()
    return (
        StepState.objects.visible_to(user)
        .filter(decision=Decision.PENDING, role=user.role, level=user.region.level,
                case__status=CaseStatus.IN_REVIEW, case__current_step=F("step"), case__round=F("round"))
        .select_related("case", "case__region", "case__organisation")
    )


# --- life of a case ---------------------------------------------------------------------------


def open_case(*, workflow: str, subject, region, acting_user, organisation=None, person=None, batch=None,
              route: str = "") -> Case:
    with transaction.atomic():
        case = Case.objects.create(
            workflow=workflow, route=route, subject_type=subject._meta.label_lower, subject_id=str(subject.pk),
            subject_repr=str(subject)[:255], region=region, organisation=organisation, person=person, batch=batch,
        )
        record(AuditAction.CREATE, case, actor=acting_user, after={"workflow": workflow, "route": route})
        return case


def _start_step(case: Case, step: definitions.StepSpec) -> None:
    now = timezone.now()
    due = today() + datetime.timedelta(days=step.deadline_days) if step.deadline_days else None
    if case.batch_id and (due is None or case.batch.deadline < due) and step.level != "province":
        due = case.batch.deadline
    rows = [StepState(case=case, step=step.code, step_label=step.label, order=_order(case, step), round=case.round,
                      level=step.level, role=role, is_lead=True, started_at=now, due_on=due) for role in step.roles[:1]]
    rows += [StepState(case=case, step=step.code, step_label=step.label, order=_order(case, step), round=case.round,
                       level=step.level, role=role, is_lead=False, started_at=now, due_on=due)
             for role in step.co_review_roles]
    StepState.objects.bulk_create(rows)
    notify.steps_started(case, rows)


def _steps(case: Case):
    return definitions.get(case.workflow).steps_for(case.route)


def _order(case: Case, step) -> int:
    return [s.code for s in _steps(case)].index(step.code) + 1


def submit(case: Case, *, acting_user) -> Case:
    """Send a draft (or a returned case, corrected) for review."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.batch_id and today() > case.batch.deadline:
            raise ValidationError(
                _("本批次（%(name)s）已于 %(date)s 截止，不能再提交。") % {"name": case.batch.name, "date": case.batch.deadline},
                code="deadline",
            )
        steps = _steps(case)
        if case.status == CaseStatus.RETURNED and case.current_step:
            first = next(s for s in steps if s.code == case.current_step)  # resume where it was returned
        else:
            first = steps[0]
        case = transition(case, CaseStatus.IN_REVIEW, acting_user=acting_user, reason=_("提交审核"),
                          current_step=first.code, round=case.round + 1, submitted_at=timezone.now())
        _start_step(case, first)
        return case


def decide(case: Case, row: StepState, *, acting_user, decision: str, reason: str = "") -> Case:
    """One reviewer's decision on their row of the current step."""
    if decision not in (Decision.APPROVED, Decision.RETURNED, Decision.REJECTED):
        raise ValidationError(_("审核意见无效。"), code="decision")
    if decision != Decision.APPROVED and not reason.strip():
        raise ValidationError(_("退回或不同意时必须填写理由。"), code="reason_required")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        row = StepState.objects.select_for_update().get(pk=row.pk, case=case)
        if not user_can_decide(acting_user, case, row):
            raise PermissionDenied(_("您不能审核此环节（环节已办结、不属于您的角色或地区）。"))
        spec = definitions.get(case.workflow)
        step = spec.step(row.step)
        lead_rows = StepState.objects.filter(case=case, round=case.round, step=row.step)
        other_pending = lead_rows.exclude(pk=row.pk).filter(decision=Decision.PENDING).exists()
        if decision == Decision.APPROVED:
            hook = spec.hook("before_row_approved")
            if hook:
                hook(case, step, row, acting_user)  # may refuse (e.g. the city's quota is full)
            hook = spec.hook("before_step_approved")
            if hook and not other_pending:
                hook(case, step, acting_user)
        updated = StepState.objects.filter(pk=row.pk, decision=Decision.PENDING).update(
            decision=decision, reason=reason, decided_by=acting_user, decided_at=timezone.now()
        )
        if updated != 1:
            raise ConcurrentChange(_("该环节已被他人处理，请刷新页面后查看最新状态。"), code="concurrent")
        row.refresh_from_db()
        record(AuditAction.UPDATE, case, actor=acting_user, after={"step": row.step, "role": row.role, "decision": decision},
               note=reason[:500], object_repr=f"{case.subject_repr} · {row.step_label}")
        if decision == Decision.RETURNED:
            return transition(case, CaseStatus.RETURNED, acting_user=acting_user, reason=reason, last_reason=reason)
        if decision == Decision.REJECTED:
            return transition(case, CaseStatus.REJECTED, acting_user=acting_user, reason=reason, last_reason=reason,
                              closed_at=timezone.now())
        if other_pending:
            return case
        return _advance(case, step, acting_user=acting_user)


def _advance(case: Case, step, *, acting_user) -> Case:
    steps = _steps(case)
    index = [s.code for s in steps].index(step.code)
    if index + 1 < len(steps):
        nxt = steps[index + 1]
        case = transition(case, CaseStatus.IN_REVIEW, acting_user=acting_user, reason=_("进入下一环节：%(s)s") % {"s": nxt.label},
                          current_step=nxt.code)
        _start_step(case, nxt)
        return case
    spec = definitions.get(case.workflow)
    notice_days = spec.notice_length()
    if notice_days:
        start = today()
        return transition(case, CaseStatus.IN_NOTICE, acting_user=acting_user, reason=_("进入公示"),
                          current_step="", notice_starts_on=start,
                          notice_ends_on=start + datetime.timedelta(days=notice_days - 1))
    return transition(case, CaseStatus.CONFIRMED, acting_user=acting_user, reason=_("审核通过"), current_step="",
                      closed_at=timezone.now())


def withdraw(case: Case, *, acting_user, reason: str = "") -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        return transition(case, CaseStatus.WITHDRAWN, acting_user=acting_user, reason=reason or _("申请人撤回"),
                          closed_at=timezone.now())


# --- public notice ------------------------------------------------------------------------------


def file_objection(case: Case, *, name: str, contact: str, content: str) -> Objection:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.IN_NOTICE or not (case.notice_starts_on <= today() <= case.notice_ends_on):
            raise ValidationError(_("该事项不在公示期内，不能提出异议。"), code="not_in_notice")
        if not (name.strip() and contact.strip() and content.strip()):
            raise ValidationError(_("请填写异议人、联系方式和异议内容。"), code="incomplete")
        objection = Objection.objects.create(case=case, name=name.strip(), contact=contact.strip(), content=content.strip(),
                                             receipt_number=new_receipt_number())
        notify.objection_filed(case, objection)
        record(AuditAction.CREATE, objection, actor=None, region_id=case.region_id,
               object_repr=stored(gettext_noop("%(subject)s · 公示异议"), subject=case.subject_repr),
               after={"name": objection.name, "receipt_number": objection.receipt_number})
        return objection


RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone


def new_receipt_number() -> str:
    """受理编号 of an objection: YY + the filing date + 6 random characters (not guessable; with the objector's
    contact it opens the objection's answer)."""
    import secrets

    while True:
        number = f"YY{today():%Y%m%d}-" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(6))
        if not Objection.objects.filter(receipt_number=number).exists():
            return number


def normalise_receipt(text: str) -> str:
    return (text or "").strip().upper().replace(" ", "").replace("—", "-").replace("－", "-")


def find_objection(receipt_number: str, contact: str) -> Objection | None:
    """The objector's lookup: the receipt number and the contact given when filing must both match."""
    number, contact = normalise_receipt(receipt_number), (contact or "").strip()
    if not number or not contact:
        return None
    objection = Objection.objects.select_related("case").filter(receipt_number=number).first()
    if objection is None or objection.contact.replace(" ", "") != contact.replace(" ", ""):
        return None
    return objection


def reveal_objection_contact(objection: Objection, *, acting_user) -> str:
    """The objector's full contact, for the reviewers who handle the notice (the final step's); every view logged."""
    with transaction.atomic():
        case = objection.case
        _require_final_reviewer(acting_user, case)
        record(AuditAction.VIEW_PII, objection, actor=acting_user, region_id=case.region_id,
               object_repr=stored(gettext_noop("%(subject)s · 公示异议"), subject=case.subject_repr),
               after={"field": "contact", "receipt_number": objection.receipt_number},
               note=stored(gettext_noop("查看异议人联系方式")))
        return objection.contact


def reply_to_objection(objection: Objection, *, acting_user, reply: str) -> Objection:
    """The answer the objector reads through the receipt lookup (recorded on the objection, audited)."""
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError(_("请填写给异议人的答复。"), code="reply_required")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=objection.case_id)
        _require_final_reviewer(acting_user, case)
        before = Objection.objects.values("reply").get(pk=objection.pk)
        Objection.objects.filter(pk=objection.pk).update(reply=reply, replied_by=acting_user, replied_at=timezone.now())
        objection.refresh_from_db()
        record(AuditAction.UPDATE, objection, actor=acting_user, region_id=case.region_id,
               object_repr=stored(gettext_noop("%(subject)s · 公示异议"), subject=case.subject_repr),
               before=before, after={"reply": reply[:500]}, note=stored(gettext_noop("答复异议人")))
        return objection


def resolve_objection(objection: Objection, *, acting_user, upheld: bool, resolution: str, reply: str = "") -> Objection:
    """Decide an objection (an upheld one rejects the case); ``reply``, when given, is recorded as the answer the
    objector reads with the receipt number."""
    if not resolution.strip():
        raise ValidationError(_("请填写处理意见。"), code="resolution_required")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=objection.case_id)
        _require_final_reviewer(acting_user, case)
        changed = Objection.objects.filter(pk=objection.pk, status=ObjectionStatus.OPEN).update(
            status=ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED, resolution=resolution,
            resolved_by=acting_user, resolved_at=timezone.now(),
        )
        if changed != 1:
            raise ConcurrentChange(_("该异议已处理。"), code="concurrent")
        objection.refresh_from_db()
        record(AuditAction.UPDATE, objection, actor=acting_user, region_id=case.region_id,
               object_repr=stored(gettext_noop("%(subject)s · 公示异议"), subject=case.subject_repr), after={"status": objection.status}, note=resolution[:500])
        if reply.strip():
            reply_to_objection(objection, acting_user=acting_user, reply=reply)
        if upheld:
            transition(case, CaseStatus.REJECTED, acting_user=acting_user, reason=_("公示异议成立：") + resolution,
                       last_reason=resolution, closed_at=timezone.now())
        return objection


def _require_final_reviewer(user, case: Case) -> None:
    last = _steps(case)[-1]
    ok = (user.role in last.roles and user.region is not None and user.region.level == last.level
          and user.region.contains(case.region))
    if not ok:
        raise PermissionDenied(_("只有%(step)s的审核人员可以办理公示事项。") % {"step": last.label})


def confirm(case: Case, *, acting_user) -> Case:
    """Final confirmation after the notice period, when no objection is open."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _require_final_reviewer(acting_user, case)
        if case.status != CaseStatus.IN_NOTICE:
            raise ValidationError(_("只有公示中的事项可以确认。"), code="not_in_notice")
        if today() <= case.notice_ends_on:
            raise ValidationError(_("公示期至 %(date)s 结束，结束后才能确认。") % {"date": case.notice_ends_on}, code="notice_running")
        open_count = case.objections.filter(status=ObjectionStatus.OPEN).count()
        if open_count:
            raise ValidationError(_("尚有 %(n)d 条公示异议未处理，处理完毕后才能确认。") % {"n": open_count}, code="objections_open")
        return transition(case, CaseStatus.CONFIRMED, acting_user=acting_user, reason=_("公示期满，确认通过"),
                          closed_at=timezone.now())


def create_batch(*, workflow: str, name: str, region, deadline, opens_on=None, cite: str = "", acting_user) -> ReviewBatch:
    with transaction.atomic():
        batch = ReviewBatch.objects.create(workflow=workflow, name=name, region=region, deadline=deadline,
                                           opens_on=opens_on, cite=cite)
        record(AuditAction.CREATE, batch, actor=acting_user, region_id=region.pk,
               after={"name": name, "deadline": deadline.isoformat()})
        return batch
