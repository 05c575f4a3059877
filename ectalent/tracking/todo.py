"""Policy tracking's pending work: a department's reports due or overdue, the lead's co-operating reports to
consolidate; the office's overdue reports and figures to approve."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.core.todo import TodoItem, register

from .choices import DepartmentRole, FigureStatus, ReportStatus
from .models import ProgressReport, StatisticFigure, department_of, is_office


@register
def tracking_todo(user):
    today = timezone.localdate()
    org = department_of(user)
    if org:
        due = ProgressReport.objects.filter(organisation_id=org, status=ReportStatus.EXPECTED)
        overdue = due.filter(period__due_on__lt=today).count()
        if overdue:
            yield TodoItem(section="deadline", label=_("逾期未报的进展报告"), count=overdue,
                           url=reverse("tracking:workbench"), urgent=True)
        upcoming = due.filter(period__due_on__gte=today).order_by("period__due_on")
        n = upcoming.count()
        if n:
            yield TodoItem(section="report", label=_("待报送的进展报告"), count=n, url=reverse("tracking:workbench"),
                           due_on=upcoming.first().period.due_on)
        waiting = (ProgressReport.objects.filter(role=DepartmentRole.COOPERATING, status=ReportStatus.SUBMITTED,
                   task__assignments__organisation_id=org, task__assignments__role=DepartmentRole.LEAD,
                   consolidated_in__isnull=True).exclude(organisation_id=org).distinct().count())
        if waiting:
            yield TodoItem(section="confirm", label=_("待汇总的配合部门报告"), count=waiting,
                           url=reverse("tracking:workbench"))
    elif is_office(user):
        n = ProgressReport.objects.overdue(today).count()
        if n:
            yield TodoItem(section="deadline", label=_("逾期未报的进展报告（督办）"), count=n,
                           url=reverse("tracking:overdue"), urgent=True)
        n = StatisticFigure.objects.filter(status=FigureStatus.SUBMITTED).count()
        if n:
            yield TodoItem(section="review", label=_("待审核的统计数据"), count=n, url=reverse("tracking:statistics"))
