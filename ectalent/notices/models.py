"""In-platform messages (站内消息) and the outbox of e-mails and text messages sent for them.

A ``Notice`` is one message to one user; reading it sets ``read_at``. An ``OutboxMessage`` is one e-mail or SMS to
deliver through the configured adapter (``backends.py``); every attempt is recorded on it, so what was sent to whom
and when stays on file.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.scoping import NOTHING
from ectalent.core.masking import mask_phone

from .choices import Channel, OutboxStatus


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Messages are personal: every user (the administrator too) sees only their own."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.filter(NOTHING)
        return self.filter(recipient=user)


class Notice(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE,
                                  related_name="notices")
    kind = models.CharField(_("类别"), max_length=64)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"]), models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class OutboxQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The outbox is the platform administrator's (it holds addresses and phone numbers)."""
        if user is not None and user.is_authenticated and user.is_active and user.is_platform_admin:
            return self
        return self.filter(NOTHING)


class OutboxMessage(models.Model):
    notice = models.ForeignKey(Notice, verbose_name=_("站内消息"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="outbox")
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("发送至"), max_length=254)
    subject = models.CharField(_("主题"), max_length=200)
    body = models.TextField(_("正文"))
    status = models.CharField(_("状态"), max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED,
                              db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    provider_id = models.CharField(_("网关回执"), max_length=128, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("外发消息")
        verbose_name_plural = _("外发消息")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.to_masked}"

    @property
    def to_masked(self) -> str:
        if self.channel == Channel.SMS:
            return mask_phone(self.to)
        name, _at, domain = self.to.partition("@")
        return f"{name[:1]}***@{domain}" if domain else "***"


class NoticeSetting(models.Model):
    """A user's choice of channels and the mobile number for text messages."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                                related_name="notice_setting")
    email_enabled = models.BooleanField(_("同时发送电子邮件"), default=True)
    sms_enabled = models.BooleanField(_("同时发送短信"), default=False)
    mobile = models.CharField(_("接收短信的手机号"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("消息设置")
        verbose_name_plural = _("消息设置")


class ReminderSent(models.Model):
    """One row per reminder already sent (a deadline reminder goes out once, however often the job runs)."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)
