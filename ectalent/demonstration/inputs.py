"""Where the evaluation's inputs come from — the one adapter (no second statistics module).

- ``statistic`` indicators: the approved statistics of the policy-tracking programme through
  ``ectalent.tracking.queries.approved_figures`` when that app is installed; otherwise (or where it has no figure)
  the figures entered for the evaluation (``EvaluationInput``). Each value keeps its source.
- ``register`` indicators: the number of designated units of the listed kinds in the region, designated by the end
  of the year and not withdrawn by then — counted from the register, never typed.
- ``input`` indicators: ``EvaluationInput`` only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q

from .choices import UnitStatus
from .models import DesignatedUnit, EvaluationInput
from .pack import EvaluationSystem


def _tracking_figures(regions, year: int, statistic: str) -> dict[str, tuple[Decimal, str]]:
    """Approved figures of the tracking programme: {region code: (value, source)}; {} when not available."""
    try:
        from ectalent.tracking.queries import approved_figures  # type: ignore[import-not-found]
    except ImportError:
        return {}
    try:
        figures = approved_figures(statistic=statistic, year=year, regions=[r.code for r in regions])
    except TypeError:
        return {}
    out = {}
    for code, figure in (figures or {}).items():
        if isinstance(figure, (tuple, list)):
            value, source = figure[0], str(figure[1]) if len(figure) > 1 else "统计数据"
        else:
            value, source = figure, "统计数据（已审核）"
        if value is not None:
            out[str(code)] = (Decimal(str(value)), source)
    return out


def _entered(regions, year: int, statistic: str) -> dict[str, tuple[Decimal, str]]:
    rows = EvaluationInput.objects.filter(region__in=regions, year=year, statistic=statistic)
    return {row.region_id: (row.value, row.source) for row in rows}


def _register_counts(regions, year: int, kinds) -> dict[str, tuple[Decimal, str]]:
    end = datetime.date(year, 12, 31)
    units = DesignatedUnit.objects.filter(kind__in=kinds, designated_on__lte=end).filter(
        Q(status=UnitStatus.DESIGNATED) | Q(status=UnitStatus.WITHDRAWN, withdrawn_on__gt=end))
    paths = list(units.values_list("region__path", flat=True))
    out = {}
    for region in regions:
        n = sum(1 for p in paths if p == region.path or p.startswith(region.path + "/"))
        out[region.code] = (Decimal(n), f"示范名录：截至 {end.isoformat()} 已认定 {n} 个")
    return out


def gather(system: EvaluationSystem, regions, year: int) -> dict[str, dict[str, tuple[Decimal, str] | None]]:
    """{region code: {indicator code: (value, source) or None}} for the regions and year."""
    regions = list(regions)
    table: dict[str, dict] = {r.code: {} for r in regions}
    for ind in system.indicators:
        if ind.source == "register":
            found = _register_counts(regions, year, ind.kinds)
        elif ind.source == "statistic":
            found = _entered(regions, year, ind.statistic or ind.code)
            found.update(_tracking_figures(regions, year, ind.statistic or ind.code))
        else:
            found = _entered(regions, year, ind.code)
        for region in regions:
            table[region.code][ind.code] = found.get(region.code)
    return table
