"""Background jobs: a row per long piece of work (an import, a batch calculation, a large export, a simulation).

The work itself runs in the django-tasks worker (``tasks.run_job``); the row is what the user sees: a progress bar
while it runs, then the summary, a link, a file to download, or the row-by-row errors. Progress is written to a
shared cache (``CACHES["jobs"]``: Redis when configured, else files in ``var/``) so that it shows even while the job
holds its all-or-nothing transaction open.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.scoping import NOTHING
from ectalent.core.uploads import private_storage, private_upload_to

from .choices import FINISHED, JobStatus


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job belongs to the user who started it (the platform administrator sees every job)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.filter(NOTHING)
        if user.is_platform_admin:
            return self
        return self.filter(user=user)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    handler = models.CharField(_("处理程序"), max_length=200)
    label = models.CharField(_("任务"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT,
                             related_name="jobs")
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    upload = models.FileField(_("上传文件"), storage=private_storage, upload_to=private_upload_to("jobs"), blank=True)
    upload_name = models.CharField(_("上传文件名"), max_length=255, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    done = models.PositiveBigIntegerField(_("已处理"), default=0)
    total = models.PositiveBigIntegerField(_("总数"), default=0)
    note = models.CharField(_("进度说明"), max_length=255, blank=True)
    summary = models.TextField(_("结果"), blank=True)
    url = models.CharField(_("结果页面"), max_length=500, blank=True)
    errors = models.JSONField(_("错误明细"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    result_file = models.FileField(_("结果文件"), storage=private_storage, upload_to=private_upload_to("jobs"),
                                   blank=True)
    result_name = models.CharField(_("结果文件名"), max_length=255, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.label}（{self.get_status_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return max(0, min(100, int(self.done * 100 / self.total)))

    def save_result_file(self, filename: str, content, content_type: str = "") -> None:
        """Attach a file for the user to download (bytes, a path, or an open binary file)."""
        import mimetypes
        from pathlib import Path

        from django.core.files import File
        from django.core.files.base import ContentFile

        if isinstance(content, (bytes, bytearray)):
            fileobj = ContentFile(bytes(content))
        elif isinstance(content, (str, Path)):
            fileobj = File(open(content, "rb"))  # noqa: SIM115 - closed below
        else:
            fileobj = File(content)
        try:
            self.result_file.save(filename, fileobj, save=False)
        finally:
            if isinstance(content, (str, Path)):
                fileobj.close()
        self.result_name = filename
        self.result_content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        Job.objects.filter(pk=self.pk).update(result_file=self.result_file.name, result_name=self.result_name,
                                              result_content_type=self.result_content_type)
