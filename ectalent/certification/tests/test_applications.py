"""Applications: who may apply, what is refused (closed level, window, places, duplicates, directions, practice,
eligibility) and what is stored (facts, the engine's answer, the policy version)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ectalent.audit.models import AuditEvent
from ectalent.certification import actions
from ectalent.certification.models import CertApplication, ExamSession
from ectalent.registry.models import Education, Employment
from ectalent.registry.tests.factories import make_org, make_person
from ectalent.workflow.choices import CaseStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- builders shared by the certification tests -----------------------------------------------------


def eligible(person, major="电子商务"):
    """附件1 一(二) 条件(4) / 一(三) 条件(6): a related degree makes a person eligible."""
    Education.objects.create(person=person, level="master", major=major, status="graduated",
                             graduated_on=TODAY - datetime.timedelta(days=800))
    return person


def open_session(world, level="assistant", directions=("customer_service", "visual_design", "warehousing"), places=50,
                 opens=-5, closes=10, exam=30, publish=True) -> ExamSession:
    centre = world.users["zj_centre"]
    session = actions.save_session(ExamSession(
        level=level, directions=list(directions), applications_open=TODAY + datetime.timedelta(days=opens),
        applications_close=TODAY + datetime.timedelta(days=closes), exam_starts=TODAY + datetime.timedelta(days=exam),
        exam_ends=TODAY + datetime.timedelta(days=exam + 1), places=places, venue="测试考点"), acting_user=centre)
    return actions.publish_session(session, acting_user=centre) if publish else session


def internship(months=4, end_days_ago=5):
    end = TODAY - datetime.timedelta(days=end_days_ago)
    start = end - datetime.timedelta(days=31 * months)
    return actions.Practice(kind="internship", enterprise="义乌某电商有限公司", start=start, end=end)


def pdf(name="学历证书.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def apply(world, session, person, directions=("customer_service", "visual_design"), practice=None, user=None, **kw):
    return actions.apply(session, person, directions=list(directions), practice=practice or internship(),
                         acting_user=user or world.users["applicant"], evidence=[("diploma", pdf(), "application/pdf")], **kw)


def registered_base(region_code="330782", active=True):
    from ectalent.accreditation.choices import UnitStatus, UnitType
    from ectalent.accreditation.models import RegisteredUnit, TrainingPlan, UnitApplication
    from ectalent.registry.tests.factories import make_user

    org = make_org(region_code, kind="enterprise_service")
    user = make_user("city_reviewer", "330700")
    plan = TrainingPlan.objects.get(code="zhejiang-2014")
    application = UnitApplication.objects.create(
        plan=plan, organisation=org, unit_type=UnitType.BASE, region=org.region, unit_name=org.name, address="测试地址1号",
        legal_representative="张建国", contact_name="李敏", contact_phone="13800138000", practice_areas=["operations"],
        created_by=user)
    return RegisteredUnit.objects.create(
        plan=plan, organisation=org, application=application, unit_type=UnitType.BASE,
        register_number=f"ZJSJT{org.pk:05d}", name=org.name, region=org.region, registered_on=TODAY - datetime.timedelta(days=400),
        status=UnitStatus.ACTIVE if active else UnitStatus.REVOKED)


def messages_of(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# --- the applicant through the web page ---------------------------------------------------------------


def test_applicant_applies_through_the_page_and_eligibility_is_stored(world, login):
    session = open_session(world)
    person = eligible(world.people.applicant)
    client = login(world.users["applicant"])
    page = client.get(reverse("certification:application-create", args=[session.pk]))
    assert page.status_code == 200 and "网络客服" in page.content.decode()
    practice = internship()
    response = client.post(reverse("certification:application-create", args=[session.pk]), {
        "directions": ["customer_service", "warehousing"], "practice_kind": "internship",
        "practice_enterprise": "义乌某电商有限公司", "practice_start": practice.start.isoformat(),
        "practice_end": practice.end.isoformat(), "ev_diploma": pdf(),
    })
    application = CertApplication.objects.get(session=session, person=person)
    assert response.status_code == 302 and response.url == reverse("certification:application-detail", args=[application.pk])
    assert application.directions == ["customer_service", "warehousing"]
    assert application.eligibility["eligible"] is True and 4 in application.eligibility["clauses"]
    assert application.eligibility["reasons"][0]["cite"] == "附件1 一(二) 条件(1)"
    assert application.facts["as_of"] == TODAY.isoformat() and application.facts["education"]
    assert application.policy_version.startswith("zhejiang-2014-93@")
    assert application.case.status == CaseStatus.IN_REVIEW
    assert application.evidence.count() == 1
    assert AuditEvent.objects.filter(object_type="certification.certapplication", object_id=str(application.pk)).exists()
    detail = client.get(response.url).content.decode()
    assert "待资格初审" in detail and "附件1 一(二) 条件(4)" in detail


def test_ineligible_applicant_is_refused_with_the_clauses_cited(world, login):
    session = open_session(world)
    person = make_person("330782")
    with pytest.raises(ValidationError) as exc:
        apply(world, session, person)
    text = messages_of(exc.value)
    assert "不符合助理电子商务师的申报条件" in text and "附件1 一(二) 条件(1)" in text and "附件1 一(二) 条件(7)" in text
    assert not CertApplication.objects.filter(person=person).exists()


def test_page_shows_the_refusal_and_writes_nothing(world, login):
    session = open_session(world)
    client = login(world.users["applicant"])
    Education.objects.filter(person=world.people.applicant).delete()
    Employment.objects.filter(person=world.people.applicant).delete()
    practice = internship()
    response = client.post(reverse("certification:application-create", args=[session.pk]), {
        "directions": ["customer_service"], "practice_kind": "internship", "practice_enterprise": "某企业",
        "practice_start": practice.start.isoformat(), "practice_end": practice.end.isoformat(), "ev_diploma": pdf(),
    })
    body = response.content.decode()
    assert response.status_code == 200 and "须至少报考 2 个方向" in body
    assert not CertApplication.objects.filter(session=session).exists()


def test_window_closed_and_not_yet_open_are_refused(world):
    person = eligible(make_person("330782"))
    late = open_session(world, opens=-20, closes=-1, exam=20)
    with pytest.raises(ValidationError, match="报名已截止"):
        apply(world, late, person)
    early = open_session(world, opens=3, closes=10, exam=20)
    with pytest.raises(ValidationError, match="报名尚未开始"):
        apply(world, early, person)


def test_closed_level_is_refused_with_the_reason(world):
    person = eligible(make_person("330782"))
    session = ExamSession.objects.create(  # as if made before the level was closed again
        code="T-SENIOR", name="高级测试", level="senior", directions=[], applications_open=TODAY - datetime.timedelta(days=1),
        applications_close=TODAY + datetime.timedelta(days=5), exam_starts=TODAY + datetime.timedelta(days=20),
        exam_ends=TODAY + datetime.timedelta(days=21), places=10, status="published", created_by=world.users["zj_centre"])
    with pytest.raises(ValidationError) as exc:
        actions.apply(session, person, directions=[], practice=actions.Practice(), acting_user=world.users["applicant"],
                      evidence=[("diploma", pdf(), "application/pdf")])
    assert "高级电子商务师尚未开放申报" in messages_of(exc.value) and "2014 年暂不列入" in messages_of(exc.value)


def test_places_are_counted_and_a_withdrawal_releases_one(world):
    session = open_session(world, places=1)
    first, second = eligible(make_person("330782")), eligible(make_person("330782"))
    application = apply(world, session, first)
    with pytest.raises(ValidationError, match="名额已满"):
        apply(world, session, second)
    actions.withdraw(application, acting_user=world.users["applicant"])
    assert actions.places_taken(session) == 0
    apply(world, session, second)
    assert actions.places_taken(session) == 1


def test_second_application_to_the_same_session_is_refused(world):
    session = open_session(world)
    person = eligible(make_person("330782"))
    apply(world, session, person)
    with pytest.raises(ValidationError, match="已报名本批次"):
        apply(world, session, person)


def test_directions_must_be_offered_and_at_least_two(world):
    session = open_session(world, directions=("customer_service", "visual_design"))
    person = eligible(make_person("330782"))
    with pytest.raises(ValidationError, match="须至少报考 2 个方向"):
        apply(world, session, person, directions=["customer_service"])
    with pytest.raises(ValidationError, match="不在本批次开考方向中"):
        apply(world, session, person, directions=["customer_service", "warehousing"])


def test_internship_shorter_than_three_full_months_is_explained(world):
    session = open_session(world)
    person = eligible(make_person("330782"))
    end = TODAY - datetime.timedelta(days=3)
    start = end - datetime.timedelta(days=80)
    practice = actions.Practice(kind="internship", enterprise="某企业", start=start, end=end)
    with pytest.raises(ValidationError) as exc:
        apply(world, session, person, practice=practice)
    text = messages_of(exc.value)
    assert "个整月" in text and "不足 3 个月" in text and "实习三个月以上" in text


def test_full_months_count_first_and_last_day():
    from ectalent.certification.policy import full_months

    assert full_months(datetime.date(2025, 3, 1), datetime.date(2025, 3, 31)) == 1
    assert full_months(datetime.date(2025, 3, 1), datetime.date(2025, 3, 30)) == 0
    assert full_months(datetime.date(2025, 1, 15), datetime.date(2025, 4, 14)) == 3
    assert full_months(datetime.date(2025, 1, 15), datetime.date(2025, 4, 13)) == 2


def test_practice_at_a_registered_base_for_a_month_is_accepted_and_a_revoked_base_is_not(world):
    session = open_session(world)
    end = TODAY - datetime.timedelta(days=2)
    start = end - datetime.timedelta(days=40)
    base = registered_base()
    application = apply(world, session, eligible(make_person("330782")),
                        practice=actions.Practice(kind="base", base=base, start=start, end=end))
    assert application.practice_base == base and application.practice_enterprise == ""
    revoked = registered_base(active=False)
    with pytest.raises(ValidationError, match="不是省备案名录中有效的实践基地"):
        apply(world, session, eligible(make_person("330782")),
              practice=actions.Practice(kind="base", base=revoked, start=start, end=end))


def test_practice_must_end_before_the_exam(world):
    session = open_session(world, exam=10, closes=5)
    practice = actions.Practice(kind="internship", enterprise="某企业", start=TODAY - datetime.timedelta(days=200),
                                end=TODAY + datetime.timedelta(days=12))
    with pytest.raises(ValidationError, match="实践须在考试前完成"):
        apply(world, session, eligible(make_person("330782")), practice=practice)


def test_specialist_needs_no_less_than_two_of_its_directions(world):
    session = open_session(world, level="specialist", directions=("operations", "platform", "cross_border"))
    person = eligible(make_person("330782"))
    application = apply(world, session, person, directions=["cross_border", "operations"])
    assert application.directions == ["operations", "cross_border"]  # the pack's order
    assert 6 in application.eligibility["clauses"]


def test_evidence_type_is_checked_by_content(world, login):
    session = open_session(world)
    eligible(world.people.applicant)
    client = login(world.users["applicant"])
    practice = internship()
    fake = SimpleUploadedFile("证书.pdf", b"just text, not a pdf", content_type="application/pdf")
    response = client.post(reverse("certification:application-create", args=[session.pk]), {
        "directions": ["customer_service", "visual_design"], "practice_kind": "internship", "practice_enterprise": "某企业",
        "practice_start": practice.start.isoformat(), "practice_end": practice.end.isoformat(), "ev_diploma": fake,
    })
    assert response.status_code == 200 and "不是 PDF、JPG 或 PNG 文件" in response.content.decode()
    assert not CertApplication.objects.filter(session=session).exists()


def test_institution_applies_for_its_trainee_but_not_for_others(world, login):
    session = open_session(world)
    trainee = eligible(world.people.yiwu_inst)
    client = login(world.users["inst_staff"])
    practice = internship()
    data = {"directions": ["customer_service", "visual_design"], "practice_kind": "internship", "practice_enterprise": "某企业",
            "practice_start": practice.start.isoformat(), "practice_end": practice.end.isoformat()}
    other = eligible(world.people.yiwu)
    response = client.post(reverse("certification:application-create", args=[session.pk]),
                           {**data, "person": other.pk, "ev_diploma": pdf()})
    assert response.status_code == 200 and not CertApplication.objects.filter(person=other).exists()
    response = client.post(reverse("certification:application-create", args=[session.pk]),
                           {**data, "person": trainee.pk, "ev_diploma": pdf()})
    application = CertApplication.objects.get(person=trainee)
    assert response.status_code == 302 and application.institution == world.users["inst_staff"].organisation
    assert application.case.organisation_id == application.institution_id
    index = client.get(reverse("certification:index")).content.decode()
    assert trainee.name in index


def test_applications_are_scoped_out_of_scope_is_404(world, login):
    session = open_session(world)
    application = apply(world, session, eligible(world.people.applicant))
    url = reverse("certification:application-detail", args=[application.pk])
    assert login(world.users["jh_city"]).get(url).status_code == 200
    assert login(world.users["yw_county"]).get(url).status_code == 200
    assert login(world.users["hz_city"]).get(url).status_code == 404
    assert login(world.users["hz_inst_staff"]).get(url).status_code == 404
    assert login(world.users["zj_centre"]).get(url).status_code == 200


def test_index_pages_have_chinese_empty_states(world, login):
    assert "目前没有正在报名的考试批次" in login(world.users["applicant"]).get(reverse("certification:index")).content.decode() \
        or "报名" in login(world.users["applicant"]).get(reverse("certification:index")).content.decode()
    body = login(world.users["zj_centre"]).get(reverse("certification:index")).content.decode()
    assert "待资格初审" in body
