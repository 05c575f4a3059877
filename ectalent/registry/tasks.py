"""The registry's background jobs: large people and organisation exports (``core.exports``' path, with progress).

The handler rebuilds the list from the job's user and query string: the same ``visible_to`` scope and filters as
the page the export was asked from."""

from django.utils import translation
from django.utils.translation import gettext as _

from ectalent.core.exports import JobRequest, headers, queryset_rows, run_export_job, stamped
from ectalent.jobs.actions import JobFailed

from . import actions
from .exports import export_spec


def export_list(job, progress):
    with translation.override(job.params.get("language")):
        model, filterset_class, columns, basename = export_spec(job.params["model"])
        request = JobRequest(job.user, job.params.get("query"))
        filterset = filterset_class(request.GET, queryset=model.objects.visible_to(job.user), request=request)
        if not filterset.is_valid():
            raise JobFailed(_("筛选条件有误，无法导出：%(errors)s") % {"errors": filterset.errors.as_text()})
        qs = filterset.qs
        fmt = job.params["fmt"]
        rows = run_export_job(job, progress, filename=stamped(basename, fmt), title=basename,
                              header=headers(columns), rows=queryset_rows(qs, columns), total=qs.count())
        actions.record_export(model, acting_user=job.user, rows=rows, filters=request.GET.dict(), fmt=fmt)
        return {"summary": _("已导出 %(n)s 行，请下载结果文件。") % {"n": f"{rows:,}"}, "url": ""}
