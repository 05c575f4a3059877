"""Derived facts of one applicant, exactly as spec/certification-eligibility.md defines them.

The vocabulary (``FACTS``) is what a pack's clauses may name. The numbers these derivations use (the gap that
breaks a run, days per year, the related majors) come from the pack's parameters, resolved at the applicant's ``as_of``.
``ectalent.rules.batch`` derives the same facts for a whole population with polars; both must agree.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from typing import Any

# Degree ladder (spec: secondary < associate < bachelor < master < doctor); vocational_advanced stands apart.
DEGREE_RANK = {"secondary": 1, "associate": 2, "bachelor": 3, "master": 4, "doctor": 5}
DEGREE_LABELS = {
    "secondary": "中专/高中",
    "vocational_advanced": "以高级技能为培养目标的职业技术学院、技师院校",
    "associate": "大学专科",
    "bachelor": "大学本科",
    "master": "硕士研究生",
    "doctor": "博士研究生",
}
CERTIFICATE_LEVELS = ("clerk", "assistant", "specialist", "senior", "manager")
LEVEL_LABELS = {
    "clerk": "电子商务员",
    "assistant": "助理电子商务师",
    "specialist": "电子商务师",
    "senior": "高级电子商务师",
    "manager": "电子商务职业经理人",
}


@dataclasses.dataclass(frozen=True)
class Fact:
    kind: str  # years (int) | years_float | bool | degree (rank)
    label: str
    certificate: str = ""  # for holds_X / since_X


FACTS: dict[str, Fact] = {
    "occupation_years": Fact("years", "连续从事本职业工作年限（整年）"),
    "management_years": Fact("years_float", "担任中高层管理岗位年限"),
    **{f"holds_{c}": Fact("bool", f"持有{LEVEL_LABELS[c]}证书", c) for c in CERTIFICATE_LEVELS},
    **{f"since_{c}": Fact("years", f"取得{LEVEL_LABELS[c]}证书后连续从事本职业工作年限（整年）", c) for c in CERTIFICATE_LEVELS},
    "trained": Fact("bool", "经本职业所申报等级正规培训并取得结业证书"),
    "degree_any": Fact("degree", "已毕业的最高学历（不限专业）"),
    "degree_related": Fact("degree", "已毕业的本专业最高学历"),
    "vocational_advanced_related": Fact("bool", "以高级技能为培养目标的职业技术学院、技师院校本专业毕业证书"),
    "enrolled_related_recommended": Fact("degree", "经学校推荐的本专业在校生层次"),
}


def full_years(a: datetime.date, b: datetime.date) -> int:
    """Full years from a to b: b.year - a.year, minus 1 if (b.month, b.day) < (a.month, a.day)."""
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


@dataclasses.dataclass
class DerivedFacts:
    as_of: datetime.date
    run_start: datetime.date | None
    run_end: datetime.date | None
    occupation_years: int
    management_days: int
    management_years: float
    holds: dict[str, bool]
    since: dict[str, int]
    trained_levels: set[str]
    degree_any: int
    degree_related: int
    vocational_advanced_related: bool
    enrolled_related_recommended: int
    days_per_year: float

    def value(self, fact: str, level: str) -> Any:
        if fact.startswith("holds_"):
            return self.holds[fact[6:]]
        if fact.startswith("since_"):
            return self.since[fact[6:]]
        if fact == "trained":
            return level in self.trained_levels
        return getattr(self, fact)

    @property
    def management_hundredths(self) -> int:
        """Management years floored to two decimals, as an integer (shown as 1.99 rather than rounded up to 2.00)."""
        return management_hundredths(self.management_days, self.days_per_year)


def management_hundredths(days: int, days_per_year: float) -> int:
    return math.floor(days * 100 / days_per_year)


def derive(doc: dict, pack) -> DerivedFacts:
    """The derived facts of one applicant-facts document (already valid against the schema)."""
    as_of = _date(doc["as_of"])
    names = pack.derived_params
    gap = pack.value(names["run_gap_days"], as_of)
    recent = pack.value(names["run_recent_days"], as_of)
    days_per_year = pack.value(names["days_per_year"], as_of)
    related = set(pack.value(names["related_majors"], as_of))

    # Employment periods; one that ends before it starts covers no day and is ignored.
    periods = []
    for p in doc.get("employment") or ():
        start, end = _date(p["start"]), _date(p.get("end"))
        if end is not None and end < start:
            continue
        periods.append((start, end, bool(p["in_occupation"]), bool(p.get("management") or False)))

    # Current occupation run.
    occ = sorted(
        (s, min(e or as_of, as_of)) for s, e, in_occ, _ in periods if in_occ and s <= as_of
    )
    runs: list[list[datetime.date]] = []
    for s, e in occ:
        if runs and (s - runs[-1][1]).days <= gap:
            runs[-1][1] = max(runs[-1][1], e)
        else:
            runs.append([s, e])
    run_start = run_end = None
    if runs and (as_of - runs[-1][1]).days <= recent:
        run_start, run_end = runs[-1]
    occupation_years = full_years(run_start, run_end) if run_start else 0

    # Management years: management periods cut to the current run, overlapping ones merged.
    management_days = 0
    if run_start:
        cut = sorted(
            (max(s, run_start), min(e or run_end, run_end))
            for s, e, in_occ, mgmt in periods
            if in_occ and mgmt
        )
        merged: list[list[datetime.date]] = []
        for s, e in cut:
            if e < s:
                continue
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        management_days = sum((e - s).days for s, e in merged)
    management_years = management_days / days_per_year

    # Certificates held on as_of, and years since the earliest of each level.
    first_issued: dict[str, datetime.date] = {}
    for c in doc.get("certificates") or ():
        issued = _date(c["issued_on"])
        if issued <= as_of and (c["level"] not in first_issued or issued < first_issued[c["level"]]):
            first_issued[c["level"]] = issued
    holds = {level: level in first_issued for level in CERTIFICATE_LEVELS}
    since = {}
    for level in CERTIFICATE_LEVELS:
        if run_start and level in first_issued:
            since[level] = max(0, full_years(max(first_issued[level], run_start), run_end))
        else:
            since[level] = 0

    trained = {t["level"] for t in doc.get("trainings") or () if _date(t["completed_on"]) <= as_of}

    degree_any = degree_related = enrolled = 0
    vocational_related = False
    for e in doc.get("education") or ():
        level, is_related = e["level"], e["major"] in related
        if e["status"] == "graduated":
            graduated_on = _date(e.get("graduated_on"))
            if graduated_on is None or graduated_on > as_of:
                continue
            if level == "vocational_advanced":
                vocational_related = vocational_related or is_related
                continue
            rank = DEGREE_RANK[level]
            degree_any = max(degree_any, rank)
            if is_related:
                degree_related = max(degree_related, rank)
        elif e["status"] == "enrolled" and level != "vocational_advanced":
            if is_related and e.get("school_recommended"):
                enrolled = max(enrolled, DEGREE_RANK[level])

    facts = DerivedFacts(
        as_of=as_of, run_start=run_start, run_end=run_end, occupation_years=occupation_years,
        management_days=management_days, management_years=management_years, holds=holds, since=since,
        trained_levels=trained, degree_any=degree_any, degree_related=degree_related,
        vocational_advanced_related=vocational_related, enrolled_related_recommended=enrolled,
        days_per_year=days_per_year,
    )
    return facts
