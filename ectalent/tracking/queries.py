"""Read-only questions other apps may ask of policy tracking (the demonstration/evaluation app reads statistics here)."""

from __future__ import annotations

from decimal import Decimal

from .choices import FigureStatus
from .models import StatisticFigure


def approved_figures(indicator: str | None = None, period: str | None = None, regions=None, *,
                     statistic: str | None = None, year: int | None = None) -> dict[str, Decimal]:
    """The approved figure of ``indicator`` for ``period`` ("2016" or "2016Q1") per region code, the latest approved
    version of each; regions without an approved figure are absent (missing, never zero). ``regions``: codes or
    Region objects to keep (None: all). ``statistic=`` and ``year=`` are accepted for ``indicator`` and a yearly
    ``period`` (the demonstration app's evaluation asks that way)."""
    indicator = indicator or statistic
    period = period or (str(year) if year is not None else None)
    if not indicator or not period:
        raise TypeError("approved_figures needs an indicator (statistic) and a period (year)")
    qs = StatisticFigure.objects.filter(indicator=indicator, period=period, status=FigureStatus.APPROVED)
    if regions is not None:
        codes = [getattr(r, "pk", r) for r in regions]
        qs = qs.filter(region_id__in=codes)
    out: dict[str, Decimal] = {}
    for code, value in qs.order_by("region_id", "version").values_list("region_id", "value"):
        out[code] = value  # ordered by version: the latest wins
    return out


def approved_figure_rows(indicator: str, period: str, regions=None) -> list[dict]:
    """The same with each figure's unit, source and version."""
    qs = StatisticFigure.objects.filter(indicator=indicator, period=period, status=FigureStatus.APPROVED)
    if regions is not None:
        qs = qs.filter(region_id__in=[getattr(r, "pk", r) for r in regions])
    latest = {}
    for f in qs.order_by("region_id", "version"):
        latest[f.region_id] = {"region": f.region_id, "value": f.value, "unit": f.unit, "source": f.source,
                               "version": f.version, "note": f.note}
    return list(latest.values())
