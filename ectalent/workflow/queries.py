"""Read-side questions about reviews, shared by the inbox, the to-do centre and reminders."""

import datetime

from django.db.models import Count, Min
from django.utils import timezone

from ectalent.accounts.choices import OFFICIAL_ROLES

from . import definitions
from .choices import CaseStatus, ObjectionStatus
from .models import Case, Objection

DUE_SOON_DAYS = 3


def final_workflows(user) -> list[str]:
    """Codes of the workflows whose last step this user may decide (they handle its notice and objections)."""
    if user.role not in OFFICIAL_ROLES or user.region_id is None:
        return []
    out = []
    for spec in definitions.all_specs():
        lasts = {spec.steps_for(route)[-1] for route in (list(spec.routes) or [""])}
        if any(user.role in s.roles and user.region.level == s.level for s in lasts):
            out.append(spec.code)
    return out


def pending_summary(user):
    """(workflow, step, step_label, count, earliest due) of the steps waiting for this user."""
    from .actions import pending_rows_for

    return (pending_rows_for(user).order_by().values("case__workflow", "step", "step_label")
            .annotate(n=Count("id"), due=Min("due_on")))


def open_objections(user):
    codes = final_workflows(user)
    if not codes:
        return Objection.objects.none()
    return Objection.objects.visible_to(user).filter(status=ObjectionStatus.OPEN, case__workflow__in=codes,
                                                     case__status=CaseStatus.IN_NOTICE)


def notices_to_confirm(user):
    """Cases whose notice period is over, waiting for this user's final confirmation."""
    codes = final_workflows(user)
    if not codes:
        return Case.objects.none()
    return Case.objects.visible_to(user).filter(workflow__in=codes, status=CaseStatus.IN_NOTICE,
                                                notice_ends_on__lt=timezone.localdate())


def my_cases(user):
    """An applicant's or an organisation's own cases (officials: none — their work is in the inbox)."""
    if user.role in OFFICIAL_ROLES or user.is_platform_admin:
        return Case.objects.none()
    return Case.objects.visible_to(user).exclude(status=CaseStatus.DRAFT).select_related("region")


def due_soon_date() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DUE_SOON_DAYS)


def review_context(user, case) -> dict:
    """What a programme's detail page shows of a case's review: the route, the step rows, and the rows this user
    may decide now (``workflow/_review.html`` renders it; post decisions to the programme's decide view)."""
    from django.core.exceptions import PermissionDenied

    from .actions import _require_final_reviewer, user_can_decide
    from .forms import DecisionForm
    from .models import StepState

    rows = list(StepState.objects.filter(case=case).select_related("decided_by").order_by("round", "order", "-is_lead", "id"))
    final_reviewer = False
    if case.status == CaseStatus.IN_NOTICE:
        try:
            _require_final_reviewer(user, case)
            final_reviewer = True
        except PermissionDenied:
            pass
    return {
        "case": case, "rows": rows, "my_rows": [r for r in rows if user_can_decide(user, case, r)],
        "steps": definitions.get(case.workflow).steps_for(case.route), "decision_form": DecisionForm(),
        "final_reviewer": final_reviewer,
    }
