"""Registering people through the web form and the API: derived fields, validation, deduplication, audit."""

import datetime

import pytest
from django.urls import reverse

from ectalent.accounts.choices import Role
from ectalent.audit.models import AuditAction, AuditEvent
from ectalent.registry.models import Person

from .factories import make_user, valid_id_number

FORMSET_PREFIXES = ("education", "employment", "certificates", "trainings")


def form_data(id_number, **overrides) -> dict:
    """A person form POST, with the management data of the four record formsets (no rows)."""
    data = {
        "name": "王新登", "id_number": id_number, "gender": "", "birth_date": "", "ethnicity": "01",
        "political_status": "13", "phone": "13800138000", "email": "", "region": "330782", "employer": "",
        "job_title": "", "owner_org": "",
    }
    for prefix in FORMSET_PREFIXES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(overrides)
    return data


def with_records(data: dict) -> dict:
    data = dict(data)
    data.update({
        "education-TOTAL_FORMS": "1", "education-0-level": "bachelor", "education-0-major": "电子商务",
        "education-0-school": "浙江工商大学", "education-0-status": "graduated", "education-0-graduated_on": "2012-06-30",
        "employment-TOTAL_FORMS": "1", "employment-0-employer": "义乌市恒信电子商务有限公司",
        "employment-0-position": "运营专员", "employment-0-start": "2012-08-01", "employment-0-end": "",
        "employment-0-in_occupation": "on",
    })
    return data


def api_payload(id_number, **overrides) -> dict:
    payload = {
        "name": "李接口", "id_number": id_number, "ethnicity": "01", "political_status": "13",
        "phone": "+86 139 1234 5678", "region": "330782",
        "education": [{"level": "associate", "major": "市场营销", "school": "金华职业技术学院", "status": "graduated",
                       "graduated_on": "2010-06-30", "school_recommended": False}],
        "employment": [{"employer": "金华华越贸易有限公司", "position": "店长", "start": "2010-09-01", "end": "2015-12-31",
                        "in_occupation": True, "management": True},
                       {"employer": "义乌市云帆电子商务有限公司", "position": "运营总监", "start": "2016-01-15",
                        "end": None, "in_occupation": True, "management": True}],
    }
    payload.update(overrides)
    return payload


def error_text(response, field=None) -> str:
    form = response.context["form"]
    errors = form.errors.get(field, []) if field else [e for v in form.errors.values() for e in v]
    return " ".join(str(e) for e in errors)


# --- web form ---------------------------------------------------------------------------------


def test_official_creates_person_through_form_with_birth_date_and_gender_derived(world, login):
    user = world.users["yw_county"]
    client = login(user)
    number = valid_id_number("330782", datetime.date(1991, 8, 9), "F")
    response = client.post(reverse("registry:person-create"), with_records(form_data(number)))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    person = Person.objects.get(id_number=number)
    assert response.url == reverse("registry:person-detail", args=[person.pk])
    assert person.birth_date == datetime.date(1991, 8, 9)
    assert person.gender == "F"
    assert person.region_id == "330782"
    assert person.phone == "13800138000"
    assert [(e.level, e.major) for e in person.education.all()] == [("bachelor", "电子商务")]
    assert [(e.employer, e.end) for e in person.employment.all()] == [("义乌市恒信电子商务有限公司", None)]
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="registry.person", object_id=str(person.pk))
    assert event.actor_id == user.pk and event.region_id == "330782"
    assert event.after["id_number"] == number
    assert event.after["education"][0]["major"] == "电子商务"


def test_form_accepts_lowercase_x_and_stores_uppercase(world, login):
    client = login(world.users["yw_county"])
    number = valid_id_number("330782", datetime.date(1983, 3, 3), "M")
    while not number.endswith("X"):
        number = valid_id_number("330782", datetime.date(1983, 3, 3), "M")
    response = client.post(reverse("registry:person-create"), form_data(number.lower()))
    assert response.status_code == 302
    assert Person.objects.filter(id_number=number).exists()


def test_form_refuses_birth_date_that_contradicts_id_number(world, login):
    client = login(world.users["yw_county"])
    number = valid_id_number("330782", datetime.date(1990, 5, 17), "M")
    response = client.post(reverse("registry:person-create"), form_data(number, birth_date="1990-01-01"))
    assert response.status_code == 200
    msg = error_text(response, "birth_date")
    assert "出生日期与身份证号不一致" in msg and "1990-05-17" in msg
    assert not Person.objects.filter(id_number=number).exists()


def test_form_refuses_gender_that_contradicts_id_number(world, login):
    client = login(world.users["yw_county"])
    number = valid_id_number("330782", datetime.date(1990, 5, 17), "M")
    response = client.post(reverse("registry:person-create"), form_data(number, gender="F"))
    assert response.status_code == 200
    assert "性别" in error_text(response, "gender")


@pytest.mark.parametrize("field, value, expected", [
    ("id_number", "330782199005170010", "校验位"),
    ("id_number", "33078219900230001X", "出生日期"),
    ("id_number", "3307821990051700", "18位"),
    ("phone", "12345678901", "手机号"),
    ("phone", "1380013800", "11位"),
])
def test_form_refuses_bad_id_number_or_phone_with_chinese_message(world, login, field, value, expected):
    client = login(world.users["yw_county"])
    good = valid_id_number("330782")
    data = form_data(good)
    data[field] = value
    if field == "id_number" and value.endswith("0010"):
        # make sure the check char is really wrong
        from ectalent.core.validators import id_number_check_char
        assert id_number_check_char(value[:17]) != value[17]
    response = client.post(reverse("registry:person-create"), data)
    assert response.status_code == 200
    msg = error_text(response, field)
    assert expected in msg
    assert expected in response.content.decode()  # shown on the page
    assert Person.objects.filter(name="王新登").count() == 0


def test_duplicate_id_number_names_the_existing_record_when_visible(world, login):
    client = login(world.users["yw_county"])
    existing = world.people.yiwu
    response = client.post(reverse("registry:person-create"), form_data(existing.id_number))
    assert response.status_code == 200
    msg = error_text(response, "id_number")
    assert "已登记" in msg and existing.name in msg and str(existing.pk) in msg
    assert reverse("registry:person-detail", args=[existing.pk]) in msg
    assert Person.objects.filter(id_number=existing.id_number).count() == 1


def test_duplicate_id_number_out_of_scope_does_not_name_the_record(world, login):
    client = login(world.users["yw_county"])
    existing = world.people.wucheng
    response = client.post(reverse("registry:person-create"), form_data(existing.id_number))
    assert response.status_code == 200
    msg = error_text(response, "id_number")
    assert "已在平台登记" in msg
    assert existing.name not in response.content.decode()
    assert reverse("registry:person-detail", args=[existing.pk]) not in response.content.decode()
    assert f"编号 {existing.pk}" not in msg
    assert Person.objects.filter(id_number=existing.id_number).count() == 1


def test_form_refuses_region_outside_the_officials_scope(world, login):
    client = login(world.users["yw_county"])
    number = valid_id_number("330702")
    response = client.post(reverse("registry:person-create"), form_data(number, region="330702"))
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Person.objects.filter(id_number=number).exists()


def test_institution_staff_registration_is_owned_by_their_organisation(world, login):
    user = world.users["inst_staff"]
    client = login(user)
    number = valid_id_number("330702")
    other_org = world.orgs["义乌市陆港电子商务园区"]
    response = client.post(reverse("registry:person-create"),
                           form_data(number, region="330702", owner_org=str(other_org.pk)))
    assert response.status_code == 302
    person = Person.objects.get(id_number=number)
    assert person.owner_org_id == user.organisation_id
    assert client.get(reverse("registry:person-detail", args=[person.pk])).status_code == 200


def test_edit_through_form_writes_an_update_event_with_the_change(world, login):
    user = world.users["jh_city"]
    client = login(user)
    person = world.people.wucheng
    data = form_data(person.id_number, name="测婺城丙改", region="330702", phone=person.phone)
    response = client.post(reverse("registry:person-edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "测婺城丙改"
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(person.pk)).latest("seq")
    assert event.before == {"name": "测婺城丙"} and event.after == {"name": "测婺城丙改"}
    assert event.actor_id == user.pk


def test_applicant_creates_own_profile_linked_to_their_user(world, login):
    user = make_user(Role.APPLICANT, "330782")
    client = login(user)
    assert client.get(reverse("registry:my-profile")).url == reverse("registry:person-create")
    assert client.get(reverse("registry:person-create")).status_code == 200
    number = valid_id_number("330782", datetime.date(1995, 12, 1), "F")
    response = client.post(reverse("registry:person-create"), with_records(form_data(number, name="周自登")))
    assert response.status_code == 302
    user.refresh_from_db()
    person = Person.objects.get(id_number=number)
    assert user.person_id == person.pk
    assert person.owner_org is None
    assert list(Person.objects.visible_to(user)) == [person]
    # a second visit to "new" edits the existing profile instead of creating another
    response = client.get(reverse("registry:person-create"))
    assert response.status_code == 302 and response.url == reverse("registry:person-edit", args=[person.pk])
    assert client.get(reverse("registry:my-profile")).url == reverse("registry:person-detail", args=[person.pk])


def test_applicant_cannot_change_own_id_number_through_the_form(world, login):
    client = login(world.users["applicant"])
    person = world.people.applicant
    other = valid_id_number("330782")
    data = form_data(other, name=person.name, region=person.region_id, phone=person.phone)
    response = client.post(reverse("registry:person-edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.id_number == world.people.applicant.id_number
    assert not Person.objects.filter(id_number=other).exists()


# --- API -----------------------------------------------------------------------------------


def test_api_creates_person_with_nested_records_and_derived_fields(world, login):
    user = world.users["yw_county"]
    client = login(user)
    number = valid_id_number("330782", datetime.date(1987, 2, 28), "M")
    response = client.post("/api/v1/people/", api_payload(number), content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert body["birth_date"] == "1987-02-28" and body["gender"] == "M"
    assert body["id_number_masked"] == number[:6] + "********" + number[-4:]
    assert "id_number" not in body and number not in response.content.decode()
    assert len(body["employment"]) == 2 and body["education"][0]["major"] == "市场营销"
    person = Person.objects.get(pk=body["id"])
    assert person.phone == "13912345678"
    assert person.employment.count() == 2 and person.education.count() == 1
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="registry.person", object_id=str(person.pk))
    assert event.actor_id == user.pk and len(event.after["employment"]) == 2


def test_api_refuses_birth_date_that_contradicts_id_number(world, login):
    client = login(world.users["yw_county"])
    number = valid_id_number("330782", datetime.date(1987, 2, 28), "M")
    response = client.post("/api/v1/people/", api_payload(number, birth_date="1987-03-01"), content_type="application/json")
    assert response.status_code == 400
    assert "出生日期与身份证号不一致" in " ".join(response.json()["birth_date"])
    assert not Person.objects.filter(id_number=number).exists()


@pytest.mark.parametrize("field, value, expected", [
    ("id_number", "330782199005170010", "校验位"),
    ("id_number", "00078219900517001X", "行政区划代码"),
    ("id_number", "abc", "18位"),
    ("phone", "12345678901", "手机号"),
    ("phone", "138001380", "11位"),
])
def test_api_refuses_bad_values_with_400_naming_the_field(world, login, field, value, expected):
    client = login(world.users["yw_county"])
    payload = api_payload(valid_id_number("330782"))
    payload[field] = value
    response = client.post("/api/v1/people/", payload, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    assert expected in " ".join(errors[field])


def test_api_duplicate_id_number_names_visible_record_only(world, login):
    client = login(world.users["yw_county"])
    visible, hidden = world.people.yiwu, world.people.wucheng
    response = client.post("/api/v1/people/", api_payload(visible.id_number), content_type="application/json")
    assert response.status_code == 400
    msg = " ".join(response.json()["id_number"])
    assert visible.name in msg and str(visible.pk) in msg
    response = client.post("/api/v1/people/", api_payload(hidden.id_number), content_type="application/json")
    assert response.status_code == 400
    msg = " ".join(response.json()["id_number"])
    assert "已在平台登记" in msg and hidden.name not in response.content.decode()


def test_api_refuses_region_outside_scope(world, login):
    client = login(world.users["yw_county"])
    number = valid_id_number("330702")
    response = client.post("/api/v1/people/", api_payload(number, region="330702"), content_type="application/json")
    assert response.status_code == 400 and "region" in response.json()
    assert not Person.objects.filter(id_number=number).exists()


def test_api_refuses_employment_ending_before_it_starts(world, login):
    client = login(world.users["yw_county"])
    payload = api_payload(valid_id_number("330782"))
    payload["employment"][0]["end"] = "2009-01-01"
    response = client.post("/api/v1/people/", payload, content_type="application/json")
    assert response.status_code == 400 and "employment" in response.json()


def test_api_update_replaces_records_and_is_audited(world, login):
    client = login(world.users["jh_city"])
    person = world.people.wucheng
    response = client.patch(f"/api/v1/people/{person.pk}/", {"employer": "金华华越贸易有限公司", "trainings": [
        {"level": "assistant", "completed_on": "2020-06-30", "institution": "金华市金职电商技能培训中心", "hours": 80}]},
        content_type="application/json")
    assert response.status_code == 200, response.content.decode()
    person.refresh_from_db()
    assert person.employer == "金华华越贸易有限公司" and person.trainings.count() == 1
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(person.pk)).latest("seq")
    assert event.after["employer"] == "金华华越贸易有限公司"
    assert event.after["trainings"][0]["hours"] == 80


def test_applicant_cannot_change_own_id_number_through_the_api(world, login):
    client = login(world.users["applicant"])
    person = world.people.applicant
    response = client.patch(f"/api/v1/people/{person.pk}/", {"id_number": valid_id_number("330782")},
                            content_type="application/json")
    assert response.status_code == 400 and "id_number" in response.json()


def test_api_expert_cannot_create(world, login):
    client = login(world.users["expert"])
    response = client.post("/api/v1/people/", api_payload(valid_id_number("330782")), content_type="application/json")
    assert response.status_code == 403


def test_applicant_creates_own_profile_through_the_api_like_the_web_form(world, login):
    user = make_user(Role.APPLICANT, "330782")
    client = login(user)
    number = valid_id_number("330782", datetime.date(1996, 4, 4), "M")
    response = client.post("/api/v1/people/", api_payload(number), content_type="application/json")
    assert response.status_code == 201
    user.refresh_from_db()
    assert user.person_id == response.json()["id"]
