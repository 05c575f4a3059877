"""Platform-wide tables: the shared counters of rate limits (when no shared cache such as Redis is configured)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCount(models.Model):
    """One fixed-window counter (login failures per account or address, public lookups per address, …), shared by
    every web process and node because it lives in the database (``core.ratelimit``)."""

    key = models.CharField(_("键"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("次数"), default=0)
    expires_at = models.DateTimeField(_("窗口结束"), db_index=True)

    class Meta:
        verbose_name = _("频率计数")
        verbose_name_plural = _("频率计数")

    def __str__(self):
        return f"{self.key}={self.count}"
