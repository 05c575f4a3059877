"""The to-do centre and the review inbox: each role's pending work, across programmes, within scope."""

import pytest
from django.urls import reverse

from ectalent.accreditation import actions as acc
from ectalent.accreditation.tests.helpers import new_application
from ectalent.core import todo
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import Decision

pytestmark = pytest.mark.django_db


def _sections(user):
    return {s["key"]: s for s in todo.collect(user)}


def _submitted(world):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    acc.submit_application(application, acting_user=staff)
    return application


def test_county_reviewer_sees_the_step_waiting_for_them(world, login):
    application = _submitted(world)
    county = world.users["yw_county"]
    review = _sections(county)["review"]
    item = next(i for i in review["items"] if "县级初选" in i.label)
    assert item.count >= 1 and "workflow=accreditation" in item.url
    page = login(county).get(item.url).content.decode()
    assert application.unit_name in page
    assert reverse("accreditation:application-detail", args=[application.pk]) in page
    home = login(county).get(reverse("home")).content.decode()
    assert "待我审核" in home and "县级初选" in home


def test_other_county_and_the_next_level_do_not_get_it_yet(world, login):
    application = _submitted(world)
    for name in ("wc_county", "xh_county", "jh_city", "js_province"):
        page = login(world.users[name]).get(reverse("workflow:inbox")).content.decode()
        assert application.unit_name not in page, name


def test_returned_application_is_on_the_applicants_home(world, login):
    application = _submitted(world)
    case = application.case
    row = case.steps.get(round=case.round, decision=Decision.PENDING)
    wf.decide(case, row, acting_user=world.users["yw_county"], decision=Decision.RETURNED, reason="请补充场地租赁合同")
    staff = world.users["inst_staff"]
    correct = _sections(staff)["correct"]
    assert any("请补充场地租赁合同" in i.detail for i in correct["items"])
    home = login(staff).get(reverse("home")).content.decode()
    assert "待我修改" in home and "我的申请" in home and application.unit_name in home
    mine = login(staff).get(reverse("workflow:mine") + "?status=returned").content.decode()
    assert application.unit_name in mine and "退回修改" in mine


def test_applicant_home_offers_open_sessions(world, login):
    sections = _sections(world.users["applicant"])
    if "apply" in sections:
        assert all("认证考试报名" in i.label for i in sections["apply"]["items"])
    assert login(world.users["applicant"]).get(reverse("home")).status_code == 200


def test_every_role_home_renders(world, login):
    for user in world.users.values():
        assert login(user).get(reverse("home")).status_code == 200, user.username
