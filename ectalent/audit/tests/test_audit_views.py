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
