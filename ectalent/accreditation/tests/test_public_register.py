"""The public register (issue 8, finding 17): the training scope, address and contact a unit agreed to publish, field
by field; announcements (公告) of registrations, changes and revocations, on a public page and as each unit's history."""

import datetime

import pytest
from django.urls import reverse

from ectalent.accreditation import actions
from ectalent.accreditation.choices import AnnouncementKind
from ectalent.accreditation.models import Announcement, RegisteredUnit
from ectalent.audit.models import AuditEvent
from ectalent.workflow.choices import CaseStatus
from ectalent.workflow.models import Case

from .helpers import new_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(world):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    Case.objects.filter(pk=application.case.pk).update(status=CaseStatus.CONFIRMED)
    return actions.register_unit(application, acting_user=world.users["zj_province"])


def row_of(body: str, number: str) -> str:
    start = body.index(f'data-unit="{number}"')
    return body[start:body.index("</tr>", start)]


def test_nothing_beyond_the_basics_is_public_without_consent(unit, client):
    body = client.get(reverse("accreditation:public-register")).content.decode()
    row = row_of(body, unit.register_number)
    assert unit.name in row and "义乌市稠州北路1号" not in row and "13800138000" not in row and "网络客服" not in row
    page = client.get(reverse("accreditation:public-unit", args=[unit.register_number])).content.decode()
    assert "13800138000" not in page and page.count("未公开") == 3


def test_unit_consents_field_by_field_and_the_register_shows_it(world, unit, login, client):
    staff = login(world.users["inst_staff"])
    detail = staff.get(reverse("accreditation:unit-detail", args=[unit.pk])).content.decode()
    assert 'name="publish_contact"' in detail and "义乌市稠州北路1号" in detail  # offered from the application
    response = staff.post(reverse("accreditation:unit-publication", args=[unit.pk]), {
        "publish_scope": "on", "publish_address": "on", "public_address": "义乌市稠州北路1号",
        "public_contact": "李敏 13800138000"})  # contact not agreed
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.publish_scope and unit.publish_address and not unit.publish_contact
    assert AuditEvent.objects.filter(object_type="accreditation.registeredunit", object_id=str(unit.pk),
                                     action="update").exists()
    login(None)
    row = row_of(client.get(reverse("accreditation:public-register")).content.decode(), unit.register_number)
    assert "网络客服" in row and "义乌市稠州北路1号" in row and "13800138000" not in row
    # consenting without a value is refused; only the unit's own staff may set it
    staff = login(world.users["inst_staff"])
    staff.post(reverse("accreditation:unit-publication", args=[unit.pk]), {"publish_contact": "on", "public_contact": ""})
    unit.refresh_from_db()
    assert not unit.publish_contact
    for username in ("zj_province", "jh_city"):
        assert login(world.users[username]).post(reverse("accreditation:unit-publication", args=[unit.pk]),
                                                 {"publish_contact": "on", "public_contact": "x"}).status_code == 403


def test_registration_change_and_revocation_are_announced_with_history(world, unit, client):
    registration = Announcement.objects.get(unit=unit)
    assert registration.kind == AnnouncementKind.REGISTRATION and unit.register_number in registration.body
    assert registration.number.startswith(f"GG{registration.published_on.year}-")
    actions.file_change(unit, kind="rename", after={"name": "义乌市创业电商学院"}, description="更名",
                        effective_on=datetime.date.today(), acting_user=world.users["inst_staff"])
    unit.refresh_from_db()
    revoked = actions.revoke(unit, reason="（一）提交材料中存在虚假信息：场地证明伪造", acting_user=world.users["zj_province"])
    kinds = list(Announcement.objects.filter(unit=unit).order_by("id").values_list("kind", flat=True))
    assert kinds == ["registration", "change", "revocation"]
    revocation = Announcement.objects.get(unit=unit, kind="revocation")
    assert "提交材料中存在虚假信息" in revocation.body and "场地证明伪造" not in revocation.body  # details stay inside
    assert revoked.banned_until.isoformat() in revocation.body

    page = client.get(reverse("accreditation:public-unit", args=[unit.register_number])).content.decode()
    assert 'id="revoked"' in page and 'data-announcements="3"' in page and "义乌市创业电商学院" in page
    listing = client.get(reverse("accreditation:announcements"), {"kind": "revocation"}).content.decode()
    assert revocation.number in listing and registration.number not in listing
    register = client.get(reverse("accreditation:public-register")).content.decode()
    assert f'data-unit="{unit.register_number}"' not in register  # no longer in the register itself
    assert client.get(reverse("accreditation:public-unit", args=["ZJPX20990001"])).status_code == 404


def test_demo_register_shows_consented_fields_and_announcements(world, client):
    unit = RegisteredUnit.objects.get(name="杭州云帆电子商务培训学院")
    row = row_of(client.get(reverse("accreditation:public-register")).content.decode(), unit.register_number)
    assert "0571-88886666" in row and "文三路" in row
    assert Announcement.objects.filter(unit=unit, kind="registration").exists()
