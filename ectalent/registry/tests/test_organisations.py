"""Registering organisations: 统一社会信用代码 checked and deduplicated, through the form and the API."""

import pytest
from django.urls import reverse

from ectalent.audit.models import AuditAction, AuditEvent
from ectalent.registry.models import Organisation

from .factories import valid_credit_code


def org_form(credit_code, **overrides) -> dict:
    data = {
        "name": "义乌市新锐电子商务培训学校", "kind": "training_institution", "credit_code": credit_code,
        "nature": "民办非企业单位", "legal_representative": "陈立", "region": "330782", "address": "义乌市稠州北路1号",
        "website": "", "contact_name": "王敏", "contact_phone": "0579-85551234", "contact_fax": "", "contact_email": "",
        "founded_on": "2015-03-01", "staff_total": "40", "teachers_full_time": "10", "teachers_part_time": "5",
        "managers_count": "4", "revenue_last_year": "860.50",
    }
    data.update(overrides)
    return data


def api_org(credit_code, **overrides) -> dict:
    data = {"name": "义乌市启航网络科技有限公司", "kind": "enterprise_service", "credit_code": credit_code,
            "region": "330782", "contact_phone": "13800138000", "staff_total": 25}
    data.update(overrides)
    return data


def test_official_registers_organisation_through_form_and_it_is_audited(world, login):
    user = world.users["yw_county"]
    client = login(user)
    code = valid_credit_code("330782", "52")
    response = client.post(reverse("registry:organisation-create"), org_form(code.lower()))
    assert response.status_code == 302, response.context["form"].errors
    org = Organisation.objects.get(credit_code=code)
    assert org.region_id == "330782" and org.teachers_total == 15
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="registry.organisation", object_id=str(org.pk))
    assert event.actor_id == user.pk and event.after["credit_code"] == code and event.region_id == "330782"


def test_published_credit_code_is_accepted_by_the_form(world, login):
    client = login(world.users["admin"])
    response = client.post(reverse("registry:organisation-create"),
                           org_form("91330100716105852F", region="330100", name="杭州示例有限公司"))
    assert response.status_code == 302
    assert Organisation.objects.filter(credit_code="91330100716105852F").exists()


@pytest.mark.parametrize("code, expected", [
    ("91330100716105852G", "校验位"),
    ("91330100O16105852F", "不是允许的字符"),
    ("9133010071610585", "18位"),
])
def test_form_refuses_bad_credit_code_with_chinese_message(world, login, code, expected):
    client = login(world.users["admin"])
    response = client.post(reverse("registry:organisation-create"), org_form(code))
    assert response.status_code == 200
    msg = " ".join(response.context["form"].errors["credit_code"])
    assert expected in msg
    assert expected in response.content.decode()


def test_form_refuses_bad_contact_phone(world, login):
    client = login(world.users["admin"])
    response = client.post(reverse("registry:organisation-create"), org_form(valid_credit_code(), contact_phone="12345678901"))
    assert response.status_code == 200
    assert "手机号" in " ".join(response.context["form"].errors["contact_phone"])


def test_form_refuses_staff_total_smaller_than_teachers_and_managers(world, login):
    client = login(world.users["admin"])
    response = client.post(reverse("registry:organisation-create"), org_form(valid_credit_code(), staff_total="5"))
    assert response.status_code == 200
    assert "职工总数" in " ".join(response.context["form"].errors["staff_total"])


def test_duplicate_credit_code_names_visible_organisation(world, login):
    client = login(world.users["yw_county"])
    existing = world.orgs["义乌市创业电子商务职业培训学校"]
    response = client.post(reverse("registry:organisation-create"), org_form(existing.credit_code))
    assert response.status_code == 200
    msg = " ".join(response.context["form"].errors["credit_code"])
    assert "已登记" in msg and existing.name in msg
    assert reverse("registry:organisation-detail", args=[existing.pk]) in msg


def test_duplicate_credit_code_out_of_scope_does_not_name_the_organisation(world, login):
    client = login(world.users["yw_county"])
    existing = world.orgs["金华市金职电商技能培训中心"]  # 婺城
    response = client.post(reverse("registry:organisation-create"), org_form(existing.credit_code))
    assert response.status_code == 200
    msg = " ".join(response.context["form"].errors["credit_code"])
    assert "已在平台登记" in msg
    assert existing.name not in response.content.decode()
    assert Organisation.objects.filter(credit_code=existing.credit_code).count() == 1


def test_api_creates_organisation(world, login):
    client = login(world.users["jh_city"])
    code = valid_credit_code("330702")
    response = client.post("/api/v1/organisations/", api_org(code, region="330702"), content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    assert Organisation.objects.get(credit_code=code).region_id == "330702"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="registry.organisation",
                                     object_id=str(response.json()["id"])).exists()


@pytest.mark.parametrize("code, expected", [
    ("91330100716105852G", "校验位"),
    ("91330100716105852V", "不是允许的字符"),
    ("9133010071610585", "18位"),
])
def test_api_refuses_bad_credit_code_with_400_naming_the_field(world, login, code, expected):
    client = login(world.users["admin"])
    response = client.post("/api/v1/organisations/", api_org(code), content_type="application/json")
    assert response.status_code == 400
    assert expected in " ".join(response.json()["credit_code"])


def test_api_refuses_bad_contact_phone_with_400(world, login):
    client = login(world.users["admin"])
    response = client.post("/api/v1/organisations/", api_org(valid_credit_code(), contact_phone="1234"),
                           content_type="application/json")
    assert response.status_code == 400
    assert "contact_phone" in response.json()


def test_api_duplicate_credit_code_names_visible_organisation(world, login):
    client = login(world.users["yw_county"])
    visible = world.orgs["义乌市创业电子商务职业培训学校"]
    response = client.post("/api/v1/organisations/", api_org(visible.credit_code), content_type="application/json")
    assert response.status_code == 400
    msg = " ".join(response.json()["credit_code"])
    assert visible.name in msg and str(visible.pk) in msg


def test_api_duplicate_credit_code_out_of_scope_says_registered_elsewhere(world, login):
    client = login(world.users["yw_county"])
    hidden = world.orgs["金华市金职电商技能培训中心"]
    response = client.post("/api/v1/organisations/", api_org(hidden.credit_code), content_type="application/json")
    assert "已在平台登记" in " ".join(response.json()["credit_code"])


def test_api_duplicate_credit_code_is_refused_without_naming_out_of_scope_organisation(world, login):
    client = login(world.users["yw_county"])
    hidden = world.orgs["金华市金职电商技能培训中心"]
    response = client.post("/api/v1/organisations/", api_org(hidden.credit_code), content_type="application/json")
    assert response.status_code == 400 and "credit_code" in response.json()
    assert hidden.name not in response.content.decode()
    assert Organisation.objects.filter(credit_code=hidden.credit_code).count() == 1


def test_api_refuses_organisation_outside_officials_region(world, login):
    client = login(world.users["yw_county"])
    code = valid_credit_code("330702")
    response = client.post("/api/v1/organisations/", api_org(code, region="330702"), content_type="application/json")
    assert response.status_code == 400 and "region" in response.json()
    assert not Organisation.objects.filter(credit_code=code).exists()


def test_organisation_staff_cannot_register_organisations(world, login):
    client = login(world.users["inst_staff"])
    assert client.get(reverse("registry:organisation-create")).status_code == 403
    response = client.post("/api/v1/organisations/", api_org(valid_credit_code()), content_type="application/json")
    assert response.status_code == 403


def test_organisation_update_through_api_is_audited_with_diff(world, login):
    user = world.users["inst_staff"]
    client = login(user)
    org = user.organisation
    response = client.patch(f"/api/v1/organisations/{org.pk}/", {"staff_total": 299}, content_type="application/json")
    assert response.status_code == 200, response.content.decode()
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(org.pk)).latest("seq")
    assert event.after == {"staff_total": 299}
    assert event.actor_id == user.pk
