"""People (人员) and organisations (单位) — the registry every programme draws on.

One person per 居民身份证号, one organisation per 统一社会信用代码. A person's records of education, employment,
certificates and trainings are those of the applicant-facts contract (shared/contracts/applicant-facts.schema.json).
"""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.scoping import scope_q
from ectalent.core.choices import Ethnicity, Gender, PoliticalStatus
from ectalent.core.masking import mask_id_number, mask_phone
from ectalent.core.validators import (
    contact_phone_validator,
    credit_code_validator,
    id_number_validator,
    mobile_validator,
)

from .choices import CertificateLevel, EducationLevel, EducationStatus, OrganisationKind, TrainingLevel


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region", organisation="pk"))


class Organisation(models.Model):
    name = models.CharField(_("单位名称"), max_length=128, db_index=True)
    kind = models.CharField(_("单位类别"), max_length=32, choices=OrganisationKind.choices, db_index=True)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[credit_code_validator]
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=64, blank=True)
    nature = models.CharField(_("单位性质"), max_length=64, blank=True, help_text=_("如：民办非企业、有限责任公司、事业单位"))
    address = models.CharField(_("单位地址"), max_length=255, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("注册地"), on_delete=models.PROTECT, related_name="organisations"
    )
    website = models.CharField(_("网址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=32, blank=True, validators=[contact_phone_validator]
    )
    contact_fax = models.CharField(_("传真"), max_length=32, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    founded_on = models.DateField(_("组建时间"), null=True, blank=True)
    staff_total = models.PositiveIntegerField(_("职工人数"), null=True, blank=True)
    teachers_full_time = models.PositiveIntegerField(_("专职教师人数"), null=True, blank=True)
    teachers_part_time = models.PositiveIntegerField(_("兼职教师人数"), null=True, blank=True)
    managers_count = models.PositiveIntegerField(_("管理人员人数"), null=True, blank=True)
    revenue_last_year = models.DecimalField(
        _("上年度主营业务收入（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    is_association_member = models.BooleanField(_("省电子商务促进会会员"), default=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["-id"]
        indexes = [models.Index(fields=["region", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organisation-detail", args=[self.pk])

    @property
    def teachers_total(self) -> int | None:
        if self.teachers_full_time is None and self.teachers_part_time is None:
            return None
        return (self.teachers_full_time or 0) + (self.teachers_part_time or 0)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region", organisation="owner_org", own="pk"))


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=64)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=2, choices=Ethnicity.choices, default="01")
    birth_date = models.DateField(_("出生日期"))
    id_number = models.CharField(
        _("居民身份证号"), max_length=18, unique=True, validators=[id_number_validator]
    )
    phone = models.CharField(_("手机号"), max_length=11, blank=True, validators=[mobile_validator])
    email = models.EmailField(_("电子邮箱"), blank=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=2, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    # (the region and owner indexes below lead with these columns: no single-column index of their own)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="people", db_index=False
    )
    owner_org = models.ForeignKey(
        Organisation, verbose_name=_("登记单位"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="registered_people", db_index=False,
        help_text=_("代为登记并管理此档案的单位（如培训机构登记的学员）"),
    )
    employer = models.CharField(_("工作单位"), max_length=128, blank=True)
    job_title = models.CharField(_("职务"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["-id"]
        # One index per query that needs it (docs/benchmarks.md shows the plans): the scoped list (region, newest
        # first), an organisation's people, ordering by name, a phone search; the name prefix search has its own
        # varchar_pattern_ops index on PostgreSQL (migration 0002), the ID number its unique index.
        indexes = [
            models.Index(fields=["region", "-id"], name="person_region_id"),
            models.Index(fields=["owner_org", "-id"], name="person_owner_id"),
            models.Index(fields=["name"], name="person_name"),
            models.Index(fields=["phone"], name="person_phone"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:person-detail", args=[self.pk])

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    def applicant_facts(self, as_of: datetime.date | None = None) -> dict:
        """This person's records as one applicant-facts document (contracts/applicant-facts.schema.json)."""
        as_of = as_of or datetime.date.today()
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "id": str(self.pk),
            "as_of": as_of.isoformat(),
            "education": [
                {
                    "level": e.level,
                    "major": e.major,
                    "status": e.status,
                    "graduated_on": iso(e.graduated_on),
                    "school_recommended": e.school_recommended,
                }
                for e in self.education.all()
            ],
            "employment": [
                {"start": iso(p.start), "end": iso(p.end), "in_occupation": p.in_occupation, "management": p.management}
                for p in self.employment.all()
            ],
            "certificates": [{"level": c.level, "issued_on": iso(c.issued_on)} for c in self.certificates.all()],
            "trainings": [{"level": t.level, "completed_on": iso(t.completed_on)} for t in self.trainings.all()],
        }


class PersonRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            scope_q(user, region="person__region", organisation="person__owner_org", own="person_id")
        )


class Education(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="education")
    level = models.CharField(_("学历层次"), max_length=32, choices=EducationLevel.choices)
    major = models.CharField(_("专业"), max_length=64)
    school = models.CharField(_("学校"), max_length=128, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=EducationStatus.choices)
    graduated_on = models.DateField(_("毕业日期"), null=True, blank=True)
    school_recommended = models.BooleanField(_("经学校推荐"), default=False)

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("学历")
        verbose_name_plural = _("学历")
        ordering = ["graduated_on", "id"]


class Employment(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="employment")
    employer = models.CharField(_("工作单位"), max_length=128, blank=True)
    position = models.CharField(_("岗位"), max_length=64, blank=True)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("最后工作日；在职请留空"))
    in_occupation = models.BooleanField(_("从事电子商务工作（本职业）"), default=True)
    management = models.BooleanField(_("中高层管理岗位"), default=False)

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作经历")
        verbose_name_plural = _("工作经历")
        ordering = ["start", "id"]


class CertificateRecord(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="certificates"
    )
    level = models.CharField(_("证书等级"), max_length=16, choices=CertificateLevel.choices)
    issued_on = models.DateField(_("发证日期"))
    number = models.CharField(_("证书编号"), max_length=64, blank=True)
    issuer = models.CharField(_("发证机关"), max_length=128, blank=True)

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("持有证书")
        verbose_name_plural = _("持有证书")
        ordering = ["issued_on", "id"]


class TrainingRecord(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="trainings")
    level = models.CharField(_("培训等级"), max_length=16, choices=TrainingLevel.choices)
    completed_on = models.DateField(_("结业日期"))
    institution = models.CharField(_("培训机构"), max_length=128, blank=True)
    hours = models.PositiveIntegerField(_("学时"), null=True, blank=True)

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训经历")
        verbose_name_plural = _("培训经历")
        ordering = ["completed_on", "id"]
