"""第十条 revocation as the unit and the province see it (issue 8, finding 14): a banned unit sees its ban and its
end date instead of the buttons to apply; its old application says 已撤销, not 已确认."""

import datetime

import pytest
from django.urls import reverse

from ectalent.accreditation import actions
from ectalent.workflow.choices import CaseStatus
from ectalent.workflow.models import Case

from .helpers import new_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def revoked(world):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    Case.objects.filter(pk=application.case.pk).update(status=CaseStatus.CONFIRMED)
    unit = actions.register_unit(application, acting_user=world.users["zj_province"])
    return actions.revoke(unit, reason="（一）提交材料中存在虚假信息：场地证明伪造", acting_user=world.users["zj_province"])


def test_unit_sees_apply_buttons_before_revocation(world, login):
    body = login(world.users["inst_staff"]).get(reverse("accreditation:index")).content.decode()
    assert reverse("accreditation:application-create", args=["institution"]) in body
    assert 'id="reapply-ban"' not in body


def test_banned_unit_sees_its_ban_and_end_date_instead_of_apply(world, login, revoked):
    body = login(world.users["inst_staff"]).get(reverse("accreditation:index")).content.decode()
    assert reverse("accreditation:application-create", args=["institution"]) not in body
    assert 'id="reapply-ban"' in body and revoked.banned_until.isoformat() in body
    assert revoked.revoked_on.isoformat() in body


def test_revoked_application_says_revoked_not_confirmed(world, login, revoked):
    client = login(world.users["inst_staff"])
    detail = client.get(reverse("accreditation:application-detail", args=[revoked.application_id])).content.decode()
    assert 'data-status="revoked"' in detail and 'data-status="confirmed"' not in detail
    assert 'id="revoked"' in detail and "场地证明伪造" in detail and revoked.banned_until.isoformat() in detail
    index = client.get(reverse("accreditation:index")).content.decode()
    assert 'data-status="revoked"' in index and 'data-status="confirmed"' not in index
    mine = client.get(reverse("workflow:mine")).content.decode()
    assert 'data-status="outcome"' in mine and "已撤销" in mine
    province = login(world.users["zj_province"]).get(
        reverse("accreditation:application-detail", args=[revoked.application_id])).content.decode()
    assert 'data-status="revoked"' in province


def test_active_registration_still_says_confirmed(world, login):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    Case.objects.filter(pk=application.case.pk).update(status=CaseStatus.CONFIRMED)
    actions.register_unit(application, acting_user=world.users["zj_province"])
    detail = login(staff).get(reverse("accreditation:application-detail", args=[application.pk])).content.decode()
    assert 'data-status="confirmed"' in detail and 'data-status="revoked"' not in detail
    assert datetime.date.today()  # (the page renders without a registration alert)
    assert 'id="revoked"' not in detail
