"""The audit log page is scoped like everything else."""

from django.urls import reverse

from ectalent.audit.models import AuditEvent
from ectalent.registry import actions


def test_audit_page_shows_only_events_in_scope(world, login):
    wc = world.users["wc_county"]
    actions.reveal_person_field(world.people.wucheng, "phone", acting_user=wc)
    event = AuditEvent.objects.latest("seq")
    assert event.object_repr == world.people.wucheng.name

    page = login(world.users["jh_city"]).get(reverse("audit:event-list"))
    assert page.status_code == 200
    assert event.pk in {e.pk for e in page.context["page"].object_list}

    page = login(world.users["yw_county"]).get(reverse("audit:event-list"))
    assert page.status_code == 200
    assert event.pk not in {e.pk for e in page.context["page"].object_list}
    assert world.people.wucheng.name not in page.content.decode()


def test_audit_page_requires_login(world, client):
    response = client.get(reverse("audit:event-list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _english(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_audit_events_show_the_kind_and_name_in_words(world, login):
    """An event names the object's kind (the model's verbose name) and the object, not `registry.person 12`."""
    wc = world.users["wc_county"]
    person = world.people.wucheng
    actions.reveal_person_field(person, "phone", acting_user=wc)

    html = login(world.users["jh_city"]).get(reverse("audit:event-list")).content.decode()
    assert "人员" in html and person.name in html and "查看完整手机号" in html
    assert f"registry.person {person.pk}" not in html

    html = _english(login(world.users["jh_city"])).get(reverse("audit:event-list")).content.decode()
    assert ">People<" in html and person.name in html
    assert "Full mobile number viewed" in html  # the note stored in Chinese is shown in English
    assert "查看完整手机号" not in html


def test_audit_filter_offers_kinds_by_name_in_each_language(world, login):
    from ectalent.audit.filtersets import AuditEventFilterSet

    client = login(world.users["jh_city"])
    page = client.get(reverse("audit:event-list"))
    options = dict(page.context["filter"].form.fields["object_type"].choices)
    assert options["workflow.case"] == "审核事项"
    assert options["accreditation.trainingcourse"] == "培训班"
    assert options["certification.certificate"] == "证书"
    assert all(not name.startswith(("workflow.", "accreditation.")) for name in options.values())

    page = _english(client).get(reverse("audit:event-list"))
    options = dict(page.context["filter"].form.fields["object_type"].choices)
    assert options["workflow.case"] == "Review case"
    assert AuditEventFilterSet  # the same FilterSet serves the page


def test_audit_filter_by_kind_keeps_only_that_kind(world, login):
    wc = world.users["wc_county"]
    actions.reveal_person_field(world.people.wucheng, "phone", acting_user=wc)
    page = login(world.users["jh_city"]).get(reverse("audit:event-list"), {"object_type": "registry.person"})
    events = list(page.context["page"].object_list)
    assert events and {e.object_type for e in events} == {"registry.person"}
    page = login(world.users["jh_city"]).get(reverse("audit:event-list"), {"object_type": "workflow.case"})
    assert all(e.object_type == "workflow.case" for e in page.context["page"].object_list)


def test_every_platform_model_kind_has_a_translated_name():
    from django.utils import translation

    from ectalent.audit.kinds import kind_choices

    with translation.override("en"):
        names = dict(kind_choices())
    han = [f"{k}: {v}" for k, v in names.items() if any("\u4e00" <= ch <= "\u9fff" for ch in v)]
    assert not han, han
