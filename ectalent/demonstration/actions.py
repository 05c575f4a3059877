"""Every change to demonstration applications and the register. Each function runs in one transaction and writes
its audit event; reviews run on the shared workflow (``ectalent.workflow.actions``)."""

from __future__ import annotations

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
from ectalent.core.uploads import check_evidence
from ectalent.registry.choices import ENTERPRISE_KINDS, OrganisationKind
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus

from .choices import UNIT_TRANSITIONS, ApplicantType, UnitStatus
from .models import AnnualReview, ApplicationMaterial, DemonstrationApplication, DesignatedUnit
from .pack import Kind, demonstration_pack
from .workflows import WORKFLOW

PARK_KINDS = {OrganisationKind.INDUSTRIAL_PARK, OrganisationKind.INCUBATION_BASE, OrganisationKind.PRACTICE_BASE}
REGION_APPLICANTS = {ApplicantType.COUNTY, ApplicantType.TOWN, ApplicantType.VILLAGE}


def today() -> datetime.date:
    return timezone.localdate()


# --- who may apply for what -----------------------------------------------------------------------


def applicant_types_for(user) -> list[str]:
    """The applicant types a user speaks for: a village's or town's staff for their village or town, a county's
    commerce bureau for its county, an enterprise's or park's staff for their organisation."""
    if not getattr(user, "is_authenticated", False):
        return []
    region = user.region
    if user.role == Role.GRASSROOTS_STAFF and region is not None:
        if region.level == "village":
            return [ApplicantType.VILLAGE]
        if region.level == "town":
            return [ApplicantType.TOWN]
        return []
    if user.role == Role.COUNTY_REVIEWER and region is not None and region.level == "county":
        return [ApplicantType.COUNTY]
    org = user.organisation if user.role in (Role.ENTERPRISE_STAFF, Role.BASE_STAFF) else None
    if org is None:
        return []
    types = []
    if org.kind in ENTERPRISE_KINDS:
        types.append(ApplicantType.ENTERPRISE)
    if org.kind in PARK_KINDS:
        types.append(ApplicantType.PARK)
    return types


def kinds_for(user) -> list[tuple[Kind, str]]:
    """(kind, applicant type) pairs the user may apply for, in the pack's order."""
    types = applicant_types_for(user)
    out = []
    for kind in demonstration_pack().kinds.values():
        for t in types:
            if t in kind.applicants:
                out.append((kind, t))
                break
    return out


def route_for(applicant_type: str, kind: Kind) -> str:
    """A county applying for itself starts at the city; everyone else at their county."""
    return "city" if applicant_type == ApplicantType.COUNTY else kind.route


# --- criteria checked from data -------------------------------------------------------------------


def _same_applicant(qs, application):
    if application.applicant_type in REGION_APPLICANTS:
        return qs.filter(region=application.region)
    return qs.filter(organisation=application.organisation)


def data_checks(application: DemonstrationApplication, on: datetime.date | None = None) -> list[dict]:
    """Each data criterion of the kind: holds (True/False), the criterion's text and what the data shows."""
    on = on or today()
    pack = demonstration_pack()
    kind = pack.kind(application.kind)
    units = DesignatedUnit.objects.all()
    out = []
    for criterion in kind.criteria:
        if criterion.check != "data":
            out.append({"code": criterion.code, "holds": None, "text": criterion.text,
                        "detail": stored(gettext_noop("由审核人员核实"))})
            continue
        holds, detail = True, ""
        if criterion.code == "registered":
            org = application.organisation
            holds = bool(org and org.credit_code)
            detail = (stored(gettext_noop("%(name)s，统一社会信用代码 %(code)s"), name=org.name, code=org.credit_code)
                      if holds else stored(gettext_noop("申报单位未登记统一社会信用代码")))
        elif criterion.code == "region_level":
            holds = application.region.level == application.applicant_type
            detail = stored(gettext_noop("申报地区：%(name)s"), name=application.region.full_name)
        elif criterion.code == "not_designated":
            current = _same_applicant(units.filter(kind=kind.code), application).exclude(status=UnitStatus.WITHDRAWN)
            holds = not current.exists()
            detail = (stored(gettext_noop("名录中无同类示范")) if holds
                      else stored(gettext_noop("已列入名录：%(name)s"), name=current.first().unit_name))
        elif criterion.code == "no_recent_withdrawal":
            years = pack.param("reapply_years", on).value
            since = on.replace(year=on.year - years) if not (on.month == 2 and on.day == 29) else on.replace(
                year=on.year - years, day=28)
            recent = _same_applicant(units.filter(kind=kind.code, status=UnitStatus.WITHDRAWN, withdrawn_on__gt=since),
                                     application)
            holds = not recent.exists()
            detail = (stored(gettext_noop("%(years)s 年内无被撤销记录"), years=years) if holds
                      else stored(gettext_noop("%(date)s 被撤销同类示范，%(years)s 年内不得再申报"),
                                  date=recent.first().withdrawn_on.isoformat(), years=years))
        elif criterion.code in ("holds_provincial_base", "holds_provincial_enterprise"):
            needed = criterion.code.removeprefix("holds_")
            held = _same_applicant(units.filter(kind=needed, status=UnitStatus.DESIGNATED), application)
            holds = held.exists()
            detail = (stored(gettext_noop("%(date)s 认定为%(kind)s"), date=held.first().designated_on.isoformat(),
                             kind=pack.kind(needed).name)
                      if holds else stored(gettext_noop("名录中尚无%(kind)s认定"), kind=pack.kind(needed).name))
        out.append({"code": criterion.code, "holds": holds, "text": criterion.text, "detail": detail})
    return out


# --- applications ---------------------------------------------------------------------------------


def create_application(*, kind: str, acting_user, unit_name: str, contact_name: str, contact_phone: str,
                       summary: str) -> DemonstrationApplication:
    allowed = {k.code: t for k, t in kinds_for(acting_user)}
    if kind not in allowed:
        raise PermissionDenied(_("您不能申报此类示范。"))
    applicant_type = allowed[kind]
    spec = demonstration_pack().kind(kind)
    organisation = acting_user.organisation
    region = acting_user.region if applicant_type in REGION_APPLICANTS else organisation.region
    with transaction.atomic():
        application = DemonstrationApplication.objects.create(
            kind=kind, applicant_type=applicant_type, region=region, organisation=organisation,
            unit_name=unit_name, contact_name=contact_name, contact_phone=contact_phone, summary=summary,
            created_by=acting_user,
        )
        record(AuditAction.CREATE, application, actor=acting_user, region_id=region.pk,
               after={"kind": kind, "applicant_type": applicant_type})
        wf.open_case(workflow=WORKFLOW, subject=application, region=region, organisation=organisation,
                     acting_user=acting_user, route=route_for(applicant_type, spec))
        return application


def update_application(application, *, acting_user, **fields) -> DemonstrationApplication:
    with transaction.atomic():
        case = application.case
        if case.status not in (CaseStatus.DRAFT, CaseStatus.RETURNED):
            raise ValidationError(_("只有草稿或退回修改的申报可以修改。"), code="locked")
        for name, value in fields.items():
            setattr(application, name, value)
        application.save()
        record(AuditAction.UPDATE, application, actor=acting_user, region_id=application.region_id,
               after={k: str(v)[:120] for k, v in fields.items()})
        return application


def add_material(application, *, title: str, upload, acting_user) -> ApplicationMaterial:
    content_type = check_evidence(upload)
    with transaction.atomic():
        if application.case.status not in (CaseStatus.DRAFT, CaseStatus.RETURNED):
            raise ValidationError(_("只有草稿或退回修改的申报可以上传材料。"), code="locked")
        material = ApplicationMaterial.objects.create(
            application=application, title=title, file=upload, original_name=upload.name[:255],
            content_type=content_type, size=upload.size, uploaded_by=acting_user,
        )
        record(AuditAction.CREATE, material, actor=acting_user, region_id=application.region_id,
               object_repr=f"{application.unit_name} · {title}"[:255], after={"file": upload.name[:120]})
        return material


def submit_application(application, *, acting_user) -> DemonstrationApplication:
    with transaction.atomic():
        application = DemonstrationApplication.objects.select_for_update().get(pk=application.pk)
        if not application.materials.exists():
            raise ValidationError(_("请先上传申报材料。"), code="no_materials")
        checks = data_checks(application)
        failed = [c for c in checks if c["holds"] is False]
        if failed:
            from ectalent.core.i18n import shown

            raise ValidationError(
                [_("不符合条件：%(text)s（%(detail)s）") % {"text": c["text"], "detail": shown(c["detail"])} for c in failed],
                code="criteria",
            )
        application.checks = checks
        application.save(update_fields=["checks", "updated_at"])
        wf.submit(application.case, acting_user=acting_user)
        return application


# --- the register -----------------------------------------------------------------------------


def after_status_change(case, old_status, new_status, user) -> None:
    """Workflow hook: a confirmed application enters the register (national kinds as the province's
    recommendation, awaiting the national result)."""
    if case.workflow != WORKFLOW or new_status != CaseStatus.CONFIRMED:
        return
    application = DemonstrationApplication.objects.get(pk=case.subject_id)
    kind = demonstration_pack().kind(application.kind)
    on = today()
    unit = DesignatedUnit.objects.create(
        kind=application.kind, region=application.region, organisation=application.organisation,
        unit_name=application.unit_name, application=application,
        status=UnitStatus.RECOMMENDED if kind.national else UnitStatus.DESIGNATED,
        recommended_on=on if kind.national else None, designated_on=None if kind.national else on,
    )
    record(AuditAction.CREATE, unit, actor=user, region_id=unit.region_id,
           after={"kind": unit.kind, "status": unit.status})


def _require_province(user) -> None:
    if user.role != Role.PROVINCE_ADMIN or user.region is None or user.region.level != "province":
        raise PermissionDenied(_("只有省商务厅可以办理此事项。"))


def _require_reviewer_of(user, unit) -> None:
    """The province, or the city or county commerce bureau of the unit's region."""
    ok = (user.role in (Role.PROVINCE_ADMIN, Role.CITY_REVIEWER, Role.COUNTY_REVIEWER)
          and user.region is not None and user.region.contains(unit.region))
    if not ok:
        raise PermissionDenied(_("只有示范单位所在地的商务主管部门或省商务厅可以复核。"))


def transition_unit(unit: DesignatedUnit, to_status: str, *, acting_user, note: str = "", **fields) -> DesignatedUnit:
    """The one status change of a designated unit: allowed by the table, compare-and-set on the version, audited."""
    from_status = unit.status
    if to_status not in UNIT_TRANSITIONS[UnitStatus(from_status)]:
        raise ValidationError(_("不能从“%(a)s”变为“%(b)s”。") % {"a": UnitStatus(from_status).label,
                                                                  "b": UnitStatus(to_status).label}, code="transition")
    changed = DesignatedUnit.objects.filter(pk=unit.pk, status=from_status, version=unit.version).update(
        status=to_status, version=F("version") + 1, **fields)
    if changed != 1:
        raise wf.ConcurrentChange(_("该示范单位已被他人处理，请刷新页面后查看最新状态。"), code="concurrent")
    unit.refresh_from_db()
    record(AuditAction.TRANSITION, unit, actor=acting_user, region_id=unit.region_id,
           before={"status": from_status}, after={"status": to_status}, note=note[:500])
    return unit


def record_national_designation(unit: DesignatedUnit, *, designated_on: datetime.date, acting_user) -> DesignatedUnit:
    _require_province(acting_user)
    with transaction.atomic():
        if designated_on > today():
            raise ValidationError(_("认定日期不能晚于今天。"), code="future")
        if unit.recommended_on and designated_on < unit.recommended_on:
            raise ValidationError(_("认定日期不能早于省级推荐日期。"), code="before_recommendation")
        return transition_unit(unit, UnitStatus.DESIGNATED, acting_user=acting_user,
                               note=stored(gettext_noop("国家级认定日期 %(date)s"), date=designated_on.isoformat()),
                               designated_on=designated_on)


def withdraw_designation(unit: DesignatedUnit, *, reason: str, withdrawn_on: datetime.date | None = None,
                         acting_user) -> DesignatedUnit:
    _require_province(acting_user)
    if not reason.strip():
        raise ValidationError(_("撤销示范称号必须写明理由。"), code="reason_required")
    withdrawn_on = withdrawn_on or today()
    with transaction.atomic():
        return transition_unit(unit, UnitStatus.WITHDRAWN, acting_user=acting_user, note=reason,
                               withdrawn_on=withdrawn_on, withdrawal_reason=reason.strip(), withdrawn_by=acting_user)


def annual_review(unit: DesignatedUnit, *, year: int, result: str, note: str, acting_user) -> AnnualReview:
    _require_reviewer_of(acting_user, unit)
    if unit.status != UnitStatus.DESIGNATED:
        raise ValidationError(_("只有已认定的示范单位需要年度复核。"), code="not_designated")
    if unit.designated_on and year < unit.designated_on.year:
        raise ValidationError(_("复核年度不能早于认定年度。"), code="year")
    if result != "passed" and not note.strip():
        raise ValidationError(_("复核结果为整改或不合格时须填写复核意见。"), code="note_required")
    with transaction.atomic():
        if AnnualReview.objects.filter(unit=unit, year=year).exists():
            raise ValidationError(_("%(year)s 年度已复核。") % {"year": year}, code="duplicate")
        review = AnnualReview.objects.create(unit=unit, year=year, result=result, note=note.strip(),
                                             reviewed_by=acting_user)
        record(AuditAction.CREATE, review, actor=acting_user, region_id=unit.region_id,
               object_repr=f"{unit.unit_name} · {year}", after={"year": year, "result": result})
        return review
