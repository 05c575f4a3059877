from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentRole(models.TextChoices):
    LEAD = "lead", _("牵头")
    COOPERATING = "cooperating", _("配合")


class AssignmentSource(models.TextChoices):
    PARSED = "parsed", _("文件所列")
    OFFICE = "office", _("办公室指定")


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    COMPLETED = "completed", _("已完成")
    DELAYED = "delayed", _("滞后")


class ReportStatus(models.TextChoices):
    EXPECTED = "expected", _("待填报")
    SUBMITTED = "submitted", _("已报送")


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("催报")
    ESCALATION = "escalation", _("督办")


class FigureStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已审核")
    SUPERSEDED = "superseded", _("已被更正")
    REJECTED = "rejected", _("已退回")
