"""What an administrator may set on top of a policy pack: the opening date of a level (开放申报日期).

高级电子商务师 was not open in 2014 (附件1 一(四) 注): its pack parameter ``opening.senior`` is null until an
administrator sets a date here. The pack on disk stays the source of everything else; when this table is absent
(a fresh database, the CLI without migrations) the pack's value is used.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.utils import DatabaseError
from django.utils.translation import gettext_lazy as _

LEVEL_CHOICES = [
    ("assistant", _("助理电子商务师")),
    ("specialist", _("电子商务师")),
    ("senior", _("高级电子商务师")),
    ("manager", _("电子商务职业经理人")),
]


class LevelOpening(models.Model):
    level = models.CharField(_("等级"), max_length=16, choices=LEVEL_CHOICES, unique=True)
    opens_on = models.DateField(_("开放申报日期"), null=True, blank=True, help_text=_("留空表示暂不开放"))
    note = models.CharField(_("依据"), max_length=255, blank=True, help_text=_("如：省级标准开发完成的通知文号"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("设置人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("等级开放日期")
        verbose_name_plural = _("等级开放日期")

    def __str__(self) -> str:
        return f"{self.get_level_display()}：{self.opens_on or _('暂不开放')}"


_MISSING = object()


def stored_opening(level: str):
    """The administrator-set opening date of ``level``; ``None`` when not set or when the table is absent."""
    try:
        row = LevelOpening.objects.filter(level=level).values_list("opens_on", flat=True).first()
    except DatabaseError:
        return None
    return row if isinstance(row, datetime.date) else None
