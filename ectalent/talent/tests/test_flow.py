"""The issue's path through the pages: a certified applicant registers and consents; an enterprise posts a vacancy;
the county 人社 publishes it; the seeker is matched with reasons; contact is requested and accepted; a hire is
recorded and the hiring-subsidy claim is offered. Personal data never reaches an enterprise without consent."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ectalent.audit.models import AuditEvent
from ectalent.registry.models import CertificateRecord
from ectalent.talent import actions
from ectalent.talent.choices import ContactStatus, VacancyStatus
from ectalent.talent.models import ContactRequest, Vacancy

from .factories import county_hr, new_applicant, published_vacancy, seeker_for, vacancy_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(world):
    applicant = new_applicant()
    CertificateRecord.objects.create(person=applicant.person, level="specialist", issued_on=datetime.date(2020, 5, 1),
                                     number="ZJ-TEST-1")
    return applicant, world.users["ent_staff"], county_hr()


def test_seeker_registers_through_the_form_and_consents(parties, login):
    applicant, _staff, _hr = parties
    c = login(applicant)
    assert c.get(reverse("talent:my-seeker")).status_code == 200
    r = c.post(reverse("talent:my-seeker-edit"), {"positions": ["specialist.operations"], "regions": ["330700"],
                                                  "status": "active", "pay_min": "5000", "pay_max": "9000"})
    assert r.status_code == 302, r.content.decode()[:2000]
    seeker = applicant.person.seeker
    assert seeker.level_rank == 3 and seeker.facts_on == timezone.localdate()
    assert seeker.active_consent() is None
    c.post(reverse("talent:my-consent"), {"agree": "1"})
    assert seeker.active_consent() is not None
    page = c.get(reverse("talent:my-seeker")).content.decode()
    assert "撤回授权" in page


def test_pay_range_and_empty_positions_are_refused(parties, login):
    applicant, *_ = parties
    r = login(applicant).post(reverse("talent:my-seeker-edit"), {"positions": [], "regions": ["330700"], "status": "active",
                                                                  "pay_min": "9000", "pay_max": "5000"})
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert "positions" in errors and "pay_max" in errors


def test_vacancy_is_published_only_after_county_hr_review(parties, login):
    _a, staff, hr = parties
    c = login(staff)
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in vacancy_data().items()}
    data["closes_on"] = data["closes_on"].isoformat()
    r = c.post(reverse("talent:vacancy-create"), data)
    assert r.status_code == 302, r.content.decode()[:3000]
    v = Vacancy.objects.filter(organisation=staff.organisation).latest("id")
    assert v.status == VacancyStatus.DRAFT
    assert login(None).get(reverse("talent:public-job", args=[v.pk])).status_code == 404
    login(staff).post(reverse("talent:vacancy-submit", args=[v.pk]))
    v.refresh_from_db()
    assert v.status == VacancyStatus.SUBMITTED
    page = login(hr).get(reverse("talent:vacancy-detail", args=[v.pk])).content.decode()
    assert "我的审核" in page
    from ectalent.workflow.models import StepState

    row = StepState.objects.get(case=actions.case_of(v), decision="pending")
    login(hr).post(reverse("talent:vacancy-decide", args=[v.pk, row.pk]), {"decision": "approved", "reason": ""})
    v.refresh_from_db()
    assert v.status == VacancyStatus.PUBLISHED and v.published_on == timezone.localdate()
    public = login(None).get(reverse("talent:public-jobs")).content.decode()
    assert v.title in public


def test_other_enterprise_and_other_region_get_404(parties, login, world):
    _a, staff, hr = parties
    v = published_vacancy(staff, hr)
    assert login(world.users["hy_staff"]).get(reverse("talent:vacancy-detail", args=[v.pk])).status_code == 404
    assert login(world.users["hz_hr"]).get(reverse("talent:vacancy-detail", args=[v.pk])).status_code == 404
    assert login(world.users["jh_hr"]).get(reverse("talent:vacancy-detail", args=[v.pk])).status_code == 200


def test_match_contact_hire_and_subsidy_offer(parties, login):
    applicant, staff, hr = parties
    seeker = seeker_for(applicant, regions=("330700",))
    v = published_vacancy(staff, hr, min_certificate="specialist")
    c = login(staff)
    page = c.get(reverse("talent:vacancy-detail", args=[v.pk])).content.decode()
    assert seeker.code in page and "持有电子商务师或更高等级证书" in page
    assert applicant.person.name not in page and applicant.person.phone not in page
    c.post(reverse("talent:vacancy-contact", args=[v.pk, seeker.pk]), {"message": "欢迎面试"})
    contact = ContactRequest.objects.get(vacancy=v, seeker=seeker)
    assert contact.status == ContactStatus.PENDING
    assert applicant.person.name not in c.get(reverse("talent:vacancy-detail", args=[v.pk])).content.decode()
    login(applicant).post(reverse("talent:contact-answer", args=[contact.pk]), {"accept": "1"})
    contact.refresh_from_db()
    assert contact.status == ContactStatus.ACCEPTED
    before = AuditEvent.objects.filter(action="view_pii").count()
    page = login(staff).get(reverse("talent:vacancy-detail", args=[v.pk])).content.decode()
    assert applicant.person.name in page and applicant.person.phone in page
    assert AuditEvent.objects.filter(action="view_pii").count() == before + 1
    prefix = f"c{contact.pk}-"
    r = login(staff).post(reverse("talent:placement-add", args=[v.pk, contact.pk]), {
        prefix + "stage": "hired", prefix + "on": timezone.localdate().isoformat(), prefix + "contract_months": "24",
        prefix + "social_insurance": "on", prefix + "category": "graduate_of_year"})
    assert r.status_code == 302
    page = login(staff).get(reverse("talent:vacancy-detail", args=[v.pk])).content.decode()
    assert "一次性吸纳就业补贴" in page


def test_withdrawn_consent_hides_the_seeker_at_once(parties, login):
    applicant, staff, hr = parties
    seeker = seeker_for(applicant, regions=("330782",))
    v = published_vacancy(staff, hr)
    contact = actions.request_contact(v, seeker, acting_user=staff)
    actions.answer_contact(contact, accept=True, acting_user=applicant)
    assert applicant.person.name in login(staff).get(reverse("talent:vacancy-detail", args=[v.pk])).content.decode()
    login(applicant).post(reverse("talent:my-consent"), {"action": "withdraw"})
    page = login(staff).get(reverse("talent:vacancy-detail", args=[v.pk])).content.decode()
    assert applicant.person.name not in page and applicant.person.phone not in page
    assert seeker.code not in page.split("匹配的求职者")[1].split("联系请求与录用")[0]
    with pytest.raises(Exception):
        actions.request_contact(v, seeker, acting_user=staff)


def test_unconsented_seeker_is_never_a_candidate(parties, login):
    applicant, staff, hr = parties
    seeker = seeker_for(applicant, consent=False)
    v = published_vacancy(staff, hr)
    assert seeker.code not in login(staff).get(reverse("talent:vacancy-detail", args=[v.pk])).content.decode()
    assert login(staff).post(reverse("talent:vacancy-contact", args=[v.pk, seeker.pk])).status_code == 404


def test_hr_recommends_consenting_candidates(parties, login):
    applicant, staff, hr = parties
    seeker = seeker_for(applicant)
    v = published_vacancy(staff, hr)
    r = login(hr).post(reverse("talent:vacancy-recommend", args=[v.pk]), {"seekers": [seeker.pk], "note": "推荐"})
    assert r.status_code == 302
    assert v.recommendations.get().seekers.get() == seeker
    assert login(staff).get(reverse("talent:vacancy-detail", args=[v.pk])).status_code == 200


def test_statistics_and_exports(parties, login):
    applicant, staff, hr = parties
    c = login(hr)

    def ops():
        page = c.get(reverse("talent:statistics"))
        assert page.status_code == 200
        return [r for r in page.context["rows"] if r["code"] == "specialist.operations"][0]

    before = ops()
    seeker_for(applicant)
    published_vacancy(staff, hr, count=3)
    after = ops()
    assert after["supply"] == before["supply"] + 1 and after["demand"] == before["demand"] + 3
    r = c.get(reverse("talent:vacancy-list") + "?format=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_events_and_talent_cases(parties, login, world):
    _a, staff, hr = parties
    c = login(hr)
    r = c.post(reverse("talent:event-create"), {"name": "义乌电商专场招聘会", "held_on": "2026-11-20", "region": "330782",
                                                "venue": "义乌人力市场", "organiser": "义乌市人社局", "visitors": "300"})
    assert r.status_code == 302
    event_url = r["Location"]
    r = c.post(event_url, {"organisation": staff.organisation_id, "positions_offered": "5", "hires_on_site": "7"})
    assert r.status_code == 200 and "hires_on_site" in r.context["form"].errors
    c.post(event_url, {"organisation": staff.organisation_id, "positions_offered": "5", "hires_on_site": "2"})
    assert "5" in c.get(reverse("talent:event-list")).content.decode()
    person = world.people.yiwu
    r = c.post(reverse("talent:case-create"), {"id_number": person.id_number, "region": "330782", "introduced_on": "2026-10-01",
                                               "way": "direct", "plan": "入户、安家补贴"})
    assert r.status_code == 302, r.context["form"].errors
    r = c.post(r["Location"], {"kind": "settling", "on": "2026-10-15", "note": "发放安家补贴"})
    assert "amount" in r.context["form"].errors
    outsider = world.people.hangzhou
    r = c.post(reverse("talent:case-create"), {"id_number": outsider.id_number, "region": "330782", "introduced_on": "2026-10-01",
                                               "way": "direct", "plan": "x"})
    assert "id_number" in r.context["form"].errors
