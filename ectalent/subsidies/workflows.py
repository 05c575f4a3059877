"""The review of seed 002's claims on the shared workflow: county 人社 → prefecture 人社 with 财政 co-review.

When the prefecture's step completes (lead and co-reviewer approved), ``before_step_approved`` computes the grant
under the caps, stores its calculation record and reserves the money — or refuses the approval with the reason."""

from django.utils.translation import gettext_noop

from ectalent.accounts.choices import Role
from ectalent.workflow.definitions import StepSpec, WorkflowSpec, register

WORKFLOW = "subsidies"

COUNTY = StepSpec(code="county_review", label=gettext_noop("县级人社初审"), level="county", roles=(Role.HR_REVIEWER,),
                  cite="十条措施；2020 年度工作要点 一（二）「及时兑付各类补贴」")
PREFECTURE = StepSpec(code="prefecture_review", label=gettext_noop("州人社审核（财政会审）"), level="city",
                      roles=(Role.HR_REVIEWER,), co_review_roles=(Role.FINANCE_REVIEWER,),
                      cite="措施一：州本级就业专项资金")

SPEC = register(WorkflowSpec(
    code=WORKFLOW, label=gettext_noop("电商人才补贴申请"), steps=(COUNTY, PREFECTURE),
    hooks="ectalent.subsidies.workflows", subject_url="ectalent.subsidies.workflows.case_url",
))


def case_url(case) -> str:
    from django.urls import reverse

    return reverse("subsidies:claim-detail", args=[case.subject_id])


def before_step_approved(case, step, user):
    if step.code != PREFECTURE.code:
        return
    from .actions import approve_grant
    from .models import Claim

    approve_grant(Claim.objects.get(pk=case.subject_id), acting_user=user)
