"""Certification's background jobs: the score sheet import and an institution's bulk roster (run by the worker).

Each handler re-finds its objects through ``visible_to(job.user)`` and checks the user's role again: a job acts
with exactly the rights of the person who started it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from ectalent.accounts.choices import Role
from ectalent.core.sheets import read_cells
from ectalent.jobs.actions import JobFailed

from . import actions, scoring
from .forms import check_roster
from .models import ExamSession


def import_score_sheet(job, progress):
    user = job.user
    if not (user.is_platform_admin or user.role == Role.CERT_CENTRE):
        raise PermissionDenied
    session = ExamSession.objects.visible_to(user).get(pk=job.params["session"])
    progress(0, 3, _("读取并校验成绩表"))
    with job.upload.open("rb") as fh:
        data = fh.read()
    sheet = scoring.check_sheet(session, data, job.upload_name, user=user)
    if sheet.errors:
        raise JobFailed(_("成绩表有 %(n)d 处错误，未导入任何成绩。请修改后重新上传。") % {"n": len(sheet.errors)},
                        errors=sheet.errors)
    progress(2, 3, _("写入成绩"))
    try:
        counts = scoring.import_scores(sheet, acting_user=user)
    except ValidationError as exc:
        raise JobFailed("；".join(exc.messages)) from exc
    progress(3, 3)
    summary = _("已导入成绩表“%(file)s”：%(rows)d 行，考生 %(candidates)d 人，成绩 %(scores)d 项（新增 %(created)d，更新 "
                "%(updated)d）。请重新计算认证结果。") % {**counts, "file": job.upload_name}
    return {"summary": summary, "url": reverse("certification:session-results", args=[session.pk]),
            "warnings": sheet.warnings}


def import_application_roster(job, progress):
    user = job.user
    if user.role != Role.INSTITUTION_STAFF or user.organisation_id is None:
        raise PermissionDenied
    session = ExamSession.objects.visible_to(user).get(pk=job.params["session"])
    progress(0, 3, _("读取并校验名单"))
    with job.upload.open("rb") as fh:
        fh.name = job.upload_name
        try:
            cells = read_cells(fh)
        except ValidationError as exc:
            raise JobFailed("；".join(exc.messages), errors=getattr(exc, "cell_errors", None)) from exc
    roster = check_roster(cells, session, user.organisation)
    if roster.errors:
        raise JobFailed(_("名单有 %(n)d 处错误，未代报任何学员。请修改后重新上传。") % {"n": len(roster.errors)},
                        errors=roster.errors)
    progress(2, 3, _("提交报名"))
    try:
        made = actions.import_roster(session, user.organisation, roster, acting_user=user, filename=job.upload_name)
    except ValidationError as exc:
        raise JobFailed("；".join(exc.messages)) from exc
    progress(3, 3)
    return {"summary": _("已代报 %(n)d 名学员，等待培训认证中心资格初审。") % {"n": len(made)},
            "url": reverse("certification:index")}


def export_report(job, progress):
    """A large report export (the certificate list): the same filters and scope as the reports page it came from."""
    import os
    import tempfile

    from django.utils import timezone, translation

    from ectalent.core.exports import XLSX_CONTENT_TYPE, Book, JobRequest

    from .views.results import EXPORT_KINDS, _require_reader, record_report_export, report_filters, write_report_book

    with translation.override(job.params.get("language")):
        _require_reader(job.user)
        kind = job.params["kind"]
        filters = report_filters(JobRequest(job.user, job.params.get("query")))
        fd, path = tempfile.mkstemp(prefix="ectalent-export-", suffix=".xlsx")
        os.close(fd)
        try:
            progress(0, 1, _("正在读取数据"))
            book = Book(path)
            count = write_report_book(book, kind, job.user, filters,
                                      progress=lambda n: progress(n, 0, _("已写入 %(n)s 行") % {"n": f"{n:,}"}))
            book.close()
            job.save_result_file(f"{EXPORT_KINDS[kind]}-{timezone.localdate():%Y%m%d}.xlsx", path, XLSX_CONTENT_TYPE)
        finally:
            if os.path.exists(path):
                os.unlink(path)
        record_report_export(job.user, kind, filters, count)
        return {"summary": _("已导出 %(n)s 行，请下载结果文件。") % {"n": f"{count:,}"}, "url": ""}
