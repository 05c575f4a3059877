"""The talent market: job seekers on top of the registry, enterprise demand, consent, contact, hires, events and
high-level talent cases (seed 002 措施（二）（九）; seed 001 （九）2; seed 004 四).

What a seeker holds (certificates issued by the platform, trainings delivered by registered institutions, a place in
the lecturers' directory) is read from the platform, never typed here. A seeker's name and contact reach an enterprise
only while the seeker's consent stands and after the seeker accepted that enterprise's contact request.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.scoping import scope_q

from .choices import (
    POSITION_SCOPES,
    ConsentPurpose,
    ContactStatus,
    HireCategory,
    PlacementStage,
    SeekerStatus,
    ServiceKind,
    VacancyStatus,
)
from ectalent.registry.choices import CertificateLevel, TrainingLevel


class SeekerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officials of the person's region and the seeker themself; enterprises never see the profile itself."""
        return self.filter(scope_q(user, region="person__region", own="person_id"))

    def consenting(self):
        return self.filter(
            status=SeekerStatus.ACTIVE,
            consents__withdrawn_at__isnull=True, consents__purpose=ConsentPurpose.MATCHING,
        ).distinct()


class Seeker(models.Model):
    """求职登记: a person's intentions; their record stays in the registry."""

    person = models.OneToOneField("registry.Person", verbose_name=_("人员"), on_delete=models.PROTECT,
                                  related_name="seeker")
    positions = models.JSONField(_("求职岗位（认证方向与等级）"), default=list)
    regions = models.ManyToManyField("regions.Region", verbose_name=_("意向工作地区"), related_name="+")
    pay_min = models.DecimalField(_("期望月薪下限（元）"), max_digits=9, decimal_places=2, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    pay_max = models.DecimalField(_("期望月薪上限（元）"), max_digits=9, decimal_places=2, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    available_from = models.DateField(_("可到岗日期"), null=True, blank=True)
    summary = models.TextField(_("个人简介"), blank=True, max_length=1000)
    status = models.CharField(_("状态"), max_length=16, choices=SeekerStatus.choices, default=SeekerStatus.ACTIVE)
    # What the platform knows of the seeker, derived (``actions.refresh_facts``) when they register or change their
    # intentions, when their records change, and daily by the worker, so that matching reads columns, not records.
    covered = models.PositiveIntegerField(_("可胜任岗位（位集）"), default=0)
    level_rank = models.PositiveSmallIntegerField(_("最高证书等级"), default=0)
    occupation_years = models.PositiveSmallIntegerField(_("本职业工作年限"), default=0)
    trained = models.PositiveSmallIntegerField(_("已完成培训（位集）"), default=0)
    intention = models.PositiveIntegerField(_("求职意向（位集）"), default=0)
    credentials = models.JSONField(_("平台核验的资历"), default=list, blank=True)
    facts_on = models.DateField(_("资历核验日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SeekerQuerySet.as_manager()

    class Meta:
        verbose_name = _("求职登记")
        verbose_name_plural = _("求职登记")
        ordering = ["-id"]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def code(self) -> str:
        """The anonymous label an enterprise sees before contact is agreed."""
        return f"QZ{self.pk:06d}"

    def active_consent(self):
        return self.consents.filter(purpose=ConsentPurpose.MATCHING, withdrawn_at__isnull=True).first()


class Consent(models.Model):
    """A seeker's consent, kept as rows: granting adds one, withdrawing stamps it; nothing is deleted."""

    seeker = models.ForeignKey(Seeker, verbose_name=_("求职者"), on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("用途"), max_length=32, choices=ConsentPurpose.choices,
                               default=ConsentPurpose.MATCHING)
    text = models.TextField(_("同意的内容"))
    granted_at = models.DateTimeField(_("同意时间"), default=timezone.now)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT,
                                   related_name="+")
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("授权记录")
        verbose_name_plural = _("授权记录")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seeker", "purpose"], condition=Q(withdrawn_at__isnull=True),
                                    name="one_standing_consent"),
        ]


class VacancyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officials of the vacancy's region and the posting enterprise's staff."""
        return self.filter(scope_q(user, region="region", organisation="organisation"))

    def public(self):
        today = timezone.localdate()
        return self.filter(status=VacancyStatus.PUBLISHED, closes_on__gte=today)


class Vacancy(models.Model):
    """用工需求: one position an enterprise wants to fill, published after the county 人社 reviewed it."""

    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("用人单位"), on_delete=models.PROTECT,
                                     related_name="vacancies")
    title = models.CharField(_("岗位名称"), max_length=64)
    position = models.CharField(_("岗位类别（认证方向与等级）"), max_length=32, choices=POSITION_SCOPES)
    count = models.PositiveSmallIntegerField(_("招聘人数"), validators=[MinValueValidator(1)])
    region = models.ForeignKey("regions.Region", verbose_name=_("工作地点"), on_delete=models.PROTECT,
                               related_name="+")
    pay_min = models.DecimalField(_("月薪下限（元）"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    pay_max = models.DecimalField(_("月薪上限（元）"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    min_certificate = models.CharField(_("要求持有证书（最低等级）"), max_length=16, choices=CertificateLevel.choices,
                                       blank=True)
    min_years = models.PositiveSmallIntegerField(_("要求本职业工作年限（年）"), default=0)
    training = models.CharField(_("要求完成的培训（等级）"), max_length=16, choices=TrainingLevel.choices, blank=True)
    requirements = models.TextField(_("其他要求"), blank=True, max_length=2000)
    duties = models.TextField(_("岗位职责"), blank=True, max_length=2000)
    contact_name = models.CharField(_("联系人"), max_length=32)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    closes_on = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=16, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("用工需求")
        verbose_name_plural = _("用工需求")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "closes_on"], name="vacancy_open")]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == VacancyStatus.PUBLISHED and self.closes_on >= timezone.localdate()


class ContactRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="vacancy__region", organisation="vacancy__organisation",
                                   own="seeker__person_id"))


class ContactRequest(models.Model):
    """An enterprise asks a (still anonymous) candidate for contact; only the candidate's yes reveals them."""

    vacancy = models.ForeignKey(Vacancy, verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="contacts")
    seeker = models.ForeignKey(Seeker, verbose_name=_("求职者"), on_delete=models.PROTECT, related_name="contacts")
    message = models.TextField(_("留言"), blank=True, max_length=500)
    status = models.CharField(_("状态"), max_length=16, choices=ContactStatus.choices, default=ContactStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("请求人"), on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(_("请求时间"), auto_now_add=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("联系请求")
        verbose_name_plural = _("联系请求")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "seeker"], name="one_contact_per_vacancy")]

    @property
    def reveals(self) -> bool:
        """Whether the enterprise may see who the candidate is: accepted, and consent still standing."""
        return self.status == ContactStatus.ACCEPTED and self.seeker.active_consent() is not None


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="vacancy__region", organisation="vacancy__organisation"))


class Recommendation(models.Model):
    """人才推荐: an official sends a list of consenting candidates to an enterprise for one vacancy."""

    vacancy = models.ForeignKey(Vacancy, verbose_name=_("岗位"), on_delete=models.PROTECT,
                                related_name="recommendations")
    seekers = models.ManyToManyField(Seeker, verbose_name=_("推荐人选"), related_name="recommendations")
    note = models.TextField(_("推荐说明"), blank=True, max_length=1000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("人才推荐")
        verbose_name_plural = _("人才推荐")
        ordering = ["-id"]


class Placement(models.Model):
    """An interview or a hire recorded by the enterprise for a candidate who agreed to contact."""

    contact = models.ForeignKey(ContactRequest, verbose_name=_("联系请求"), on_delete=models.PROTECT,
                                related_name="placements")
    stage = models.CharField(_("环节"), max_length=16, choices=PlacementStage.choices)
    on = models.DateField(_("日期"))
    contract_months = models.PositiveSmallIntegerField(_("劳动合同期限（月）"), null=True, blank=True)
    social_insurance = models.BooleanField(_("已按规定缴纳社会保险"), default=False)
    category = models.CharField(_("人员类别"), max_length=20, choices=HireCategory.choices,
                                default=HireCategory.OTHER)
    note = models.TextField(_("备注"), blank=True, max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("面试与录用")
        verbose_name_plural = _("面试与录用")
        ordering = ["on", "id"]


class RecruitmentEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region"))


class RecruitmentEvent(models.Model):
    """招聘活动 organised by a public employment service (seed 002 措施（九）)."""

    name = models.CharField(_("活动名称"), max_length=128)
    region = models.ForeignKey("regions.Region", verbose_name=_("举办地区"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("举办日期"))
    venue = models.CharField(_("地点"), max_length=128, blank=True)
    organiser = models.CharField(_("主办单位"), max_length=128)
    visitors = models.PositiveIntegerField(_("进场求职人数"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   related_name="+")

    objects = RecruitmentEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("招聘活动")
        verbose_name_plural = _("招聘活动")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name


class EventParticipant(models.Model):
    event = models.ForeignKey(RecruitmentEvent, verbose_name=_("招聘活动"), on_delete=models.CASCADE,
                              related_name="participants")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("参会单位"), on_delete=models.PROTECT,
                                     related_name="+")
    vacancies = models.ManyToManyField(Vacancy, verbose_name=_("提供岗位"), blank=True, related_name="events")
    positions_offered = models.PositiveIntegerField(_("提供岗位数"), default=0)
    hires_on_site = models.PositiveIntegerField(_("现场达成意向人数"), default=0)

    class Meta:
        verbose_name = _("参会单位")
        verbose_name_plural = _("参会单位")
        constraints = [models.UniqueConstraint(fields=["event", "organisation"], name="one_participation")]


class TalentCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region", own="person_id"))


class TalentCase(models.Model):
    """一人一策: a high-level talent followed personally, with the services given (seed 002 措施（二）)."""

    person = models.ForeignKey("registry.Person", verbose_name=_("引进人才"), on_delete=models.PROTECT,
                               related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name=_("引进地区"), on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey("registry.Organisation", verbose_name=_("用人单位"), on_delete=models.PROTECT,
                                 related_name="+", null=True, blank=True)
    introduced_on = models.DateField(_("引进日期"))
    way = models.CharField(_("引进方式"), max_length=16, choices=[("direct", _("直接引进")), ("flexible", _("柔性引进"))])
    plan = models.TextField(_("个性化服务方案"), max_length=2000)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("跟踪服务责任人"), on_delete=models.PROTECT,
                                related_name="+")
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)

    objects = TalentCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("一人一策")
        verbose_name_plural = _("一人一策")
        ordering = ["-introduced_on", "-id"]


class CaseService(models.Model):
    case = models.ForeignKey(TalentCase, verbose_name=_("一人一策"), on_delete=models.PROTECT, related_name="services")
    kind = models.CharField(_("服务事项"), max_length=16, choices=ServiceKind.choices)
    on = models.DateField(_("办理日期"))
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    note = models.TextField(_("办理情况"), max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("跟踪服务")
        verbose_name_plural = _("跟踪服务")
        ordering = ["on", "id"]
