"""Demonstration programmes of seed 001 （十一）（十二）（十三）: applications, the register of designated units, annual
re-evaluation and withdrawal — and the rounds of the regional evaluation （二十九）.

- ``DemonstrationApplication``: an application for one kind (declared in the policy pack), reviewed on the shared
  ``workflow`` (county → city → province, 公示); ``ApplicationMaterial`` its private uploads.
- ``DesignatedUnit``: the register (名录) per kind, with the designation date; national kinds are first
  recommended by the province, then designated when the province records the national result.
- ``AnnualReview``: the yearly re-evaluation of a designated unit; ``withdraw`` ends a designation with its reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.choices import Role
from ectalent.accounts.scoping import NOTHING, scope_q
from ectalent.core.uploads import private_storage, private_upload_to

from .choices import ApplicantType, ReviewResult, RoundStatus, UnitStatus


def _grassroots_q(user, organisation_field: str, creator_field: str) -> Q:
    """Town and village staff see their own committee's records (and what they filed themselves)."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.GRASSROOTS_STAFF:
        return NOTHING
    q = Q(**{creator_field: user.pk})
    if user.organisation_id:
        q |= Q(**{organisation_field: user.organisation_id})
    return q


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            scope_q(user, region="region", organisation="organisation") | _grassroots_q(user, "organisation", "created_by")
        )


class DemonstrationApplication(models.Model):
    kind = models.CharField(_("示范类别"), max_length=32, db_index=True)
    applicant_type = models.CharField(_("申报主体"), max_length=16, choices=ApplicantType.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("申报单位"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("申报名称"), max_length=128)
    contact_name = models.CharField(_("联系人"), max_length=64)
    contact_phone = models.CharField(_("联系电话"), max_length=32)
    summary = models.TextField(_("创建情况"), help_text=_("发展现状、主要做法和成效，对照申报条件逐项说明"))
    checks = models.JSONField(_("数据核验结果"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("示范申报")
        verbose_name_plural = _("示范申报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_name} · {self.kind_name}"

    @property
    def kind_spec(self):
        from .pack import demonstration_pack

        return demonstration_pack().kind(self.kind)

    @property
    def kind_name(self) -> str:
        from django.utils.translation import gettext

        try:
            return gettext(self.kind_spec.name)
        except KeyError:
            return self.kind

    @property
    def case(self):
        from ectalent.workflow.models import Case

        return Case.objects.get(subject_type=self._meta.label_lower, subject_id=str(self.pk))


class MaterialQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(application__in=DemonstrationApplication.objects.visible_to(user))


class ApplicationMaterial(models.Model):
    application = models.ForeignKey(DemonstrationApplication, verbose_name=_("示范申报"), on_delete=models.CASCADE,
                                    related_name="materials")
    title = models.CharField(_("材料名称"), max_length=128)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=private_upload_to("demonstration"))
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=64)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("示范申报材料")
        verbose_name_plural = _("示范申报材料")
        ordering = ["uploaded_at", "id"]


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The register is published (名录): every signed-in user may read it."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.all()

    def counting(self):
        """Units that count against the target: designated and not withdrawn."""
        return self.filter(status=UnitStatus.DESIGNATED)


class DesignatedUnit(models.Model):
    kind = models.CharField(_("示范类别"), max_length=32, db_index=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("单位"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("名称"), max_length=128)
    application = models.OneToOneField(DemonstrationApplication, verbose_name=_("示范申报"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="unit")
    status = models.CharField(_("状态"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.DESIGNATED,
                              db_index=True)
    recommended_on = models.DateField(_("省级推荐日期"), null=True, blank=True)
    designated_on = models.DateField(_("认定日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤销日期"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤销理由"), blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤销人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("示范名录")
        verbose_name_plural = _("示范名录")
        ordering = ["kind", "region__path", "unit_name"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.unit_name

    @property
    def kind_name(self) -> str:
        from django.utils.translation import gettext

        from .pack import demonstration_pack

        try:
            return gettext(demonstration_pack().kind(self.kind).name)
        except KeyError:
            return self.kind


class AnnualReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__in=DesignatedUnit.objects.visible_to(user))


class AnnualReview(models.Model):
    unit = models.ForeignKey(DesignatedUnit, verbose_name=_("示范单位"), on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("年度"))
    result = models.CharField(_("复核结果"), max_length=16, choices=ReviewResult.choices)
    note = models.TextField(_("复核意见"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("复核人"), on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("复核时间"), auto_now_add=True)

    objects = AnnualReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度复核")
        verbose_name_plural = _("年度复核")
        ordering = ["unit", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_review_per_unit_year")]


# --- the regional evaluation （二十九） ---------------------------------------------------------------


class PublishedError(Exception):
    """A published evaluation round never changes (a correction is a new round)."""


class PublishedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published rounds are read by every signed-in user; drafts by the province's officials and the office."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser or user.role in (Role.PLATFORM_ADMIN, Role.PROVINCE_ADMIN, Role.POLICY_OFFICE):
            return self.all()
        return self.filter(status="published")


class EvaluationInput(models.Model):
    """A figure entered for the evaluation while the statistics of the tracking programme are not available
    (the adapter in ``inputs.py`` reads approved statistics first, then these)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    statistic = models.CharField(_("统计指标"), max_length=64)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    source = models.CharField(_("来源"), max_length=255)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价数据")
        verbose_name_plural = _("评价数据")
        constraints = [models.UniqueConstraint(fields=["region", "year", "statistic"], name="one_input_per_figure")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.statistic}"


class EvaluationRound(models.Model):
    name = models.CharField(_("名称"), max_length=128)
    year = models.PositiveSmallIntegerField(_("评价年度"))
    area = models.ForeignKey("regions.Region", verbose_name=_("评价范围"), on_delete=models.PROTECT, related_name="+",
                             help_text=_("评价其下一级的各地区（省：各设区市；市：各县（市、区））"))
    system_code = models.CharField(_("评价体系"), max_length=32)
    system_name = models.CharField(_("评价体系名称"), max_length=128)
    system_cite = models.CharField(_("依据"), max_length=255)
    weight_move = models.DecimalField(_("稳定性：权重调整幅度"), max_digits=6, decimal_places=4)
    status = models.CharField(_("状态"), max_length=16, choices=RoundStatus.choices,
                              default=RoundStatus.DRAFT, db_index=True)
    corrects = models.ForeignKey("self", verbose_name=_("更正的评价"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")
    note = models.TextField(_("说明"), blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("发展评价")
        verbose_name_plural = _("发展评价")
        ordering = ["-year", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED

    def save(self, *args, **kwargs):
        if self.pk and EvaluationRound.objects.filter(pk=self.pk, status=RoundStatus.PUBLISHED).exists():
            raise PublishedError("published evaluation rounds never change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and EvaluationRound.objects.filter(pk=self.pk, status=RoundStatus.PUBLISHED).exists():
            raise PublishedError("published evaluation rounds never change")
        return super().delete(*args, **kwargs)


class RoundPartQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(round__in=EvaluationRound.objects.visible_to(user))


class _FrozenPart(models.Model):
    """Rows of a round: written while it is a draft, never after publication."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if EvaluationRound.objects.filter(pk=self.round_id, status="published").exists():
            raise PublishedError("published evaluation rounds never change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if EvaluationRound.objects.filter(pk=self.round_id, status="published").exists():
            raise PublishedError("published evaluation rounds never change")
        return super().delete(*args, **kwargs)


class RoundIndicator(_FrozenPart):
    round = models.ForeignKey(EvaluationRound, verbose_name=_("发展评价"), on_delete=models.CASCADE,
                              related_name="indicators")
    order = models.PositiveSmallIntegerField(_("顺序"))
    code = models.CharField(_("指标代码"), max_length=32)
    label = models.CharField(_("指标"), max_length=128)
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    weight = models.CharField(_("权重"), max_length=32)  # the exact decimal as written in the pack
    direction = models.CharField(_("方向"), max_length=8)
    source = models.CharField(_("来源"), max_length=16)
    cite = models.CharField(_("依据"), max_length=255)
    minimum = models.DecimalField(_("最小值"), max_digits=24, decimal_places=6, null=True, blank=True)
    maximum = models.DecimalField(_("最大值"), max_digits=24, decimal_places=6, null=True, blank=True)
    count = models.PositiveIntegerField(_("有数值的地区数"), default=0)

    objects = RoundPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        ordering = ["round", "order"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="one_indicator_per_round")]


class RoundResult(_FrozenPart):
    round = models.ForeignKey(EvaluationRound, verbose_name=_("发展评价"), on_delete=models.CASCADE,
                              related_name="results")
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    values = models.JSONField(_("指标数值"), default=dict)  # code -> decimal string or null, with the source
    sources = models.JSONField(_("数据来源"), default=dict)
    normalised = models.JSONField(_("标准化得分"), default=dict)
    contributions = models.JSONField(_("贡献"), default=dict)
    composite = models.FloatField(_("综合得分"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("排名"), null=True, blank=True)
    best_rank = models.PositiveSmallIntegerField(_("最好名次"), null=True, blank=True)
    worst_rank = models.PositiveSmallIntegerField(_("最差名次"), null=True, blank=True)
    missing = models.JSONField(_("缺少数据的指标"), default=list)

    objects = RoundPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价结果")
        verbose_name_plural = _("评价结果")
        ordering = ["round", "rank", "region"]
        constraints = [models.UniqueConstraint(fields=["round", "region"], name="one_result_per_region")]
