"""The review routes of seed 004 on the shared workflow component: a lecturer's and an institution's application go
county → city (the city's review is its recommendation to the province); certified lecturers go through 公示."""

from django.utils.translation import gettext_noop

from ectalent.accounts.choices import Role
from ectalent.workflow.definitions import StepSpec, WorkflowSpec, register

from . import policy

LECTURER_WORKFLOW = "lecturers"
INSTITUTION_WORKFLOW = "lecturer_institutions"
NOTICE_WORKFLOW = "lecturer_notice"

COUNTY = StepSpec(code="county", label=gettext_noop("县级初审"), level="county", roles=(Role.COUNTY_REVIEWER,),
                  cite="浙商务联发〔2017〕72号 三 1「各地商务主管部门……在辖区内发动组织申报」")
CITY = StepSpec(code="city", label=gettext_noop("市级审核推荐"), level="city", roles=(Role.CITY_REVIEWER,),
                cite="浙商务联发〔2017〕72号 五 2「各市商务主管部门……做好初审和遴选工作」")
PROVINCE = StepSpec(code="province", label=gettext_noop("省级认证结果审定"), level="province",
                    roles=(Role.ASSOCIATION,), cite="浙商务联发〔2017〕72号 三 5「对通过评选认证的师资，省商务厅将进行公示」")


def notice_days() -> int:
    return policy.param("notice.days")


LECTURERS = register(WorkflowSpec(
    code=LECTURER_WORKFLOW, label=gettext_noop("跨境电商讲师申报"), steps=(COUNTY, CITY),
    hooks="ectalent.lecturers.actions", subject_url="ectalent.lecturers.workflows.lecturer_url"))
INSTITUTIONS = register(WorkflowSpec(
    code=INSTITUTION_WORKFLOW, label=gettext_noop("跨境电商培训机构申报"), steps=(COUNTY, CITY),
    hooks="ectalent.lecturers.actions", subject_url="ectalent.lecturers.workflows.institution_url"))
NOTICE = register(WorkflowSpec(
    code=NOTICE_WORKFLOW, label=gettext_noop("优质讲师认证结果公示"), steps=(PROVINCE,), notice_days=notice_days,
    notice_cite="浙商务联发〔2017〕72号 三 5「公示公布」", hooks="ectalent.lecturers.actions",
    subject_url="ectalent.lecturers.workflows.lecturer_url"))


def lecturer_url(case) -> str:
    from django.urls import reverse

    if case.subject_type == "lecturers.directoryentry":
        from .models import DirectoryEntry

        entry = DirectoryEntry.objects.filter(pk=case.subject_id).first()
        return reverse("lecturers:application-detail", args=[entry.lecturer_id]) if entry else reverse("lecturers:index")
    return reverse("lecturers:application-detail", args=[case.subject_id])


def institution_url(case) -> str:
    from django.urls import reverse

    return reverse("lecturers:institution-detail", args=[case.subject_id])
