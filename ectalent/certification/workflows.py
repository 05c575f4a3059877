"""资格初审 by the certification centre, on the shared workflow component (one step; return and resubmit)."""

from django.utils.translation import gettext_noop

from ectalent.accounts.choices import Role
from ectalent.workflow.definitions import StepSpec, WorkflowSpec, register

WORKFLOW = "certification"

PRE_CHECK = StepSpec(
    code="pre_check", label=gettext_noop("资格初审"), level="province", roles=(Role.CERT_CENTRE,),
    cite="浙商务电商发〔2014〕93号 三：厅培训认证中心主要负责……考生资格初审、考试、证书发放等工作",
)

SPEC = register(WorkflowSpec(code=WORKFLOW, label=gettext_noop("电子商务师认证报名"), steps=(PRE_CHECK,),
                             hooks="ectalent.certification.actions",
                             subject_url="ectalent.certification.workflows.case_url"))


def case_url(case) -> str:
    from django.urls import reverse

    return reverse("certification:application-detail", args=[case.subject_id])
