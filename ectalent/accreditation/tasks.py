"""Accreditation's background jobs: a registered institution's training roster (附件3 targets count it)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from ectalent.core.sheets import read_cells
from ectalent.jobs.actions import JobFailed

from .forms_plan import check_roster
from .models import TrainingPlan
from .plan_actions import import_roster


def import_training_roster(job, progress):
    from .views.plan import importable_units  # the same rule as the page that started the job

    user = job.user
    unit = importable_units(user).filter(pk=job.params["unit"]).first()
    if unit is None:
        raise PermissionDenied
    plan = TrainingPlan.objects.visible_to(user).get(pk=job.params["plan"])
    progress(0, 3, _("读取并校验名单"))
    with job.upload.open("rb") as fh:
        fh.name = job.upload_name
        try:
            cells = read_cells(fh)
        except ValidationError as exc:
            raise JobFailed("；".join(exc.messages), errors=getattr(exc, "cell_errors", None)) from exc
    roster = check_roster(cells, unit, plan)
    if roster.errors:
        raise JobFailed(_("名单有 %(n)d 处错误，未导入任何数据。请修改后重新上传。") % {"n": len(roster.errors)},
                        errors=roster.errors)
    progress(2, 3, _("登记学员并写入培训班"))
    try:
        course = import_roster(unit, roster, acting_user=user, filename=job.upload_name)
    except ValidationError as exc:
        raise JobFailed("；".join(exc.messages)) from exc
    progress(3, 3)
    summary = _("已导入培训班“%(title)s”：学员 %(n)d 人，其中新登记人员 %(new)d 人。") % {
        "title": course.title, "n": len(roster.rows), "new": roster.new_people}
    return {"summary": summary, "url": f"{reverse('plan:courses')}?plan={plan.code}",
            "warnings": [{"row": None, "column": "", "field": "", "message": w} for w in roster.warnings]}
