"""Evaluation rounds: inputs from the adapter and the register, frozen with min and max, published and immutable."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ectalent.accounts.choices import Role
from ectalent.demonstration import rounds
from ectalent.demonstration.models import DesignatedUnit, EvaluationInput, PublishedError, RoundResult
from ectalent.regions.models import Region
from ectalent.registry.tests.factories import make_org, make_user

CITIES = ["320100", "320200", "320300", "320400", "320500", "320600", "320700", "320800", "320900", "321000",
          "321100", "321200", "321300"]


@pytest.fixture
def office(db):
    return make_user(Role.POLICY_OFFICE, "320000", organisation=make_org("320000", kind="government"))


def fill(year=2024, skip=()):
    for n, code in enumerate(CITIES):
        if code in skip:
            continue
        region = Region.objects.get(code=code)
        EvaluationInput.objects.create(region=region, year=year, statistic="enterprise_ecommerce_rate",
                                       value=Decimal(50 + n), source="测试")
        EvaluationInput.objects.create(region=region, year=year, statistic="ecommerce_volume",
                                       value=Decimal(1000 + 100 * n), source="测试")
        EvaluationInput.objects.create(region=region, year=year, statistic="ecommerce_service_revenue",
                                       value=Decimal(200 - n), source="测试")


def test_a_round_over_the_13_cities_freezes_inputs_min_max_and_ranks(office):
    fill(skip={"321300"})
    DesignatedUnit.objects.create(kind="provincial_base", region_id="320115", unit_name="江宁园",
                                  designated_on=datetime.date(2024, 3, 1))
    rnd = rounds.create_round(area=Region.objects.get(code="320000"), year=2024, name="2024 年度", acting_user=office)
    ranked, incomplete = rounds.ordered_results(rnd)
    assert len(ranked) == 12 and [r.region_id for r in incomplete] == ["321300"]
    assert incomplete[0].missing == ["rate", "volume", "services"] and incomplete[0].composite is None
    platforms = rnd.indicators.get(code="platforms")
    assert (platforms.minimum, platforms.maximum, platforms.count) == (0, 1, 13)
    nanjing = rnd.results.get(region_id="320100")
    assert nanjing.values["platforms"] == "1" and "示范名录" in nanjing.sources["platforms"]
    assert nanjing.normalised["platforms"] == 100.0
    for r in ranked:
        assert sum(r.contributions.values()) == pytest.approx(r.composite)
        assert r.best_rank <= r.rank <= r.worst_rank


def test_published_rounds_never_change_and_a_correction_is_a_new_round(office):
    fill()
    province = Region.objects.get(code="320000")
    rnd = rounds.create_round(area=province, year=2024, name="2024", acting_user=office)
    rnd = rounds.publish(rnd, acting_user=office)
    with pytest.raises(ValidationError):
        rounds.recompute(rnd, acting_user=office)
    with pytest.raises(ValidationError):
        rounds.publish(rnd, acting_user=office)
    result = rnd.results.first()
    result.composite = 1.0
    with pytest.raises(PublishedError):
        result.save()
    with pytest.raises(PublishedError):
        rnd.save()
    before = list(RoundResult.objects.filter(round=rnd).values_list("region_id", "composite"))
    EvaluationInput.objects.filter(region_id="320100", statistic="ecommerce_volume").update(value=Decimal(99999))
    correction = rounds.create_round(area=province, year=2024, name="2024 更正", acting_user=office, corrects=rnd)
    assert list(RoundResult.objects.filter(round=rnd).values_list("region_id", "composite")) == before
    assert correction.results.get(region_id="320100").values["volume"] == "99999.0000"


def test_only_the_office_or_province_computes(db):
    city = make_user(Role.CITY_REVIEWER, "320100", organisation=make_org("320100", kind="government"))
    with pytest.raises(PermissionDenied):
        rounds.create_round(area=Region.objects.get(code="320000"), year=2024, name="x", acting_user=city)


def test_drafts_are_hidden_published_are_read_by_all(office, client):
    fill()
    rnd = rounds.create_round(area=Region.objects.get(code="320000"), year=2024, name="2024", acting_user=office)
    city = make_user(Role.CITY_REVIEWER, "320100", organisation=make_org("320100", kind="government"))
    client.force_login(city)
    assert client.get(reverse("demonstration:round-detail", args=[rnd.pk])).status_code == 404
    rounds.publish(rnd, acting_user=office)
    assert client.get(reverse("demonstration:round-detail", args=[rnd.pk])).status_code == 200
    for fmt in ("xlsx", "pdf"):
        response = client.get(reverse("demonstration:round-export", args=[rnd.pk, fmt]))
        assert response.status_code == 200
