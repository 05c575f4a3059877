"""Issue 8 point 7: annual reports (第八条), changes (第九条), revocations (第十条), announcements and the workflow's
objections in the API, scoped like the web UI (404 outside), in the OpenAPI schema, with admin lists."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from ectalent.accreditation import actions
from ectalent.accreditation.models import AnnualReport, RegisteredUnit, RevocationProposal, UnitChange
from ectalent.accreditation.tests.helpers import new_application
from ectalent.accreditation.tests.test_review_path import approve, city_round
from ectalent.workflow import actions as wf

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def hangzhou_unit(world):
    """The demo's registered 杭州 institution, with a low report (a revocation proposal) and a change."""
    unit = RegisteredUnit.objects.get(name="杭州云帆电子商务培训学院")
    staff = world.users["hz_inst_staff"]
    AnnualReport.objects.filter(unit=unit).delete()  # the demo's good report for last year, replaced by a low one
    actions.submit_annual_report(AnnualReport(unit=unit, year=datetime.date.today().year - 1, operations="经营",
                                              trainees=100, practice_trainees=10, sessions=3,
                                              satisfaction_rate=Decimal("90"), exam_pass_rate=Decimal("50")),
                                 acting_user=staff)
    actions.file_change(unit, kind="scope", after={"training_scopes": ["senior"]}, description="增加高级培训",
                        effective_on=datetime.date.today(), acting_user=staff)
    return unit


@pytest.mark.parametrize("path,model", [("annual-reports", AnnualReport), ("changes", UnitChange),
                                        ("revocations", RevocationProposal)])
def test_register_records_are_scoped(world, hangzhou_unit, path, model):
    url = f"/api/v1/accreditation/{path}/"
    rows = set(model.objects.filter(unit=hangzhou_unit).values_list("pk", flat=True))
    assert rows
    assert rows <= ids(api(world.users["hz_city"]).get(url))
    assert rows <= ids(api(world.users["hz_inst_staff"]).get(url))  # the unit's own staff
    assert ids(api(world.users["jh_city"]).get(url)).isdisjoint(rows)
    assert ids(api(world.users["inst_staff"]).get(url)).isdisjoint(rows)
    one = min(rows)
    assert api(world.users["jh_city"]).get(f"{url}{one}/").status_code == 404
    assert api(world.users["zj_province"]).get(f"{url}{one}/").status_code == 200
    assert api(None).get(url).status_code in (401, 403)


def test_report_carries_its_evaluation_and_revocation_its_ground(world, hangzhou_unit):
    province = api(world.users["zj_province"])
    reports = province.get("/api/v1/accreditation/annual-reports/", {"unit": hangzhou_unit.pk}).json()["results"]
    low = next(r for r in reports if r["year"] == datetime.date.today().year - 1)
    assert low["propose_revocation"] and "50" in low["findings"][0]
    revocation = province.get("/api/v1/accreditation/revocations/", {"unit": hangzhou_unit.pk, "status": "proposed"}).json()
    assert revocation["results"][0]["ground"] == "low_rates" and revocation["results"][0]["proposed_by_platform"]
    changes = province.get("/api/v1/accreditation/changes/", {"kind": "scope"}).json()["results"]
    assert changes[0]["after"] == {"training_scopes": ["senior"]}


def test_announcements_are_public_documents(world, hangzhou_unit):
    rows = api(world.users["inst_staff"]).get("/api/v1/accreditation/announcements/",
                                               {"unit": hangzhou_unit.pk}).json()["results"]
    assert {r["kind"] for r in rows} == {"registration", "change"}
    assert all(r["register_number"] == hangzhou_unit.register_number for r in rows)


def test_objections_are_scoped_with_the_contact_masked(world):
    staff = world.users["inst_staff"]
    case = actions.submit_application(new_application(staff.organisation, staff), acting_user=staff)
    case = approve(case, "yw_county", world)
    case = city_round(case, world)
    case = approve(case, "zj_province", world)
    objection = wf.file_objection(case, name="王某", contact="13900001111", content="材料虚假")
    url = "/api/v1/workflow/objections/"
    assert objection.pk in ids(api(world.users["zj_province"]).get(url, {"workflow": "accreditation"}))
    assert objection.pk in ids(api(world.users["jh_city"]).get(url))
    assert objection.pk not in ids(api(world.users["hz_city"]).get(url))
    assert api(world.users["hz_city"]).get(f"{url}{objection.pk}/").status_code == 404
    body = api(world.users["zj_province"]).get(f"{url}{objection.pk}/").json()
    assert body["receipt_number"] == objection.receipt_number and "13900001111" not in str(body)
    assert body["contact_masked"] == "139****1111"


def test_new_endpoints_are_in_the_schema_and_admin_lists_exist(world, hangzhou_unit, login):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    schema = api(None).get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/accreditation/annual-reports/", "/api/v1/accreditation/changes/{id}/",
                 "/api/v1/accreditation/revocations/", "/api/v1/accreditation/announcements/",
                 "/api/v1/workflow/objections/{id}/"):
        assert path in schema["paths"], path
    client = login(world.users["admin"])
    for name in ("accreditation/annualreport", "accreditation/revocationproposal", "accreditation/unitchange",
                 "accreditation/announcement", "workflow/case", "workflow/objection"):
        response = client.get(f"/admin/{name}/")
        assert response.status_code == 200, name
        assert f"/admin/{name}/add/".encode() not in response.content, name
