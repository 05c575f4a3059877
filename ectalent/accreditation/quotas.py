"""Quotas of 附件3: how many institutions and bases a line (city, or nested county-level city) may recommend.

- A line's limit = its figure in the plan + what the province allocated to it from the reserve.
- A line's use = recommendations that still count (not released) for units whose region lies in the line, including
  its nested lines (a 义乌 unit counts against 义乌 *and* 金华 (含义乌)).
- A recommendation needs a free place on its own line and on every line above it (both limits hold).
- The reserve (省里机动调配) left = the plan's reserve − everything allocated from it.

``lock_lines`` takes row locks (SELECT … FOR UPDATE; on SQLite the IMMEDIATE transaction already serialises writers)
on the lines a recommendation touches, so counting and writing cannot interleave between two reviewers.
"""

from dataclasses import dataclass

from django.db.models import Sum

from .models import PlanUnit, Recommendation, ReserveAllocation, TrainingPlan


@dataclass
class LineQuota:
    unit: PlanUnit
    unit_type: str
    plan_limit: int
    allocated: int
    used: int

    @property
    def limit(self) -> int:
        return self.plan_limit + self.allocated

    @property
    def free(self) -> int:
        return self.limit - self.used


def line_for_region(plan: TrainingPlan, region) -> PlanUnit | None:
    """The most specific line of the plan whose region contains ``region``."""
    lines = [u for u in plan.units.select_related("region") if u.region.contains(region)]
    return max(lines, key=lambda u: u.region.depth) if lines else None


def chain(line: PlanUnit) -> list[PlanUnit]:
    """The line and every line above it, most specific first."""
    out = [line]
    while out[-1].parent_id:
        out.append(PlanUnit.objects.get(pk=out[-1].parent_id))
    return out


def _descendant_ids(line: PlanUnit) -> list[int]:
    ids, frontier = [line.pk], [line.pk]
    while frontier:
        frontier = list(PlanUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def allocated(line: PlanUnit, unit_type: str) -> int:
    return ReserveAllocation.objects.filter(unit=line, unit_type=unit_type).aggregate(s=Sum("amount"))["s"] or 0


def quota(line: PlanUnit, unit_type: str) -> LineQuota:
    used = Recommendation.objects.counting().filter(unit_id__in=_descendant_ids(line), unit_type=unit_type).count()
    return LineQuota(line, unit_type, line.base_limit(unit_type), allocated(line, unit_type), used)


def reserve_left(plan: TrainingPlan, unit_type: str) -> int:
    given = ReserveAllocation.objects.filter(plan=plan, unit_type=unit_type).aggregate(s=Sum("amount"))["s"] or 0
    return plan.reserve(unit_type) - given


def lock_lines(lines: list[PlanUnit]) -> None:
    """Row-lock the lines in a fixed order (by id) so that concurrent recommenders queue instead of deadlocking."""
    list(PlanUnit.objects.select_for_update().filter(pk__in=[u.pk for u in lines]).order_by("pk"))


def lock_plan(plan: TrainingPlan) -> None:
    list(TrainingPlan.objects.select_for_update().filter(pk=plan.pk))
