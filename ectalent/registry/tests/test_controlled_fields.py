"""Issue 9.4: the fields that decide review and sight (an organisation's kind, region, association membership and
credit code; a person's region) change only by an official of the region — in the form and the API alike."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ectalent.regions.models import Region
from ectalent.registry.forms import OrganisationForm, PersonForm
from ectalent.registry.models import Organisation, Person

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def post_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            value = ""
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = getattr(value, "isoformat", lambda: value)()
    return data


def test_staff_cannot_change_control_fields_through_the_form(world, login):
    staff = world.users["inst_staff"]
    org = Organisation.objects.get(pk=staff.organisation_id)
    before = (org.kind, org.region_id, org.is_association_member, org.credit_code)
    form = OrganisationForm(instance=org, user=staff)
    assert all(form.fields[f].disabled for f in ("kind", "region", "is_association_member", "credit_code"))
    data = post_data(form)
    other_region = Region.objects.get(code="320508")
    other_kind = next(k for k, _ in Organisation._meta.get_field("kind").choices if k != org.kind)
    data.update(kind=other_kind, region=other_region.pk, is_association_member="on",
                credit_code="91330782MA2DXXXX1X", address="新地址 1 号")
    response = login(staff).post(reverse("registry:organisation-edit", args=[org.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    org.refresh_from_db()
    assert (org.kind, org.region_id, org.is_association_member, org.credit_code) == before
    assert org.address == "新地址 1 号"


def test_staff_cannot_patch_control_fields_through_the_api(world):
    staff = world.users["inst_staff"]
    org = Organisation.objects.get(pk=staff.organisation_id)
    url = f"/api/v1/organisations/{org.pk}/"
    for payload in ({"region": "320508"}, {"is_association_member": not org.is_association_member},
                    {"kind": next(k for k, _ in Organisation._meta.get_field("kind").choices if k != org.kind)}):
        response = api(staff).patch(url, payload, format="json")
        assert response.status_code == 400, (payload, response.content)
        assert set(response.json()) == set(payload)
    assert api(staff).patch(url, {"address": "改了地址", "region": org.region.code}, format="json").status_code == 200
    fresh = Organisation.objects.get(pk=org.pk)
    assert fresh.region_id == org.region_id and fresh.is_association_member == org.is_association_member
    assert fresh.address == "改了地址"


def test_an_official_of_the_region_can_change_them(world):
    org = Organisation.objects.get(pk=world.users["inst_staff"].organisation_id)
    response = api(world.users["yw_county"]).patch(f"/api/v1/organisations/{org.pk}/",
                                                  {"is_association_member": not org.is_association_member}, format="json")
    assert response.status_code == 200, response.content
    assert Organisation.objects.get(pk=org.pk).is_association_member != org.is_association_member


def test_applicant_cannot_move_their_person_record(world, login):
    applicant = world.users["applicant"]
    person = Person.objects.get(pk=applicant.person_id)
    far = Region.objects.get(code="532301")
    response = api(applicant).patch(f"/api/v1/people/{person.pk}/", {"region": far.code}, format="json")
    assert response.status_code == 400 and "region" in response.json(), response.content
    form = PersonForm(instance=person, user=applicant)
    assert form.fields["region"].disabled
    data = post_data(form)
    data.update(region=far.pk, employer="新单位")
    data.update({f"{prefix}-TOTAL_FORMS": "0" for prefix in ("education", "employment", "certificates", "trainings")})
    data.update({f"{prefix}-INITIAL_FORMS": "0" for prefix in ("education", "employment", "certificates", "trainings")})
    login(applicant).post(reverse("registry:person-edit", args=[person.pk]), data)
    assert Person.objects.get(pk=person.pk).region_id == person.region_id
