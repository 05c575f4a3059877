from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantType(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    PARK = "park", _("园区（基地）")
    COUNTY = "county", _("县（市、区）")
    TOWN = "town", _("乡镇（街道）")
    VILLAGE = "village", _("村（居）")


class UnitStatus(models.TextChoices):
    RECOMMENDED = "recommended", _("已由省推荐上报")
    DESIGNATED = "designated", _("已认定")
    WITHDRAWN = "withdrawn", _("已撤销")


class ReviewResult(models.TextChoices):
    PASSED = "passed", _("合格")
    RECTIFY = "rectify", _("限期整改")
    FAILED = "failed", _("不合格")


# Which transitions of a designated unit are allowed (the one transition function in actions.py).
UNIT_TRANSITIONS = {
    UnitStatus.RECOMMENDED: {UnitStatus.DESIGNATED, UnitStatus.WITHDRAWN},
    UnitStatus.DESIGNATED: {UnitStatus.WITHDRAWN},
    UnitStatus.WITHDRAWN: set(),
}


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("草稿（可重新计算）")
    PUBLISHED = "published", _("已发布")
