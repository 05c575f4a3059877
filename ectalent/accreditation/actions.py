"""Every change in the accreditation programme (附件2). One transaction each, with its audit events.

The workflow calls two hooks from here (see ``workflows.py``): ``before_step_approved`` (the city's approval is its
recommendation, taken against the quota under a row lock) and ``after_status_change`` (a rejected or withdrawn
application releases its place; a confirmed one enters the register).
"""

import datetime
import hashlib

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ectalent.audit.actions import diff, record, snapshot
from ectalent.audit.models import AuditAction
from ectalent.core.i18n import stored
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus

from . import quotas
from .choices import AnnouncementKind, ChangeKind, ProposalStatus, RevocationGround, UnitStatus, UnitType
from .models import (
    Announcement,
    AnnualReport,
    Material,
    Recommendation,
    RegisteredUnit,
    RevocationProposal,
    UnitApplication,
    UnitChange,
)
from .policy import param
from .workflows import WORKFLOW


def today() -> datetime.date:
    return timezone.localdate()


# --- eligibility to apply -----------------------------------------------------------------------


def active_ban(organisation, unit_type: str | None = None, on: datetime.date | None = None) -> RegisteredUnit | None:
    """第十条: a unit whose registration was revoked may not apply again for two years."""
    on = on or today()
    qs = RegisteredUnit.objects.filter(organisation=organisation, status=UnitStatus.REVOKED, banned_until__gt=on)
    return qs.order_by("-banned_until").first()


def check_may_apply(organisation, unit_type: str) -> None:
    ban = active_ban(organisation, unit_type)
    if ban:
        raise ValidationError(
            _("该单位于 %(revoked)s 被取消备案资格，依据附件2第十条，%(until)s 前不得再次申报。")
            % {"revoked": ban.revoked_on, "until": ban.banned_until},
            code="banned",
        )
    if RegisteredUnit.objects.filter(organisation=organisation, unit_type=unit_type, status=UnitStatus.ACTIVE).exists():
        raise ValidationError(_("该单位已是备案的%(t)s，无需重复申请。") % {"t": UnitType(unit_type).label}, code="registered")
    open_statuses = [CaseStatus.DRAFT, CaseStatus.IN_REVIEW, CaseStatus.RETURNED, CaseStatus.IN_NOTICE]
    pending = UnitApplication.objects.filter(organisation=organisation, unit_type=unit_type).values_list("pk", flat=True)
    from ectalent.workflow.models import Case

    if Case.objects.filter(subject_type="accreditation.unitapplication", subject_id__in=[str(p) for p in pending],
                           status__in=open_statuses).exists():
        raise ValidationError(_("该单位已有一份正在办理的%(t)s备案申请。") % {"t": UnitType(unit_type).label}, code="pending")


def condition_checks(application: UnitApplication) -> list[dict]:
    """第四条: the conditions the data can show (checked) and those a reviewer must judge (listed)."""
    checks = []
    areas = application.practice_areas or []
    checks.append({
        "cite": "附件2 第四条（四）", "text": _("能承担电商运营、营销推广、跨境电商等培训和实训中至少一项"),
        "holds": bool(areas), "auto": True,
        "detail": _("申报可承担：%(a)s") % {"a": "、".join(application.practice_area_labels) or _("无")},
    })
    if application.unit_type == UnitType.INSTITUTION:
        checks.append({
            "cite": "附件2 第四条（一）", "text": _("经当地人社部门批准设立，具有职业资格培训资质"),
            "holds": bool(application.licence_issuer and application.licence_number), "auto": True,
            "detail": _("发证机关：%(i)s；证书编号：%(n)s") % {"i": application.licence_issuer or "—", "n": application.licence_number or "—"},
        })
        teachers = (application.teachers_full_time or 0) + (application.teachers_part_time or 0)
        checks.append({
            "cite": "附件2 第四条（四）", "text": _("具有开展培训所必须的师资"), "holds": teachers > 0, "auto": True,
            "detail": _("专职 %(f)s 人，兼职 %(p)s 人") % {"f": application.teachers_full_time or 0, "p": application.teachers_part_time or 0},
        })
    else:
        checks.append({
            "cite": "附件2 第四条（一）", "text": _("实践基地在电子商务企业和电商产业基地中选择"),
            "holds": bool(application.base_kind), "auto": True,
            "detail": application.get_base_kind_display() if application.base_kind else _("未选择类型"),
        })
    materials = set(application.materials.values_list("kind", flat=True)) if application.pk else set()
    for kind, text in (("licence", _("营业执照、法人证书或社团登记证书")), ("premises", _("场地证明（产权证书或租赁协议）"))):
        checks.append({"cite": "附件2 第五条", "text": text, "holds": kind in materials, "auto": True,
                       "detail": _("已上传") if kind in materials else _("未上传")})
    for cite, text in (
        ("附件2 第四条（二）", _("积极推行全省电子商务专业人才培养工作方案，热心承担培训和实训任务")),
        ("附件2 第四条（三）", _("有稳定、可靠的经费来源，能够确保正常的培训和实训需要")),
        ("附件2 第四条（五）", _("按照指定的培训大纲、岗位能力模型和实训考核要求进行培训")),
        ("附件2 第四条（六）", _("实践岗位配备专职责任教师，对学员实训进行全程辅导")),
        ("附件2 第四条（七）", _("规章制度健全，内部管理规范，社会信誉较好")),
    ):
        declared = bool((application.declarations or {}).get(cite))
        checks.append({"cite": cite, "text": text, "holds": None, "auto": False,
                       "detail": _("申请单位已声明符合，需审核人员判断") if declared else _("申请单位未声明，需审核人员判断")})
    return checks


# --- applications --------------------------------------------------------------------------------


def save_application(application: UnitApplication, *, acting_user) -> UnitApplication:
    with transaction.atomic():
        creating = application.pk is None
        if creating:
            check_may_apply(application.organisation, application.unit_type)
        before = None if creating else snapshot(UnitApplication.objects.get(pk=application.pk))
        application.full_clean()
        application.save()
        if creating:
            record(AuditAction.CREATE, application, actor=acting_user, after=snapshot(application))
            route = "association" if application.via_association else "county"
            wf.open_case(workflow=WORKFLOW, subject=application, region=application.region, acting_user=acting_user,
                         organisation=application.organisation, route=route, batch=current_batch(application))
        else:
            b, a = diff(before, snapshot(application))
            if a:
                record(AuditAction.UPDATE, application, actor=acting_user, before=b, after=a)
        return application


def current_batch(application):
    """The open batch with the nearest deadline (None: no batch, no batch deadline)."""
    from ectalent.workflow.models import ReviewBatch

    on = today()
    return (ReviewBatch.objects.filter(workflow=WORKFLOW, deadline__gte=on)
            .filter(Q(opens_on__isnull=True) | Q(opens_on__lte=on)).order_by("deadline").first())


def add_material(application: UnitApplication, *, kind: str, upload, content_type: str, acting_user) -> Material:
    with transaction.atomic():
        data = upload.read()
        upload.seek(0)
        material = Material(application=application, kind=kind, original_name=upload.name[:255],
                            content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest())
        material.file.save(upload.name, upload, save=False)
        material.save()
        record(AuditAction.UPDATE, application, actor=acting_user,
               after={"material": kind, "file": material.original_name, "sha256": material.sha256}, note=_("上传申请材料"))
        return material


def submit_application(application: UnitApplication, *, acting_user):
    missing = [c for c in condition_checks(application) if c["auto"] and c["holds"] is False]
    if missing:
        raise ValidationError([f"{c['cite']}：{c['text']}（{c['detail']}）" for c in missing], code="conditions")
    return wf.submit(application.case, acting_user=acting_user)


# --- workflow hooks ------------------------------------------------------------------------------


def _application(case) -> UnitApplication:
    return UnitApplication.objects.select_related("plan", "region").get(pk=int(case.subject_id))


def before_row_approved(case, step, row, user) -> None:
    """The city commerce reviewer's approval is the city's recommendation (第六条): it takes a place within the
    quota then, whatever the order of the 人社、财政、教育 co-review opinions."""
    if step.code != "city_review" or not row.is_lead:
        return
    application = _application(case)
    recommend(application, acting_user=user)


def after_status_change(case, old_status, new_status, user) -> None:
    if case.subject_type != "accreditation.unitapplication":
        return
    application = _application(case)
    if new_status in (CaseStatus.REJECTED, CaseStatus.WITHDRAWN):
        released = Recommendation.objects.counting().filter(application=application).update(released_at=timezone.now())
        if released:
            record(AuditAction.UPDATE, application, actor=user, after={"recommendation": "released"},
                   note=_("申请未获通过或撤回，释放推荐名额"))
    elif new_status == CaseStatus.CONFIRMED:
        register_unit(application, acting_user=user)


def outcome_labels(cases) -> dict:
    """A confirmed application whose registration was revoked later says 已撤销 (第十条), not 已确认."""
    confirmed = {c.subject_id: c.pk for c in cases if c.subject_type == "accreditation.unitapplication"
                 and c.status == CaseStatus.CONFIRMED}
    revoked = RegisteredUnit.objects.filter(application_id__in=[int(i) for i in confirmed], status=UnitStatus.REVOKED)
    return {confirmed[str(app_id)]: _("已撤销") for app_id in revoked.values_list("application_id", flat=True)}


def recommend(application: UnitApplication, *, acting_user) -> Recommendation:
    """Take one place on the application's plan line and every line above it — or refuse, naming the full line."""
    line = quotas.line_for_region(application.plan, application.region)
    if line is None:
        raise ValidationError(_("%(r)s 不在培训任务和机构数量分配表中，不能推荐。") % {"r": application.region.name}, code="no_line")
    lines = quotas.chain(line)
    quotas.lock_lines(lines)
    for each in lines:
        q = quotas.quota(each, application.unit_type)
        if q.free <= 0:
            raise ValidationError(
                _("%(line)s 的%(type)s推荐名额已满（上限 %(limit)d 个，已推荐 %(used)d 个），不能再推荐。如需增加，请向省商务厅申请机动调配名额。")
                % {"line": each.label, "type": UnitType(application.unit_type).label, "limit": q.limit, "used": q.used},
                code="quota_full",
            )
    existing = Recommendation.objects.filter(application=application).first()
    if existing is not None:
        if existing.released_at is None:
            return existing
        existing.delete()  # a released place from an earlier round is taken again below
    rec = Recommendation.objects.create(application=application, unit=line, unit_type=application.unit_type,
                                        recommended_by=acting_user)
    record(AuditAction.CREATE, rec, actor=acting_user, region_id=application.region_id,
           object_repr=stored(gettext_noop("%(application)s · 市级推荐"), application=application), after={"line": line.label, "unit_type": application.unit_type})
    return rec


# --- the register ---------------------------------------------------------------------------------


def next_register_number(unit_type: str, year: int) -> str:
    prefix = f"ZJ{'PX' if unit_type == UnitType.INSTITUTION else 'SJ'}{year}"
    last = RegisteredUnit.objects.filter(register_number__startswith=prefix).aggregate(m=Max("register_number"))["m"]
    seq = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def register_unit(application: UnitApplication, *, acting_user) -> RegisteredUnit:
    on = today()
    unit = RegisteredUnit.objects.create(
        plan=application.plan, organisation=application.organisation, application=application,
        unit_type=application.unit_type, register_number=next_register_number(application.unit_type, on.year),
        name=application.unit_name, region=application.region,
        training_scopes=application.training_scopes or application.practice_areas, registered_on=on,
        # offered for the public register; shown only once the unit agrees (set_publication)
        public_address=application.address,
        public_contact=f"{application.contact_name} {application.contact_phone}".strip(),
    )
    record(AuditAction.CREATE, unit, actor=acting_user, after=snapshot(unit), note=_("确认备案，列入名录"))
    announce(unit, AnnouncementKind.REGISTRATION, acting_user=acting_user, on=on,
             title=stored(gettext_noop("关于%(name)s备案的公告"), name=unit.name),
             body=stored(gettext_noop("经省商务厅会同省财政、人社、教育等部门核定，%(name)s（%(type)s，注册地 %(region)s）予以备案，"
                                      "列入名录，备案编号 %(number)s。"),
                         name=unit.name, type=unit.get_unit_type_display(), region=unit.region.name,
                         number=unit.register_number))
    return unit


def next_announcement_number(on: datetime.date) -> str:
    prefix = f"GG{on.year}-"
    last = Announcement.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
    seq = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def announce(unit: RegisteredUnit, kind: str, *, title: str, body: str, acting_user, on=None) -> Announcement:
    """A public announcement (公告) of the register, kept as the unit's history (第七条 统一对外公告)."""
    on = on or today()
    with transaction.atomic():
        announcement = Announcement.objects.create(unit=unit, kind=kind, number=next_announcement_number(on),
                                                   title=title, body=body, published_on=on, published_by=acting_user)
        record(AuditAction.CREATE, announcement, actor=acting_user, region_id=unit.region_id,
               after={"number": announcement.number, "kind": kind, "unit": unit.register_number})
        return announcement


PUBLICATION_FIELDS = ("publish_scope", "publish_address", "publish_contact", "public_address", "public_contact")


def set_publication(unit: RegisteredUnit, *, acting_user, **values) -> RegisteredUnit:
    """What the unit agrees to show in the public register (training scope, address, contact), field by field."""
    with transaction.atomic():
        unit = RegisteredUnit.objects.select_for_update().get(pk=unit.pk)
        before = {f: getattr(unit, f) for f in PUBLICATION_FIELDS}
        for field in PUBLICATION_FIELDS:
            if field in values:
                setattr(unit, field, values[field].strip() if isinstance(values[field], str) else bool(values[field]))
        if unit.publish_address and not unit.public_address:
            raise ValidationError(_("同意公开地址时请填写公开的地址。"), code="address_required")
        if unit.publish_contact and not unit.public_contact:
            raise ValidationError(_("同意公开联系方式时请填写公开的联系方式。"), code="contact_required")
        unit.save(update_fields=list(PUBLICATION_FIELDS))
        after = {f: getattr(unit, f) for f in PUBLICATION_FIELDS}
        b, a = diff(before, after)
        if a:
            record(AuditAction.UPDATE, unit, actor=acting_user, before=b, after=a,
                   note=stored(gettext_noop("设置名录公开信息")))
        return unit


def file_change(unit: RegisteredUnit, *, kind: str, after: dict, description: str, effective_on, acting_user) -> UnitChange:
    """第九条: rename, change of business scope, merger, split, change of line — the register keeps the history."""
    if unit.status != UnitStatus.ACTIVE:
        raise ValidationError(_("该单位已被取消备案，不能办理变更。"), code="not_active")
    with transaction.atomic():
        unit = RegisteredUnit.objects.select_for_update().get(pk=unit.pk)
        before = {"name": unit.name, "training_scopes": unit.training_scopes}
        change = UnitChange.objects.create(unit=unit, kind=kind, before=before, after=after, description=description,
                                           effective_on=effective_on, filed_by=acting_user)
        if kind == ChangeKind.RENAME and after.get("name"):
            unit.name = after["name"]
        if kind == ChangeKind.SCOPE and "training_scopes" in after:
            unit.training_scopes = after["training_scopes"]
        unit.save(update_fields=["name", "training_scopes"])
        record(AuditAction.UPDATE, unit, actor=acting_user, before=before, after=after,
               note=f"{ChangeKind(kind).label}：{description}"[:500])
        announce(unit, AnnouncementKind.CHANGE, acting_user=acting_user,
                 title=stored(gettext_noop("关于%(name)s变更备案的公告"), name=unit.name),
                 body=stored(gettext_noop("%(name)s（备案编号 %(number)s）%(kind)s：%(description)s。自 %(date)s 起生效（附件2 第九条）。"),
                             name=before["name"], number=unit.register_number, kind=ChangeKind(kind).label,
                             description=description, date=effective_on))
        return change


# --- annual reports and revocation ------------------------------------------------------------


def evaluate_report(report: AnnualReport) -> dict:
    """第八条 dynamic evaluation; 第十条（二）: satisfaction or pass rate below the threshold."""
    on = datetime.date(report.year + 1, 1, 1)
    min_sat = param("accreditation.min_satisfaction_rate", on)
    min_pass = param("accreditation.min_pass_rate", on)
    findings = []
    if report.satisfaction_rate < min_sat:
        findings.append(_("学员满意度 %(v)s%% 低于 %(m)s%%") % {"v": report.satisfaction_rate, "m": min_sat})
    if report.exam_pass_rate is not None and report.exam_pass_rate < min_pass:
        findings.append(_("考试通过率 %(v)s%% 低于 %(m)s%%") % {"v": report.exam_pass_rate, "m": min_pass})
    return {"min_satisfaction_rate": float(min_sat), "min_pass_rate": float(min_pass), "findings": findings,
            "propose_revocation": bool(findings), "cite": "附件2 第八条、第十条（二）"}


def submit_annual_report(report: AnnualReport, *, acting_user) -> AnnualReport:
    with transaction.atomic():
        if report.unit.status != UnitStatus.ACTIVE:
            raise ValidationError(_("该单位已被取消备案，无需报送年度报告。"), code="not_active")
        report.submitted_by = acting_user
        report.evaluation = evaluate_report(report)
        report.full_clean()
        report.save()
        record(AuditAction.CREATE, report, actor=acting_user, region_id=report.unit.region_id,
               object_repr=stored(gettext_noop("%(unit)s %(year)s 年度报告"), unit=report.unit, year=report.year), after=snapshot(report))
        if report.evaluation["propose_revocation"]:
            propose_revocation(report.unit, ground=RevocationGround.LOW_RATES,
                               details="；".join(report.evaluation["findings"]), report=report, acting_user=None)
        return report


def propose_revocation(unit: RegisteredUnit, *, ground: str, details: str, acting_user, report=None) -> RevocationProposal:
    if not details.strip():
        raise ValidationError(_("请写明具体情况。"), code="details")
    with transaction.atomic():
        if RevocationProposal.objects.filter(unit=unit, status=ProposalStatus.PROPOSED).exists():
            existing = RevocationProposal.objects.filter(unit=unit, status=ProposalStatus.PROPOSED).first()
            return existing
        proposal = RevocationProposal.objects.create(unit=unit, ground=ground, details=details, report=report,
                                                     proposed_by=acting_user)
        record(AuditAction.CREATE, proposal, actor=acting_user, region_id=unit.region_id,
               object_repr=stored(gettext_noop("%(unit)s · 取消备案建议"), unit=unit), after={"ground": ground, "details": details})
        return proposal


def decide_revocation(proposal: RevocationProposal, *, confirm: bool, note: str, acting_user) -> RevocationProposal:
    """The province confirms (the unit leaves the register, banned for two years) or dismisses a proposal."""
    if not note.strip():
        raise ValidationError(_("请填写确认意见。"), code="note")
    with transaction.atomic():
        changed = RevocationProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PROPOSED).update(
            status=ProposalStatus.CONFIRMED if confirm else ProposalStatus.DISMISSED, decided_by=acting_user,
            decided_at=timezone.now(), decision_note=note,
        )
        if changed != 1:
            raise wf.ConcurrentChange(_("该建议已被他人处理，请刷新页面。"), code="concurrent")
        proposal.refresh_from_db()
        record(AuditAction.TRANSITION, proposal, actor=acting_user, region_id=proposal.unit.region_id,
               object_repr=stored(gettext_noop("%(unit)s · 取消备案建议"), unit=proposal.unit), before={"status": ProposalStatus.PROPOSED},
               after={"status": proposal.status}, note=note[:500])
        if confirm:
            revoke(proposal.unit, reason=f"{proposal.get_ground_display()}：{proposal.details}", acting_user=acting_user)
        return proposal


def revoke(unit: RegisteredUnit, *, reason: str, acting_user, public_reason: str | None = None) -> RegisteredUnit:
    """Revoke (第十条) and announce it; ``public_reason`` (default: the ground, before any details) is what the
    public announcement says."""
    on = today()
    years = param("accreditation.reapply_ban_years", on)
    changed = RegisteredUnit.objects.filter(pk=unit.pk, status=UnitStatus.ACTIVE, version=unit.version).update(
        status=UnitStatus.REVOKED, revoked_on=on, revocation_reason=reason,
        banned_until=on + relativedelta(years=int(years)), version=unit.version + 1,
    )
    if changed != 1:
        raise wf.ConcurrentChange(_("该单位状态已变化，请刷新页面。"), code="concurrent")
    unit.refresh_from_db()
    record(AuditAction.TRANSITION, unit, actor=acting_user, before={"status": UnitStatus.ACTIVE},
           after={"status": UnitStatus.REVOKED, "banned_until": unit.banned_until.isoformat()}, note=reason[:500])
    announce(unit, AnnouncementKind.REVOCATION, acting_user=acting_user, on=on,
             title=stored(gettext_noop("关于取消%(name)s备案的公告"), name=unit.name),
             body=stored(gettext_noop("依据附件2第十条，取消%(name)s（备案编号 %(number)s）的备案，自 %(date)s 起从名录中删除，"
                                      "%(until)s 前不得再次申报。情形：%(reason)s"),
                         name=unit.name, number=unit.register_number, date=on, until=unit.banned_until,
                         reason=public_reason if public_reason is not None else reason.split("：")[0]))
    return unit
