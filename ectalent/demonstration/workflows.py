"""The review route of the demonstration programmes, declared for the shared workflow component.

County → city → province, then 公示 (length from the policy pack). A county that applies for itself (rural
demonstration county) starts at the city. For the national kinds the province's approval is its recommendation.
"""

from django.utils.translation import gettext_noop

from ectalent.accounts.choices import Role
from ectalent.workflow.definitions import StepSpec, WorkflowSpec, register

WORKFLOW = "demonstration"

COUNTY_REVIEW = StepSpec(
    code="county_review", label=gettext_noop("县级初审推荐"), level="county", roles=(Role.COUNTY_REVIEWER,),
    cite="（十一）—（十三）创建示范：县（市、区）商务主管部门初审后报市",
)
CITY_REVIEW = StepSpec(
    code="city_review", label=gettext_noop("市级审核推荐"), level="city", roles=(Role.CITY_REVIEWER,),
    cite="（十一）—（十三）创建示范：设区市商务主管部门审核后报省",
)
PROVINCE_REVIEW = StepSpec(
    code="province_review", label=gettext_noop("省级认定（国家级为省级推荐）"), level="province",
    roles=(Role.PROVINCE_ADMIN,),
    cite="（十一）—（十三）省商务厅认定；国家级示范由省商务厅审核后推荐上报",
)


def notice_days():
    from django.utils import timezone

    from .pack import demonstration_pack

    return demonstration_pack().param("notice_days", timezone.localdate()).value


SPEC = register(
    WorkflowSpec(
        code=WORKFLOW,
        label=gettext_noop("电子商务示范创建"),
        steps=(COUNTY_REVIEW, CITY_REVIEW, PROVINCE_REVIEW),
        routes={"county": ("county_review", "city_review", "province_review"),
                "city": ("city_review", "province_review")},
        notice_days=notice_days,
        notice_cite="示范认定公示：公示期为政策包参数 notice_days",
        hooks="ectalent.demonstration.actions",
        subject_url="ectalent.demonstration.workflows.case_url",
    )
)


def case_url(case) -> str:
    from django.urls import reverse

    return reverse("demonstration:application-detail", args=[case.subject_id])
