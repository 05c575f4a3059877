"""Seed 004 (浙商务联发〔2017〕72号): lecturer and institution applications, selection rounds scored by an expert
panel (seats, conflicts, sealed scores, confirmation, resolutions), training cohorts, committee attempts, directory."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.choices import Role
from ectalent.accounts.scoping import scope_q
from ectalent.core.uploads import private_storage, private_upload_to
from ectalent.core.choices import Ethnicity, Gender, PoliticalStatus

from .choices import EmployerKind, Judgement, ResolutionKind, RoundKind, RoundStatus

PROVINCE_ROLES = (Role.ASSOCIATION, Role.PROVINCE_ADMIN)


class LecturerApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        q = scope_q(user, region="region", organisation="organisation", own="person_id")
        return self.filter(q)


class LecturerApplication(models.Model):
    """附件2 浙江省跨境电商师资个人情况表, with the 附件4 personal materials."""

    person = models.ForeignKey("registry.Person", verbose_name=_("人员"), on_delete=models.PROTECT,
                               related_name="lecturer_applications")
    region = models.ForeignKey("regions.Region", verbose_name=_("所在县（市、区）"), on_delete=models.PROTECT,
                               related_name="+")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("单位（登记）"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="lecturer_applications")
    # 附件2, in the form's order
    name = models.CharField(_("姓名"), max_length=64)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=2, choices=Ethnicity.choices, default="01")
    birth_date = models.DateField(_("出生日期"))
    employer = models.CharField(_("单位"), max_length=128)
    job_title = models.CharField(_("职务"), max_length=64)
    political_status = models.CharField(_("政治面貌"), max_length=2, choices=PoliticalStatus.choices, blank=True)
    phone = models.CharField(_("联系方式"), max_length=32)
    email = models.EmailField(_("邮箱"), blank=True)
    experience = models.TextField(_("个人基本情况及相关从业经历"))
    # what 附件1 lists beside the name, and the clause of 二 applied for
    direction = models.CharField(_("培训方向"), max_length=64)
    employer_kind = models.CharField(_("申报条件（单位类别）"), max_length=32, choices=EmployerKind.choices)
    # 附件4 一
    id_card_copy = models.FileField(_("个人身份证件（复印件）"), storage=private_storage,
                                    upload_to=private_upload_to("lecturers/id"), blank=True)
    honours = models.FileField(_("个人所获荣誉证书（复印件）"), storage=private_storage,
                               upload_to=private_upload_to("lecturers/honours"), blank=True)
    # the reviewer's judgements of 二 (experience, sales results, theory and practice)
    judgement = models.CharField(_("条件审核确认"), max_length=16, choices=Judgement.choices, default=Judgement.PENDING)
    judgement_note = models.TextField(_("审核确认说明"), blank=True)
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    recommended_by = models.ForeignKey("registry.Organisation", verbose_name=_("推荐单位"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="recommended_lecturers")
    case = models.OneToOneField("workflow.Case", verbose_name=_("审核事项"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    objects = LecturerApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("讲师申报")
        verbose_name_plural = _("讲师申报")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.employer}）"

    def get_absolute_url(self) -> str:
        return reverse("lecturers:application-detail", args=[self.pk])


class InstitutionApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region", organisation="organisation"))


class InstitutionApplication(models.Model):
    """附件3 浙江省跨境电商培训机构基本情况表, with the 附件4 institution materials."""

    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("机构"), on_delete=models.PROTECT,
                                     related_name="lecturer_institution_applications")
    region = models.ForeignKey("regions.Region", verbose_name=_("所在县（市、区）"), on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField(_("机构名称"), max_length=128)
    registered_at = models.CharField(_("注册地"), max_length=128)
    legal_representative = models.CharField(_("法人代表"), max_length=64)
    contact_name = models.CharField(_("联系人"), max_length=64)
    contact_phone = models.CharField(_("联系方式"), max_length=32)
    staff_count = models.PositiveIntegerField(_("从业人数（人）"))
    trainees_last_year = models.PositiveIntegerField(_("上年度培训人数（人）"))
    revenue_last_year = models.DecimalField(_("上年度主营业务收入（万元）"), max_digits=12, decimal_places=2)
    scope = models.TextField(_("培训范围"))
    overview = models.TextField(_("培训机构概况"), help_text=_("介绍培训机构基本情况、软硬件设施情况、培训开展情况等内容"))
    licence = models.FileField(_("营业执照和组织机构代码证等相关证件（复印件）"), storage=private_storage,
                               upload_to=private_upload_to("lecturers/licence"), blank=True)
    teacher_roster = models.FileField(_("师资名册"), storage=private_storage,
                                      upload_to=private_upload_to("lecturers/roster"), blank=True)
    past_trainings = models.FileField(_("往期培训清单"), storage=private_storage,
                                      upload_to=private_upload_to("lecturers/trainings"), blank=True)
    premises_photos = models.FileField(_("教室等相关场地照片"), storage=private_storage,
                                       upload_to=private_upload_to("lecturers/photos"), blank=True)
    recommended_by = models.ForeignKey("registry.Organisation", verbose_name=_("推荐单位"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="recommended_institutions")
    city = models.ForeignKey("regions.Region", verbose_name=_("推荐市"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    selected = models.BooleanField(_("经专家评估入选"), default=False)
    case = models.OneToOneField("workflow.Case", verbose_name=_("审核事项"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    objects = InstitutionApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训机构申报")
        verbose_name_plural = _("培训机构申报")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("lecturers:institution-detail", args=[self.pk])


class CityRecommendation(models.Model):
    """One row per city and institution recommended: the lock target that keeps a city at 1–2 institutions."""

    city = models.ForeignKey("regions.Region", verbose_name=_("市"), on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(InstitutionApplication, verbose_name=_("机构申报"), on_delete=models.PROTECT,
                                       related_name="recommendation")
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), on_delete=models.PROTECT,
                                       related_name="+")
    created_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("市级推荐培训机构")
        verbose_name_plural = _("市级推荐培训机构")


class SelectionRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role in (Role.PLATFORM_ADMIN, *PROVINCE_ROLES):
            return self.all()
        if user.role == Role.EXPERT:
            return self.filter(lectures__seats__judge=user).distinct()
        return self.none()


class SelectionRound(models.Model):
    """初选 (lecturers' live lectures) or the experts' assessment of recommended institutions."""

    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类别"), max_length=16, choices=RoundKind.choices, default=RoundKind.LECTURERS)
    held_on = models.DateField(_("举行日期"))
    venue = models.CharField(_("地点"), max_length=128, blank=True)
    pass_score = models.DecimalField(_("合格分数"), max_digits=5, decimal_places=2, null=True, blank=True)
    places = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评审组长"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    version = models.PositiveIntegerField(default=0)
    rule_version = models.CharField(_("评分规则版本"), max_length=128, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    objects = SelectionRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("遴选场次")
        verbose_name_plural = _("遴选场次")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("lecturers:round-detail", args=[self.pk])


class Lecture(models.Model):
    """A live-lecture slot (or an institution's assessment) in a round."""

    round = models.ForeignKey(SelectionRound, verbose_name=_("遴选场次"), on_delete=models.CASCADE,
                              related_name="lectures")
    lecturer = models.ForeignKey(LecturerApplication, verbose_name=_("讲师"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="lectures")
    institution = models.ForeignKey(InstitutionApplication, verbose_name=_("培训机构"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="lectures")
    starts_at = models.DateTimeField(_("讲演时间"))
    topic = models.CharField(_("讲演题目"), max_length=128, blank=True)
    # written when the round is published
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    selected = models.BooleanField(_("入选"), default=False)

    class Meta:
        verbose_name = _("现场讲演")
        verbose_name_plural = _("现场讲演")
        ordering = ["starts_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(lecturer__isnull=False) | Q(institution__isnull=False),
                                              name="lecture_has_candidate")]

    def __str__(self) -> str:
        return str(self.lecturer or self.institution)

    @property
    def candidate(self):
        return self.lecturer or self.institution

    def get_absolute_url(self) -> str:
        return reverse("lecturers:lecture-detail", args=[self.pk])


class Seat(models.Model):
    """A judge seated on one lecture; a conflict (declared or detected) recuses them."""

    lecture = models.ForeignKey(Lecture, verbose_name=_("现场讲演"), on_delete=models.CASCADE, related_name="seats")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评委"), on_delete=models.PROTECT,
                              related_name="lecture_seats")
    number = models.PositiveSmallIntegerField(_("席位"))
    recused = models.BooleanField(_("回避"), default=False)
    conflict_reason = models.CharField(_("回避原因"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("评委席位")
        verbose_name_plural = _("评委席位")
        ordering = ["lecture", "number"]
        constraints = [models.UniqueConstraint(fields=["lecture", "judge"], name="one_seat_per_judge"),
                       models.UniqueConstraint(fields=["lecture", "number"], name="one_judge_per_seat")]

    def __str__(self) -> str:
        return f"{self.lecture} · {self.seat_label}"

    @property
    def seat_label(self) -> str:
        return _("第 %(n)d 席") % {"n": self.number}


class Score(models.Model):
    """A judge's mark. Entered by the judge (confirmed at once) or by a clerk from the paper sheet (then a second
    person confirms it before it counts)."""

    seat = models.OneToOneField(Seat, verbose_name=_("评委席位"), on_delete=models.CASCADE, related_name="score")
    value = models.DecimalField(_("评分"), max_digits=4, decimal_places=1)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                                   related_name="+")
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")

    @property
    def confirmed(self) -> bool:
        return self.confirmed_by_id is not None


class Resolution(models.Model):
    """The chair's resolution of a divergent lecture."""

    lecture = models.ForeignKey(Lecture, verbose_name=_("现场讲演"), on_delete=models.CASCADE, related_name="resolutions")
    kind = models.CharField(_("处理方式"), max_length=16, choices=ResolutionKind.choices)
    note = models.TextField(_("理由"))
    spread = models.DecimalField(_("处理时的分差"), max_digits=5, decimal_places=1, null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评审组长"), on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("分歧处理")
        verbose_name_plural = _("分歧处理")
        ordering = ["-decided_at"]


class Cohort(models.Model):
    """A centralised training (集中培训) of listed lecturers at a selected institution."""

    name = models.CharField(_("班次名称"), max_length=128)
    institution = models.ForeignKey(InstitutionApplication, verbose_name=_("培训机构"), on_delete=models.PROTECT,
                                    related_name="cohorts")
    starts_on = models.DateField(_("开班日期"))
    ends_on = models.DateField(_("结业日期"))

    class Meta:
        verbose_name = _("培训班次")
        verbose_name_plural = _("培训班次")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, verbose_name=_("培训班次"), on_delete=models.CASCADE, related_name="members")
    lecturer = models.OneToOneField(LecturerApplication, verbose_name=_("讲师"), on_delete=models.PROTECT,
                                    related_name="cohort_member")
    attended_days = models.PositiveIntegerField(_("出勤天数"), default=0)
    completed = models.BooleanField(_("完成培训"), default=False)

    class Meta:
        verbose_name = _("参训讲师")
        verbose_name_plural = _("参训讲师")


class CertAttempt(models.Model):
    """One attempt before the 跨境电商师资人才认证委员会: theory, practice and defence."""

    lecturer = models.ForeignKey(LecturerApplication, verbose_name=_("讲师"), on_delete=models.PROTECT,
                                 related_name="attempts")
    number = models.PositiveSmallIntegerField(_("第几次"))
    sat_on = models.DateField(_("认证日期"))
    theory = models.DecimalField(_("理论考试"), max_digits=5, decimal_places=1)
    practice = models.DecimalField(_("实践操作"), max_digits=5, decimal_places=1)
    defence = models.DecimalField(_("现场答辩"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("通过"), default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("认证记录")
        verbose_name_plural = _("认证记录")
        ordering = ["lecturer", "number"]
        constraints = [models.UniqueConstraint(fields=["lecturer", "number"], name="one_attempt_number")]


class DirectoryEntry(models.Model):
    """A lecturer in the 《浙江省跨境电商优质讲师名录》 (after 公示), public."""

    lecturer = models.OneToOneField(LecturerApplication, verbose_name=_("讲师"), on_delete=models.PROTECT,
                                    related_name="directory_entry")
    case = models.OneToOneField("workflow.Case", verbose_name=_("公示事项"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    listed_on = models.DateField(_("入录日期"), null=True, blank=True)
    certificate_number = models.CharField(_("证书编号"), max_length=32, blank=True)
    city = models.ForeignKey("regions.Region", verbose_name=_("所在市"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("优质讲师名录")
        verbose_name_plural = _("优质讲师名录")
        ordering = ["-listed_on", "id"]

    def __str__(self) -> str:
        return str(self.lecturer)
