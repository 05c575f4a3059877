import datetime
import itertools

from django.utils import timezone

from ectalent.accounts.choices import Role
from ectalent.lecturers import actions
from ectalent.lecturers.choices import EmployerKind
from ectalent.lecturers.models import InstitutionApplication, LecturerApplication, SelectionRound
from ectalent.registry.tests.factories import make_org, make_person, make_user
from ectalent.workflow.choices import Decision
from ectalent.workflow.models import StepState

_n = itertools.count(1)


class Cast:
    """The people of one pipeline: reviewers of 义乌 and 金华, the association, a chair, judges."""

    def __init__(self):
        self.county = make_user(Role.COUNTY_REVIEWER, "330782", organisation=make_org("330782", kind="government", name="义乌市商务局"))
        self.city_org = make_org("330700", kind="government", name="金华市商务局")
        self.city = make_user(Role.CITY_REVIEWER, "330700", organisation=self.city_org)
        self.assoc_org = make_org("330000", kind="association", name="浙江省电子商务促进会")
        self.assoc = make_user(Role.ASSOCIATION, "330000", organisation=self.assoc_org)
        self.assoc2 = make_user(Role.ASSOCIATION, "330000", organisation=self.assoc_org)
        self.school = make_org("330782", kind="training_institution", name="义乌跨境学院")
        self.judges = [make_user(Role.EXPERT, "330000", organisation=make_org("330100", kind="college")) for _ in range(5)]
        self.chair = self.judges[0]


def lecturer_application(cast: Cast, *, organisation=None, name=None) -> LecturerApplication:
    person = make_person("330782", name=name)
    user = make_user(Role.APPLICANT, "330782", person=person)
    return LecturerApplication.objects.create(
        person=person, region=person.region, organisation=organisation or cast.school, name=person.name,
        gender=person.gender, birth_date=person.birth_date, employer=(organisation or cast.school).name,
        job_title="讲师", phone="13800000000", experience="从事跨境电商培训五年", direction="亚马逊运营",
        employer_kind=EmployerKind.TRAINING_INSTITUTION, created_by=user,
    )


def approve_all(case, cast: Cast):
    for user in (cast.county, cast.city):
        case.refresh_from_db()
        row = StepState.objects.get(case=case, step=case.current_step, round=case.round, decision=Decision.PENDING)
        actions.wf.decide(case, row, acting_user=user, decision=Decision.APPROVED)
    case.refresh_from_db()
    return case


def recommended_lecturer(cast: Cast, **kw) -> LecturerApplication:
    app = lecturer_application(cast, **kw)
    actions.submit_application(app, acting_user=app.created_by)
    approve_all(app.case, cast)
    app.refresh_from_db()
    return app


def institution_application(cast: Cast, region="330782") -> InstitutionApplication:
    org = make_org(region, kind="training_institution")
    staff = make_user(Role.INSTITUTION_STAFF, region, organisation=org)
    return InstitutionApplication.objects.create(
        organisation=org, region=org.region, name=org.name, registered_at="义乌", legal_representative="王五",
        contact_name="赵六", contact_phone="0579-1234567", staff_count=20, trainees_last_year=300,
        revenue_last_year="150.00", scope="跨境电商运营", overview="场地 500 平方米", created_by=staff,
    )


def round_with_lecture(cast: Cast, app, judges=None, **kw):
    r = SelectionRound.objects.create(name=f"初选第{next(_n)}场", held_on=datetime.date(2017, 11, 10), chair=cast.chair, **kw)
    lecture = actions.add_lecture(r, candidate=app, starts_at=timezone.now(), acting_user=cast.assoc)
    seats = [actions.seat_judge(lecture, j, acting_user=cast.assoc) for j in (judges or cast.judges)]
    actions.start_scoring(r, acting_user=cast.assoc)
    r.refresh_from_db()
    return r, lecture, seats
