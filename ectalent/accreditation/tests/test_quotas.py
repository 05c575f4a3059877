"""附件3 limits: a city recommends within its quota; nested lines hold both limits; the reserve adds places."""

import pytest
from django.core.exceptions import ValidationError

from ectalent.accreditation import actions, quotas
from ectalent.accreditation.choices import UnitType
from ectalent.accreditation.models import PlanUnit, Recommendation, ReserveAllocation
from ectalent.regions.models import Region

from .helpers import new_application, org_in, plan

pytestmark = pytest.mark.django_db


def fill(line_code: str, unit_type: str, count: int, user, region_code: str | None = None):
    """Create ``count`` counting recommendations on a line (as if the city had recommended them)."""
    line = PlanUnit.objects.get(plan=plan(), region_id=line_code)
    for _ in range(count):
        org = org_in(region_code or line_code, kind="training_institution" if unit_type == UnitType.INSTITUTION else "enterprise_service")
        application = new_application(org, user, unit_type=unit_type, with_materials=False)
        Recommendation.objects.create(application=application, unit=quotas.line_for_region(plan(), application.region),
                                      unit_type=unit_type, recommended_by=user)
    return line


def test_lines_carry_the_limits_of_the_plan():
    jinhua = PlanUnit.objects.get(plan=plan(), region_id="330700")
    yiwu = PlanUnit.objects.get(plan=plan(), region_id="330782")
    assert (jinhua.institutions_limit, jinhua.bases_limit) == (15, 30)
    assert (yiwu.institutions_limit, yiwu.bases_limit) == (5, 10)
    assert yiwu.parent_id == jinhua.pk
    assert quotas.line_for_region(plan(), Region.objects.get(code="330782")) == yiwu
    assert quotas.line_for_region(plan(), Region.objects.get(code="330702")) == jinhua


def test_recommendation_beyond_the_city_limit_is_refused_naming_the_line(world):
    city = world.users["jh_city"]
    fill("330782", UnitType.INSTITUTION, 5, city)
    application = new_application(org_in("330782"), city, with_materials=False)
    with pytest.raises(ValidationError) as err:
        actions.recommend(application, acting_user=city)
    assert "义乌" in err.value.messages[0] and "上限 5" in err.value.messages[0]


def test_nested_line_counts_against_its_city_too(world):
    city = world.users["jh_city"]
    fill("330700", UnitType.INSTITUTION, 15, city, region_code="330702")  # 婺城 units fill 金华 (含义乌)
    application = new_application(org_in("330782"), city, with_materials=False)  # 义乌 itself has 5 free places
    assert quotas.quota(PlanUnit.objects.get(plan=plan(), region_id="330782"), UnitType.INSTITUTION).free == 5
    with pytest.raises(ValidationError, match="金华"):
        actions.recommend(application, acting_user=city)


def test_reserve_allocation_raises_the_limit(world):
    city = world.users["jh_city"]
    line = fill("330782", UnitType.BASE, 10, city)
    ReserveAllocation.objects.create(plan=plan(), unit=line, unit_type=UnitType.BASE, amount=1, note="义乌电商发展需要",
                                     created_by=world.users["zj_province"])
    application = new_application(org_in("330782", kind="enterprise_service"), city, unit_type=UnitType.BASE, with_materials=False)
    actions.recommend(application, acting_user=city)
    assert quotas.quota(line, UnitType.BASE).used == 11


def test_released_recommendations_do_not_count(world):
    city = world.users["jh_city"]
    line = fill("330782", UnitType.INSTITUTION, 5, city)
    Recommendation.objects.filter(unit=line).order_by("pk").first().__class__.objects.filter(
        pk=Recommendation.objects.filter(unit=line).order_by("pk").first().pk
    ).update(released_at="2026-01-01T00:00:00Z")
    application = new_application(org_in("330782"), city, with_materials=False)
    actions.recommend(application, acting_user=city)


def test_full_quota_stops_the_city_lead_not_the_co_reviewers(world):
    from ectalent.accounts.choices import Role
    from ectalent.workflow import actions as wf
    from ectalent.workflow.choices import Decision

    city = world.users["jh_city"]
    fill("330782", UnitType.INSTITUTION, 5, city)
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    case = actions.submit_application(application, acting_user=staff)

    def row(case, role):
        return case.steps.get(round=case.round, step=case.current_step, role=role, decision=Decision.PENDING)

    case = wf.decide(case, row(case, Role.COUNTY_REVIEWER), acting_user=world.users["yw_county"], decision=Decision.APPROVED)
    for name, role in (("jh_hr", Role.HR_REVIEWER), ("jh_finance", Role.FINANCE_REVIEWER), ("jh_edu", Role.EDUCATION_REVIEWER)):
        case = wf.decide(case, row(case, role), acting_user=world.users[name], decision=Decision.APPROVED, reason="会审同意")
    with pytest.raises(ValidationError, match="名额已满"):
        wf.decide(case, row(case, Role.CITY_REVIEWER), acting_user=city, decision=Decision.APPROVED)
    case.refresh_from_db()
    assert case.current_step == "city_review" and not Recommendation.objects.filter(application=application).exists()
