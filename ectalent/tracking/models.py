"""Seed 001 as data: the document, its chapters, measures and tasks, the departments of each task, the expected
progress reports per period, reminders (督办), and the statistics behind the targets.

Who sees what (``visible_to``): the platform administrator, the leading group's office and the leadership see
everything; a department's staff (and a city government's) see the tasks their organisation holds and their reports,
and a lead department also the co-operating reports of its tasks; nobody else sees anything.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.choices import Role
from ectalent.core.uploads import private_storage, private_upload_to

from .choices import AssignmentSource, DepartmentRole, FigureStatus, ReminderKind, ReportStatus, TaskState

OVERSEER_ROLES = frozenset({Role.POLICY_OFFICE, Role.LEADERSHIP, Role.PLATFORM_ADMIN})
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_STAFF, Role.CITY_GOVERNMENT})
NOTHING = Q(pk__in=[])


def is_overseer(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.role in OVERSEER_ROLES))


def is_office(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (
        user.is_superuser or user.role in (Role.POLICY_OFFICE, Role.PLATFORM_ADMIN)))


def department_of(user):
    """The organisation a department's (or city government's) user reports for, or None."""
    if user and user.is_authenticated and user.is_active and user.role in DEPARTMENT_ROLES:
        return user.organisation_id
    return None


def tracking_q(user, *, organisation: str, lead_organisation: str | None = None) -> Q:
    if is_overseer(user):
        return Q()
    org = department_of(user)
    if org is None:
        return NOTHING
    q = Q(**{organisation: org})
    if lead_organisation:
        q |= Q(**{lead_organisation: org})
    return q


class DepartmentAlias(models.Model):
    """Another name of a government organisation as documents write it (省经信委 for 省经济和信息化委)."""

    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("部门"), on_delete=models.CASCADE,
                                     related_name="tracking_aliases")
    alias = models.CharField(_("名称或简称"), max_length=128, unique=True)

    class Meta:
        verbose_name = _("部门别名")
        verbose_name_plural = _("部门别名")
        ordering = ["alias"]

    def __str__(self):
        return self.alias


class Document(models.Model):
    title = models.CharField(_("文件标题"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=100, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    preamble = models.TextField(_("导语"), blank=True)
    source_name = models.CharField(_("导入文件"), max_length=255, blank=True)
    text_sha256 = models.CharField(_("正文摘要"), max_length=64, blank=True)
    unmatched_names = models.JSONField(_("未匹配的部门名称"), default=list, blank=True)
    warnings = models.JSONField(_("解析提示"), default=list, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        constraints = [models.UniqueConstraint(fields=["issuer", "title", "issued_on"], name="tracking_document_unique")]
        ordering = ["-issued_on", "pk"]

    def __str__(self):
        return self.title

    objects = models.Manager()


class ChapterQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if user and user.is_authenticated and user.is_active else self.none()


class Chapter(models.Model):
    document = models.ForeignKey(Document, verbose_name=_("政策文件"), on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField(_("章序号"))
    title = models.CharField(_("章标题"), max_length=200)

    objects = ChapterQuerySet.as_manager()

    class Meta:
        verbose_name = _("章")
        verbose_name_plural = _("章")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="tracking_chapter_unique")]
        ordering = ["document", "number"]

    def __str__(self):
        from .parser import int_to_cn

        return f"{int_to_cn(self.number)}、{self.title}"


class Measure(models.Model):
    document = models.ForeignKey(Document, verbose_name=_("政策文件"), on_delete=models.CASCADE, related_name="measures")
    chapter = models.ForeignKey(Chapter, verbose_name=_("章"), on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("条序号"))
    title = models.CharField(_("条标题"), max_length=200)
    text = models.TextField(_("正文"), blank=True)

    class Meta:
        verbose_name = _("条目")
        verbose_name_plural = _("条目")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="tracking_measure_unique")]
        ordering = ["document", "number"]

    @property
    def label(self):
        from .parser import int_to_cn

        return f"（{int_to_cn(self.number)}）"

    def __str__(self):
        return f"{self.label}{self.title}"


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_overseer(user):
            return self.all()
        org = department_of(user)
        if org is None:
            return self.none()
        return self.filter(pk__in=TaskDepartment.objects.filter(organisation_id=org).values("task_id"))


class Task(models.Model):
    """An item (or a measure without items) that names its departments: the unit of work that is reported on."""

    document = models.ForeignKey(Document, verbose_name=_("政策文件"), on_delete=models.CASCADE, related_name="tasks")
    measure = models.ForeignKey(Measure, verbose_name=_("条目"), on_delete=models.CASCADE, related_name="tasks")
    item = models.PositiveSmallIntegerField(_("项序号"), null=True, blank=True)
    key = models.CharField(_("任务编号"), max_length=16, help_text=_("条序号.项序号，如 3.1；无分项的条目只写条序号"))
    order = models.PositiveIntegerField(_("顺序"), default=0)
    text = models.TextField(_("任务内容"))
    written_departments = models.CharField(_("文件所列部门"), max_length=500, blank=True)
    parsed_departments = models.JSONField(_("解析出的部门"), default=list, blank=True)
    parsed_others_to_assign = models.BooleanField(_("另有有关部门待指定（解析）"), default=False)
    # The office's correction, kept across re-imports: the department names in order (the first leads).
    corrected_departments = models.JSONField(_("更正后的部门"), null=True, blank=True)
    corrected_others_to_assign = models.BooleanField(_("另有有关部门待指定（更正）"), null=True, blank=True)
    correction_note = models.CharField(_("更正说明"), max_length=500, blank=True)
    corrected_at = models.DateTimeField(_("更正时间"), null=True, blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("更正人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    unmatched_names = models.JSONField(_("未匹配的部门名称"), default=list, blank=True)
    state = models.CharField(_("进展状态"), max_length=16, choices=TaskState.choices, default=TaskState.NOT_STARTED)
    version = models.PositiveIntegerField(default=0)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="tracking_task_unique")]
        ordering = ["document", "order"]

    def __str__(self):
        from .parser import int_to_cn

        return f"（{int_to_cn(self.measure.number)}）" + (f"{self.item}．" if self.item else "") + self.measure.title

    @property
    def departments_in_force(self) -> list[str]:
        return self.corrected_departments if self.corrected_departments is not None else self.parsed_departments

    @property
    def others_to_assign(self) -> bool:
        if self.corrected_others_to_assign is not None:
            return self.corrected_others_to_assign
        return self.parsed_others_to_assign

    @property
    def is_corrected(self) -> bool:
        return self.corrected_departments is not None or self.corrected_others_to_assign is not None


class TaskDepartmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(task__in=Task.objects.visible_to(user))


class TaskDepartment(models.Model):
    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="assignments")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("部门"), on_delete=models.PROTECT,
                                     related_name="tracking_assignments")
    role = models.CharField(_("职责"), max_length=16, choices=DepartmentRole.choices)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    written_as = models.CharField(_("文件写法"), max_length=128, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=AssignmentSource.choices, default=AssignmentSource.PARSED)

    objects = TaskDepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务责任部门")
        verbose_name_plural = _("任务责任部门")
        constraints = [models.UniqueConstraint(fields=["task", "organisation"], name="tracking_taskdept_unique")]
        ordering = ["task", "position", "pk"]

    def __str__(self):
        return f"{self.task} · {self.organisation} · {self.get_role_display()}"


class ReportingPeriod(models.Model):
    document = models.ForeignKey(Document, verbose_name=_("政策文件"), on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("报告期"), max_length=32)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    due_on = models.DateField(_("报送期限"))

    class Meta:
        verbose_name = _("报告期")
        verbose_name_plural = _("报告期")
        constraints = [models.UniqueConstraint(fields=["document", "starts_on"], name="tracking_period_unique")]
        ordering = ["document", "starts_on"]

    def __str__(self):
        return self.label


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_overseer(user):
            return self.all()
        org = department_of(user)
        if org is None:
            return self.none()
        lead_tasks = TaskDepartment.objects.filter(organisation_id=org, role=DepartmentRole.LEAD).values("task_id")
        return self.filter(Q(organisation_id=org) | Q(task_id__in=lead_tasks))

    def overdue(self, on=None):
        on = on or timezone.localdate()
        return self.filter(status=ReportStatus.EXPECTED, period__due_on__lt=on)

    def late(self):
        """Filed, but after the due date."""
        return self.filter(status=ReportStatus.SUBMITTED, submitted_on__gt=models.F("period__due_on"))


class ProgressReport(models.Model):
    """The report one department owes on one task for one period (expected until filed)."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("报送部门"), on_delete=models.PROTECT,
                                     related_name="tracking_reports")
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("报告期"), on_delete=models.CASCADE, related_name="reports")
    role = models.CharField(_("职责"), max_length=16, choices=DepartmentRole.choices)
    status = models.CharField(_("报送状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.EXPECTED)
    progress = models.CharField(_("进展状态"), max_length=16, choices=TaskState.choices, blank=True)
    narrative = models.TextField(_("工作进展"), blank=True)
    figures = models.TextField(_("主要数据"), blank=True, help_text=_("每行一项，如：示范基地 12 个"))
    consolidated = models.ManyToManyField("self", verbose_name=_("汇总的配合部门报告"), symmetrical=False, blank=True,
                                          related_name="consolidated_in")
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=0)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        constraints = [models.UniqueConstraint(fields=["task", "organisation", "period"], name="tracking_report_unique")]
        ordering = ["period__starts_on", "task__order", "role", "pk"]
        indexes = [models.Index(fields=["status", "period"])]

    def __str__(self):
        return f"{self.task} · {self.organisation} · {self.period}"

    @property
    def is_overdue(self) -> bool:
        return self.status == ReportStatus.EXPECTED and self.period.due_on < timezone.localdate()

    @property
    def is_late(self) -> bool:
        return self.status == ReportStatus.SUBMITTED and self.submitted_on and self.submitted_on > self.period.due_on


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, verbose_name=_("进展报告"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("佐证材料"), storage=private_storage, upload_to=private_upload_to("tracking"))
    filename = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["pk"]

    def __str__(self):
        return self.filename


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(tracking_q(user, organisation="organisation_id"))


class Reminder(models.Model):
    """A reminder (催报) or an escalation (督办) the office sent to a department about a report or a task."""

    kind = models.CharField(_("类别"), max_length=16, choices=ReminderKind.choices)
    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reminders")
    report = models.ForeignKey(ProgressReport, verbose_name=_("进展报告"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="reminders")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("收件部门"), on_delete=models.PROTECT,
                                     related_name="tracking_reminders")
    message = models.TextField(_("督办意见"), blank=True)
    recipients = models.JSONField(_("收件人"), default=list, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发送人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.organisation} · {self.task}"


class StatisticFigureQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_overseer(user):
            return self.all()
        org = department_of(user)
        if org is None:
            return self.none()
        return self.filter(organisation_id=org)

    def current(self):
        return self.exclude(status=FigureStatus.SUPERSEDED)


class StatisticFigure(models.Model):
    """One figure of one indicator for one region and period, with its source. A correction is a new version
    (the old one is kept as superseded), never an overwrite."""

    indicator = models.CharField(_("指标"), max_length=64, db_index=True)
    period = models.CharField(_("统计期"), max_length=16, help_text=_("年度写 2016，季度写 2016Q1"))
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("报送单位"), on_delete=models.PROTECT,
                                     related_name="tracking_figures")
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=16)
    source = models.CharField(_("数据来源"), max_length=200)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    supersedes = models.OneToOneField("self", verbose_name=_("更正的版本"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    status = models.CharField(_("状态"), max_length=16, choices=FigureStatus.choices, default=FigureStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = StatisticFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("统计数据")
        verbose_name_plural = _("统计数据")
        ordering = ["indicator", "period", "region", "-version"]
        indexes = [models.Index(fields=["indicator", "period", "status"])]

    def __str__(self):
        return f"{self.indicator} {self.period} {self.region_id} = {self.value} {self.unit}"
