"""Target tracking: 1,500 certified lecturers in three years (一), by city and year, beside the pipeline's numbers."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils.translation import gettext_noop

from ectalent.regions.models import Region
from ectalent.workflow.choices import CaseStatus

from . import policy
from .choices import RoundStatus
from .models import CertAttempt, CohortMember, InstitutionApplication, Lecture, LecturerApplication


def _city_code(path: str) -> str:
    parts = path.split("/")
    return parts[1] if len(parts) > 1 else parts[0]


def target_years(on: datetime.date | None = None) -> list[tuple[int, datetime.date, datetime.date]]:
    start, end = policy.param("target.start", on), policy.param("target.end", on)
    years = []
    s = start
    n = 1
    while s <= end:
        e = min(datetime.date(s.year + 1, s.month, s.day) - datetime.timedelta(days=1), end)
        years.append((n, s, e))
        s, n = e + datetime.timedelta(days=1), n + 1
    return years


def dashboard(user) -> dict:
    apps = LecturerApplication.objects.visible_to(user)
    pipeline = [
        ("applied", gettext_noop("已申报"), apps.exclude(case__status__in=[CaseStatus.DRAFT]).filter(case__isnull=False).count()),
        ("recommended", gettext_noop("市级推荐"), apps.filter(case__status=CaseStatus.CONFIRMED).count()),
        ("selected", gettext_noop("入选培育名单"), apps.filter(lectures__selected=True,
                                           lectures__round__status=RoundStatus.PUBLISHED).distinct().count()),
        ("trained", gettext_noop("完成集中培训"), CohortMember.objects.filter(lecturer__in=apps, completed=True).count()),
        ("certified", gettext_noop("通过认证"), apps.filter(attempts__passed=True).distinct().count()),
    ]
    years = target_years()
    by_city: dict[str, list[int]] = {}
    for row in CertAttempt.objects.filter(lecturer__in=apps, passed=True).values("lecturer__region__path", "sat_on"):
        code = _city_code(row["lecturer__region__path"])
        counts = by_city.setdefault(code, [0] * len(years))
        for i, (_, s, e) in enumerate(years):
            if s <= row["sat_on"] <= e:
                counts[i] += 1
    names = {r.path.split("/")[-1]: r.name for r in Region.objects.filter(level="city")}
    rows = [{"city": names.get(code, code), "counts": counts, "total": sum(counts)} for code, counts in sorted(by_city.items())]
    total = sum(r["total"] for r in rows)
    target = policy.param("target.certified")
    return {
        "pipeline": pipeline, "rows": rows, "years": years, "total": total, "target": target,
        "target_cite": policy.cite("target.certified"),
        "percent": round(total * 100 / target, 1) if target else 0,
        "year_totals": [sum(r["counts"][i] for r in rows) for i in range(len(years))],
        "institutions": InstitutionApplication.objects.visible_to(user).filter(selected=True).count(),
        "lectures": Lecture.objects.filter(lecturer__in=apps).aggregate(n=Count("id"))["n"],
    }
