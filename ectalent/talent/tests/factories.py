import datetime

from django.utils import timezone

from ectalent.accounts.choices import Role
from ectalent.accounts.models import User
from ectalent.registry.models import Employment, Organisation
from ectalent.regions.models import Region
from ectalent.talent import actions
from ectalent.talent.models import Seeker


def county_hr(code="330782", username="yw_hr"):
    user = User.objects.filter(username=username).first()
    if user:
        return user
    org = Organisation.objects.filter(kind="government", region_id=code).first()
    return User.objects.create(username=username, role=Role.HR_REVIEWER, region_id=code, organisation=org,
                               first_name="县人社")


def new_applicant(code="330782", username="seeker_test"):
    from ectalent.registry.tests.factories import make_person

    person = make_person(code, name="求职测试人")
    return User.objects.create(username=username, role=Role.APPLICANT, region_id=code, person=person, first_name=person.name)


def seeker_for(user, *, positions=("specialist.operations",), regions=("330782",), consent=True, years=0):
    person = user.person
    if years:
        Employment.objects.create(person=person, employer="某电商公司", start=timezone.localdate() - datetime.timedelta(days=366 * years + 5))
    seeker = actions.save_seeker(person, acting_user=user, data={"positions": list(positions)},
                                 regions=list(Region.objects.filter(code__in=regions)))
    if consent:
        actions.grant_consent(seeker, acting_user=user)
    return Seeker.objects.get(pk=seeker.pk)


def vacancy_data(**extra):
    data = {"title": "运营专员", "position": "specialist.operations", "count": 2, "region": Region.objects.get(code="330782"),
            "pay_min": 5000, "pay_max": 8000, "min_certificate": "", "min_years": 0, "training": "",
            "contact_name": "宋经理", "contact_phone": "13800000000",
            "closes_on": timezone.localdate() + datetime.timedelta(days=30)}
    data.update(extra)
    return data


def published_vacancy(staff, hr, **extra):
    from ectalent.workflow.models import StepState
    from ectalent.workflow import actions as wf

    v = actions.save_vacancy(organisation=staff.organisation, acting_user=staff, data=vacancy_data(**extra))
    v = actions.submit_vacancy(v, acting_user=staff)
    case = actions.case_of(v)
    row = StepState.objects.get(case=case, decision="pending")
    wf.decide(case, row, acting_user=hr, decision="approved")
    v.refresh_from_db()
    return v
