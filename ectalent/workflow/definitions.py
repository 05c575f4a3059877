"""Review programmes declare their ordered steps here (data, not code paths).

A step is done by users of the given roles whose region is the application's region at the step's level
(county, city or province) or above it. A step may require co-review opinions from other roles at the same level
(e.g. the city's 人社、财政、教育 departments): the step completes when the lead and every co-reviewer approved.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from ectalent.accounts.choices import Role


@dataclass(frozen=True)
class StepSpec:
    code: str
    label: str
    level: str  # "county" | "city" | "province"
    roles: tuple[str, ...]
    co_review_roles: tuple[str, ...] = ()
    cite: str = ""
    deadline_days: int | None = None  # per-step deadline counted from the step's start (None: batch deadline only)


@dataclass(frozen=True)
class WorkflowSpec:
    code: str
    label: str
    steps: tuple[StepSpec, ...]
    # Public notice (公示) before final confirmation, in days: a number, a function returning one (read from the
    # policy pack when the notice starts), or None for no notice.
    notice_days: "int | Callable[[], int | None] | None" = None
    notice_cite: str = ""
    routes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # route name -> step codes (default: all)
    # Dotted path of a module with optional functions the programme reacts with, inside the same transaction:
    # before_row_approved(case, spec_step, row, user) for every approving row and
    # before_step_approved(case, spec_step, user) when the step's last row approves (either may raise
    # ValidationError to refuse, e.g. a full quota); after_status_change(case, old_status, new_status, user).
    # outcome_labels(cases) -> {case.pk: label}: what became of closed cases later (a registration revoked), shown
    # instead of their status on the applicant's list.
    hooks: str = ""
    # Dotted path of ``def case_url(case) -> str``: the programme's page for a case (inbox, to-do and notices link
    # there). Without it they link to the review inbox.
    subject_url: str = ""

    def url_for(self, case) -> str:
        if self.subject_url:
            from django.utils.module_loading import import_string

            return import_string(self.subject_url)(case)
        from django.urls import reverse

        return reverse("workflow:inbox") + f"?workflow={self.code}"

    def hook(self, name: str):
        if not self.hooks:
            return None
        from importlib import import_module

        return getattr(import_module(self.hooks), name, None)

    def notice_length(self) -> int | None:
        return self.notice_days() if callable(self.notice_days) else self.notice_days

    def step(self, code: str) -> StepSpec:
        for s in self.steps:
            if s.code == code:
                return s
        raise KeyError(code)

    def steps_for(self, route: str = "") -> tuple[StepSpec, ...]:
        if route and route in self.routes:
            return tuple(self.step(c) for c in self.routes[route])
        return self.steps


_REGISTRY: dict[str, WorkflowSpec] = {}


def register(spec: WorkflowSpec) -> WorkflowSpec:
    _REGISTRY[spec.code] = spec
    return spec


def get(code: str) -> WorkflowSpec:
    return _REGISTRY[code]


def all_specs() -> list[WorkflowSpec]:
    return list(_REGISTRY.values())


ROLE_LEVEL_DEFAULT = {
    Role.COUNTY_REVIEWER: "county",
    Role.CITY_REVIEWER: "city",
}
