from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("退回修改")
    REJECTED = "rejected", _("不予通过")
    IN_NOTICE = "in_notice", _("公示中")
    CONFIRMED = "confirmed", _("已确认")
    WITHDRAWN = "withdrawn", _("已撤回")


class Decision(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("同意")
    RETURNED = "returned", _("退回修改")
    REJECTED = "rejected", _("不同意")
    SKIPPED = "skipped", _("无需审核")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


# The one transition table: from status -> statuses it may move to.
TRANSITIONS = {
    CaseStatus.DRAFT: {CaseStatus.IN_REVIEW, CaseStatus.WITHDRAWN},
    CaseStatus.IN_REVIEW: {CaseStatus.IN_REVIEW, CaseStatus.RETURNED, CaseStatus.REJECTED, CaseStatus.IN_NOTICE,
                           CaseStatus.CONFIRMED, CaseStatus.WITHDRAWN},
    CaseStatus.RETURNED: {CaseStatus.IN_REVIEW, CaseStatus.WITHDRAWN},
    CaseStatus.IN_NOTICE: {CaseStatus.CONFIRMED, CaseStatus.REJECTED},
    CaseStatus.REJECTED: set(),
    CaseStatus.CONFIRMED: set(),
    CaseStatus.WITHDRAWN: set(),
}
