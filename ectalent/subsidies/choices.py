from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """措施一: what the prefecture's employment special fund is set aside for, each year 2020–2022."""

    SKILLS_TRAINING = "skills_training", _("职业技能提升培训")
    EMPLOYMENT_STARTUP = "employment_startup", _("就业创业扶持")
    INCUBATION = "incubation", _("孵化基地建设")
    WORK_FOR_TRAINING = "work_for_training", _("以工代训")


class EntryKind(models.TextChoices):
    ALLOCATE = "allocate", _("安排资金")
    INCREASE = "increase", _("追加资金")
    RESERVE = "reserve", _("预留（审批通过）")
    POST = "post", _("支付入账")
    RELEASE = "release", _("释放（作废）")


class Measure(models.TextChoices):
    WORK_FOR_TRAINING = "work_for_training", _("以工代训职业培训补贴")
    STARTUP_SUBSIDY = "startup_subsidy", _("大学生电商创业补贴")
    STARTUP_LOAN = "startup_loan", _("创业担保贷款")
    HIRING = "hiring", _("一次性吸纳就业补贴")
    INTERNSHIP = "internship", _("就业见习补贴")
    INCUBATION = "incubation", _("电子商务创业孵化示范基地一次性奖补")


# The budget purpose each paying measure draws on (措施一).
MEASURE_PURPOSE = {
    Measure.WORK_FOR_TRAINING: Purpose.WORK_FOR_TRAINING,
    Measure.STARTUP_SUBSIDY: Purpose.EMPLOYMENT_STARTUP,
    Measure.HIRING: Purpose.EMPLOYMENT_STARTUP,
    Measure.INTERNSHIP: Purpose.EMPLOYMENT_STARTUP,
    Measure.INCUBATION: Purpose.INCUBATION,
}


class EnterpriseSize(models.TextChoices):
    MICRO = "micro", _("微型")
    SMALL = "small", _("小型")
    MEDIUM = "medium", _("中型")
    LARGE = "large", _("大型")


class WorkerGroup(models.TextChoices):
    HARD_TO_EMPLOY = "hard_to_employ", _("就业困难人员")
    ZERO_EMPLOYMENT_FAMILY = "zero_employment_family", _("零就业家庭成员")
    RECENT_GRADUATE = "recent_graduate", _("离校两年内高校毕业生")
    REGISTERED_UNEMPLOYED = "registered_unemployed", _("登记失业人员")


class GrantStatus(models.TextChoices):
    RESERVED = "reserved", _("已预留")
    PAID = "paid", _("已支付")
    VOID = "void", _("已作废")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("待银行处理")
    PAID = "paid", _("已到账")
    FAILED = "failed", _("支付失败")
