"""Who hears of what in a review, for every programme on the workflow (called inside the change's transaction).

- new step rows (a submission, the next step): the users who can decide them;
- returned, rejected, in notice, confirmed, and the receipt of a submission: the applicant's users (the person's
  own account, the applying organisation's staff);
- an objection filed during the notice: the final step's reviewers.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from ectalent.accounts.choices import ORGANISATION_ROLES

from . import definitions
from .choices import CaseStatus


def case_url(case) -> str:
    spec = definitions.get(case.workflow)
    return spec.url_for(case)


def applicant_users(case):
    from ectalent.accounts.models import User

    q = Q()
    if case.person_id:
        q |= Q(person_id=case.person_id)
    if case.organisation_id:
        q |= Q(organisation_id=case.organisation_id, role__in=ORGANISATION_ROLES)
    if not q:
        return User.objects.none()
    return User.objects.filter(q, is_active=True)


def reviewers_of(case, rows):
    """Users whose role, level and region let them decide these rows of ``case``."""
    from ectalent.accounts.models import User

    region_ids = [r.pk for r in case.region.ancestors()]
    q = Q(pk__in=[])
    for row in rows:
        q |= Q(role=row.role, region__level=row.level)
    return User.objects.filter(q, region_id__in=region_ids, is_active=True)


def _notify(users, *, kind, title, body="", case, url=None, coalesce=False):
    from ectalent.notices.actions import notify

    notify(list(users), kind=kind, title=title, body=body, url=case_url(case) if url is None else url, obj=case,
           coalesce=coalesce)


def steps_started(case, rows) -> None:
    """One unread message per reviewer and step kind, however many cases arrive (a roster of 500 is one message)."""
    from django.urls import reverse

    if not rows:
        return
    spec = definitions.get(case.workflow)
    label = rows[0].step_label
    _notify(reviewers_of(case, rows), kind=f"workflow.pending:{case.workflow}:{rows[0].step}",
            title=_("有新的待审核事项：%(workflow)s · %(step)s") % {"workflow": _(spec.label), "step": _(label)},
            body=_("最新一件：%(subject)s%(due)s") % {
                "subject": case.subject_repr,
                "due": (_("，办理期限 %(date)s") % {"date": rows[0].due_on}) if rows[0].due_on else ""},
            case=case, url=reverse("workflow:inbox") + f"?workflow={case.workflow}", coalesce=True)


def status_changed(case, from_status: str, to_status: str, reason: str = "") -> None:
    spec = definitions.get(case.workflow)
    subject = case.subject_repr
    texts = {
        CaseStatus.RETURNED: (_("申请被退回修改：%(subject)s"), _("退回理由：%(reason)s。请修改后重新提交。")),
        CaseStatus.REJECTED: (_("申请未通过：%(subject)s"), _("理由：%(reason)s")),
        CaseStatus.IN_NOTICE: (_("已进入公示：%(subject)s"), _("公示期 %(start)s 至 %(end)s。")),
        CaseStatus.CONFIRMED: (_("审核通过：%(subject)s"), _("%(workflow)s 已办结。")),
        CaseStatus.WITHDRAWN: (_("申请已撤回：%(subject)s"), ""),
    }
    if to_status == CaseStatus.IN_REVIEW and from_status in (CaseStatus.DRAFT, CaseStatus.RETURNED):
        title, body = _("已提交：%(subject)s"), _("%(workflow)s 已提交审核，您可以在“我的申请”中查看进度。")
    elif to_status in texts and to_status != from_status:
        title, body = texts[to_status]
    else:
        return
    values = {"subject": subject, "reason": reason or "—", "workflow": _(spec.label),
              "start": case.notice_starts_on, "end": case.notice_ends_on}
    users = list(applicant_users(case))
    own = [u for u in users if case.person_id and u.person_id == case.person_id]
    staff = [u for u in users if u not in own]
    kind = f"workflow.{to_status}:{case.workflow}"
    _notify(own, kind=kind, title=title % values, body=(body % values) if body else "", case=case)
    # An organisation's staff hear once per kind until they read it (an institution's roster of 500 trainees).
    _notify(staff, kind=kind, title=title % values, body=(body % values) if body else "", case=case, coalesce=True)


def objection_filed(case, objection) -> None:
    steps = definitions.get(case.workflow).steps_for(case.route)
    last = steps[-1]

    class _Row:  # the final step's lead role, as a row would name it
        role, level = last.roles[0], last.level

    _notify(reviewers_of(case, [_Row]), kind="workflow.objection",
            title=_("公示异议待处理：%(subject)s") % {"subject": case.subject_repr},
            body=_("受理编号 %(receipt)s") % {"receipt": getattr(objection, "receipt_number", "") or objection.pk},
            case=case)
