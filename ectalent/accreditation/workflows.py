"""The review programme of 附件2 第五–七条, declared for the shared workflow component."""

from django.utils.translation import gettext_noop

from ectalent.accounts.choices import Role
from ectalent.workflow.definitions import StepSpec, WorkflowSpec, register

from .policy import param

WORKFLOW = "accreditation"

COUNTY_REVIEW = StepSpec(
    code="county_review", label=gettext_noop("县级初选"), level="county", roles=(Role.COUNTY_REVIEWER,),
    cite="附件2 第六条：各县（市、区）商务主管部门按本办法规定的条件对申请单位进行初选后报各市商务主管部门",
)
ASSOCIATION_RECOMMENDATION = StepSpec(
    code="association_recommendation", label=gettext_noop("省电子商务促进会推荐"), level="province", roles=(Role.ASSOCIATION,),
    cite="附件2 第五条：属于省电子商务促进会会员单位的，可以由省电子商务促进会直接向各市商务部门推荐",
)
CITY_REVIEW = StepSpec(
    code="city_review", label=gettext_noop("市级审核推荐"), level="city", roles=(Role.CITY_REVIEWER,),
    co_review_roles=(Role.HR_REVIEWER, Role.FINANCE_REVIEWER, Role.EDUCATION_REVIEWER),
    cite="附件2 第六条：各市商务主管部门会同人社、财政、教育部门进行审核，按照省里下达的数量指标确定培训机构和实践基地，并报省商务厅",
)
PROVINCE_REVIEW = StepSpec(
    code="province_review", label=gettext_noop("省级核定"), level="province", roles=(Role.PROVINCE_ADMIN,),
    cite="附件2 第七条：省商务厅会同省财政、人社、教育等部门对各市上报的单位进行核定后予以备案，并统一对外公告",
)

SPEC = register(
    WorkflowSpec(
        code=WORKFLOW,
        label=gettext_noop("培训机构和实践基地备案"),
        steps=(COUNTY_REVIEW, ASSOCIATION_RECOMMENDATION, CITY_REVIEW, PROVINCE_REVIEW),
        routes={
            "county": ("county_review", "city_review", "province_review"),
            "association": ("association_recommendation", "city_review", "province_review"),
        },
        notice_days=lambda: param("accreditation.notice_days"),
        notice_cite="附件2 第七条「统一对外公告」；公示期长度为平台参数 accreditation.notice_days",
        hooks="ectalent.accreditation.actions",
        subject_url="ectalent.accreditation.workflows.case_url",
    )
)


def case_url(case) -> str:
    from django.urls import reverse

    return reverse("accreditation:application-detail", args=[case.subject_id])
