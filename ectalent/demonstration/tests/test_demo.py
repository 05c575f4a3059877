"""The demo data: applications of every kind at every stage, the register, two evaluation rounds over 13 cities."""

from ectalent.demonstration.choices import RoundStatus
from ectalent.demonstration.models import DemonstrationApplication, DesignatedUnit, EvaluationRound
from ectalent.demonstration.pack import demonstration_pack
from ectalent.workflow.models import Case


def test_demo_holds_every_kind_at_every_stage_and_two_rounds(world):
    kinds = set(demonstration_pack().kinds)
    assert set(DemonstrationApplication.objects.values_list("kind", flat=True)) == kinds
    statuses = set(Case.objects.filter(workflow="demonstration").values_list("status", flat=True))
    assert statuses >= {"draft", "in_review", "in_notice", "confirmed", "returned", "rejected"}
    steps = set(Case.objects.filter(workflow="demonstration", status="in_review").values_list("current_step", flat=True))
    assert steps == {"county_review", "city_review", "province_review"}
    assert DesignatedUnit.objects.filter(kind="rural_village").exists()
    rounds = list(EvaluationRound.objects.order_by("year"))
    assert [(r.year, r.status) for r in rounds] == [(2023, RoundStatus.PUBLISHED), (2024, RoundStatus.DRAFT)]
    assert rounds[0].results.count() == 13 and rounds[0].results.filter(rank__isnull=True).count() == 1
    assert rounds[1].results.filter(rank__isnull=False).count() == 13
