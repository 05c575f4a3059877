"""End to end: for each role, the list page, detail URL, edit URL, API list/detail and CSV export show exactly the
people in scope; anything else answers 404, exactly like a missing record.

The core check of the foundation issue: the 义乌 county reviewer cannot reach a 婺城 person by list, URL, API or
export; the 金华 city reviewer sees both; the 杭州 city reviewer sees neither.
"""

import csv
import io

import pytest
from django.urls import reverse

from ectalent.accounts.tests.test_scoping import ALL, EXPECTED_PEOPLE, ROLES_TO_CHECK
from ectalent.audit.models import AuditAction, AuditEvent
from ectalent.registry.models import Organisation, Person

# Every role (and both sides of each boundary: 义乌/婺城, 金华/杭州, 浙江/江苏) end to end; the querysets of every
# demo user are checked in accounts/tests/test_scoping.py.
VIEW_USERS = {"admin", "zj_province", "zj_centre", "zj_association", "hz_city", "jh_city", "jh_hr", "jh_finance",
              "jh_edu", "yw_county", "wc_county", "js_province", "cx_city", "inst_staff", "base_staff", "ent_staff",
              "applicant", "expert"}
ROLES = [u for u in ROLES_TO_CHECK if u in VIEW_USERS]
MISSING_PK = 987654321


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def people(world, keys):
    return [getattr(world.people, k) for k in sorted(keys)]


# --- per role, per channel ----------------------------------------------------------------


@pytest.mark.parametrize("username", [u for u in ROLES if u != "applicant"])
def test_list_page_shows_only_people_in_scope(world, login, username):
    client = login(world.users[username])
    response = client.get(reverse("registry:person-list"))
    assert response.status_code == 200
    html = response.content.decode()
    for key in ALL:
        person = getattr(world.people, key)
        if key in EXPECTED_PEOPLE[username]:
            assert person.name in html, f"{username} should see {key}"
        else:
            assert person.name not in html, f"{username} must not see {key}"
    shown = {person.pk for person in response.context["page"].object_list}
    visible = set(Person.objects.visible_to(world.users[username]).values_list("pk", flat=True))
    assert shown <= visible
    assert response.context["total"].value == len(visible) and not response.context["total"].estimated


def test_applicant_list_page_goes_to_own_profile(world, login):
    client = login(world.users["applicant"])
    response = client.get(reverse("registry:person-list"))
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    assert response.request["PATH_INFO"] == reverse("registry:person-detail", args=[world.people.applicant.pk])


@pytest.mark.parametrize("username", ROLES)
def test_detail_and_edit_urls_answer_404_out_of_scope(world, login, username):
    client = login(world.users[username])
    for key in ALL:
        person = getattr(world.people, key)
        detail = client.get(reverse("registry:person-detail", args=[person.pk]))
        if key in EXPECTED_PEOPLE[username]:
            assert detail.status_code == 200, (username, key)
            assert person.name in detail.content.decode()
        else:
            assert detail.status_code == 404, (username, key)
            assert client.get(reverse("registry:person-edit", args=[person.pk])).status_code == 404, (username, key)
    # the edit page renders for one person in scope (rendering it for each is slow and adds nothing)
    in_scope = sorted(EXPECTED_PEOPLE[username])
    if in_scope:
        person = getattr(world.people, in_scope[0])
        assert client.get(reverse("registry:person-edit", args=[person.pk])).status_code == 200
    # out of scope looks exactly like a record that does not exist
    assert client.get(reverse("registry:person-detail", args=[MISSING_PK])).status_code == 404
    assert client.get(reverse("registry:person-edit", args=[MISSING_PK])).status_code == 404


@pytest.mark.parametrize("username", ROLES)
def test_api_list_and_detail_show_only_people_in_scope(world, login, username):
    client = login(world.users[username])
    response = client.get("/api/v1/people/", {"page_size": 500})
    assert response.status_code == 200
    data = response.json()
    listed = {row["id"] for row in data["results"]}
    assert data["count"] == Person.objects.visible_to(world.users[username]).count()
    for key in ALL:
        person = getattr(world.people, key)
        detail = client.get(f"/api/v1/people/{person.pk}/")
        if key in EXPECTED_PEOPLE[username]:
            assert person.pk in listed, (username, key)
            assert detail.status_code == 200
            assert detail.json()["id_number_masked"] == person.id_number_masked
            assert "id_number" not in detail.json()
        else:
            assert person.pk not in listed, (username, key)
            assert detail.status_code == 404, (username, key)
    assert client.get(f"/api/v1/people/{MISSING_PK}/").status_code == 404


@pytest.mark.parametrize("username", ROLES)
def test_csv_export_contains_only_people_in_scope_masked_and_is_audited(world, login, username):
    user = world.users[username]
    client = login(user)
    before = AuditEvent.objects.count()
    response = client.get(reverse("registry:person-export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    exported = {int(r["编号"]) for r in rows}
    assert exported == set(Person.objects.visible_to(user).values_list("pk", flat=True))
    body = "\n".join(",".join(r.values()) for r in rows)
    for key in ALL:
        person = getattr(world.people, key)
        assert person.id_number not in body  # never in full
        if key in EXPECTED_PEOPLE[username]:
            row = next(r for r in rows if int(r["编号"]) == person.pk)
            assert row["居民身份证号（脱敏）"] == person.id_number_masked
            assert row["手机号（脱敏）"] == person.phone_masked
        else:
            assert person.pk not in exported
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == AuditAction.EXPORT
    assert event.actor_id == user.pk
    assert event.object_type == "registry.person"
    assert event.after["rows"] == len(rows)
    assert event.after["format"] == "csv"


# --- the core check, spelled out ------------------------------------------------------------


def test_county_reviewer_cannot_reach_other_county_person_by_list_url_api_or_export(world, login):
    client = login(world.users["yw_county"])
    wucheng = world.people.wucheng
    assert wucheng.name not in client.get(reverse("registry:person-list")).content.decode()
    assert client.get(reverse("registry:person-list"), {"q": wucheng.name}).context["total"].value == 0
    assert client.get(reverse("registry:person-list"), {"q": wucheng.id_number}).context["total"].value == 0
    assert client.get(reverse("registry:person-detail", args=[wucheng.pk])).status_code == 404
    assert client.get(reverse("registry:person-edit", args=[wucheng.pk])).status_code == 404
    assert client.post(reverse("registry:person-edit", args=[wucheng.pk]), {"name": "改名"}).status_code == 404
    assert client.post(reverse("registry:person-reveal", args=[wucheng.pk, "id_number"])).status_code == 404
    assert client.get(f"/api/v1/people/{wucheng.pk}/").status_code == 404
    assert client.patch(f"/api/v1/people/{wucheng.pk}/", {"name": "改名"}, content_type="application/json").status_code == 404
    assert client.post(f"/api/v1/people/{wucheng.pk}/reveal/", {"field": "id_number"}, content_type="application/json").status_code == 404
    assert wucheng.pk not in {r["id"] for r in client.get("/api/v1/people/", {"q": wucheng.name}).json()["results"]}
    assert wucheng.pk not in {int(r["编号"]) for r in csv_rows(client.get(reverse("registry:person-export", args=["csv"])))}
    # filtering the export by the other county's region code does not widen the scope
    response = client.get(reverse("registry:person-export", args=["csv"]), {"region": "330702"})
    if response.status_code == 200:
        assert wucheng.pk not in {int(r["编号"]) for r in csv_rows(response)}
    else:
        assert response.status_code == 302  # refused as an invalid filter
    assert Person.objects.get(pk=wucheng.pk).name == "测婺城丙"


def test_city_reviewer_sees_both_counties_and_other_city_sees_neither(world, login):
    yiwu, wucheng = world.people.yiwu, world.people.wucheng
    jh = login(world.users["jh_city"])
    html = jh.get(reverse("registry:person-list")).content.decode()
    assert yiwu.name in html and wucheng.name in html
    assert jh.get(f"/api/v1/people/{wucheng.pk}/").status_code == 200
    assert jh.get(f"/api/v1/people/{yiwu.pk}/").status_code == 200
    hz = login(world.users["hz_city"])
    html = hz.get(reverse("registry:person-list")).content.decode()
    assert yiwu.name not in html and wucheng.name not in html
    assert hz.get(f"/api/v1/people/{wucheng.pk}/").status_code == 404
    assert hz.get(reverse("registry:person-detail", args=[yiwu.pk])).status_code == 404


def test_region_filter_narrows_within_scope(world, login):
    client = login(world.users["jh_city"])
    rows = csv_rows(client.get(reverse("registry:person-export", args=["csv"]), {"region": "330782"}))
    exported = {int(r["编号"]) for r in rows}
    assert world.people.yiwu.pk in exported and world.people.wucheng.pk not in exported
    api = client.get("/api/v1/people/", {"region": "330702"}).json()
    assert {r["id"] for r in api["results"]} >= {world.people.wucheng.pk}
    assert world.people.yiwu.pk not in {r["id"] for r in api["results"]}


# --- anonymous ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_and_api_refuses(world, client):
    login_url = reverse("login")
    for url in (
        reverse("registry:person-list"),
        reverse("registry:person-detail", args=[world.people.yiwu.pk]),
        reverse("registry:person-edit", args=[world.people.yiwu.pk]),
        reverse("registry:person-create"),
        reverse("registry:person-export", args=["csv"]),
        reverse("registry:organisation-list"),
        reverse("home"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(login_url), url
    for url in ("/api/v1/people/", f"/api/v1/people/{world.people.yiwu.pk}/", "/api/v1/organisations/"):
        assert client.get(url).status_code in (401, 403), url
    assert client.post("/api/v1/people/", {}, content_type="application/json").status_code in (401, 403)
    response = client.post(reverse("registry:person-reveal", args=[world.people.yiwu.pk, "id_number"]))
    assert response.status_code == 302 and world.people.yiwu.id_number not in response.content.decode()


def test_api_token_auth_is_scoped_too(world, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.users["yw_county"])
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get(f"/api/v1/people/{world.people.yiwu.pk}/", **headers).status_code == 200
    assert client.get(f"/api/v1/people/{world.people.wucheng.pk}/", **headers).status_code == 404


# --- organisations -------------------------------------------------------------------------


ORG_EXPECTED = {
    # demo organisation name -> users who see it (besides admin)
    "义乌市创业电子商务职业培训学校": {"yw_county", "jh_city", "zj_province", "inst_staff"},
    "金华市金职电商技能培训中心": {"wc_county", "jh_city", "zj_province"},
    "杭州云帆电子商务培训学院": {"hz_city", "zj_province"},
    "苏州汇通供应链管理有限公司": {"js_province"},
}
ORG_VIEWERS = ["admin", "yw_county", "wc_county", "jh_city", "hz_city", "zj_province", "js_province",
               "inst_staff", "base_staff", "applicant", "expert"]


@pytest.mark.parametrize("username", ORG_VIEWERS)
def test_organisation_pages_and_api_are_scoped(world, login, username):
    client = login(world.users[username])
    listed_api = {r["id"] for r in client.get("/api/v1/organisations/", {"page_size": 500}).json()["results"]}
    for name, viewers in ORG_EXPECTED.items():
        org = world.orgs[name]
        visible = username == "admin" or username in viewers
        # searched by name: the demo has more organisations than one page of the list holds
        html = client.get(reverse("registry:organisation-list"), {"q": name}).content.decode()
        assert (reverse("registry:organisation-detail", args=[org.pk]) in html) == visible, (username, name)
        assert (org.pk in listed_api) == visible, (username, name)
        expected_status = 200 if visible else 404
        assert client.get(reverse("registry:organisation-detail", args=[org.pk])).status_code == expected_status
        assert client.get(f"/api/v1/organisations/{org.pk}/").status_code == expected_status
    assert listed_api == set(Organisation.objects.visible_to(world.users[username]).values_list("pk", flat=True))


def test_organisation_export_is_scoped(world, login):
    client = login(world.users["yw_county"])
    rows = csv_rows(client.get(reverse("registry:organisation-export", args=["csv"])))
    names = {r["单位名称"] for r in rows}
    assert "义乌市创业电子商务职业培训学校" in names
    assert "金华市金职电商技能培训中心" not in names and "杭州云帆电子商务培训学院" not in names
    assert AuditEvent.objects.order_by("-seq").first().object_type == "registry.organisation"


def test_staff_cannot_edit_another_organisation_and_officials_out_of_scope_get_404(world, login):
    client = login(world.users["inst_staff"])
    own = world.orgs["义乌市创业电子商务职业培训学校"]
    assert client.get(reverse("registry:organisation-edit", args=[own.pk])).status_code == 200
    other = world.orgs["义乌市陆港电子商务园区"]
    assert client.get(reverse("registry:organisation-edit", args=[other.pk])).status_code == 404
    client = login(world.users["wc_county"])
    assert client.get(reverse("registry:organisation-edit", args=[own.pk])).status_code == 404


@pytest.mark.parametrize("username", ["applicant", "expert"])
def test_non_editors_cannot_create_people_or_organisations(world, login, username):
    client = login(world.users[username])
    assert client.get(reverse("registry:organisation-create")).status_code == 403
    if username == "expert":
        assert client.get(reverse("registry:person-create")).status_code == 403
        assert client.post("/api/v1/people/", {}, content_type="application/json").status_code in (400, 403)
