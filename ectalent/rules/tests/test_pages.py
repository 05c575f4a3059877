"""资格自测 and 政策模拟 pages, and the simulation over a small registry."""

import datetime

import pytest

from ectalent.accounts.choices import Role
from ectalent.registry.models import CertificateRecord, Education, Employment, TrainingRecord
from ectalent.registry.tests.factories import make_person, make_user
from ectalent.rules.packs import load_pack
from ectalent.rules.simulation import simulate

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2024, 6, 30)


def worker(region_code, years, *, related_degree=False, **kw):
    """A person with an open e-commerce job that started ``years`` full years before AS_OF."""
    person = make_person(region_code, **kw)
    Employment.objects.create(person=person, start=AS_OF.replace(year=AS_OF.year - years), in_occupation=True)
    if related_degree:
        Education.objects.create(person=person, level="bachelor", major="电子商务", status="graduated",
                                 graduated_on=datetime.date(2008, 7, 1))
    return person


def test_self_check_page_answers_every_level_with_citations(client):
    response = client.get("/rules/self-check/")
    assert response.status_code == 200
    assert "资格自测" in response.content.decode()
    data = {
        "as_of": "2024-06-30",
        "education-TOTAL_FORMS": "1", "education-INITIAL_FORMS": "0",
        "education-0-level": "bachelor", "education-0-major": "电子商务", "education-0-status": "graduated",
        "education-0-graduated_on": "2015-07-01",
        "employment-TOTAL_FORMS": "1", "employment-INITIAL_FORMS": "0",
        "employment-0-start": "2016-03-01", "employment-0-in_occupation": "on",
        "certificates-TOTAL_FORMS": "1", "certificates-INITIAL_FORMS": "0",
        "certificates-0-level": "assistant", "certificates-0-issued_on": "2019-01-10",
        "trainings-TOTAL_FORMS": "0", "trainings-INITIAL_FORMS": "0",
    }
    response = client.post("/rules/self-check/", data)
    assert response.status_code == 200
    results = response.context["results"]
    assert [r["level"] for r in results] == ["assistant", "specialist", "senior", "manager"]
    assert results[1]["decision"].clauses == [2, 3, 4, 5]
    assert not results[2]["is_open"]  # 高级电子商务师: not open until an administrator sets a date
    html = response.content.decode()
    assert "附件1 一(三) 条件(4)" in html and "符合申报条件" in html and "暂未开放申报" in html


def test_self_check_shows_form_errors_in_chinese(client):
    data = {
        "as_of": "2024-06-30",
        "education-TOTAL_FORMS": "1", "education-INITIAL_FORMS": "0",
        "education-0-level": "bachelor", "education-0-major": "电子商务", "education-0-status": "graduated",
        "employment-TOTAL_FORMS": "0", "employment-INITIAL_FORMS": "0",
        "certificates-TOTAL_FORMS": "0", "certificates-INITIAL_FORMS": "0",
        "trainings-TOTAL_FORMS": "0", "trainings-INITIAL_FORMS": "0",
    }
    response = client.post("/rules/self-check/", data)
    assert response.context["results"] is None
    assert "已毕业的学历请填写毕业日期" in response.content.decode()


def test_self_check_prefills_the_linked_persons_records(client):
    person = worker("330782", 7, related_degree=True)
    CertificateRecord.objects.create(person=person, level="clerk", issued_on=datetime.date(2016, 1, 1))
    TrainingRecord.objects.create(person=person, level="assistant", completed_on=datetime.date(2017, 1, 1))
    user = make_user(Role.APPLICANT, person=person)
    client.force_login(user)
    response = client.get("/rules/self-check/")
    formsets = dict((key, fs) for key, _label, fs in response.context["formsets"])
    assert formsets["education"].initial[0]["major"] == "电子商务"
    assert formsets["employment"].initial[0]["start"] == AS_OF.replace(year=2017)
    assert formsets["certificates"].initial[0]["level"] == "clerk"
    assert formsets["trainings"].initial[0]["level"] == "assistant"
    assert 'value="电子商务"' in response.content.decode()


def test_simulation_counts_per_city_in_force_and_changed():
    pack = load_pack()
    worker("330782", 5)  # 义乌 (金华): 5 years — eligible for assistant only if clause 1 drops to 5
    worker("330702", 6)  # 婺城 (金华): 6 years — eligible either way
    worker("330102", 5)  # 杭州
    worker("330102", 1, related_degree=True)  # 杭州: eligible by clause 4 either way
    official = make_user(Role.CITY_REVIEWER, "330700")
    from ectalent.registry.models import Person

    result = simulate(Person.objects.visible_to(official), {"assistant.clause1.occupation_years": 5}, AS_OF, pack)
    assert result.people == 2  # only 金华's people are visible to a 金华 reviewer
    assert (result.changes[0].old_value, result.changes[0].new_value) == (6, 5)
    assert result.totals["assistant"] == (1, 2) and result.moves["assistant"] == (1, 0)
    assert result.cities == [("330700", {"assistant": (1, 2), "specialist": (0, 0), "senior": (0, 0), "manager": (0, 0)})]

    province = make_user(Role.PROVINCE_ADMIN, "330000")
    result = simulate(Person.objects.visible_to(province), {"assistant.clause1.occupation_years": 5}, AS_OF, pack)
    by_city = dict(result.cities)
    assert by_city["330100"]["assistant"] == (1, 2) and by_city["330700"]["assistant"] == (1, 2)
    assert result.diff("assistant") == 2


def test_simulation_page_is_for_officials(client):
    worker("330782", 5)
    official = make_user(Role.CITY_REVIEWER, "330700")
    client.force_login(official)
    response = client.get("/rules/simulation/", {"assistant.clause1.occupation_years": "5", "as_of": "2024-06-30"})
    assert response.status_code == 302  # a background job (run inline in tests): its page, then the result here
    job = response.wsgi_request.user.jobs.get()
    assert job.status == "succeeded" and job.url.startswith("/rules/simulation/?job=")
    html = client.get(job.url).content.decode()
    assert "金华市" in html and "+1" in html and "附件1 一(二) 条件(1)" in html
    applicant = make_user(Role.APPLICANT)
    client.force_login(applicant)
    assert client.get("/rules/simulation/").status_code == 403


def test_simulation_refuses_a_fraction_for_a_whole_year_parameter(client):
    client.force_login(make_user(Role.PROVINCE_ADMIN, "330000"))
    response = client.get("/rules/simulation/", {"assistant.clause1.occupation_years": "5.5", "as_of": "2024-06-30"})
    assert response.context["result"] is None and "该参数须为整数" in response.content.decode()


def test_administrator_opens_the_senior_level_with_an_audit_event():
    from ectalent.audit.models import AuditEvent
    from ectalent.rules.actions import set_level_opening
    from ectalent.rules.engine import level_opening

    assert level_opening("senior", AS_OF) == (None, False)
    admin = make_user(Role.PLATFORM_ADMIN)
    set_level_opening("senior", datetime.date(2024, 1, 1), acting_user=admin, note="省级标准开发完成")
    assert level_opening("senior", AS_OF) == (datetime.date(2024, 1, 1), True)
    assert level_opening("senior", datetime.date(2023, 12, 31)) == (datetime.date(2024, 1, 1), False)
    assert AuditEvent.objects.filter(object_type="rules.levelopening").count() == 1


def test_simulation_offers_only_parameters_that_can_change_eligibility(client):
    client.force_login(make_user(Role.PROVINCE_ADMIN, "330000"))
    form = client.get("/rules/simulation/").context["form"]
    offered = set(form.fields) - {"as_of"}
    assert "assistant.clause1.occupation_years" in offered and "manager.clause1.management_years" in offered
    assert "occupation.run_gap_days" in offered
    for useless in ("accreditation.notice_days", "accreditation.min_satisfaction_rate", "accreditation.reapply_ban_years",
                    "exam.pass_mark", "practice.base_months", "occupation.days_per_year"):
        assert useless not in offered


def test_simulation_changes_several_parameters_at_once_and_rederives_when_needed():
    from ectalent.registry.models import Person

    pack = load_pack()
    worker("330782", 5)  # assistant clause 1 needs 6 years
    person = make_person("330782")  # two jobs with a 120-day gap: the run restarts unless the gap may be 120 days
    Employment.objects.create(person=person, start=datetime.date(2015, 1, 1), end=datetime.date(2019, 12, 31),
                              in_occupation=True)
    Employment.objects.create(person=person, start=datetime.date(2020, 4, 30), in_occupation=True)
    official = make_user(Role.CITY_REVIEWER, "330700")
    people = Person.objects.visible_to(official)
    base = simulate(people, {"assistant.clause1.occupation_years": 6}, AS_OF, pack)
    assert base.totals["assistant"] == (0, 0)
    both = simulate(people, {"assistant.clause1.occupation_years": 5, "occupation.run_gap_days": 150}, AS_OF, pack)
    assert both.totals["assistant"] == (0, 2) and both.moves["assistant"] == (2, 0)
    only_years = simulate(people, {"assistant.clause1.occupation_years": 5}, AS_OF, pack)
    assert only_years.totals["assistant"] == (0, 1)
    assert [c.name for c in both.changes] == ["assistant.clause1.occupation_years", "occupation.run_gap_days"]


def test_simulation_counts_match_the_engine_level_by_level():
    """The one-pass decision of every level and variant gives the engine's own per-level answers."""
    from ectalent.registry.models import Person
    from ectalent.rules.batch import derive_frame, evaluate_facts
    from ectalent.rules.simulation import registry_frames

    pack = load_pack()
    for i in range(12):
        worker("330782" if i % 2 else "330102", i, related_degree=i % 3 == 0)
    people = Person.objects.all()
    result = simulate(people, {"specialist.clause1.occupation_years": 4, "senior.clause1.occupation_years": 6}, AS_OF, pack)
    frames, _cities = registry_frames(people, AS_OF)
    changed = pack.with_values({"specialist.clause1.occupation_years": 4, "senior.clause1.occupation_years": 6})
    for level in ("assistant", "specialist", "senior", "manager"):
        base = int(evaluate_facts(derive_frame(frames, pack), level, pack, texts=False)["eligible"].sum())
        new = int(evaluate_facts(derive_frame(frames, changed), level, changed, texts=False)["eligible"].sum())
        assert result.totals[level] == (base, new)


def test_simulation_needs_a_change_and_exports_xlsx(client):
    import io

    from openpyxl import load_workbook

    from ectalent.core.tests.test_exports import formulas

    worker("330782", 5)
    client.force_login(make_user(Role.CITY_REVIEWER, "330700"))
    response = client.get("/rules/simulation/", {"as_of": "2024-06-30"})
    assert response.context["result"] is None and "请至少调整一个参数" in response.content.decode()
    query = {"assistant.clause1.occupation_years": "5", "as_of": "2024-06-30"}
    job_page = client.get("/rules/simulation/", query, follow=True)
    job = job_page.context["job"]
    assert job.status == "succeeded" and job.result_name.endswith(".xlsx")
    page = client.get(job.url).content.decode()
    assert "chart-levels" in page and f"/jobs/{job.pk}/result/" in page
    response = client.get(f"/jobs/{job.pk}/result/")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert formulas(data) == []
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["模拟结果", "调整的参数"]
    rows = list(book["模拟结果"].iter_rows(values_only=True))
    assert rows[1][:4] == ("金华市", 0, 1, 1)
    assert list(book["调整的参数"].iter_rows(values_only=True))[1][1:3] == (6, 5)


def test_a_simulation_result_is_shown_only_to_the_official_who_ran_it(client):
    worker("330782", 5)
    owner = make_user(Role.CITY_REVIEWER, "330700")
    client.force_login(owner)
    job = client.get("/rules/simulation/", {"assistant.clause1.occupation_years": "5", "as_of": "2024-06-30"},
                     follow=True).context["job"]
    client.force_login(make_user(Role.CITY_REVIEWER, "330100"))
    assert client.get(job.url).status_code == 404
    assert client.get(f"/jobs/{job.pk}/result/").status_code == 404
