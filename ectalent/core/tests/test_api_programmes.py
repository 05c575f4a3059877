"""Every programme's objects in the API, scoped like the web UI: in scope 200, out of scope 404 (as missing), lists
filtered; ID numbers and phone numbers masked; all of it in the OpenAPI schema without warnings."""

import datetime

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from ectalent.core.models import RateCount

from ectalent.accreditation.models import PlanUnit, RegisteredUnit, TrainingPlan, UnitApplication
from ectalent.certification.choices import Level, SessionStatus
from ectalent.certification.models import CertApplication, Certificate, ExamSession, Result, Score


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def certification(world):
    """A published session with one candidate in 义乌 (the demo applicant) with a published result, scores and a
    certificate, and one candidate in 杭州 whose result is not yet published."""
    centre = world.users["zj_centre"]
    session = ExamSession.objects.create(
        code="API0001", name="接口测试批次", level=Level.ASSISTANT, directions=["customer_service", "visual_design"],
        applications_open=datetime.date(2025, 3, 1), applications_close=datetime.date(2025, 3, 31),
        exam_starts=datetime.date(2025, 5, 10), exam_ends=datetime.date(2025, 5, 11), places=10,
        status=SessionStatus.RESULTS_PUBLISHED, created_by=centre)
    yiwu = CertApplication.objects.create(session=session, person=world.people.applicant,
                                          directions=["customer_service", "visual_design"], submitted_by=centre)
    hangzhou = CertApplication.objects.create(session=session, person=world.people.hangzhou,
                                              directions=["customer_service", "visual_design"], submitted_by=centre)
    for app in (yiwu, hangzhou):
        for direction in app.directions:
            for part in ("online", "practical"):
                Score.objects.create(application=app, direction=direction, part=part, score=80, entered_by=centre)
    Result.objects.create(application=yiwu, passed=True, published=True, passed_directions=yiwu.directions,
                          explanation=[{"text": "通过认证。"}])
    Result.objects.create(application=hangzhou, passed=True, published=False, passed_directions=hangzhou.directions)
    certificate = Certificate.objects.create(
        number="ZJA20250000019", person=world.people.applicant, application=yiwu, level=Level.ASSISTANT,
        directions=yiwu.directions, issued_on=datetime.date(2025, 7, 1), issuer="浙江省商务厅培训认证中心",
        signature="x", key_id="k")
    return {"session": session, "yiwu": yiwu, "hangzhou": hangzhou, "certificate": certificate}


# --- accreditation ---------------------------------------------------------------------------------


def test_unit_applications_are_scoped_and_mask_the_contact_phone(world):
    yiwu_app = UnitApplication.objects.get(organisation__region_id="330782")
    jinhua_apps = set(UnitApplication.objects.filter(region__path__startswith="33/3307").values_list("pk", flat=True))
    url = "/api/v1/accreditation/applications/"

    assert ids(api(world.users["yw_county"]).get(url)) == {yiwu_app.pk}
    assert ids(api(world.users["jh_city"]).get(url)) == jinhua_apps
    assert ids(api(world.users["hz_city"]).get(url)).isdisjoint(jinhua_apps)
    assert api(world.users["hz_city"]).get(f"{url}{yiwu_app.pk}/").status_code == 404
    detail = api(world.users["yw_county"]).get(f"{url}{yiwu_app.pk}/").json()
    assert detail["unit_name"] == yiwu_app.unit_name and detail["status"] == "in_review"
    assert yiwu_app.contact_phone not in str(detail) and "*" in detail["contact_phone_masked"]
    # the applicant organisation's staff see their own application; another organisation's staff get 404
    from ectalent.accounts.models import User

    own_staff = User.objects.filter(organisation=yiwu_app.organisation).first()
    assert yiwu_app.pk in ids(api(own_staff).get(url))
    assert api(world.users["inst_staff"]).get(f"{url}{yiwu_app.pk}/").status_code == 404
    assert api(None).get(url).status_code in (401, 403)


def test_registered_units_are_scoped(world):
    unit = RegisteredUnit.objects.get()  # the demo's registered institution in 杭州
    url = "/api/v1/accreditation/units/"
    assert ids(api(world.users["hz_city"]).get(url)) == {unit.pk}
    assert ids(api(world.users["jh_city"]).get(url)) == set()
    assert api(world.users["jh_city"]).get(f"{url}{unit.pk}/").status_code == 404
    assert api(world.users["zj_province"]).get(f"{url}{unit.pk}/").json()["register_number"] == unit.register_number


def test_plan_and_plan_lines_are_published_documents(world):
    plan = TrainingPlan.objects.get(code="zhejiang-2014")
    line = PlanUnit.objects.get(plan=plan, region_id="330700")
    body = api(world.users["yw_county"]).get("/api/v1/accreditation/plan-lines/", {"plan": "zhejiang-2014"}).json()
    assert body["count"] == PlanUnit.objects.filter(plan=plan).count()
    row = api(world.users["applicant"]).get(f"/api/v1/accreditation/plan-lines/{line.pk}/").json()
    assert row["region"] == "330700" and row["target_total"] == line.target_total and row["targets"]
    assert api(world.users["applicant"]).get(f"/api/v1/accreditation/plans/{plan.pk}/").json()["code"] == plan.code


# --- certification ---------------------------------------------------------------------------------


def test_sessions_drafts_only_for_the_centre(world, certification):
    draft = ExamSession.objects.create(
        code="API0002", name="未发布批次", level=Level.ASSISTANT, directions=["customer_service", "visual_design"],
        applications_open=datetime.date(2026, 3, 1), applications_close=datetime.date(2026, 3, 31),
        exam_starts=datetime.date(2026, 5, 10), exam_ends=datetime.date(2026, 5, 11), places=10,
        created_by=world.users["zj_centre"])
    url = "/api/v1/certification/sessions/"
    assert draft.pk in ids(api(world.users["zj_centre"]).get(url))
    assert draft.pk not in ids(api(world.users["applicant"]).get(url))
    assert api(world.users["applicant"]).get(f"{url}{draft.pk}/").status_code == 404
    body = api(world.users["applicant"]).get(f"{url}{certification['session'].pk}/").json()
    assert body["direction_names"] == ["网络客服", "美工设计"]


def test_cert_applications_are_scoped_and_mask_the_id_number(world, certification):
    url = "/api/v1/certification/applications/"
    yiwu, hangzhou = certification["yiwu"], certification["hangzhou"]
    assert {yiwu.pk, hangzhou.pk} <= ids(api(world.users["zj_centre"]).get(url))
    seen = ids(api(world.users["jh_city"]).get(url))
    assert yiwu.pk in seen and hangzhou.pk not in seen
    assert api(world.users["jh_city"]).get(f"{url}{hangzhou.pk}/").status_code == 404
    assert ids(api(world.users["applicant"]).get(url)) >= {yiwu.pk}
    assert api(world.users["applicant"]).get(f"{url}{hangzhou.pk}/").status_code == 404
    body = api(world.users["applicant"]).get(f"{url}{yiwu.pk}/").json()
    assert world.people.applicant.id_number not in str(body) and "*" in body["person_id_number_masked"]


def test_scores_and_results_only_published_for_candidates(world, certification):
    yiwu, hangzhou = certification["yiwu"], certification["hangzhou"]
    scores = api(world.users["zj_centre"]).get("/api/v1/certification/scores/", {"session": certification["session"].pk})
    assert len(ids(scores)) == 8
    own = api(world.users["applicant"]).get("/api/v1/certification/scores/").json()["results"]
    assert {row["application"] for row in own} == {yiwu.pk}
    other_score = Score.objects.filter(application=hangzhou).first()
    assert api(world.users["applicant"]).get(f"/api/v1/certification/scores/{other_score.pk}/").status_code == 404

    results = {row["application"]: row for row in
               api(world.users["zj_centre"]).get("/api/v1/certification/results/").json()["results"]}
    assert {yiwu.pk, hangzhou.pk} <= set(results)
    # the 杭州 candidate's result is not published: the candidate's own institution/the public never see it early
    hz_result = Result.objects.get(application=hangzhou)
    assert api(world.users["hz_city"]).get(f"/api/v1/certification/results/{hz_result.pk}/").status_code == 200
    assert api(world.users["jh_city"]).get(f"/api/v1/certification/results/{hz_result.pk}/").status_code == 404
    mine = api(world.users["applicant"]).get("/api/v1/certification/results/").json()["results"]
    assert [row["application"] for row in mine] == [yiwu.pk] and mine[0]["explanation"] == ["通过认证。"]
    english = api(world.users["applicant"]).get("/api/v1/certification/results/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["results"][0]["explanation"] == ["Certified."]


def test_certificates_are_scoped(world, certification):
    certificate = certification["certificate"]
    url = "/api/v1/certification/certificates/"
    assert ids(api(world.users["applicant"]).get(url)) == {certificate.pk}
    assert ids(api(world.users["jh_city"]).get(url)) == {certificate.pk}
    assert api(world.users["hz_city"]).get(f"{url}{certificate.pk}/").status_code == 404
    body = api(world.users["zj_province"]).get(f"{url}{certificate.pk}/").json()
    assert body["number"] == certificate.number and world.people.applicant.id_number not in str(body)


def test_public_verification_needs_no_login_masks_and_is_rate_limited(world, certification, settings):
    cache.clear()
    certificate = certification["certificate"]
    body = api(None).get("/api/v1/certification/verify/", {"number": certificate.number}).json()
    assert body["found"] and body["number_ok"] and body["level"] == "助理电子商务师"
    assert world.people.applicant.name not in str(body) and world.people.applicant.id_number not in str(body)
    typo = api(None).get("/api/v1/certification/verify/", {"number": "ZJA20250000018"}).json()
    assert not typo["number_ok"] and not typo["found"] and typo["message"]
    settings.ECTALENT_VERIFY_RATE_LIMIT = 2
    RateCount.objects.all().delete()  # the counts live in the shared store (the database here)
    codes = [api(None).get("/api/v1/certification/verify/", {"number": certificate.number}).status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]
    cache.clear()


# --- the schema -------------------------------------------------------------------------------------


def test_every_programme_endpoint_is_in_the_openapi_schema_without_warnings(capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    schema = api(None).get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/accreditation/applications/", "/api/v1/accreditation/applications/{id}/",
                 "/api/v1/accreditation/units/", "/api/v1/accreditation/plans/", "/api/v1/accreditation/plan-lines/",
                 "/api/v1/certification/sessions/", "/api/v1/certification/applications/",
                 "/api/v1/certification/scores/", "/api/v1/certification/results/",
                 "/api/v1/certification/certificates/{id}/", "/api/v1/certification/verify/"):
        assert path in schema["paths"], path


# --- admin lists --------------------------------------------------------------------------------------


ADMIN_LISTS = ["accreditation/unitapplication", "accreditation/registeredunit", "accreditation/trainingplan",
               "accreditation/planunit", "accreditation/annualreport", "accreditation/revocationproposal",
               "accreditation/trainingcourse", "certification/examsession", "certification/certapplication",
               "certification/score", "certification/result", "certification/certificate"]


def test_admin_lists_every_programme_object_read_only_with_pii_masked(world, certification, login):
    client = login(world.users["admin"])
    for name in ADMIN_LISTS:
        response = client.get(f"/admin/{name}/")
        assert response.status_code == 200, name
        assert f"/admin/{name}/add/".encode() not in response.content, name  # no adding past the actions
    html = client.get("/admin/certification/certificate/").content.decode()
    assert certification["certificate"].number in html
    assert world.people.applicant.id_number not in html and world.people.applicant.id_number_masked in html
    html = client.get(f"/admin/certification/certapplication/{certification['yiwu'].pk}/change/").content.decode()
    assert world.people.applicant.id_number not in html
    application = UnitApplication.objects.first()
    html = client.get(f"/admin/accreditation/unitapplication/{application.pk}/change/").content.decode()
    assert application.contact_phone not in html


def test_admin_lists_are_for_the_platform_administrator_only(world, login):
    response = login(world.users["zj_province"]).get("/admin/certification/certificate/")
    assert response.status_code == 302  # officials use the programme pages, not the admin
