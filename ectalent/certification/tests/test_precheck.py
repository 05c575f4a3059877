"""资格初审: the centre's inbox, accept, return with a reason, correction and resubmission (eligibility again)."""


import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ectalent.audit.models import AuditEvent
from ectalent.certification import actions
from ectalent.certification.models import CertApplication, ExamSession
from ectalent.registry.models import Education
from ectalent.registry.tests.factories import make_person
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus

from .test_applications import TODAY, apply, eligible, internship, open_session, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_centre_sees_the_application_in_the_inbox_and_accepts_it(world, login):
    session = open_session(world)
    application = apply(world, session, eligible(world.people.applicant))
    centre = world.users["zj_centre"]
    assert wf.pending_rows_for(centre).filter(case__subject_id=str(application.pk)).exists()
    client = login(centre)
    assert application.person.name in client.get(reverse("certification:index")).content.decode()
    page = client.get(reverse("certification:application-detail", args=[application.pk])).content.decode()
    assert 'id="precheck"' in page and "附件1 一(二) 条件(1)" in page and "学历证书.pdf" in page
    response = client.post(reverse("certification:application-decide", args=[application.pk]), {"decision": "accept"})
    assert response.status_code == 302
    case = application.case
    assert case.status == CaseStatus.CONFIRMED
    assert AuditEvent.objects.filter(object_type="workflow.case", object_id=str(case.pk), action="transition").count() >= 2
    evidence = application.evidence.first()
    download = client.get(reverse("certification:evidence-download", args=[application.pk, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_return_needs_a_reason_and_the_applicant_sees_it(world, login):
    session = open_session(world)
    application = apply(world, session, eligible(world.people.applicant))
    centre = world.users["zj_centre"]
    with pytest.raises(ValidationError, match="必须写明理由"):
        actions.precheck(application, acting_user=centre, accept=False, reason=" ")
    actions.precheck(application, acting_user=centre, accept=False, reason="学历证书扫描件不清晰，请重新上传")
    assert application.case.status == CaseStatus.RETURNED
    client = login(world.users["applicant"])
    assert "学历证书扫描件不清晰" in client.get(reverse("certification:application-detail", args=[application.pk])).content.decode()
    assert "学历证书扫描件不清晰" in client.get(reverse("certification:index")).content.decode()


def test_applicant_corrects_and_resubmits_and_eligibility_is_computed_again(world, login):
    session = open_session(world)
    person = eligible(world.people.applicant)
    application = apply(world, session, person)
    actions.precheck(application, acting_user=world.users["zj_centre"], accept=False, reason="请补充实习证明并改报仓储物流")
    client = login(world.users["applicant"])
    practice = internship(months=5)
    response = client.post(reverse("certification:application-edit", args=[application.pk]), {
        "directions": ["customer_service", "warehousing"], "practice_kind": "internship", "practice_enterprise": "新企业",
        "practice_start": practice.start.isoformat(), "practice_end": practice.end.isoformat(), "ev_practice": pdf("实习证明.pdf"),
    })
    assert response.status_code == 302
    application.refresh_from_db()
    case = application.case
    assert case.status == CaseStatus.IN_REVIEW and case.round == 2
    assert application.directions == ["customer_service", "warehousing"] and application.practice_enterprise == "新企业"
    assert application.evidence.count() == 2
    assert AuditEvent.objects.filter(object_type="certification.certapplication", object_id=str(application.pk),
                                     action="update").exists()
    actions.precheck(application, acting_user=world.users["zj_centre"], accept=True)
    assert application.case.status == CaseStatus.CONFIRMED


def test_resubmission_of_a_no_longer_eligible_applicant_is_refused(world):
    session = open_session(world)
    person = eligible(make_person("330782"))
    application = apply(world, session, person)
    actions.precheck(application, acting_user=world.users["zj_centre"], accept=False, reason="学历存疑")
    Education.objects.filter(person=person).delete()
    with pytest.raises(ValidationError, match="不符合助理电子商务师的申报条件"):
        actions.resubmit(application, directions=["customer_service", "visual_design"], practice=internship(),
                         acting_user=world.users["applicant"])
    assert application.case.status == CaseStatus.RETURNED


def test_only_a_returned_application_can_be_resubmitted(world):
    session = open_session(world)
    application = apply(world, session, eligible(make_person("330782")))
    with pytest.raises(ValidationError, match="只有被退回修改的报名"):
        actions.resubmit(application, directions=["customer_service", "visual_design"], practice=internship(),
                         acting_user=world.users["applicant"])


def test_others_cannot_decide_or_edit(world, login):
    session = open_session(world)
    application = apply(world, session, eligible(world.people.applicant))
    with pytest.raises(PermissionDenied):
        actions.precheck(application, acting_user=world.users["yw_county"], accept=True)
    response = login(world.users["jh_city"]).post(reverse("certification:application-decide", args=[application.pk]),
                                                  {"decision": "accept"})
    assert response.status_code == 302 and application.case.status == CaseStatus.IN_REVIEW
    assert login(world.users["jh_city"]).get(reverse("certification:application-edit", args=[application.pk])).status_code == 403


def test_demo_loads_once_with_one_accepted_and_one_waiting(world):
    from ectalent.certification.demo import load_certification_demo

    # The main demo (in the ``world`` fixture) already loaded it: a second call adds nothing.
    assert load_certification_demo()["sessions"] == 0
    sessions = ExamSession.objects.filter(venue__contains="认证中心考点")
    assert {s.level for s in sessions} == {"assistant", "specialist"} and all(s.status == "published" for s in sessions)
    assert all(actions.is_open_for_applications(s) for s in sessions)
    statuses = sorted(a.case.status for a in CertApplication.objects.filter(session__in=sessions))
    # the small test world has one or two of the institution's trainees: the first is accepted, a second waits
    assert statuses[0] == CaseStatus.CONFIRMED and statuses in ([CaseStatus.CONFIRMED], [CaseStatus.CONFIRMED, CaseStatus.IN_REVIEW])
    _facts, answer = actions.evaluate_eligibility(world.people.applicant, "assistant", TODAY)
    assert answer["eligible"]
