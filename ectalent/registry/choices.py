from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    TRAINING_INSTITUTION = "training_institution", _("培训机构")
    PRACTICE_BASE = "practice_base", _("实践基地")
    ENTERPRISE_APPLICATION = "enterprise_application", _("电子商务应用企业")
    ENTERPRISE_SERVICE = "enterprise_service", _("电子商务服务企业")
    ENTERPRISE_PLATFORM = "enterprise_platform", _("电子商务平台企业")
    INDUSTRIAL_PARK = "industrial_park", _("电商产业基地（园区）")
    INCUBATION_BASE = "incubation_base", _("孵化基地")
    COLLEGE = "college", _("院校")
    GOVERNMENT = "government", _("政府部门")
    ASSOCIATION = "association", _("协会")
    BANK = "bank", _("银行")
    VILLAGE_COMMITTEE = "village_committee", _("村（居）民委员会")
    OTHER = "other", _("其他")


ENTERPRISE_KINDS = frozenset(
    {OrganisationKind.ENTERPRISE_APPLICATION, OrganisationKind.ENTERPRISE_SERVICE, OrganisationKind.ENTERPRISE_PLATFORM}
)


class EducationLevel(models.TextChoices):
    """Levels of the applicant-facts contract (lowest first; vocational_advanced stands apart)."""

    SECONDARY = "secondary", _("中专/高中")
    VOCATIONAL_ADVANCED = "vocational_advanced", _("高级技工/技师学院")
    ASSOCIATE = "associate", _("大学专科")
    BACHELOR = "bachelor", _("大学本科")
    MASTER = "master", _("硕士研究生")
    DOCTOR = "doctor", _("博士研究生")


class EducationStatus(models.TextChoices):
    GRADUATED = "graduated", _("已毕业")
    ENROLLED = "enrolled", _("在读")


class CertificateLevel(models.TextChoices):
    CLERK = "clerk", _("电子商务员")
    ASSISTANT = "assistant", _("助理电子商务师")
    SPECIALIST = "specialist", _("电子商务师")
    SENIOR = "senior", _("高级电子商务师")
    MANAGER = "manager", _("电子商务职业经理人")


class TrainingLevel(models.TextChoices):
    ASSISTANT = "assistant", _("助理电子商务师")
    SPECIALIST = "specialist", _("电子商务师")
    SENIOR = "senior", _("高级电子商务师")
    MANAGER = "manager", _("电子商务职业经理人")
