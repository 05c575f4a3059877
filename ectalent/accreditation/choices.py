from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitType(models.TextChoices):
    INSTITUTION = "institution", _("培训机构")
    BASE = "base", _("实践基地")


class BaseKind(models.TextChoices):
    """附件5: a practice base is an enterprise or an e-commerce industrial park (电商产业基地)."""

    ENTERPRISE = "enterprise", _("企业")
    PARK = "park", _("电商产业基地")


class EnterpriseCategory(models.TextChoices):
    """附件5 企业类别."""

    APPLICATION = "application", _("电子商务应用企业")
    SERVICE = "service", _("电子商务服务企业")
    PLATFORM = "platform", _("电子商务平台")
    OTHER = "other", _("其他")


class PremisesOwnership(models.TextChoices):
    OWNED = "owned", _("自有")
    LEASED = "leased", _("租赁")


# 附件4 培训范围: level.direction codes as in spec/certification-eligibility.md.
TRAINING_SCOPES = [
    ("assistant.customer_service", _("助理电子商务师：网络客服")),
    ("assistant.visual_design", _("助理电子商务师：美工设计")),
    ("assistant.warehousing", _("助理电子商务师：仓储物流")),
    ("specialist.operations", _("电子商务师：运营推广")),
    ("specialist.platform", _("电子商务师：平台建设")),
    ("specialist.logistics", _("电子商务师：物流管理")),
    ("specialist.cross_border", _("电子商务师：跨境电子商务")),
    ("senior", _("高级电子商务师")),
    ("manager", _("电子商务职业经理人")),
]

# 第四条(四): the kinds of training and practice a unit can carry (at least one).
PRACTICE_AREAS = [
    ("operations", _("电商运营")),
    ("marketing", _("营销推广")),
    ("cross_border", _("跨境电商")),
]


class MaterialKind(models.TextChoices):
    """第五条 申请材料."""

    LICENCE = "licence", _("（一）工商营业执照、法人证书或社团组织登记证书")
    PREMISES = "premises", _("（二）场地证明：房屋产权证书或租赁协议")
    EQUIPMENT = "equipment", _("（三）设施设备基本情况")
    TEACHERS = "teachers", _("（四）专兼职教师基本情况")
    TRAINING_RECORD = "training_record", _("（五）近一年电商培训情况及企业规模、招生渠道")
    TEACHER_CV = "teacher_cv", _("专职教师简历（申请承担高级或职业经理人培训时）")
    OTHER = "other", _("其他材料")


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("已备案")
    REVOKED = "revoked", _("已取消备案")


class ChangeKind(models.TextChoices):
    """第九条."""

    RENAME = "rename", _("更名")
    SCOPE = "scope", _("变更经营范围")
    MERGER = "merger", _("合并")
    SPLIT = "split", _("分立")
    CHANGE_LINE = "change_line", _("转业")


class RevocationGround(models.TextChoices):
    """第十条."""

    FALSE_INFORMATION = "false_information", _("（一）提交材料中存在虚假信息")
    LOW_RATES = "low_rates", _("（二）学员满意度或考试通过率低于规定标准")
    PENALTY = "penalty", _("（三）因违法、违规行为受到执法部门处罚")
    NO_LONGER_QUALIFIED = "no_longer_qualified", _("（四）不再符合备案标准的其他情况")


class AnnouncementKind(models.TextChoices):
    """第七条 统一对外公告, 第九条 changes and 第十条 revocations of the register, announced to the public."""

    REGISTRATION = "registration", _("备案公告")
    CHANGE = "change", _("变更公告")
    REVOCATION = "revocation", _("取消备案公告")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认取消")
    DISMISSED = "dismissed", _("不予取消")
