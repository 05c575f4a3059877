"""Counts against the targets of （十一）（十二）（十三）, fed by the register (never typed): per kind province-wide
and per city."""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Count
from django.utils import timezone

from ectalent.regions.models import Region

from .choices import UnitStatus
from .models import DesignatedUnit
from .pack import Kind, demonstration_pack

PROVINCE_CODE = "320000"  # the province whose document the pack holds (江苏省)


@dataclasses.dataclass
class KindProgress:
    kind: Kind
    target: int
    cite: str
    designated: int
    recommended: int

    @property
    def percent(self) -> float:
        return min(100.0, 100.0 * self.designated / self.target) if self.target else 0.0

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.designated)


def province() -> Region | None:
    return Region.objects.filter(code=PROVINCE_CODE).first()


def _units_in(region: Region | None):
    qs = DesignatedUnit.objects.all()
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path + "/") | qs.filter(region=region)
    return qs


def progress(on: datetime.date | None = None) -> list[KindProgress]:
    on = on or timezone.localdate()
    counts: dict[tuple[str, str], int] = {}
    for row in _units_in(province()).values("kind", "status").annotate(n=Count("id")):
        counts[(row["kind"], row["status"])] = row["n"]
    out = []
    for kind in demonstration_pack().kinds.values():
        target = kind.target_on(on)
        out.append(KindProgress(kind, target.value, target.cite, counts.get((kind.code, UnitStatus.DESIGNATED), 0),
                                counts.get((kind.code, UnitStatus.RECOMMENDED), 0)))
    return out


def by_city(kind_code: str | None = None) -> list[dict]:
    """Each city of the province with its designated units per kind (and the total)."""
    prov = province()
    if prov is None:
        return []
    cities = list(Region.objects.filter(parent=prov, level="city").order_by("code"))
    units = _units_in(prov).filter(status=UnitStatus.DESIGNATED)
    if kind_code:
        units = units.filter(kind=kind_code)
    per_city: dict[str, dict[str, int]] = {c.code: {} for c in cities}
    prefix_to_city = {c.path: c.code for c in cities}
    for row in units.values("region__path", "kind").annotate(n=Count("id")):
        path, kind, n = row["region__path"], row["kind"], row["n"]
        city_path = "/".join(path.split("/")[:2])
        code = prefix_to_city.get(city_path)
        if code:
            per_city[code][kind] = per_city[code].get(kind, 0) + n
    rows = []
    for city in cities:
        kinds = per_city[city.code]
        rows.append({"region": city, "kinds": kinds, "total": sum(kinds.values())})
    return rows
