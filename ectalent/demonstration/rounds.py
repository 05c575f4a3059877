"""Evaluation rounds （二十九）: take the inputs (``inputs.gather``), freeze them with the min and max used, compute with
the pure module (``evaluation.evaluate``), publish; a published round never changes (a correction is a new round)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.accounts.choices import Role
from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.regions.models import Region

from . import inputs
from .choices import RoundStatus
from .evaluation import RegionInput, evaluate
from .models import EvaluationRound, RoundIndicator, RoundResult
from .pack import evaluation_pack

MANAGERS = (Role.PROVINCE_ADMIN, Role.POLICY_OFFICE)


def can_manage(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in MANAGERS and user.region_id)


def _require_manager(user, area) -> None:
    if not can_manage(user) or not user.region.contains(area):
        raise PermissionDenied(_("只有省电子商务工作领导小组办公室或省商务厅可以开展发展评价。"))


def _dec(f: Fraction | None) -> Decimal | None:
    if f is None:
        return None
    return (Decimal(f.numerator) / Decimal(f.denominator)).quantize(Decimal("0.000001"))


def regions_of(area: Region):
    """The regions one level below ``area`` (the cities of a province, the counties of a city)."""
    below = {"province": "city", "city": "county"}.get(area.level)
    return Region.objects.filter(parent=area, level=below).order_by("code")


def _fill(rnd: EvaluationRound) -> None:
    """(Re)compute a draft round from the inputs of its year: freeze them with the min and max used."""
    system = evaluation_pack().system(rnd.system_code)
    regions = list(regions_of(rnd.area))
    table = inputs.gather(system, regions, rnd.year)
    region_inputs = [RegionInput(r.code, {c: (Fraction(v[0]) if v else None) for c, v in table[r.code].items()})
                     for r in regions]
    result = evaluate([i.as_indicator() for i in system.indicators], region_inputs,
                      weight_move=Fraction(rnd.weight_move))
    RoundIndicator.objects.filter(round=rnd).delete()
    RoundResult.objects.filter(round=rnd).delete()
    RoundIndicator.objects.bulk_create([
        RoundIndicator(round=rnd, order=n, code=i.code, label=i.label, unit=i.unit, weight=str(_dec(i.weight).normalize()),
                       direction=i.direction, source=i.source, cite=i.cite,
                       minimum=_dec(result.ranges[i.code].minimum), maximum=_dec(result.ranges[i.code].maximum),
                       count=result.ranges[i.code].count)
        for n, i in enumerate(system.indicators)])
    by_code = result.by_code()
    RoundResult.objects.bulk_create([
        RoundResult(
            round=rnd, region=r,
            values={c: (str(v[0]) if v else None) for c, v in table[r.code].items()},
            sources={c: (v[1] if v else "") for c, v in table[r.code].items()},
            normalised={c: float(x) for c, x in by_code[r.code].normalised.items()},
            contributions={c: float(x) for c, x in by_code[r.code].contributions.items()},
            composite=None if by_code[r.code].composite is None else float(by_code[r.code].composite),
            rank=by_code[r.code].rank, best_rank=by_code[r.code].best_rank, worst_rank=by_code[r.code].worst_rank,
            missing=by_code[r.code].missing,
        ) for r in regions])


def create_round(*, area: Region, year: int, name: str, acting_user, note: str = "",
                 corrects: EvaluationRound | None = None) -> EvaluationRound:
    _require_manager(acting_user, area)
    if area.level not in ("province", "city"):
        raise ValidationError(_("评价范围须为省或设区市。"), code="area")
    pack = evaluation_pack()
    on = timezone.localdate()
    system = pack.system_on(on)
    if corrects is not None and not corrects.published:
        raise ValidationError(_("只能更正已发布的评价；草稿可直接重新计算。"), code="correct_draft")
    with transaction.atomic():
        rnd = EvaluationRound.objects.create(
            name=name, year=year, area=area, system_code=system.code, system_name=system.name,
            system_cite=system.cite, weight_move=Decimal(pack.weight_move_on(on).numerator) / pack.weight_move_on(on).denominator,
            corrects=corrects, note=note, computed_at=timezone.now(), created_by=acting_user,
        )
        _fill(rnd)
        record(AuditAction.CREATE, rnd, actor=acting_user, region_id=area.pk,
               after={"year": year, "system": system.code, "corrects": corrects.pk if corrects else None})
        return rnd


def recompute(rnd: EvaluationRound, *, acting_user) -> EvaluationRound:
    _require_manager(acting_user, rnd.area)
    with transaction.atomic():
        rnd = EvaluationRound.objects.select_for_update().get(pk=rnd.pk)
        if rnd.published:
            raise ValidationError(_("已发布的评价不能再改变；如需更正，请新建一轮更正评价。"), code="published")
        _fill(rnd)
        EvaluationRound.objects.filter(pk=rnd.pk).update(computed_at=timezone.now(), version=F("version") + 1)
        rnd.refresh_from_db()
        record(AuditAction.UPDATE, rnd, actor=acting_user, region_id=rnd.area_id, after={"recomputed": True})
        return rnd


def publish(rnd: EvaluationRound, *, acting_user) -> EvaluationRound:
    _require_manager(acting_user, rnd.area)
    with transaction.atomic():
        changed = EvaluationRound.objects.filter(pk=rnd.pk, status=RoundStatus.DRAFT, version=rnd.version).update(
            status=RoundStatus.PUBLISHED, published_at=timezone.now(), published_by=acting_user,
            version=F("version") + 1)
        if changed != 1:
            raise ValidationError(_("该评价已发布或已被他人修改，请刷新页面。"), code="concurrent")
        rnd.refresh_from_db()
        record(AuditAction.TRANSITION, rnd, actor=acting_user, region_id=rnd.area_id,
               before={"status": RoundStatus.DRAFT}, after={"status": RoundStatus.PUBLISHED})
        return rnd


def ordered_results(rnd: EvaluationRound) -> tuple[list[RoundResult], list[RoundResult]]:
    """(ranked by rank then code, incomplete by code)."""
    results = list(rnd.results.select_related("region"))
    ranked = sorted((r for r in results if r.rank is not None), key=lambda r: (r.rank, r.region_id))
    incomplete = sorted((r for r in results if r.rank is None), key=lambda r: r.region_id)
    return ranked, incomplete
