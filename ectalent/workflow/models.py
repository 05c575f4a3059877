"""Multi-level review: a case per application, its progress kept as step rows (who decided what and when).

Programmes (accreditation, lecturers, subsidies) declare their steps in ``definitions.py`` and attach a ``Case`` to
their application; status changes only through ``actions.transition`` (compare-and-set, audited).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.scoping import scope_q

from .choices import CaseStatus, Decision, ObjectionStatus


class ReviewBatch(models.Model):
    """A round of applications with one deadline (e.g. 附件4、5、6 due at the province by 2014-06-30)."""

    workflow = models.CharField(_("审核流程"), max_length=64)
    name = models.CharField(_("批次名称"), max_length=128)
    region = models.ForeignKey("regions.Region", verbose_name=_("组织地区"), on_delete=models.PROTECT, related_name="+")
    opens_on = models.DateField(_("开始受理"), null=True, blank=True)
    deadline = models.DateField(_("截止日期"), help_text=_("截止日后不再受理新的提交"))
    cite = models.CharField(_("依据"), max_length=128, blank=True)

    objects = models.Manager()

    class Meta:
        verbose_name = _("申报批次")
        verbose_name_plural = _("申报批次")
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return self.name


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region", organisation="organisation", own="person_id"))


class Case(models.Model):
    workflow = models.CharField(_("审核流程"), max_length=64, db_index=True)
    route = models.CharField(_("申报途径"), max_length=32, blank=True)
    subject_type = models.CharField(_("申请类型"), max_length=64)
    subject_id = models.CharField(_("申请编号"), max_length=64)
    subject_repr = models.CharField(_("申请"), max_length=255)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("申请单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("申请人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(ReviewBatch, verbose_name=_("批次"), null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.DRAFT, db_index=True)
    current_step = models.CharField(_("当前环节"), max_length=64, blank=True)
    round = models.PositiveSmallIntegerField(_("提交轮次"), default=0)
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    notice_starts_on = models.DateField(_("公示开始"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示结束"), null=True, blank=True)
    last_reason = models.TextField(_("最近意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("审核事项")
        verbose_name_plural = _("审核事项")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["subject_type", "subject_id"], name="one_case_per_subject")]

    def __str__(self) -> str:
        return self.subject_repr


class StepStateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))


class StepState(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("审核事项"), on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("环节"), max_length=64)
    step_label = models.CharField(_("环节名称"), max_length=64)
    order = models.PositiveSmallIntegerField(_("顺序"))
    round = models.PositiveSmallIntegerField(_("提交轮次"))
    level = models.CharField(_("层级"), max_length=16)
    role = models.CharField(_("审核角色"), max_length=32)
    is_lead = models.BooleanField(_("主审"), default=True)
    decision = models.CharField(_("意见"), max_length=16, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(_("审核意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    due_on = models.DateField(_("办理期限"), null=True, blank=True)

    objects = StepStateQuerySet.as_manager()

    @property
    def display_label(self) -> str:
        """The step's name in the reader's language, from the programme's spec (the stored name if the spec has no
        such step any more)."""
        from django.utils.translation import gettext

        from .definitions import get

        try:
            label = get(self.case.workflow).step(self.step).label
        except KeyError:
            label = self.step_label
        return gettext(label)

    @property
    def role_label(self) -> str:
        from ectalent.accounts.choices import Role

        return Role(self.role).label if self.role in Role.values else self.role

    class Meta:
        verbose_name = _("审核环节")
        verbose_name_plural = _("审核环节")
        ordering = ["case", "round", "order", "-is_lead", "id"]
        indexes = [models.Index(fields=["decision", "role", "level"])]


class ObjectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))


class Objection(models.Model):
    """An objection filed during the public notice (公示); open ones block final confirmation."""

    case = models.ForeignKey(Case, verbose_name=_("审核事项"), on_delete=models.CASCADE, related_name="objections")
    receipt_number = models.CharField(_("受理编号"), max_length=24, unique=True, null=True, blank=True,
                                      help_text=_("异议人凭受理编号和联系方式查询处理结果和答复"))
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    name = models.CharField(_("异议人"), max_length=64)
    contact = models.CharField(_("联系方式"), max_length=64)
    content = models.TextField(_("异议内容"))
    status = models.CharField(_("处理状态"), max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    reply = models.TextField(_("答复异议人"), blank=True, help_text=_("异议人凭受理编号查询时看到的答复"))
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    @property
    def contact_masked(self) -> str:
        """The objector's contact as lists show it; the full one only through ``actions.reveal_objection_contact``."""
        from ectalent.core.masking import mask_phone

        value = self.contact or ""
        if "@" in value:
            local, _at, domain = value.partition("@")
            return f"{local[:1]}***@{domain}"
        return mask_phone(value) if len(value) >= 7 else "***"

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-filed_at"]
