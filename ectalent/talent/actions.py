"""Every change of the talent market, each in one transaction with its audit event."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.notices.actions import notify
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus
from ectalent.workflow.models import Case

from . import matching
from .choices import LEVEL_RANK, ConsentPurpose, ContactStatus, HireCategory, PlacementStage, SeekerStatus, VacancyStatus
from .models import (
    CaseService,
    Consent,
    ContactRequest,
    EventParticipant,
    Placement,
    Recommendation,
    RecruitmentEvent,
    Seeker,
    TalentCase,
    Vacancy,
)
from .workflows import WORKFLOW

CONSENT_TEXT = _(
    "本人同意平台将本人的求职意向、平台核验的证书与培训情况（不含姓名、身份证号和联系方式）向用人单位展示，"
    "并由人社部门向用人单位推荐；仅在本人同意某一用人单位的联系请求后，向该单位提供本人姓名和手机号。"
    "本人可随时撤回本同意，撤回后立即停止展示和共享。"
)


def today() -> datetime.date:
    return timezone.localdate()


# --- seekers ------------------------------------------------------------------------------------------------


def _person_facts(person, as_of: datetime.date) -> dict:
    """Certificates (issued here or held in the registry), trainings and years in the occupation, from the platform."""
    from ectalent.certification.choices import CertificateStatus
    from ectalent.certification.models import Certificate
    from ectalent.certification.policy import pack
    from ectalent.rules.facts import LEVEL_LABELS, derive

    covered, level_rank, labels = 0, 0, []
    for cert in Certificate.objects.filter(person=person, status=CertificateStatus.VALID).order_by("issued_on"):
        level_rank = max(level_rank, LEVEL_RANK.get(cert.level, 0))
        for position in matching.POSITIONS:
            if matching.covers(position, cert.level, cert.directions or ()):
                covered |= matching.POSITION_BIT[position]
        labels.append({"kind": "certificate", "label": f"{LEVEL_LABELS.get(cert.level, cert.level)}", "number": cert.number,
                       "on": cert.issued_on.isoformat(), "source": "platform"})
    for held in person.certificates.all():
        level_rank = max(level_rank, LEVEL_RANK.get(held.level, 0))
        for position in matching.POSITIONS:
            # a registry record carries no direction: it qualifies for its level's positions without one and above
            if matching.covers(position, held.level, ()):
                covered |= matching.POSITION_BIT[position]
        labels.append({"kind": "certificate", "label": LEVEL_LABELS.get(held.level, held.level), "number": held.number,
                       "on": held.issued_on.isoformat(), "source": "registry"})
    trained = 0
    for t in person.trainings.all():
        if t.completed_on <= as_of and t.level in matching.TRAINING_BIT:
            trained |= matching.TRAINING_BIT[t.level]
            labels.append({"kind": "training", "label": LEVEL_LABELS.get(t.level, t.level), "number": t.institution,
                           "on": t.completed_on.isoformat(), "source": "registry"})
    facts = derive(person.applicant_facts(as_of), pack())
    return {"covered": covered, "level_rank": level_rank, "trained": trained,
            "occupation_years": facts.occupation_years, "credentials": labels}


def refresh_facts(seeker: Seeker, as_of: datetime.date | None = None) -> Seeker:
    as_of = as_of or today()
    facts = _person_facts(seeker.person, as_of)
    intention = 0
    for p in seeker.positions:
        intention |= matching.POSITION_BIT.get(p, 0)
    Seeker.objects.filter(pk=seeker.pk).update(intention=intention, facts_on=as_of, **facts)
    seeker.refresh_from_db()
    return seeker


def refresh_all(as_of: datetime.date | None = None, progress=None) -> int:
    """Re-derive every active seeker's facts (years in the occupation move with the calendar)."""
    ids = list(Seeker.objects.filter(status=SeekerStatus.ACTIVE).values_list("pk", flat=True))
    for n, pk in enumerate(ids):
        refresh_facts(Seeker.objects.select_related("person").get(pk=pk), as_of)
        if progress and n % 200 == 0:
            progress(n, len(ids))
    return len(ids)


def save_seeker(person, *, acting_user, data: dict, regions, seeker: Seeker | None = None) -> Seeker:
    with transaction.atomic():
        created = seeker is None
        before = None if created else {"positions": seeker.positions, "status": seeker.status}
        seeker = seeker or Seeker(person=person)
        for key, value in data.items():
            setattr(seeker, key, value)
        seeker.full_clean(exclude=["person"])
        seeker.save()
        seeker.regions.set(regions)
        refresh_facts(seeker)
        record(AuditAction.CREATE if created else AuditAction.UPDATE, seeker, actor=acting_user, before=before,
               after={"positions": seeker.positions, "status": seeker.status,
                      "regions": [r.code for r in regions]}, region_id=person.region_id)
        return seeker


def grant_consent(seeker: Seeker, *, acting_user) -> Consent:
    with transaction.atomic():
        Seeker.objects.select_for_update().get(pk=seeker.pk)
        existing = seeker.active_consent()
        if existing:
            return existing
        consent = Consent.objects.create(seeker=seeker, purpose=ConsentPurpose.MATCHING, text=CONSENT_TEXT,
                                         granted_by=acting_user)
        record(AuditAction.CREATE, consent, actor=acting_user, after={"purpose": consent.purpose},
               region_id=seeker.person.region_id, object_repr=_("求职者 %(code)s 的授权") % {"code": seeker.code})
        return consent


def withdraw_consent(seeker: Seeker, *, acting_user) -> int:
    """Withdrawal takes effect at once: no enterprise sees the seeker again, pending requests lapse."""
    with transaction.atomic():
        Seeker.objects.select_for_update().get(pk=seeker.pk)
        n = Consent.objects.filter(seeker=seeker, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        ContactRequest.objects.filter(seeker=seeker, status=ContactStatus.PENDING).update(
            status=ContactStatus.CANCELLED, answered_at=timezone.now())
        if n:
            record(AuditAction.UPDATE, seeker, actor=acting_user, after={"consent": "withdrawn"},
                   region_id=seeker.person.region_id, object_repr=_("求职者 %(code)s 撤回授权") % {"code": seeker.code})
        return n


# --- vacancies ------------------------------------------------------------------------------------------------

VACANCY_TRANSITIONS = {
    VacancyStatus.DRAFT: {VacancyStatus.SUBMITTED},
    VacancyStatus.SUBMITTED: {VacancyStatus.PUBLISHED, VacancyStatus.RETURNED, VacancyStatus.REJECTED},
    VacancyStatus.RETURNED: {VacancyStatus.SUBMITTED},
    VacancyStatus.PUBLISHED: {VacancyStatus.CLOSED},
    VacancyStatus.REJECTED: set(),
    VacancyStatus.CLOSED: set(),
}


def set_vacancy_status(vacancy: Vacancy, to: str, *, acting_user, reason: str = "", **fields) -> Vacancy:
    """The one place a vacancy's status changes: the table above, compare-and-set on the version, audited."""
    old = vacancy.status
    if to not in VACANCY_TRANSITIONS[VacancyStatus(old)]:
        raise ValidationError(_("岗位不能从“%(a)s”变为“%(b)s”。") % {"a": VacancyStatus(old).label, "b": VacancyStatus(to).label})
    n = Vacancy.objects.filter(pk=vacancy.pk, status=old, version=vacancy.version).update(
        status=to, version=F("version") + 1, **fields)
    if n != 1:
        raise ValidationError(_("该岗位已被他人处理，请刷新页面后查看最新状态。"))
    vacancy.refresh_from_db()
    record(AuditAction.TRANSITION, vacancy, actor=acting_user, before={"status": old}, after={"status": to},
           note=reason[:500], region_id=vacancy.region_id)
    return vacancy


def save_vacancy(*, organisation, acting_user, data: dict, vacancy: Vacancy | None = None) -> Vacancy:
    with transaction.atomic():
        created = vacancy is None
        if not created and vacancy.status not in (VacancyStatus.DRAFT, VacancyStatus.RETURNED):
            raise ValidationError(_("已提交审核或已发布的岗位不能修改；如需变更请先截止后重新发布。"))
        vacancy = vacancy or Vacancy(organisation=organisation, created_by=acting_user)
        for key, value in data.items():
            setattr(vacancy, key, value)
        vacancy.full_clean()
        vacancy.save()
        record(AuditAction.CREATE if created else AuditAction.UPDATE, vacancy, actor=acting_user,
               after={"title": vacancy.title, "position": vacancy.position, "count": vacancy.count},
               region_id=vacancy.region_id)
        return vacancy


def case_of(vacancy: Vacancy) -> Case | None:
    return Case.objects.filter(subject_type=Vacancy._meta.label_lower, subject_id=str(vacancy.pk)).first()


def submit_vacancy(vacancy: Vacancy, *, acting_user) -> Vacancy:
    if vacancy.closes_on < today():
        raise ValidationError(_("截止日期已过，请修改截止日期后再提交。"))
    with transaction.atomic():
        case = case_of(vacancy) or wf.open_case(workflow=WORKFLOW, subject=vacancy, region=vacancy.region,
                                                organisation=vacancy.organisation, acting_user=acting_user)
        wf.submit(case, acting_user=acting_user)  # the hook below moves the vacancy to 待审核
        vacancy.refresh_from_db()
        return vacancy


def after_status_change(case: Case, old: str, new: str, user) -> None:
    """Workflow hook: the vacancy follows its review (published when the county 人社 approves)."""
    vacancy = Vacancy.objects.get(pk=case.subject_id)
    target = {CaseStatus.IN_REVIEW: VacancyStatus.SUBMITTED, CaseStatus.RETURNED: VacancyStatus.RETURNED,
              CaseStatus.REJECTED: VacancyStatus.REJECTED, CaseStatus.CONFIRMED: VacancyStatus.PUBLISHED}.get(new)
    if target is None or target == vacancy.status:
        return
    fields = {"published_on": today()} if target == VacancyStatus.PUBLISHED else {}
    set_vacancy_status(vacancy, target, acting_user=user, reason=case.last_reason, **fields)


def close_vacancy(vacancy: Vacancy, *, acting_user) -> Vacancy:
    with transaction.atomic():
        return set_vacancy_status(vacancy, VacancyStatus.CLOSED, acting_user=acting_user, reason=_("用人单位截止招聘"))


def close_expired(on: datetime.date | None = None) -> int:
    """Published vacancies past their closing date are closed (run by the worker's reminder loop)."""
    on = on or today()
    n = 0
    for v in Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, closes_on__lt=on):
        with transaction.atomic():
            set_vacancy_status(v, VacancyStatus.CLOSED, acting_user=None, reason=_("已过截止日期"))
            n += 1
    return n


# --- contact, recommendations, hires ------------------------------------------------------------------------------


def request_contact(vacancy: Vacancy, seeker: Seeker, *, acting_user, message: str = "") -> ContactRequest:
    if not vacancy.is_open:
        raise ValidationError(_("只有已发布且未截止的岗位可以发起联系请求。"))
    with transaction.atomic():
        Seeker.objects.select_for_update().get(pk=seeker.pk)
        if seeker.status != SeekerStatus.ACTIVE or seeker.active_consent() is None:
            raise ValidationError(_("该求职者目前不接受联系。"))
        contact, created = ContactRequest.objects.get_or_create(
            vacancy=vacancy, seeker=seeker, defaults={"requested_by": acting_user, "message": message})
        if not created:
            raise ValidationError(_("已就该岗位向该求职者发起过联系请求（%(s)s）。") % {"s": contact.get_status_display()})
        record(AuditAction.CREATE, contact, actor=acting_user, region_id=vacancy.region_id,
               object_repr=_("%(org)s 请求联系求职者 %(code)s") % {"org": vacancy.organisation, "code": seeker.code})
        from ectalent.accounts.models import User

        users = list(User.objects.filter(person=seeker.person, is_active=True))
        if users:
            notify(users, kind="talent_contact", title=_("用人单位请求与您联系：%(t)s") % {"t": vacancy.title},
                   body=_("%(org)s 希望就“%(t)s”岗位与您联系。同意后对方可看到您的姓名和手机号。") % {
                       "org": vacancy.organisation, "t": vacancy.title},
                   url=_contact_url(contact), obj=contact)
        return contact


def _contact_url(contact) -> str:
    from django.urls import reverse

    return reverse("talent:my-seeker")


def answer_contact(contact: ContactRequest, *, accept: bool, acting_user) -> ContactRequest:
    with transaction.atomic():
        contact = ContactRequest.objects.select_for_update().get(pk=contact.pk)
        if contact.status != ContactStatus.PENDING:
            raise ValidationError(_("该联系请求已答复或已失效。"))
        if acting_user.person_id != contact.seeker.person_id:
            raise PermissionDenied
        if accept and contact.seeker.active_consent() is None:
            raise ValidationError(_("您已撤回授权，请先重新授权后再同意联系。"))
        contact.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
        contact.answered_at = timezone.now()
        contact.save(update_fields=["status", "answered_at"])
        record(AuditAction.TRANSITION, contact, actor=acting_user, after={"status": contact.status},
               region_id=contact.vacancy.region_id)
        from ectalent.accounts.models import User

        staff = User.objects.filter(organisation=contact.vacancy.organisation, is_active=True)
        notify(list(staff), kind="talent_contact_answer",
               title=(_("求职者 %(code)s 同意了您的联系请求") if accept else _("求职者 %(code)s 婉拒了您的联系请求")) % {
                   "code": contact.seeker.code},
               url=_vacancy_url(contact.vacancy), obj=contact)
        return contact


def _vacancy_url(vacancy) -> str:
    from django.urls import reverse

    return reverse("talent:vacancy-detail", args=[vacancy.pk])


def recommend(vacancy: Vacancy, seekers, *, acting_user, note: str = "") -> Recommendation:
    if not vacancy.is_open:
        raise ValidationError(_("只有已发布且未截止的岗位可以推荐人选。"))
    seekers = list(seekers)
    if not seekers:
        raise ValidationError(_("请至少选择一名推荐人选。"))
    refused = [s.code for s in seekers if s.status != SeekerStatus.ACTIVE or s.active_consent() is None]
    if refused:
        raise ValidationError(_("以下求职者未授权推荐或已撤回授权：%(c)s") % {"c": "、".join(refused)})
    with transaction.atomic():
        rec = Recommendation.objects.create(vacancy=vacancy, note=note, created_by=acting_user)
        rec.seekers.set(seekers)
        record(AuditAction.CREATE, rec, actor=acting_user, region_id=vacancy.region_id,
               after={"seekers": [s.code for s in seekers]},
               object_repr=_("向 %(org)s 推荐 %(n)s 名人选") % {"org": vacancy.organisation, "n": len(seekers)})
        from ectalent.accounts.models import User

        notify(list(User.objects.filter(organisation=vacancy.organisation, is_active=True)), kind="talent_recommendation",
               title=_("人社部门为“%(t)s”推荐了 %(n)s 名人选") % {"t": vacancy.title, "n": len(seekers)},
               url=_vacancy_url(vacancy), obj=rec)
        return rec


def record_placement(contact: ContactRequest, *, acting_user, stage: str, on, contract_months=None,
                     social_insurance=False, category=HireCategory.OTHER, note: str = "") -> Placement:
    if contact.status != ContactStatus.ACCEPTED:
        raise ValidationError(_("求职者同意联系后才能记录面试或录用。"))
    if on > today():
        raise ValidationError(_("日期不能晚于今天。"))
    if stage == PlacementStage.HIRED and contact.placements.filter(stage=PlacementStage.HIRED).exists():
        raise ValidationError(_("已记录过该求职者的录用。"))
    with transaction.atomic():
        p = Placement.objects.create(contact=contact, stage=stage, on=on, contract_months=contract_months,
                                     social_insurance=social_insurance, category=category, note=note,
                                     recorded_by=acting_user)
        record(AuditAction.CREATE, p, actor=acting_user, region_id=contact.vacancy.region_id,
               after={"stage": stage, "on": on.isoformat(), "category": category},
               object_repr=_("%(org)s：%(code)s %(stage)s") % {"org": contact.vacancy.organisation,
                                                              "code": contact.seeker.code, "stage": p.get_stage_display()})
        return p


def subsidy_offer(placement: Placement) -> dict | None:
    """A hire that may qualify for seed 002 措施（七）'s one-off hiring subsidy: what to claim and why.

    The programme of seed 002 decides the claim; this only says which case the hire looks like and links to the
    claim form pre-filled (when that programme is installed)."""
    if placement.stage != PlacementStage.HIRED or placement.category == HireCategory.OTHER:
        return None
    special = placement.category != HireCategory.GRADUATE_OF_YEAR
    months_needed = 6 if special else 12
    missing = []
    if (placement.contract_months or 0) < months_needed:
        missing.append(_("劳动合同期限不少于 %(n)s 个月") % {"n": months_needed})
    if not placement.social_insurance:
        missing.append(_("按规定缴纳社会保险"))
    if special and placement.on.year != 2020:
        missing.append(_("2020 年内新增吸纳"))
    cite = _("楚人社发〔2020〕措施（七）：中小微电子商务企业招用毕业年度高校毕业生……给予一次性吸纳就业补贴；"
             "2020 年新增吸纳毕业三年内高校毕业生、登记失业半年以上人员或因疫情无法返岗的农民工……")
    url = None
    try:
        from django.urls import NoReverseMatch, reverse

        try:
            url = reverse("subsidies:claim-create") + (
                f"?measure=hiring&person={placement.contact.seeker.person_id}&organisation={placement.contact.vacancy.organisation_id}"
                f"&hired_on={placement.on.isoformat()}&category={placement.category}")
        except NoReverseMatch:
            url = None
    except Exception:  # noqa: BLE001
        url = None
    return {"category": placement.get_category_display(), "missing": missing, "cite": cite, "url": url}


# --- events and 一人一策 ------------------------------------------------------------------------------------------


def save_event(*, acting_user, data: dict, event: RecruitmentEvent | None = None) -> RecruitmentEvent:
    with transaction.atomic():
        created = event is None
        event = event or RecruitmentEvent(created_by=acting_user)
        for key, value in data.items():
            setattr(event, key, value)
        event.full_clean()
        event.save()
        record(AuditAction.CREATE if created else AuditAction.UPDATE, event, actor=acting_user,
               after={"name": event.name, "held_on": event.held_on.isoformat()}, region_id=event.region_id)
        return event


def add_participant(event: RecruitmentEvent, *, organisation, positions_offered: int, hires_on_site: int,
                    vacancies=(), acting_user) -> EventParticipant:
    with transaction.atomic():
        p, _created = EventParticipant.objects.update_or_create(
            event=event, organisation=organisation,
            defaults={"positions_offered": positions_offered, "hires_on_site": hires_on_site})
        p.vacancies.set(vacancies)
        record(AuditAction.UPDATE, event, actor=acting_user, region_id=event.region_id,
               after={"participant": organisation.name, "positions": positions_offered, "hires": hires_on_site})
        return p


def open_talent_case(*, acting_user, data: dict) -> TalentCase:
    with transaction.atomic():
        case = TalentCase(officer=acting_user, **data)
        case.full_clean()
        case.save()
        record(AuditAction.CREATE, case, actor=acting_user, region_id=case.region_id,
               after={"introduced_on": case.introduced_on.isoformat(), "way": case.way})
        return case


def add_service(case: TalentCase, *, acting_user, data: dict) -> CaseService:
    with transaction.atomic():
        service = CaseService(case=case, recorded_by=acting_user, **data)
        service.full_clean()
        service.save()
        record(AuditAction.CREATE, service, actor=acting_user, region_id=case.region_id,
               after={"kind": service.kind, "on": service.on.isoformat(),
                      "amount": str(service.amount) if service.amount is not None else None})
        return service
