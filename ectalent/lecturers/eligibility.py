"""The three clauses of 二 (any one suffices), read with spec/lecturers.md: the years come from the registry's
employment records (the current run at an employer of that kind), the judgements ("cross-border training
experience", "good sales results", "strong theory and practice") from a reviewer's confirmation with a note.

Three answers: ``eligible`` (a clause holds, judgement confirmed), ``needs_review`` (the years hold but the
judgement is not yet confirmed), ``not_eligible``; every clause explained with its citation and figures.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.utils import timezone

from ectalent.registry.choices import ENTERPRISE_KINDS, OrganisationKind
from ectalent.rules.facts import full_years

from . import policy
from .choices import EmployerKind, Judgement


CLAUSES = (
    (1, EmployerKind.TRAINING_INSTITUTION, "eligibility.institution_years", "就职于培训机构", "有跨境电商方向培训经验"),
    (2, EmployerKind.COLLEGE, "eligibility.college_years", "就职于高职院校", "有跨境电商理论基础和实践经验"),
    (3, EmployerKind.ENTERPRISE, "eligibility.teacher_training_years", "从事师资培训",
     "具有良好销售业绩、较强的理论知识和实践操作能力，有志于经验分享"),
)


@dataclasses.dataclass
class ClauseAnswer:
    number: int
    status: str  # eligible | needs_review | not_eligible
    cite: str
    text: str


@dataclasses.dataclass
class Answer:
    status: str
    clauses: list[ClauseAnswer]

    @property
    def label(self) -> str:
        from .choices import Eligibility

        return Eligibility(self.status).label


def _gap_days(on) -> int:
    from ectalent.rules.packs import load_pack

    return load_pack().value("occupation.run_gap_days", on)


def current_run_years(periods, on: datetime.date) -> tuple[int, datetime.date | None]:
    """Full years of the current run over ``periods`` [(start, end|None)], runs joined across short gaps."""
    gap = _gap_days(on)
    spans = sorted((s, min(e or on, on)) for s, e in periods if s <= on and (e is None or e >= s))
    run = None
    for s, e in spans:
        if run and (s - run[1]).days <= gap:
            run[1] = max(run[1], e)
        else:
            run = [s, e]
    if run is None or (on - run[1]).days > gap:
        return 0, None
    return full_years(run[0], run[1]), run[0]


def _employer_kind(name: str) -> str | None:
    from ectalent.registry.models import Organisation

    org = Organisation.objects.filter(name=name).first()
    if org is None:
        return None
    if org.kind == OrganisationKind.TRAINING_INSTITUTION:
        return EmployerKind.TRAINING_INSTITUTION
    if org.kind == OrganisationKind.COLLEGE:
        return EmployerKind.COLLEGE
    if org.kind in ENTERPRISE_KINDS:
        return EmployerKind.ENTERPRISE
    return None


def evaluate(application, on: datetime.date | None = None) -> Answer:
    on = on or timezone.localdate()
    employment = list(application.person.employment.all())
    kind = _employer_kind(application.employer) or application.employer_kind
    answers = []
    for number, clause_kind, param, doing, judged in CLAUSES:
        threshold = policy.param(param, on)
        cite = policy.cite(param, on)
        if number == 3:
            periods = [(p.start, p.end) for p in employment if "培训" in (p.position or "")]
            subject = "从事师资培训工作"
        else:
            periods = [(p.start, p.end) for p in employment if p.employer == application.employer]
            subject = f"{doing}（{application.employer}）"
        if kind != clause_kind:
            answers.append(ClauseAnswer(number, "not_eligible", cite,
                                        f"不满足：现单位不是{clause_kind.label}"))
            continue
        years, since = current_run_years(periods, on)
        if years < threshold:
            since_text = f"（自 {since.isoformat()} 起）" if since else "（人员库中无相应工作经历）"
            answers.append(ClauseAnswer(number, "not_eligible", cite,
                                        f"不满足：{subject} {years} 年{since_text}，不满 {threshold} 年"))
            continue
        head = f"{subject} {years} 年（自 {since.isoformat()} 起），达到 {threshold} 年"
        if application.judgement == Judgement.CONFIRMED:
            answers.append(ClauseAnswer(number, "eligible", cite,
                                        f"满足：{head}；审核人确认{judged}：{application.judgement_note}"))
        elif application.judgement == Judgement.DENIED:
            answers.append(ClauseAnswer(number, "not_eligible", cite,
                                        f"不满足：{head}，但审核人未确认{judged}：{application.judgement_note}"))
        else:
            answers.append(ClauseAnswer(number, "needs_review", cite, f"待审核：{head}；{judged}须由审核人确认"))
    statuses = {a.status for a in answers}
    status = "eligible" if "eligible" in statuses else "needs_review" if "needs_review" in statuses else "not_eligible"
    return Answer(status, answers)
