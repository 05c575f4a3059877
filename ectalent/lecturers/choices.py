from django.db import models
from django.utils.translation import gettext_lazy as _


class EmployerKind(models.TextChoices):
    """Which clause of 二 the applicant applies under (the kind of their current employer)."""

    TRAINING_INSTITUTION = "training_institution", _("培训机构")
    COLLEGE = "college", _("高职院校")
    ENTERPRISE = "enterprise", _("跨境电商企业")


class RoundKind(models.TextChoices):
    LECTURERS = "lecturers", _("讲师初选（现场讲演）")
    INSTITUTIONS = "institutions", _("培训机构评估")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    SCORING = "scoring", _("评分中")
    PUBLISHED = "published", _("已公布")


ROUND_TRANSITIONS = {
    RoundStatus.DRAFT: {RoundStatus.SCORING},
    RoundStatus.SCORING: {RoundStatus.PUBLISHED},
    RoundStatus.PUBLISHED: set(),
}


class ResolutionKind(models.TextChoices):
    RESCORE = "rescore", _("重新评分")
    EXTRA_JUDGE = "extra_judge", _("增加评委")
    NOTE = "note", _("说明理由后维持")


class Judgement(models.TextChoices):
    PENDING = "pending", _("待审核人确认")
    CONFIRMED = "confirmed", _("已确认")
    DENIED = "denied", _("不予确认")


class Eligibility(models.TextChoices):
    ELIGIBLE = "eligible", _("符合条件")
    NEEDS_REVIEW = "needs_review", _("待审核确认")
    NOT_ELIGIBLE = "not_eligible", _("不符合条件")
