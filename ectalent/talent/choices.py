"""Vocabulary of the talent market (seed 002 措施二、九; seed 001 （九）2; seed 004 四)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Positions are named by the certification directions and levels of seed 003 附件1 (the same codes as 附件4's
# 培训范围), so that a vacancy, an intention and a certificate speak one language.
from ectalent.accreditation.choices import TRAINING_SCOPES as POSITION_SCOPES  # noqa: F401

LEVEL_RANK = {"clerk": 1, "assistant": 2, "specialist": 3, "senior": 4, "manager": 5}


class SeekerStatus(models.TextChoices):
    ACTIVE = "active", _("求职中")
    PAUSED = "paused", _("暂停求职")


class ConsentPurpose(models.TextChoices):
    MATCHING = "matching", _("向用人单位推荐并在对方请求后共享姓名和联系方式")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("不予发布")
    CLOSED = "closed", _("已截止")


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("待求职者答复")
    ACCEPTED = "accepted", _("已同意")
    DECLINED = "declined", _("已拒绝")
    CANCELLED = "cancelled", _("已失效")


class PlacementStage(models.TextChoices):
    INTERVIEW = "interview", _("面试")
    HIRED = "hired", _("录用")
    NOT_HIRED = "not_hired", _("未录用")


class HireCategory(models.TextChoices):
    """Who was hired, as seed 002 措施（七） distinguishes for the one-off hiring subsidy (一次性吸纳就业补贴)."""

    OTHER = "other", _("不属于以下情形")
    GRADUATE_OF_YEAR = "graduate_of_year", _("毕业年度高校毕业生")
    GRADUATE_3Y = "graduate_3y", _("毕业三年内高校毕业生（2020年特殊情形）")
    UNEMPLOYED_6M = "unemployed_6m", _("登记失业半年以上人员（2020年特殊情形）")
    MIGRANT_WORKER = "migrant_worker", _("因疫情无法返岗的农民工（2020年特殊情形）")


class ServiceKind(models.TextChoices):
    """一人一策 follow-up services of seed 002 措施二."""

    HOUSEHOLD = "household", _("入户")
    SETTLING = "settling", _("安家补贴")
    FISCAL_AWARD = "fiscal_award", _("财政奖励")
    OTHER = "other", _("其他服务")
