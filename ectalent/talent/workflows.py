"""The review of enterprise demand before publication (seed 001 （九）2: 用工需求目录, led by 省人力资源社会保障厅;
seed 002 措施（九）: 用工信息发布 by the county and prefecture public employment services), on the shared workflow."""

from django.utils.translation import gettext_noop

from ectalent.accounts.choices import Role
from ectalent.workflow.definitions import StepSpec, WorkflowSpec, register

WORKFLOW = "talent_vacancy"

COUNTY_HR_REVIEW = StepSpec(
    code="county_hr_review", label=gettext_noop("县级人社部门审核发布"), level="county", roles=(Role.HR_REVIEWER,),
    cite="楚人社发〔2020〕措施（九）：依托州、县公共就业和人才服务机构……为电子商务企业提供用工信息发布等服务",
    deadline_days=5,
)

SPEC = register(
    WorkflowSpec(
        code=WORKFLOW,
        label=gettext_noop("用工需求发布审核"),
        steps=(COUNTY_HR_REVIEW,),
        hooks="ectalent.talent.actions",
        subject_url="ectalent.talent.workflows.case_url",
    )
)


def case_url(case) -> str:
    from django.urls import reverse

    return reverse("talent:vacancy-detail", args=[case.subject_id])
