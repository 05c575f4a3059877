"""Starting, running and finishing background jobs. See ``models.Job`` and docs/jobs.md.

A view validates the request, then ``start_job(handler=..., ...)`` and redirects to the job's page. The handler,
``def handler(job, progress) -> dict``, runs in the worker (``ectalent db_worker``): it reports with
``progress(done, total, note)``, returns ``{"summary": ..., "url": ...}`` and may attach a file with
``job.save_result_file``; it raises ``JobFailed(message, errors=[...])`` to end with row-by-row errors (its own
writes stay in one transaction, so a failed job has written nothing).
"""

import dataclasses
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction

from .choices import TRANSITIONS, JobStatus
from .models import Job

logger = logging.getLogger(__name__)
MAX_STORED_ERRORS = 2000
PROGRESS_INTERVAL = 0.25  # seconds between progress writes


class JobFailed(Exception):
    """End a job as failed with a message for the user and, for imports, every error with row and column."""

    def __init__(self, message, errors=None):
        super().__init__(str(message))
        self.message = str(message)
        self.errors = list(errors or [])


def _error_dict(error) -> dict:
    if isinstance(error, dict):
        return {k: ("" if v is None else v) if k != "row" else v for k, v in error.items()}
    if dataclasses.is_dataclass(error):
        data = dataclasses.asdict(error)
        data["text"] = str(error)
        return data
    return {"row": None, "column": "", "field": "", "message": str(error)}


def _cache():
    return caches["jobs"]


def _cache_key(job_id) -> str:
    return f"job-progress:{job_id}"


def eager() -> bool:
    """Tests (and a deployment without a worker, if it insists) run jobs inline, at once."""
    return bool(getattr(settings, "ECTALENT_JOBS_EAGER", False))


def start_job(*, handler: str, label, user, params: dict | None = None, upload=None, obj=None) -> Job:
    """Record a job and queue it for the worker; returns the job (redirect the user to its page)."""
    import_string(handler)  # fail now, in the request, if the handler does not exist
    with transaction.atomic():
        job = Job(handler=handler, label=str(label)[:200], user=user, params=params or {})
        if obj is not None:
            job.object_type = obj._meta.label_lower
            job.object_id = str(obj.pk)
        if upload is not None:
            job.upload_name = (getattr(upload, "name", "") or "")[:255]
            job.upload.save(job.upload_name or "upload", upload, save=False)
        job.save()
        record(AuditAction.BULK, job, actor=user, region_id=getattr(user, "region_id", None),
               object_repr=job.label, after={"handler": handler, "file": job.upload_name or None})
        if not eager():
            from .tasks import run_job

            result = run_job.enqueue(str(job.pk))  # the queue row commits with the job row
            job.task_id = str(result.id)
            Job.objects.filter(pk=job.pk).update(task_id=job.task_id)
    if eager():
        run(job.pk)
        job.refresh_from_db()
    return job


def _move(job_id, to_status: str, **fields) -> bool:
    """Compare-and-set: move the job only from a status the table allows (a job never runs twice)."""
    sources = [s for s, targets in TRANSITIONS.items() if to_status in targets]
    return Job.objects.filter(pk=job_id, status__in=sources).update(status=to_status, **fields) == 1


class Progress:
    """The callable a handler reports with: ``progress(done, total=None, note="")``."""

    def __init__(self, job: Job):
        self.job = job
        self.total = job.total
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, note: str = "") -> None:
        if total is not None:
            self.total = total
        now = time.monotonic()
        final = self.total and done >= self.total
        if not final and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        state = {"done": int(done), "total": int(self.total or 0), "note": str(note)[:255]}
        try:
            _cache().set(_cache_key(self.job.pk), state, timeout=24 * 3600)
        except Exception:  # a progress bar is never worth failing the job
            logger.warning("job progress not stored", exc_info=True)
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job.pk).update(**state)


def progress_of(job: Job) -> dict:
    """The newest progress of a running job (the shared cache first, then the row)."""
    state = None
    if job.status == JobStatus.RUNNING:
        try:
            state = _cache().get(_cache_key(job.pk))
        except Exception:
            state = None
    state = state or {"done": job.done, "total": job.total, "note": job.note}
    total = state.get("total") or 0
    percent = 100 if job.status == JobStatus.SUCCEEDED else (int(state["done"] * 100 / total) if total else 0)
    return {**state, "percent": max(0, min(100, percent))}


def run(job_id) -> str:
    """Run one job (called by the worker's task, or inline when eager). Returns the final status."""
    if not _move(job_id, JobStatus.RUNNING, started_at=timezone.now()):
        return Job.objects.filter(pk=job_id).values_list("status", flat=True).first() or ""
    job = Job.objects.select_related("user").get(pk=job_id)
    progress = Progress(job)
    try:
        handler = import_string(job.handler)
        outcome = handler(job, progress) or {}
    except JobFailed as exc:
        errors = [_error_dict(e) for e in exc.errors]
        _finish(job, JobStatus.FAILED, summary=exc.message, errors=errors)
    except ValidationError as exc:
        _finish(job, JobStatus.FAILED, summary="；".join(exc.messages), errors=[])
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.handler)
        _finish(job, JobStatus.FAILED, summary=_("任务运行出错，已记录在系统日志中。请稍后重试，或联系平台管理员。"), errors=[])
    else:
        _finish(job, JobStatus.SUCCEEDED, summary=str(outcome.get("summary", "")), url=str(outcome.get("url", "")),
                errors=[_error_dict(e) for e in outcome.get("warnings", [])])
    return Job.objects.filter(pk=job_id).values_list("status", flat=True).first()


def _finish(job: Job, status: str, *, summary: str, errors: list, url: str = "") -> None:
    state = progress_of(Job(pk=job.pk, status=JobStatus.RUNNING, done=job.done, total=job.total))
    done = state["total"] if status == JobStatus.SUCCEEDED and state["total"] else state["done"]
    with transaction.atomic():
        moved = _move(job.pk, status, finished_at=timezone.now(), summary=summary, url=url,
                      errors=errors[:MAX_STORED_ERRORS], error_count=len(errors), done=done, total=state["total"],
                      note=state.get("note", ""))
        if moved:
            _notify_finished(Job.objects.get(pk=job.pk))
    try:
        _cache().delete(_cache_key(job.pk))
    except Exception:
        pass


def _notify_finished(job: Job) -> None:
    """Tell the user who started the job (the message centre, when the notices app is installed)."""
    from django.apps import apps

    if not apps.is_installed("ectalent.notices"):
        return
    from ectalent.notices.actions import notify

    ok = job.status == JobStatus.SUCCEEDED
    title = (_("后台任务已完成：%(label)s") if ok else _("后台任务未完成：%(label)s")) % {"label": job.label}
    notify([job.user], kind="jobs.finished", title=title, body=job.summary[:1000], url=job.get_absolute_url(),
           obj=job, channels=("site",))
