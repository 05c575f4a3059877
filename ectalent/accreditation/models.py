"""Registration (备案) of training institutions and practice bases — seed 003 附件2–6.

- ``TrainingPlan``/``PlanUnit``/``PlanTarget``: 附件3, each city's yearly training target and its upper limits of
  recommended institutions and bases; nested lines (义乌 inside 金华) and the province's reserve (省里机动调配).
- ``ReserveAllocation``: the province gives part of its reserve to a line (an append-only ledger).
- ``UnitApplication``: 附件4 (institution) or 附件5 (practice base), reviewed through ``workflow``; ``Recommendation``
  records that the city recommended it within its quota.
- ``RegisteredUnit``: the register (名录, 第七条); ``UnitChange`` (第九条), ``AnnualReport`` (第八条),
  ``RevocationProposal`` (第十条).
- ``CountyTarget`` and ``TrainingCourse``/``Trainee``: targets split among counties and the trainings that count.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.scoping import scope_q
from ectalent.core.uploads import private_storage, private_upload_to

from .choices import (
    PRACTICE_AREAS,
    TRAINING_SCOPES,
    BaseKind,
    ChangeKind,
    EnterpriseCategory,
    MaterialKind,
    PremisesOwnership,
    ProposalStatus,
    RevocationGround,
    UnitStatus,
    UnitType,
)


def choice_labels(choices, codes) -> list[str]:
    labels = dict(choices)
    return [str(labels.get(code, code)) for code in codes or []]


class PublicQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans and announcements are published documents: everyone may read them."""
        return self.all()


class TrainingPlan(models.Model):
    code = models.SlugField(_("计划代码"), unique=True)
    title = models.CharField(_("名称"), max_length=128)
    policy = models.CharField(_("政策包"), max_length=64)
    cite = models.CharField(_("依据"), max_length=128)
    province = models.ForeignKey("regions.Region", verbose_name=_("省份"), on_delete=models.PROTECT, related_name="+")
    first_year = models.PositiveSmallIntegerField(_("起始年度"))
    last_year = models.PositiveSmallIntegerField(_("截止年度"))
    reserve_institutions = models.PositiveIntegerField(_("省里机动调配：培训机构"), default=0)
    reserve_bases = models.PositiveIntegerField(_("省里机动调配：实践基地"), default=0)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训任务和机构数量分配计划")
        verbose_name_plural = _("培训任务和机构数量分配计划")

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def reserve(self, unit_type: str) -> int:
        return self.reserve_institutions if unit_type == UnitType.INSTITUTION else self.reserve_bases


class PlanUnit(models.Model):
    """One line of 附件3 (a city, or a county-level city listed inside its city)."""

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="units")
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", verbose_name=_("所属上级行"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    label = models.CharField(_("表中名称"), max_length=32)
    order = models.PositiveSmallIntegerField(_("表中顺序"))
    target_total = models.PositiveIntegerField(_("任务总数（人）"))
    institutions_limit = models.PositiveIntegerField(_("培训机构推荐总数上限（个）"))
    bases_limit = models.PositiveIntegerField(_("实践基地推荐总数上限（个）"))

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("计划行")
        verbose_name_plural = _("计划行")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "region"], name="one_line_per_region")]

    def __str__(self) -> str:
        return self.label

    def base_limit(self, unit_type: str) -> int:
        return self.institutions_limit if unit_type == UnitType.INSTITUTION else self.bases_limit


class PlanTarget(models.Model):
    unit = models.ForeignKey(PlanUnit, verbose_name=_("计划行"), on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"))
    target = models.PositiveIntegerField(_("培训任务（人）"))

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度培训任务")
        verbose_name_plural = _("年度培训任务")
        ordering = ["unit", "year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_target_per_year")]


class ReserveAllocationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="unit__region"))


class ReserveAllocation(models.Model):
    """The province gives places from its reserve to one line (append-only; a line's limit adds these up)."""

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("计划"), on_delete=models.PROTECT, related_name="allocations")
    unit = models.ForeignKey(PlanUnit, verbose_name=_("计划行"), on_delete=models.PROTECT, related_name="allocations")
    unit_type = models.CharField(_("类别"), max_length=16, choices=UnitType.choices)
    amount = models.PositiveIntegerField(_("调配数量"))
    note = models.CharField(_("说明"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("调配人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("调配时间"), auto_now_add=True)

    objects = ReserveAllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("机动调配")
        verbose_name_plural = _("机动调配")
        ordering = ["-created_at"]


class UnitApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region", organisation="organisation"))


class UnitApplication(models.Model):
    """An application to be registered, with the fields of 附件4 (institution) or 附件5 (practice base)."""

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("计划"), on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("申请单位"), on_delete=models.PROTECT,
                                     related_name="unit_applications")
    unit_type = models.CharField(_("申请类别"), max_length=16, choices=UnitType.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("注册地"), on_delete=models.PROTECT, related_name="+")
    via_association = models.BooleanField(_("由省电子商务促进会推荐"), default=False,
                                          help_text=_("第五条：促进会会员单位可由促进会直接向市商务部门推荐"))
    # Common to 附件4 and 附件5
    unit_name = models.CharField(_("单位名称"), max_length=128)
    nature = models.CharField(_("单位性质"), max_length=64, blank=True)
    address = models.CharField(_("单位地址"), max_length=255)
    legal_representative = models.CharField(_("法定代表"), max_length=64)
    contact_name = models.CharField(_("联系人姓名"), max_length=64)
    contact_phone = models.CharField(_("联系电话"), max_length=32)
    contact_fax = models.CharField(_("传真"), max_length=32, blank=True)
    practice_areas = models.JSONField(_("可承担的培训和实训"), default=list, blank=True,
                                      help_text=_("第四条（四）：电商运营、营销推广、跨境电商，至少一项"))
    # 附件4 培训机构基本情况申报表
    founded_on = models.DateField(_("机构组建时间"), null=True, blank=True)
    staff_total = models.PositiveIntegerField(_("职工人数"), null=True, blank=True)
    teachers_full_time = models.PositiveIntegerField(_("专职教师"), null=True, blank=True)
    teachers_part_time = models.PositiveIntegerField(_("兼职教师"), null=True, blank=True)
    managers_count = models.PositiveIntegerField(_("管理人员"), null=True, blank=True)
    other_staff_count = models.PositiveIntegerField(_("其它人员"), null=True, blank=True)
    max_training_capacity = models.PositiveIntegerField(_("最大培训规模（人）"), null=True, blank=True)
    premises_ownership = models.CharField(_("教学场地"), max_length=16, choices=PremisesOwnership.choices, blank=True)
    premises_area = models.DecimalField(_("场地面积（平方米）"), max_digits=10, decimal_places=2, null=True, blank=True)
    training_scopes = models.JSONField(_("培训范围"), default=list, blank=True)
    licence_issuer = models.CharField(_("发证机关"), max_length=128, blank=True)
    licence_number = models.CharField(_("证书编号"), max_length=64, blank=True)
    training_summary = models.TextField(_("培训办班情况简介"), blank=True,
                                        help_text=_("近一年内培训情况、招生渠道等"))
    # 附件5 实践基地基本情况申报表
    base_kind = models.CharField(_("实践基地类型"), max_length=16, choices=BaseKind.choices, blank=True)
    website = models.CharField(_("网址"), max_length=255, blank=True)
    employees_count = models.PositiveIntegerField(_("从业人员人数"), null=True, blank=True)
    revenue_last_year = models.DecimalField(_("上年度主营业务收入（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    enterprise_category = models.CharField(_("企业类别"), max_length=16, choices=EnterpriseCategory.choices, blank=True)
    park_name = models.CharField(_("基地名称"), max_length=128, blank=True)
    park_address = models.CharField(_("基地地址"), max_length=255, blank=True)
    park_manager = models.CharField(_("管理机构"), max_length=128, blank=True)
    park_tenants = models.PositiveIntegerField(_("入驻企业数量"), null=True, blank=True)
    park_revenue_last_year = models.DecimalField(_("上年度基地营业收入（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    overview = models.TextField(_("企业/基地概况"), blank=True,
                                help_text=_("主营业务、商务模式、平台销售比重/平台年度交易额；产业基地介绍经营模式"))
    # 第四条: conditions the applicant declares; the reviewer confirms those that need judgement.
    declarations = models.JSONField(_("基本条件声明"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = UnitApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("备案申请")
        verbose_name_plural = _("备案申请")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.unit_name}（{self.get_unit_type_display()}）"

    @property
    def practice_area_labels(self) -> list[str]:
        return choice_labels(PRACTICE_AREAS, self.practice_areas)

    @property
    def training_scope_labels(self) -> list[str]:
        return choice_labels(TRAINING_SCOPES, self.training_scopes)

    @property
    def case(self):
        from ectalent.workflow.models import Case

        return Case.objects.filter(subject_type="accreditation.unitapplication", subject_id=str(self.pk)).first()


class Material(models.Model):
    application = models.ForeignKey(UnitApplication, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("材料类别"), max_length=32, choices=MaterialKind.choices)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=private_upload_to("accreditation"))
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["kind", "id"]


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="application__region", organisation="application__organisation"))

    def counting(self):
        """Recommendations that take a place: not withdrawn by a later rejection or withdrawal."""
        return self.filter(released_at__isnull=True)


class Recommendation(models.Model):
    """The city recommends an application within its quota (第六条, 附件3 注); one per application."""

    application = models.OneToOneField(UnitApplication, verbose_name=_("申请"), on_delete=models.PROTECT,
                                       related_name="recommendation")
    unit = models.ForeignKey(PlanUnit, verbose_name=_("计划行"), on_delete=models.PROTECT, related_name="recommendations")
    unit_type = models.CharField(_("类别"), max_length=16, choices=UnitType.choices)
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), on_delete=models.PROTECT, related_name="+")
    recommended_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)
    released_at = models.DateTimeField(_("名额释放时间"), null=True, blank=True,
                                       help_text=_("申请被省里否决或撤回后，名额释放，不再计入上限"))

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("市级推荐")
        verbose_name_plural = _("市级推荐")
        ordering = ["-recommended_at"]


class RegisteredUnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region", organisation="organisation"))

    def public(self):
        return self.filter(status=UnitStatus.ACTIVE)


class RegisteredUnit(models.Model):
    """An entry of the register (名录, 第七条)."""

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("计划"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("单位"), on_delete=models.PROTECT,
                                     related_name="registrations")
    application = models.OneToOneField(UnitApplication, verbose_name=_("备案申请"), on_delete=models.PROTECT,
                                       related_name="registration")
    unit_type = models.CharField(_("类别"), max_length=16, choices=UnitType.choices)
    register_number = models.CharField(_("备案编号"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    region = models.ForeignKey("regions.Region", verbose_name=_("注册地"), on_delete=models.PROTECT, related_name="+")
    training_scopes = models.JSONField(_("培训范围"), default=list, blank=True)
    registered_on = models.DateField(_("备案日期"))
    status = models.CharField(_("状态"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.ACTIVE, db_index=True)
    revoked_on = models.DateField(_("取消备案日期"), null=True, blank=True)
    revocation_reason = models.TextField(_("取消原因"), blank=True)
    banned_until = models.DateField(_("不得再次申报至"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    objects = RegisteredUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("备案单位")
        verbose_name_plural = _("备案单位名录")
        ordering = ["region", "unit_type", "register_number"]

    def __str__(self) -> str:
        return self.name

    @property
    def training_scope_labels(self) -> list[str]:
        return choice_labels(TRAINING_SCOPES + PRACTICE_AREAS, self.training_scopes)


class UnitChangeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="unit__region", organisation="unit__organisation"))


class UnitChange(models.Model):
    """A change filed with the province (第九条); the register keeps its history."""

    unit = models.ForeignKey(RegisteredUnit, verbose_name=_("备案单位"), on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("变更类型"), max_length=16, choices=ChangeKind.choices)
    before = models.JSONField(_("变更前"), default=dict, blank=True)
    after = models.JSONField(_("变更后"), default=dict, blank=True)
    description = models.TextField(_("变更说明"))
    effective_on = models.DateField(_("变更日期"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("备案人"), on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("备案时间"), auto_now_add=True)

    objects = UnitChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("变更备案")
        verbose_name_plural = _("变更备案")
        ordering = ["-effective_on", "-id"]


class AnnualReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="unit__region", organisation="unit__organisation"))


class AnnualReport(models.Model):
    """第八条: last year's operations, training and practice figures, feedback and pass rate."""

    unit = models.ForeignKey(RegisteredUnit, verbose_name=_("备案单位"), on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("报告年度"))
    operations = models.TextField(_("上年度经营情况"))
    revenue = models.DecimalField(_("上年度营业收入（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    trainees = models.PositiveIntegerField(_("培训人数"))
    practice_trainees = models.PositiveIntegerField(_("实训人数"))
    sessions = models.PositiveIntegerField(_("培训和实训场次"))
    satisfaction_rate = models.DecimalField(_("学员满意度（%）"), max_digits=5, decimal_places=2)
    exam_pass_rate = models.DecimalField(_("考试通过率（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
                                         help_text=_("无学员参加考试时留空"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    evaluation = models.JSONField(_("动态评估"), default=dict, blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["-year", "unit"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_report_per_year")]


class RevocationProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="unit__region", organisation="unit__organisation"))


class RevocationProposal(models.Model):
    unit = models.ForeignKey(RegisteredUnit, verbose_name=_("备案单位"), on_delete=models.PROTECT, related_name="revocations")
    ground = models.CharField(_("取消情形"), max_length=32, choices=RevocationGround.choices)
    details = models.TextField(_("具体情况"))
    report = models.ForeignKey(AnnualReport, verbose_name=_("依据的年度报告"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", help_text=_("空：平台按年度报告自动提出"))
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    decision_note = models.TextField(_("确认意见"), blank=True)

    objects = RevocationProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("取消备案建议")
        verbose_name_plural = _("取消备案建议")
        ordering = ["-proposed_at"]


class CountyTargetQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region"))


class CountyTarget(models.Model):
    """A city's yearly target split among its counties (通知 四: 各市可将培训任务分解到所辖县（市、区）)."""

    unit = models.ForeignKey(PlanUnit, verbose_name=_("计划行"), on_delete=models.CASCADE, related_name="county_targets")
    region = models.ForeignKey("regions.Region", verbose_name=_("县（市、区）"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    target = models.PositiveIntegerField(_("培训任务（人）"))

    objects = CountyTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("县级培训任务")
        verbose_name_plural = _("县级培训任务")
        constraints = [models.UniqueConstraint(fields=["unit", "region", "year"], name="one_county_target")]


class TrainingCourseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="unit__region", organisation="unit__organisation"))


class TrainingCourse(models.Model):
    """A course delivered by a registered institution; its trainees count towards the targets of its region."""

    unit = models.ForeignKey(RegisteredUnit, verbose_name=_("培训机构"), on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(_("课程名称"), max_length=128)
    scope = models.CharField(_("培训方向"), max_length=64, blank=True)
    starts_on = models.DateField(_("开班日期"))
    ends_on = models.DateField(_("结业日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingCourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        return self.ends_on.year


class Trainee(models.Model):
    course = models.ForeignKey(TrainingCourse, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="trainees")
    person = models.ForeignKey("registry.Person", verbose_name=_("学员"), on_delete=models.PROTECT, related_name="+")
    completed = models.BooleanField(_("已结业"), default=True)

    class Meta:
        verbose_name = _("学员")
        verbose_name_plural = _("学员")
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="one_trainee_per_course")]
