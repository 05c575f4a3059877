"""Reporting periods and expected reports.

Periods follow the pack's dated parameter ``reporting.period_months`` (quarterly by default) from the first value's
``effective_from`` up to the period containing today; each is due ``reporting.due_days`` after it ends. Every
(task, department, period) gets its expected report row; a row still expected after its due date is overdue
(``ProgressReport.objects.overdue()``: a query, nothing flips by itself)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from . import policy
from .models import ProgressReport, ReportingPeriod, TaskDepartment


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def period_label(start: datetime.date, months: int) -> str:
    if months == 3:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    if months == 12:
        return f"{start.year}年"
    if months == 6:
        return f"{start.year}年{'上' if start.month <= 6 else '下'}半年"
    if months == 1:
        return f"{start.year}年{start.month}月"
    return f"{start:%Y-%m-%d}起{months}个月"


def ensure_periods(document, until: datetime.date | None = None, since: datetime.date | None = None) -> list[ReportingPeriod]:
    """The periods from the one containing ``since`` (default: the earliest opened, else today's) to the one
    containing ``until`` (default today), created when missing."""
    until = until or timezone.localdate()
    opened = document.periods.order_by("starts_on").first()
    since = since or (opened.starts_on if opened else until)
    first = policy.parameter("reporting.period_months", datetime.date.min.replace(year=1900))
    start = first.effective_from.replace(day=1)
    existing = {p.starts_on: p for p in document.periods.all()}
    out = []
    while start <= until:
        months = int(policy.parameter("reporting.period_months", start).value)
        end = _add_months(start, months) - datetime.timedelta(days=1)
        due = end + datetime.timedelta(days=int(policy.parameter("reporting.due_days", end).value))
        period = existing.get(start)
        if end < since:
            start = end + datetime.timedelta(days=1)
            continue
        if period is None:
            period = ReportingPeriod.objects.create(document=document, label=period_label(start, months),
                                                    starts_on=start, ends_on=end, due_on=due)
        out.append(period)
        start = end + datetime.timedelta(days=1)
    return out


def ensure_expected_reports(document, until: datetime.date | None = None, since: datetime.date | None = None) -> int:
    """Create the missing expected reports of every (task, department, period); returns how many."""
    periods = ensure_periods(document, until, since)
    assignments = list(TaskDepartment.objects.filter(task__document=document).values_list("task_id", "organisation_id", "role"))
    have = set(ProgressReport.objects.filter(task__document=document).values_list("task_id", "organisation_id", "period_id"))
    rows = [ProgressReport(task_id=t, organisation_id=o, period=p, role=r)
            for p in periods for (t, o, r) in assignments if (t, o, p.pk) not in have]
    ProgressReport.objects.bulk_create(rows, batch_size=1000)
    # a department's role may have changed after a correction: the expected rows follow it
    for t, o, r in assignments:
        ProgressReport.objects.filter(task_id=t, organisation_id=o, status="expected").exclude(role=r).update(role=r)
    return len(rows)


def current_period(document, on: datetime.date | None = None):
    on = on or timezone.localdate()
    return document.periods.filter(starts_on__lte=on, ends_on__gte=on).first()
