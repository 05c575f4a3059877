from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.core.exports import csv_response
from ectalent.core.uploads import serve_private

from .actions import progress_of
from .choices import JobStatus
from .models import Job

# A job still queued after this many seconds suggests that no worker is running.
WORKER_HINT_AFTER = 20


def _job(request, pk) -> Job:
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


def _context(job: Job) -> dict:
    waiting = (timezone.now() - job.created_at).total_seconds()
    return {"job": job, "progress": progress_of(job), "errors": job.errors[:500],
            "worker_hint": job.status == JobStatus.QUEUED and waiting > WORKER_HINT_AFTER}


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user).select_related("user").order_by("-created_at")
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page": page})


@login_required
def job_detail(request, pk):
    return render(request, "jobs/job_detail.html", _context(_job(request, pk)))


@login_required
def job_status(request, pk):
    """The part of the job page that htmx polls every second until the job is finished."""
    return render(request, "jobs/_status.html", _context(_job(request, pk)))


@login_required
def job_result(request, pk):
    job = _job(request, pk)
    if not job.result_file:
        raise Http404
    return serve_private(request, job.result_file, filename=job.result_name, content_type=job.result_content_type,
                         obj=job, note=_("下载任务结果"))


@login_required
def job_errors(request, pk):
    job = _job(request, pk)
    if not job.errors:
        raise Http404
    header = [_("行"), _("列"), _("字段"), _("问题")]
    rows = ([e.get("row") or "", e.get("column", ""), e.get("field", ""), e.get("message", "")] for e in job.errors)
    return csv_response(f"errors-{job.pk}.csv", header, rows)
