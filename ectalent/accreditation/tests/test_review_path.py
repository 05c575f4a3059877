"""The path of one unit from application to the register (附件2 第五–七条), and its corners."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ectalent.accounts.choices import Role
from ectalent.accreditation import actions
from ectalent.accreditation.choices import UnitStatus, UnitType
from ectalent.accreditation.models import Recommendation, RegisteredUnit
from ectalent.audit.actions import verify_chain
from ectalent.registry.tests.factories import make_user
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus, Decision
from ectalent.workflow.models import ReviewBatch

from .helpers import new_application, org_in

pytestmark = pytest.mark.django_db


def pending(case, role):
    return case.steps.get(round=case.round, step=case.current_step, role=role, decision=Decision.PENDING)


def approve(case, username_or_user, world, reason=""):
    user = world.users[username_or_user] if isinstance(username_or_user, str) else username_or_user
    row = pending(case, user.role)
    return wf.decide(case, row, acting_user=user, decision=Decision.APPROVED, reason=reason)


def city_round(case, world):
    for name in ("jh_hr", "jh_finance", "jh_edu"):
        case = approve(case, name, world, "会审同意")
    return approve(case, "jh_city", world, "同意推荐")


@pytest.fixture
def after_notice(monkeypatch):
    """Move 'today' past any notice period."""

    def _shift(days=30):
        later = datetime.date.today() + datetime.timedelta(days=days)
        monkeypatch.setattr(wf, "today", lambda: later)
        monkeypatch.setattr(actions, "today", lambda: later)

    return _shift


def test_institution_goes_from_application_to_public_register(world, after_notice, client):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    case = application.case
    assert case.status == CaseStatus.DRAFT and case.route == "county"
    case = actions.submit_application(application, acting_user=staff)
    assert case.status == CaseStatus.IN_REVIEW and case.current_step == "county_review"
    case = approve(case, "yw_county", world, "场地、相关材料已查验")
    assert case.current_step == "city_review"
    case = city_round(case, world)
    assert Recommendation.objects.filter(application=application, released_at__isnull=True).exists()
    assert case.current_step == "province_review"
    case = approve(case, "zj_province", world)
    assert case.status == CaseStatus.IN_NOTICE and case.notice_ends_on >= case.notice_starts_on
    with pytest.raises(ValidationError, match="公示期"):
        wf.confirm(case, acting_user=world.users["zj_province"])
    after_notice()
    case = wf.confirm(case, acting_user=world.users["zj_province"])
    assert case.status == CaseStatus.CONFIRMED
    unit = RegisteredUnit.objects.get(application=application)
    assert unit.status == UnitStatus.ACTIVE and unit.register_number.startswith("ZJPX")
    page = client.get("/accreditation/register/")
    assert unit.name in page.content.decode()
    assert verify_chain().ok


def test_city_step_needs_every_co_reviewer_before_moving_on(world):
    staff = world.users["inst_staff"]
    case = actions.submit_application(new_application(staff.organisation, staff), acting_user=staff)
    case = approve(case, "yw_county", world)
    case = approve(case, "jh_city", world)
    assert case.current_step == "city_review"  # 人社、财政、教育 still to give their opinion
    case = approve(case, "jh_hr", world)
    case = approve(case, "jh_finance", world)
    assert case.current_step == "city_review"
    case = approve(case, "jh_edu", world)
    assert case.current_step == "province_review"


def test_association_member_is_recommended_directly_to_the_city(world):
    staff = world.users["inst_staff"]  # 义乌市创业电子商务职业培训学校 is a member of the association
    case = actions.submit_application(new_application(staff.organisation, staff, via_association=True), acting_user=staff)
    assert case.route == "association" and case.current_step == "association_recommendation"
    with pytest.raises(PermissionDenied):  # the county does not review this route
        wf.decide(case, pending(case, Role.ASSOCIATION), acting_user=world.users["yw_county"], decision=Decision.APPROVED)
    case = approve(case, "zj_association", world, "会员单位，推荐")
    assert case.current_step == "city_review"


def test_returned_application_resumes_at_the_step_that_returned_it(world):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    case = actions.submit_application(application, acting_user=staff)
    case = approve(case, "yw_county", world)
    city = world.users["jh_city"]
    with pytest.raises(ValidationError, match="理由"):
        wf.decide(case, pending(case, Role.CITY_REVIEWER), acting_user=city, decision=Decision.RETURNED, reason="")
    case = wf.decide(case, pending(case, Role.CITY_REVIEWER), acting_user=city, decision=Decision.RETURNED,
                     reason="请补充租赁协议")
    assert case.status == CaseStatus.RETURNED and case.last_reason == "请补充租赁协议"
    case = actions.submit_application(application, acting_user=staff)
    assert case.status == CaseStatus.IN_REVIEW and case.current_step == "city_review" and case.round == 2


def test_reviewer_of_another_county_cannot_decide_or_see(world, client):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    case = actions.submit_application(application, acting_user=staff)
    wucheng = world.users["wc_county"]
    with pytest.raises(PermissionDenied):
        wf.decide(case, pending(case, Role.COUNTY_REVIEWER), acting_user=wucheng, decision=Decision.APPROVED)
    client.force_login(wucheng)
    assert client.get(f"/accreditation/applications/{application.pk}/").status_code == 404
    client.force_login(world.users["yw_county"])
    assert client.get(f"/accreditation/applications/{application.pk}/").status_code == 200


def test_out_of_order_transitions_are_refused(world):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    with pytest.raises(ValidationError):
        wf.confirm(application.case, acting_user=world.users["zj_province"])
    case = wf.withdraw(application.case, acting_user=staff)
    with pytest.raises(ValidationError, match="不能从"):
        wf.submit(case, acting_user=staff)


def test_a_stale_decision_is_refused_when_someone_else_moved_first(world):
    staff = world.users["inst_staff"]
    case = actions.submit_application(new_application(staff.organisation, staff), acting_user=staff)
    row = pending(case, Role.COUNTY_REVIEWER)
    approve(case, "yw_county", world)
    second = make_user(Role.COUNTY_REVIEWER, "330782", organisation=world.users["yw_county"].organisation)
    with pytest.raises(PermissionDenied):
        wf.decide(case, row, acting_user=second, decision=Decision.REJECTED, reason="重复审核")


def test_submission_after_the_batch_deadline_is_refused(world):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    batch = ReviewBatch.objects.create(workflow="accreditation", name="2014年第一批", region=world.users["zj_province"].region,
                                       deadline=datetime.date(2014, 6, 30))
    case = application.case
    case.batch = batch
    case.save(update_fields=["batch"])
    with pytest.raises(ValidationError, match="2014-06-30"):
        actions.submit_application(application, acting_user=staff)


def test_submission_without_required_materials_names_what_is_missing(world):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff, with_materials=False)
    with pytest.raises(ValidationError) as err:
        actions.submit_application(application, acting_user=staff)
    assert "第五条" in " ".join(err.value.messages)


def test_open_objection_blocks_confirmation_until_resolved(world, after_notice):
    staff = world.users["inst_staff"]
    case = actions.submit_application(new_application(staff.organisation, staff), acting_user=staff)
    case = approve(case, "yw_county", world)
    case = city_round(case, world)
    case = approve(case, "zj_province", world)
    objection = wf.file_objection(case, name="王某", contact="13900001111", content="该机构场地为临时租用")
    after_notice()
    province = world.users["zj_province"]
    with pytest.raises(ValidationError, match="异议"):
        wf.confirm(case, acting_user=province)
    with pytest.raises(PermissionDenied):
        wf.resolve_objection(objection, acting_user=world.users["jh_city"], upheld=False, resolution="不成立")
    wf.resolve_objection(objection, acting_user=province, upheld=False, resolution="经核实租赁协议有效期三年")
    assert wf.confirm(case, acting_user=province).status == CaseStatus.CONFIRMED


def test_upheld_objection_rejects_and_releases_the_place(world):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    case = actions.submit_application(application, acting_user=staff)
    case = approve(case, "yw_county", world)
    case = city_round(case, world)
    case = approve(case, "zj_province", world)
    objection = wf.file_objection(case, name="王某", contact="13900001111", content="材料虚假")
    wf.resolve_objection(objection, acting_user=world.users["zj_province"], upheld=True, resolution="经核实材料不实")
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED
    assert Recommendation.objects.get(application=application).released_at is not None


def test_a_practice_base_applies_with_form5_fields(world):
    org = org_in("330782", kind="enterprise_platform")
    staff = make_user(Role.ENTERPRISE_STAFF, "330782", organisation=org)
    application = new_application(org, staff, unit_type=UnitType.BASE)
    case = actions.submit_application(application, acting_user=staff)
    assert case.current_step == "county_review"


def test_second_open_application_of_the_same_kind_is_refused(world):
    staff = world.users["inst_staff"]
    new_application(staff.organisation, staff)
    with pytest.raises(ValidationError, match="正在办理"):
        new_application(staff.organisation, staff)
