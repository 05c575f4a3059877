"""Demonstration programmes: a village applies, county → city → province approve on the shared workflow, the 公示
passes, the register and the target count move; scoping, criteria from data, national recommendation, annual
re-evaluation and withdrawal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ectalent.accounts.choices import Role
from ectalent.demonstration import actions, targets
from ectalent.demonstration.choices import UnitStatus
from ectalent.demonstration.models import DemonstrationApplication, DesignatedUnit
from ectalent.regions.loader import load_subcounty
from ectalent.regions.models import Region
from ectalent.registry.tests.factories import make_org, make_user
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus
from ectalent.workflow.models import Case

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VILLAGE = "320324105201"  # 东风村, 沙集镇, 睢宁县, 徐州市


@pytest.fixture
def people(db):
    load_subcounty()
    committee = make_org(VILLAGE[:6], kind="village_committee", name="东风村村民委员会")
    committee.region = Region.objects.get(code=VILLAGE)
    committee.save()
    return {
        "village": make_user(Role.GRASSROOTS_STAFF, VILLAGE, organisation=committee),
        "county": make_user(Role.COUNTY_REVIEWER, "320324", organisation=make_org("320324", kind="government")),
        "other_county": make_user(Role.COUNTY_REVIEWER, "321322", organisation=make_org("321322", kind="government")),
        "city": make_user(Role.CITY_REVIEWER, "320300", organisation=make_org("320300", kind="government")),
        "province": make_user(Role.PROVINCE_ADMIN, "320000", organisation=make_org("320000", kind="government")),
    }


def apply(user, kind="rural_village", name="东风村"):
    application = actions.create_application(kind=kind, acting_user=user, unit_name=name, contact_name="王村长",
                                             contact_phone="13800138000", summary="一村一品一店，年网销额 3 亿元。")
    actions.add_material(application, title="创建方案", upload=SimpleUploadedFile("plan.pdf", PDF), acting_user=user)
    return application


def approve(case, user):
    case = Case.objects.get(pk=case.pk)
    row = next(r for r in case.steps.filter(round=case.round) if wf.user_can_decide(user, case, r))
    return wf.decide(case, row, acting_user=user, decision="approved")


def end_notice(case):
    Case.objects.filter(pk=case.pk).update(notice_ends_on=datetime.date.today() - datetime.timedelta(days=1),
                                           notice_starts_on=datetime.date.today() - datetime.timedelta(days=8))


def designate(people, application):
    actions.submit_application(application, acting_user=people["village"])
    case = application.case
    for who in ("county", "city", "province"):
        case = approve(case, people[who])
    assert case.status == CaseStatus.IN_NOTICE
    end_notice(case)
    return wf.confirm(Case.objects.get(pk=case.pk), acting_user=people["province"])


def test_towns_and_villages_join_the_region_tree(people):
    village = Region.objects.get(code=VILLAGE)
    assert village.level == "village" and village.parent.code == "320324105"
    assert [r.code for r in village.ancestors()] == ["320000", "320300", "320324", "320324105", VILLAGE]
    assert Region.objects.get(code="320300").contains(village)


def test_a_village_applies_and_county_city_province_approve_then_the_register_and_target_move(people):
    before = {p.kind.code: p.designated for p in targets.progress()}
    application = apply(people["village"])
    assert application.region.code == VILLAGE
    assert application.case.route == "county"
    case = designate(people, application)
    assert case.status == CaseStatus.CONFIRMED
    unit = DesignatedUnit.objects.get(application=application)
    assert unit.status == UnitStatus.DESIGNATED and unit.designated_on == datetime.date.today()
    after = {p.kind.code: p.designated for p in targets.progress()}
    assert after["rural_village"] == before["rural_village"] + 1
    xuzhou = next(r for r in targets.by_city() if r["region"].code == "320300")
    assert xuzhou["kinds"] == {"rural_village": 1}


def test_the_village_application_is_scoped_like_any_other(people, client):
    application = apply(people["village"])
    url = reverse("demonstration:application-detail", args=[application.pk])
    for who, status in (("village", 200), ("county", 200), ("city", 200), ("province", 200), ("other_county", 404)):
        client.force_login(people[who])
        assert client.get(url).status_code == status, who
    other_village = make_user(Role.GRASSROOTS_STAFF, "321322104201")
    client.force_login(other_village)
    assert client.get(url).status_code == 404
    assert not DemonstrationApplication.objects.visible_to(other_village).exists()


def test_only_the_reviewer_of_the_step_decides(people):
    application = apply(people["village"])
    actions.submit_application(application, acting_user=people["village"])
    case = application.case
    row = case.steps.get()
    for who in ("other_county", "city", "province"):
        assert not wf.user_can_decide(people[who], case, row)
    with pytest.raises(PermissionDenied):
        wf.decide(case, row, acting_user=people["city"], decision="approved")


def test_a_village_may_only_apply_for_the_village_kind(people):
    assert [k.code for k, _t in actions.kinds_for(people["village"])] == ["rural_village"]
    assert [k.code for k, _t in actions.kinds_for(people["county"])] == ["rural_county"]
    with pytest.raises(PermissionDenied):
        actions.create_application(kind="rural_town", acting_user=people["village"], unit_name="x", contact_name="x",
                                   contact_phone="1", summary="x")


def test_a_county_applying_for_itself_starts_at_the_city(people):
    application = actions.create_application(kind="rural_county", acting_user=people["county"], unit_name="睢宁县",
                                             contact_name="x", contact_phone="1", summary="x")
    assert application.case.route == "city"
    actions.add_material(application, title="方案", upload=SimpleUploadedFile("a.pdf", PDF), acting_user=people["county"])
    actions.submit_application(application, acting_user=people["county"])
    assert application.case.current_step == "city_review"


def test_submission_needs_materials_and_the_data_criteria(people):
    application = actions.create_application(kind="rural_village", acting_user=people["village"], unit_name="东风村",
                                             contact_name="x", contact_phone="1", summary="x")
    with pytest.raises(ValidationError, match="材料"):
        actions.submit_application(application, acting_user=people["village"])
    designate(people, apply(people["village"]))
    # Already designated: the second application is refused by the data criterion, naming it.
    with pytest.raises(ValidationError, match="当前不是同类示范"):
        actions.submit_application(apply(people["village"]), acting_user=people["village"])


def test_withdrawal_needs_a_reason_removes_from_the_count_and_blocks_reapplying(people):
    designate(people, apply(people["village"]))
    unit = DesignatedUnit.objects.get(kind="rural_village", region_id=VILLAGE)
    counted = {p.kind.code: p.designated for p in targets.progress()}["rural_village"]
    with pytest.raises(ValidationError):
        actions.withdraw_designation(unit, reason=" ", acting_user=people["province"])
    with pytest.raises(PermissionDenied):
        actions.withdraw_designation(unit, reason="弄虚作假", acting_user=people["city"])
    actions.withdraw_designation(unit, reason="年度复核不合格，整改不到位", acting_user=people["province"])
    unit.refresh_from_db()
    assert unit.status == UnitStatus.WITHDRAWN and unit.withdrawal_reason.startswith("年度复核")
    assert {p.kind.code: p.designated for p in targets.progress()}["rural_village"] == counted - 1
    checks = {c["code"]: c["holds"] for c in actions.data_checks(apply(people["village"]))}
    assert checks["no_recent_withdrawal"] is False and checks["not_designated"] is True


def test_annual_review_by_the_units_own_reviewers(people):
    designate(people, apply(people["village"]))
    unit = DesignatedUnit.objects.get(kind="rural_village", region_id=VILLAGE)
    year = datetime.date.today().year
    actions.annual_review(unit, year=year, result="passed", note="", acting_user=people["county"])
    with pytest.raises(ValidationError):
        actions.annual_review(unit, year=year, result="passed", note="", acting_user=people["city"])
    with pytest.raises(ValidationError):
        actions.annual_review(unit, year=year + 1, result="rectify", note="", acting_user=people["city"])
    with pytest.raises(PermissionDenied):
        actions.annual_review(unit, year=year + 1, result="passed", note="", acting_user=people["other_county"])


def test_national_kinds_are_recommended_then_designated(people):
    park_org = make_org("320324", kind="industrial_park", name="睢宁沙集电商产业园")
    park = make_user(Role.BASE_STAFF, "320324", organisation=park_org)
    assert "national_base" in [k.code for k, _t in actions.kinds_for(park)]
    application = actions.create_application(kind="national_base", acting_user=park, unit_name="睢宁沙集电商产业园",
                                             contact_name="x", contact_phone="1", summary="x")
    actions.add_material(application, title="方案", upload=SimpleUploadedFile("a.pdf", PDF), acting_user=park)
    with pytest.raises(ValidationError, match="已是江苏省电子商务示范基地"):
        actions.submit_application(application, acting_user=park)
    DesignatedUnit.objects.create(kind="provincial_base", region=park_org.region, organisation=park_org,
                                  unit_name=park_org.name, designated_on=datetime.date(2017, 5, 1))
    actions.submit_application(application, acting_user=park)
    case = application.case
    for who in ("county", "city", "province"):
        case = approve(case, people[who])
    end_notice(case)
    wf.confirm(Case.objects.get(pk=case.pk), acting_user=people["province"])
    unit = DesignatedUnit.objects.get(application=application)
    assert unit.status == UnitStatus.RECOMMENDED and unit.designated_on is None
    progress = {p.kind.code: p for p in targets.progress()}["national_base"]
    assert (progress.designated, progress.recommended) == (0, 1)
    actions.record_national_designation(unit, designated_on=datetime.date.today(), acting_user=people["province"])
    progress = {p.kind.code: p for p in targets.progress()}["national_base"]
    assert (progress.designated, progress.recommended) == (1, 0)


def test_pages_render_for_each_role(people, client):
    application = apply(people["village"])
    designate(people, application)
    unit = DesignatedUnit.objects.get(application=application)
    for who in ("village", "county", "city", "province"):
        client.force_login(people[who])
        for url in (reverse("demonstration:index"), reverse("demonstration:unit-list"),
                    reverse("demonstration:targets"), reverse("demonstration:unit-detail", args=[unit.pk]),
                    reverse("demonstration:application-detail", args=[application.pk])):
            assert client.get(url).status_code == 200, (who, url)
    client.force_login(people["village"])
    response = client.get(reverse("demonstration:material-download", args=[application.pk,
                                                                          application.materials.first().pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_the_village_applies_through_the_pages(people, client):
    client.force_login(people["village"])
    response = client.post(reverse("demonstration:application-create", args=["rural_village"]), {
        "unit_name": "东风村", "contact_name": "王村长", "contact_phone": "13800138000", "summary": "网销"})
    application = DemonstrationApplication.objects.get(unit_name="东风村")
    assert response.status_code == 302
    client.post(reverse("demonstration:material-upload", args=[application.pk]),
                {"title": "创建方案", "file": SimpleUploadedFile("plan.pdf", PDF)})
    client.post(reverse("demonstration:application-submit", args=[application.pk]))
    assert application.case.status == CaseStatus.IN_REVIEW
    client.force_login(people["county"])
    row = application.case.steps.get()
    client.post(reverse("demonstration:application-decide", args=[application.pk, row.pk]), {"decision": "approved"})
    assert application.case.current_step == "city_review"
