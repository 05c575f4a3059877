"""Personal data: masked in lists and exports, shown in full only on a POST that is logged; xlsx/CSV exports;
the people list page does a fixed number of queries whatever the number of rows."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from ectalent.audit.models import AuditAction, AuditEvent

from .factories import make_person

# --- reveal -----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["id_number", "phone"])
def test_reveal_returns_the_full_value_and_writes_a_view_pii_event(world, login, field):
    user = world.users["yw_county"]
    client = login(user)
    person = world.people.yiwu
    before = AuditEvent.objects.count()
    response = client.post(reverse("registry:person-reveal", args=[person.pk, field]))
    assert response.status_code == 200
    assert getattr(person, field) in response.content.decode()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("seq")
    assert event.action == AuditAction.VIEW_PII
    assert event.actor_id == user.pk
    assert (event.object_type, event.object_id) == ("registry.person", str(person.pk))
    assert event.after == {"field": field}
    assert event.region_id == person.region_id
    # the event itself does not store the value
    assert getattr(person, field) not in str(event.after) + event.note + event.object_repr


def test_reveal_by_get_is_refused_and_not_logged(world, login):
    client = login(world.users["yw_county"])
    person = world.people.yiwu
    before = AuditEvent.objects.count()
    response = client.get(reverse("registry:person-reveal", args=[person.pk, "id_number"]))
    assert response.status_code == 405
    assert person.id_number not in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_reveal_of_other_fields_or_out_of_scope_person_is_404(world, login):
    client = login(world.users["yw_county"])
    assert client.post(reverse("registry:person-reveal", args=[world.people.yiwu.pk, "email"])).status_code == 404
    assert client.post(reverse("registry:person-reveal", args=[world.people.wucheng.pk, "id_number"])).status_code == 404


def test_expert_cannot_reveal(world, login):
    client = login(world.users["expert"])
    assert client.post(reverse("registry:person-reveal", args=[world.people.yiwu.pk, "id_number"])).status_code == 404


def test_api_reveal_is_a_logged_post(world, login):
    user = world.users["jh_city"]
    client = login(user)
    person = world.people.wucheng
    url = f"/api/v1/people/{person.pk}/reveal/"
    assert client.get(url).status_code == 405
    response = client.post(url, {"field": "id_number"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"field": "id_number", "value": person.id_number}
    event = AuditEvent.objects.latest("seq")
    assert event.action == AuditAction.VIEW_PII and event.actor_id == user.pk
    assert client.post(url, {"field": "name"}, content_type="application/json").status_code == 400


def test_applicant_reveals_own_id_number(world, login):
    client = login(world.users["applicant"])
    person = world.people.applicant
    response = client.post(reverse("registry:person-reveal", args=[person.pk, "id_number"]))
    assert response.status_code == 200 and person.id_number in response.content.decode()
    assert client.post(reverse("registry:person-reveal", args=[world.people.yiwu.pk, "id_number"])).status_code == 404


# --- masked everywhere else -------------------------------------------------------------------


def test_detail_page_shows_masked_values_until_revealed(world, login):
    client = login(world.users["yw_county"])
    person = world.people.yiwu
    html = client.get(reverse("registry:person-detail", args=[person.pk])).content.decode()
    assert person.id_number_masked in html and person.phone_masked in html
    assert person.id_number not in html and person.phone not in html


def test_list_page_shows_masked_values_only(world, login):
    client = login(world.users["admin"])
    html = client.get(reverse("registry:person-list")).content.decode()
    for key in ("yiwu", "wucheng", "jiangsu"):
        person = getattr(world.people, key)
        assert person.name in html
        assert person.id_number_masked in html and person.phone_masked in html
        assert person.id_number not in html and person.phone not in html


def test_search_by_full_id_number_finds_the_person(world, login):
    client = login(world.users["yw_county"])
    person = world.people.yiwu
    response = client.get(reverse("registry:person-list"), {"q": person.id_number.lower()})
    assert [row.record for row in response.context["table"].page.object_list] == [person]


def test_csv_export_is_masked(world, login):
    client = login(world.users["admin"])
    response = client.get(reverse("registry:person-export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel opens UTF-8 Chinese correctly
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["编号", "姓名", "性别"]
    assert "attachment" in response["Content-Disposition"]
    for key in ("yiwu", "wucheng", "jiangsu", "chuxiong"):
        person = getattr(world.people, key)
        assert person.id_number not in body and person.phone not in body
        assert person.id_number_masked in body


def test_xlsx_export_opens_with_chinese_header_and_masked_values(world, login):
    user = world.users["jh_city"]
    client = login(user)
    response = client.get(reverse("registry:person-export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("编号", "姓名")
    assert "居民身份证号（脱敏）" in header and "手机号（脱敏）" in header
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in str(h)) for h in header)
    flat = " ".join(str(v) for row in rows for v in row if v is not None)
    ids = {row[0] for row in rows[1:]}
    assert world.people.wucheng.pk in ids and world.people.yiwu.pk in ids
    assert world.people.hangzhou.pk not in ids
    for key in ("yiwu", "wucheng", "hangzhou"):
        person = getattr(world.people, key)
        assert person.id_number not in flat and person.phone not in flat
    assert world.people.yiwu.id_number_masked in flat
    event = AuditEvent.objects.latest("seq")
    assert event.action == AuditAction.EXPORT and event.after["format"] == "xlsx" and event.actor_id == user.pk


def test_export_of_unknown_format_is_404(world, login):
    client = login(world.users["admin"])
    assert client.get("/registry/people/export.pdf").status_code == 404


def test_export_follows_the_list_filter(world, login):
    client = login(world.users["admin"])
    response = client.get(reverse("registry:person-export", args=["csv"]), {"q": world.people.jiangsu.name})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [int(r["编号"]) for r in rows] == [world.people.jiangsu.pk]
    event = AuditEvent.objects.latest("seq")
    assert event.after["filters"] == {"q": world.people.jiangsu.name} and event.after["rows"] == 1


def test_api_list_shows_masked_values_only(world, login):
    client = login(world.users["admin"])
    response = client.get("/api/v1/people/", {"page_size": 500})
    body = response.content.decode()
    for key in ("yiwu", "wucheng"):
        person = getattr(world.people, key)
        assert person.id_number not in body and person.phone not in body
        assert person.id_number_masked in body


# --- query count -----------------------------------------------------------------------------

# session, user, the user's region, count, filter-form regions, page rows (+2 slack); never per row.
LIST_QUERY_BUDGET = 9  # the page, its filters, the session user, the unread-messages badge


def _list_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_QUERY_BUDGET) as captured:
        response = client.get(reverse("registry:person-list"))
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("username", ["jh_city", "inst_staff"])
def test_people_list_query_count_does_not_grow_with_rows(world, login, django_assert_max_num_queries, username):
    user = world.users[username]
    client = login(user)
    org = user.organisation if username == "inst_staff" else None
    few = _list_queries(client, django_assert_max_num_queries)
    for i in range(30):
        make_person("330782" if i % 2 else "330702", owner_org=org)
    many = _list_queries(client, django_assert_max_num_queries)
    assert many == few
