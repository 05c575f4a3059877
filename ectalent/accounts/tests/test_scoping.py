"""``visible_to(user)``: for each role, what it must and must not see (querysets; the views are tested in
registry/tests/test_scoping_views.py).

The ``world`` fixture (root conftest) has the demo users of every role and one marked person in 义乌, 义乌 (registered
by the demo training school), 婺城, 杭州上城, 苏州姑苏 and 楚雄, plus the demo applicant's own person (义乌).
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role
from ectalent.accounts.models import User
from ectalent.accounts.scoping import can_see_region
from ectalent.audit.models import AuditEvent
from ectalent.core.demo import USERS as DEMO_USERS
from ectalent.regions.models import Region
from ectalent.registry.models import Education, Organisation, Person
from ectalent.registry.tests.factories import make_person, make_user

ALL = {"yiwu", "yiwu_inst", "wucheng", "hangzhou", "jiangsu", "chuxiong", "applicant"}
ZHEJIANG = {"yiwu", "yiwu_inst", "wucheng", "hangzhou", "applicant"}
JINHUA = {"yiwu", "yiwu_inst", "wucheng", "applicant"}

# demo username -> the marked people it must see (all others it must not see)
EXPECTED_PEOPLE = {
    "admin": ALL,
    "zj_province": ZHEJIANG,
    "zj_centre": ZHEJIANG,
    "zj_association": ZHEJIANG,
    "hz_city": {"hangzhou"},
    "hz_hr": {"hangzhou"},
    "hz_finance": {"hangzhou"},
    "hz_edu": {"hangzhou"},
    "xh_county": set(),  # 西湖区: the marked 杭州 person lives in 上城区
    "jh_city": JINHUA,
    "jh_hr": JINHUA,
    "jh_finance": JINHUA,
    "jh_edu": JINHUA,
    "yw_county": {"yiwu", "yiwu_inst", "applicant"},
    "wc_county": {"wucheng"},
    "js_province": {"jiangsu"},
    "cx_city": {"chuxiong"},
    "inst_staff": {"yiwu_inst"},
    "hz_inst_staff": set(),
    "hy_staff": set(),
    "base_staff": set(),
    "ent_staff": set(),
    "applicant": {"applicant"},
    "expert": set(),
    # seeds 001 and 002: their programmes scope these roles themselves; the registry's people stay hidden
    "js_office": set(),
    "js_leader": set(),
    "js_dept": set(),
    "nj_gov": set(),
    "cx_bank": set(),
    "xh_town": set(),
}


# Only the users the demo actually has (the demo data set grows; every role stays covered, see below).
DEMO_USERNAMES = [row[0] for row in DEMO_USERS]
ROLES_TO_CHECK = sorted(u for u in EXPECTED_PEOPLE if u in DEMO_USERNAMES)


def marked_visible(world, user) -> set[str]:
    ids = set(Person.objects.visible_to(user).values_list("pk", flat=True))
    return {key for key in ALL if getattr(world.people, key).pk in ids}


def test_every_role_is_covered_by_a_demo_user_with_expectations(world):
    assert {world.users[u].role for u in ROLES_TO_CHECK} == set(Role.values)


@pytest.mark.parametrize("username", ROLES_TO_CHECK)
def test_person_visibility_per_role(world, username):
    user = world.users[username]
    assert marked_visible(world, user) == EXPECTED_PEOPLE[username]


@pytest.mark.parametrize("username", sorted(u for u, _, role, _, _ in DEMO_USERS if role in OFFICIAL_ROLES))
def test_official_sees_exactly_their_region_subtree(world, username):
    """For officials, the whole visible set (not just the marked people) is the region subtree, nothing else."""
    user = world.users[username]
    prefix = user.region.path
    in_subtree = {p.pk for p in Person.objects.select_related("region")
                  if p.region.path == prefix or p.region.path.startswith(prefix + "/")}
    assert set(Person.objects.visible_to(user).values_list("pk", flat=True)) == in_subtree
    orgs_in_subtree = {o.pk for o in Organisation.objects.select_related("region")
                       if o.region.path == prefix or o.region.path.startswith(prefix + "/")}
    assert set(Organisation.objects.visible_to(user).values_list("pk", flat=True)) == orgs_in_subtree


@pytest.mark.parametrize("username", sorted(u for u, _, role, _, _ in DEMO_USERS if role in ORGANISATION_ROLES))
def test_organisation_staff_see_only_their_organisations_people_and_organisation(world, username):
    user = world.users[username]
    assert user.role in ORGANISATION_ROLES
    visible = Person.objects.visible_to(user)
    assert set(visible.values_list("pk", flat=True)) == set(
        Person.objects.filter(owner_org=user.organisation).values_list("pk", flat=True)
    )
    assert list(Organisation.objects.visible_to(user)) == [user.organisation]


def test_staff_of_another_organisation_in_the_same_county_sees_none_of_the_schools_trainees(world):
    base_staff = world.users["base_staff"]
    assert base_staff.region_id == world.people.yiwu_inst.region_id
    assert not Person.objects.visible_to(base_staff).filter(pk=world.people.yiwu_inst.pk).exists()
    trainee = make_person("330782", owner_org=base_staff.organisation)
    assert list(Person.objects.visible_to(base_staff)) == [trainee]


def test_county_reviewer_sees_own_county_not_the_neighbouring_county(world):
    yw, wc = world.users["yw_county"], world.users["wc_county"]
    assert Person.objects.visible_to(yw).filter(pk=world.people.yiwu.pk).exists()
    assert not Person.objects.visible_to(yw).filter(pk=world.people.wucheng.pk).exists()
    assert Person.objects.visible_to(wc).filter(pk=world.people.wucheng.pk).exists()
    assert not Person.objects.visible_to(wc).filter(pk=world.people.yiwu.pk).exists()


def test_organisation_visibility_follows_the_region(world):
    school_yiwu = world.orgs["义乌市创业电子商务职业培训学校"]  # 330782
    school_wucheng = world.orgs["金华市金职电商技能培训中心"]  # 330702
    school_hangzhou = world.orgs["杭州云帆电子商务培训学院"]  # 330106
    firm_suzhou = world.orgs["苏州汇通供应链管理有限公司"]  # 320505

    def sees(username):
        return set(Organisation.objects.visible_to(world.users[username]))

    assert school_yiwu in sees("yw_county") and school_wucheng not in sees("yw_county")
    assert {school_yiwu, school_wucheng} <= sees("jh_city") and school_hangzhou not in sees("jh_city")
    assert school_hangzhou in sees("hz_city") and school_yiwu not in sees("hz_city")
    assert {school_yiwu, school_wucheng, school_hangzhou} <= sees("zj_province") and firm_suzhou not in sees("zj_province")
    assert firm_suzhou in sees("js_province") and school_yiwu not in sees("js_province")
    assert sees("admin") == set(Organisation.objects.all())
    assert sees("applicant") == set() and sees("expert") == set()


def test_applicant_sees_only_own_person_and_nothing_without_one(world):
    applicant = world.users["applicant"]
    assert list(Person.objects.visible_to(applicant)) == [world.people.applicant]
    newcomer = make_user(Role.APPLICANT, "330782")
    assert Person.objects.visible_to(newcomer).count() == 0


def test_anonymous_inactive_and_unplaced_users_see_nothing(world):
    assert Person.objects.visible_to(AnonymousUser()).count() == 0
    assert Organisation.objects.visible_to(AnonymousUser()).count() == 0
    assert Person.objects.visible_to(None).count() == 0

    inactive = User.objects.get(username="zj_province")
    inactive.is_active = False
    inactive.save()
    assert Person.objects.visible_to(inactive).count() == 0

    official_without_region = make_user(Role.CITY_REVIEWER, None)
    assert Person.objects.visible_to(official_without_region).count() == 0
    assert Organisation.objects.visible_to(official_without_region).count() == 0

    staff_without_org = make_user(Role.INSTITUTION_STAFF, "330782")
    assert Person.objects.visible_to(staff_without_org).count() == 0


def test_superuser_of_any_role_sees_everything(world):
    su = make_user(Role.EXPERT, None)
    su.is_superuser = True
    su.save()
    assert Person.objects.visible_to(su).count() == Person.objects.count()


def test_person_records_follow_their_person(world):
    Education.objects.create(person=world.people.wucheng, level="bachelor", major="电子商务", status="graduated",
                             graduated_on="2012-06-30")
    Education.objects.create(person=world.people.yiwu_inst, level="associate", major="市场营销", status="enrolled")
    assert not Education.objects.visible_to(world.users["yw_county"]).filter(person=world.people.wucheng).exists()
    assert Education.objects.visible_to(world.users["wc_county"]).filter(person=world.people.wucheng).exists()
    assert Education.objects.visible_to(world.users["jh_city"]).filter(person=world.people.wucheng).exists()
    inst_user = world.users["inst_staff"]
    inst = Education.objects.visible_to(inst_user).select_related("person")
    assert world.people.yiwu_inst.pk in {e.person_id for e in inst}
    assert world.people.wucheng.pk not in {e.person_id for e in inst}
    assert all(e.person.owner_org_id == inst_user.organisation_id for e in inst)


def test_user_visibility(world):
    yw = world.users["yw_county"]
    visible = set(User.objects.visible_to(yw).values_list("username", flat=True))
    assert {"yw_county", "inst_staff", "applicant"} <= visible
    assert "wc_county" not in visible and "jh_city" not in visible and "hz_city" not in visible
    assert list(User.objects.visible_to(world.users["expert"])) == [world.users["expert"]]


def test_audit_events_are_scoped_like_their_region(world):
    from ectalent.registry import actions

    yw, wc = world.users["yw_county"], world.users["wc_county"]
    actions.reveal_person_field(world.people.wucheng, "phone", acting_user=wc)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.region_id == "330702"
    assert AuditEvent.objects.visible_to(wc).filter(pk=event.pk).exists()
    assert AuditEvent.objects.visible_to(world.users["jh_city"]).filter(pk=event.pk).exists()
    assert not AuditEvent.objects.visible_to(yw).filter(pk=event.pk).exists()
    # non-officials see only what they did themselves
    applicant = world.users["applicant"]
    actions.reveal_person_field(world.people.applicant, "id_number", acting_user=applicant)
    assert set(AuditEvent.objects.visible_to(applicant).values_list("actor_id", flat=True)) == {applicant.pk}


def test_can_see_region(world):
    jinhua, yiwu, hangzhou = (Region.objects.get(code=c) for c in ("330700", "330782", "330100"))
    assert can_see_region(world.users["jh_city"], yiwu)
    assert not can_see_region(world.users["yw_county"], jinhua)
    assert not can_see_region(world.users["jh_city"], hangzhou)
    assert can_see_region(world.users["admin"], hangzhou)
    assert not can_see_region(world.users["inst_staff"], yiwu)
