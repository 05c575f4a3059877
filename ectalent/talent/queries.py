"""Read-side questions of the talent market: candidates for a vacancy, vacancies for a seeker, statistics."""

from __future__ import annotations

import numpy as np
from django.db.models import Count, Q, Sum

from . import matching
from .choices import LEVEL_RANK, VacancyStatus
from .models import Seeker, Vacancy


def vacancy_facts(v: Vacancy) -> matching.VacancyFacts:
    return matching.VacancyFacts(
        vacancy_id=v.pk, position=v.position, min_level_rank=LEVEL_RANK.get(v.min_certificate, 0),
        min_years=v.min_years, training=v.training, region_path=v.region.path, pay_max=float(v.pay_max))


def seeker_facts(s: Seeker, region_paths=None) -> matching.SeekerFacts:
    return matching.SeekerFacts(
        seeker_id=s.pk, covered=s.covered, level_rank=s.level_rank, years=s.occupation_years, trained=s.trained,
        region_paths=tuple(region_paths if region_paths is not None else s.regions.values_list("path", flat=True)),
        pay_min=float(s.pay_min) if s.pay_min is not None else None, intention=s.intention)


def ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def candidates(vacancy: Vacancy, k: int = 20):
    """The best ``k`` consenting seekers for a vacancy, with their reasons: [(seeker, score, reasons)]."""
    pool = (Seeker.objects.consenting().filter(regions__path__in=ancestors(vacancy.region.path))
            .values_list("pk", "covered", "level_rank", "occupation_years", "trained", "pay_min", "intention"))
    rows = list(pool.distinct())
    if not rows:
        return []
    seekers = matching.SeekerArrays(
        seeker_id=np.array([r[0] for r in rows], dtype=np.int64),
        covered=np.array([r[1] for r in rows], dtype=np.int32),
        level_rank=np.array([r[2] for r in rows], dtype=np.int8),
        years=np.array([r[3] for r in rows], dtype=np.int16),
        trained=np.array([r[4] for r in rows], dtype=np.int8),
        pay_min=np.array([np.nan if r[5] is None else float(r[5]) for r in rows], dtype=np.float64),
        intention=np.array([r[6] for r in rows], dtype=np.int32),
        region_seeker=np.arange(len(rows), dtype=np.int64),
        region_path=np.array([vacancy.region.path] * len(rows), dtype=object),  # every one of them fits
    )
    vf = vacancy_facts(vacancy)
    best = matching.top_candidates(seekers, [vf], k=k)[vacancy.pk]
    by_id = Seeker.objects.select_related("person").in_bulk([sid for sid, _ in best])
    out = []
    for sid, score in best:
        s = by_id[sid]
        explained, reasons = matching.explain(seeker_facts(s, [vacancy.region.path]), vf)
        out.append((s, explained, reasons))
    return out


def vacancies_for(seeker: Seeker, k: int = 20):
    """Open vacancies in the seeker's regions, best first: [(vacancy, score, reasons)]."""
    paths = list(seeker.regions.values_list("path", flat=True))
    if not paths:
        return []
    q = Q()
    for p in paths:
        q |= Q(region__path=p) | Q(region__path__startswith=p + "/")
    sf = seeker_facts(seeker, paths)
    out = []
    for v in Vacancy.objects.public().filter(q).select_related("organisation", "region"):
        score, reasons = matching.explain(sf, vacancy_facts(v))
        out.append((v, score, reasons))
    out.sort(key=lambda t: (-t[1], t[0].closes_on, t[0].pk))
    return out[:k]


def supply_and_demand(region_path: str | None = None):
    """Per position: seekers (active, consenting) and open positions (headcount), optionally within a region."""
    seekers = Seeker.objects.consenting()
    vacancies = Vacancy.objects.public()
    if region_path:
        seekers = seekers.filter(Q(regions__path=region_path) | Q(regions__path__startswith=region_path + "/")
                                 | Q(regions__path__in=ancestors(region_path)))
        vacancies = vacancies.filter(Q(region__path=region_path) | Q(region__path__startswith=region_path + "/"))
    supply = {p: 0 for p in matching.POSITIONS}
    for positions in seekers.distinct().values_list("positions", flat=True):
        for p in positions or ():
            if p in supply:
                supply[p] += 1
    demand = {p: 0 for p in matching.POSITIONS}
    for row in vacancies.values("position").annotate(n=Sum("count")):
        demand[row["position"]] = row["n"] or 0
    return supply, demand


def demand_by_city(vacancies=None):
    """Open headcount per city (the first two parts of the region path)."""
    from ectalent.regions.models import Region

    vacancies = vacancies if vacancies is not None else Vacancy.objects.public()
    per = {}
    for path, n in vacancies.values_list("region__path").annotate(n=Sum("count")):
        city = "/".join(path.split("/")[:2])
        per[city] = per.get(city, 0) + (n or 0)
    names = dict(Region.objects.filter(path__in=list(per)).values_list("path", "name"))
    return sorted(((names.get(p, p), n) for p, n in per.items()), key=lambda t: -t[1])


def status_counts(qs):
    return dict(qs.order_by().values_list("status").annotate(n=Count("id")))


__all__ = ["candidates", "vacancies_for", "supply_and_demand", "demand_by_city", "status_counts", "VacancyStatus"]
