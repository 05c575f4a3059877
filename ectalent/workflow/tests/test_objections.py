"""公示异议 for every programme (issue 8, finding 13): the objector gets a receipt number; the final step's reviewers
see the objector's contact (scoped, each view logged); a reply is recorded on the objection and the objector reads it
with the receipt number and their contact."""

import re

import pytest
from django.urls import reverse

from ectalent.accreditation import actions
from ectalent.accreditation.tests.helpers import new_application
from ectalent.accreditation.tests.test_review_path import approve, city_round
from ectalent.audit.models import AuditAction, AuditEvent
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus, ObjectionStatus
from ectalent.workflow.models import Objection

pytestmark = pytest.mark.django_db

CONTACT = "13900001111"


@pytest.fixture
def in_notice(world):
    staff = world.users["inst_staff"]
    case = actions.submit_application(new_application(staff.organisation, staff), acting_user=staff)
    case = approve(case, "yw_county", world)
    case = city_round(case, world)
    case = approve(case, "zj_province", world)
    assert case.status == CaseStatus.IN_NOTICE
    return case


def test_objector_gets_a_receipt_number_on_filing(world, in_notice, login):
    client = login(None)
    response = client.post(reverse("accreditation:notice-object", args=[in_notice.pk]),
                           {"name": "王某", "contact": CONTACT, "content": "该机构场地为临时租用"}, follow=True)
    objection = Objection.objects.get(case=in_notice)
    assert re.fullmatch(r"YY\d{8}-[A-HJ-NP-Z2-9]{6}", objection.receipt_number)
    body = response.content.decode()
    assert 'id="receipt-number"' in body and objection.receipt_number in body
    # the receipt page is for the browser that filed it only
    login(None)
    client.cookies.clear()
    assert client.get(reverse("workflow:objection-filed", args=[objection.receipt_number])).status_code == 404


def test_province_sees_the_contact_scoped_and_logged(world, in_notice, login):
    objection = wf.file_objection(in_notice, name="王某", contact=CONTACT, content="材料虚假")
    detail_url = reverse("accreditation:application-detail", args=[in_notice.subject_id])
    province = login(world.users["zj_province"])
    body = province.get(detail_url).content.decode()
    assert objection.receipt_number in body and "139****1111" in body and CONTACT not in body
    url = reverse("workflow:objection-contact", args=[objection.pk])
    response = province.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and CONTACT in response.content.decode()
    event = AuditEvent.objects.filter(action=AuditAction.VIEW_PII, object_type="workflow.objection",
                                      object_id=str(objection.pk)).get()
    assert event.actor == world.users["zj_province"]
    # without htmx: back to the case page with the contact in a message
    response = province.post(url, follow=True)
    assert CONTACT in response.content.decode()
    # the city reviewer (in scope, not the final step) may not; another city's reviewer does not even find it
    assert login(world.users["jh_city"]).post(url).status_code == 403
    assert login(world.users["hz_city"]).post(url).status_code == 404
    assert login(None).post(url).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_PII, object_id=str(objection.pk)).count() == 2


def test_reply_is_recorded_and_read_with_the_receipt(world, in_notice, login):
    objection = wf.file_objection(in_notice, name="王某", contact=CONTACT, content="场地为临时租用")
    lookup = reverse("workflow:objection-lookup")
    client = login(None)
    body = client.post(lookup, {"receipt_number": objection.receipt_number.lower(), "contact": CONTACT}).content.decode()
    assert 'id="objection-result"' in body and "尚未答复" in body and "待处理" in body

    province = login(world.users["zj_province"])
    province.post(reverse("workflow:objection-resolve", args=[objection.pk]),
                  {"upheld": "0", "resolution": "核实租赁合同", "reply": "经核实，该机构租赁协议有效期三年，异议不成立。"})
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED and objection.reply.startswith("经核实")
    assert objection.replied_by == world.users["zj_province"] and objection.replied_at
    assert AuditEvent.objects.filter(object_type="workflow.objection", object_id=str(objection.pk),
                                     action=AuditAction.UPDATE).count() == 2

    client = login(None)
    body = client.post(lookup, {"receipt_number": objection.receipt_number, "contact": CONTACT}).content.decode()
    assert "租赁协议有效期三年" in body and "异议不成立" in body
    body = client.post(lookup, {"receipt_number": objection.receipt_number, "contact": "13900002222"}).content.decode()
    assert 'id="not-found"' in body and "租赁协议" not in body

    # the reply may be amended afterwards, by the final step's reviewers only
    assert login(world.users["jh_city"]).post(reverse("workflow:objection-reply", args=[objection.pk]),
                                              {"reply": "x"}).status_code == 403
    login(world.users["zj_province"]).post(reverse("workflow:objection-reply", args=[objection.pk]),
                                           {"reply": "补充：已电话告知。"})
    objection.refresh_from_db()
    assert objection.reply == "补充：已电话告知。"


def test_resolve_form_on_the_case_page_asks_for_a_reply(world, in_notice, login):
    wf.file_objection(in_notice, name="王某", contact=CONTACT, content="材料虚假")
    body = login(world.users["zj_province"]).get(
        reverse("accreditation:application-detail", args=[in_notice.subject_id])).content.decode()
    assert body.count('name="reply"') == 1 and 'name="resolution"' in body
