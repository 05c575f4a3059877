"""The workflow's pending work for every programme on it: steps to decide, notices to confirm, objections,
returned applications, the applicant's own cases; and the deadline reminders of review steps."""

from django.db.models import Count, F, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.core.todo import TodoItem, register
from ectalent.notices.reminders import Reminder
from ectalent.notices.reminders import register as register_reminder

from . import definitions, queries
from .choices import CaseStatus, Decision
from .models import StepState
from .notify import case_url, reviewers_of


def _label(code: str) -> str:
    try:
        return _(definitions.get(code).label)
    except KeyError:
        return code


@register
def workflow_todo(user):
    inbox = reverse("workflow:inbox")
    today = timezone.localdate()
    if user.is_official:
        for row in queries.pending_summary(user):
            due = row["due"]
            yield TodoItem(section="review", label=f"{_label(row['case__workflow'])} · {_(row['step_label'])}",
                           count=row["n"], url=f"{inbox}?workflow={row['case__workflow']}&step={row['step']}",
                           due_on=due, urgent=bool(due and due <= queries.due_soon_date()))
            if due and due <= queries.due_soon_date():
                yield TodoItem(section="deadline",
                               label=_("%(workflow)s · %(step)s：最早一件的办理期限") % {
                                   "workflow": _label(row["case__workflow"]), "step": _(row["step_label"])},
                               url=f"{inbox}?workflow={row['case__workflow']}&step={row['step']}", due_on=due,
                               urgent=due < today)
        for row in queries.open_objections(user).order_by().values("case__workflow").annotate(n=Count("id")):
            yield TodoItem(section="objection", label=_label(row["case__workflow"]), count=row["n"],
                           url=f"{inbox}?tab=objections&workflow={row['case__workflow']}", urgent=True)
        for row in queries.notices_to_confirm(user).order_by().values("workflow").annotate(n=Count("id"),
                                                                                           due=Min("notice_ends_on")):
            yield TodoItem(section="confirm", label=_("%(workflow)s：公示期满，待确认") % {"workflow": _label(row["workflow"])},
                           count=row["n"], url=f"{inbox}?tab=notice&workflow={row['workflow']}")
        return
    mine = queries.my_cases(user)
    drafts = (queries.Case.objects.visible_to(user).filter(status__in=[CaseStatus.DRAFT, CaseStatus.RETURNED],
                                                           batch__deadline__gte=today,
                                                           batch__deadline__lte=queries.due_soon_date())
              .select_related("batch")) if not user.is_platform_admin else []
    for case in drafts[:20]:
        yield TodoItem(section="deadline", label=_("%(subject)s：本批次截止") % {"subject": case.subject_repr},
                       url=case_url(case), due_on=case.batch.deadline, urgent=True)
    for case in mine.filter(status=CaseStatus.RETURNED).order_by("-id")[:20]:
        yield TodoItem(section="correct", label=f"{_label(case.workflow)}：{case.subject_repr}",
                       url=case_url(case), detail=case.last_reason[:120], urgent=True)
    counts = dict(mine.filter(status__in=[CaseStatus.IN_REVIEW, CaseStatus.IN_NOTICE]).order_by()
                  .values_list("status").annotate(n=Count("id")))
    if counts.get(CaseStatus.IN_REVIEW):
        yield TodoItem(section="mine", label=_("审核中"), count=counts[CaseStatus.IN_REVIEW],
                       url=reverse("workflow:mine") + "?status=in_review")
    if counts.get(CaseStatus.IN_NOTICE):
        yield TodoItem(section="mine", label=_("公示中"), count=counts[CaseStatus.IN_NOTICE],
                       url=reverse("workflow:mine") + "?status=in_notice")


@register_reminder
def step_deadlines():
    """Each pending step row whose deadline is within the reminder window, once; and once more when overdue."""
    today = timezone.localdate()
    rows = (StepState.objects.filter(decision=Decision.PENDING, case__status=CaseStatus.IN_REVIEW,
                                     case__current_step=F("step"), case__round=F("round"),
                                     due_on__isnull=False, due_on__lte=queries.due_soon_date())
            .select_related("case", "case__region"))
    for row in rows.iterator(chunk_size=500):
        overdue = row.due_on < today
        key = f"step:{row.pk}:{'overdue' if overdue else 'due'}"
        title = (_("已超过办理期限：%(subject)s") if overdue else _("办理期限临近：%(subject)s")) % {
            "subject": row.case.subject_repr}
        yield Reminder(key=key, users=reviewers_of(row.case, [row]), title=title,
                       body=_("%(workflow)s · %(step)s，办理期限 %(date)s。") % {
                           "workflow": _label(row.case.workflow), "step": _(row.step_label), "date": row.due_on},
                       url=case_url(row.case), obj=row.case)
