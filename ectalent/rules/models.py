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


class ParameterEntry(models.Model):
    """A parameter value entered by an administrator with its source, for a value the document leaves to another
    document (楚雄 措施七: the rate of 云人社发〔2020〕26号). Until one is entered, claims that need it wait."""

    pack = models.CharField(_("政策包"), max_length=64)
    name = models.CharField(_("参数"), max_length=100)
    value = models.DecimalField(_("取值"), max_digits=14, decimal_places=4)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    cite = models.CharField(_("出处"), max_length=255, help_text=_("文件名称、文号与条款"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("录入的政策参数")
        verbose_name_plural = _("录入的政策参数")
        ordering = ["pack", "name", "effective_from"]

    def __str__(self) -> str:
        return f"{self.pack} {self.name} = {self.value}（{self.effective_from}）"


def entered_values(pack: str) -> dict:
    """{parameter: [(effective_from, effective_to, value, cite)]} entered for ``pack``; empty when the table is
    absent (a fresh database, the CLI without migrations)."""
    out: dict = {}
    try:
        rows = list(ParameterEntry.objects.filter(pack=pack).order_by("effective_from", "pk").values_list(
            "name", "effective_from", "effective_to", "value", "cite"))
    except DatabaseError:
        return out
    for name, start, end, value, cite in rows:
        out.setdefault(name, []).append((start, end, value, cite))
    return out
