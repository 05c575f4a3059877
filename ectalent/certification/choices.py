from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """spec/certification-eligibility.md: the levels the province examines (电子商务员 follows national rules)."""

    ASSISTANT = "assistant", _("助理电子商务师")
    SPECIALIST = "specialist", _("电子商务师")
    SENIOR = "senior", _("高级电子商务师")
    MANAGER = "manager", _("电子商务职业经理人")


DIRECTION_LEVELS = (Level.ASSISTANT, Level.SPECIALIST)  # examined per direction: online + practical
THESIS_LEVELS = (Level.SENIOR, Level.MANAGER)  # online exam + thesis defence (or 电子商务策划案)


class ScorePart(models.TextChoices):
    ONLINE = "online", _("在线考试")
    PRACTICAL = "practical", _("实操考试")
    THESIS = "thesis", _("论文答辩（或电子商务策划案）")


PARTS_BY_LEVEL = {
    Level.ASSISTANT: (ScorePart.ONLINE, ScorePart.PRACTICAL),
    Level.SPECIALIST: (ScorePart.ONLINE, ScorePart.PRACTICAL),
    Level.SENIOR: (ScorePart.ONLINE, ScorePart.THESIS),
    Level.MANAGER: (ScorePart.ONLINE, ScorePart.THESIS),
}


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("未发布")
    PUBLISHED = "published", _("报名中/已发布")
    CLOSED = "closed", _("报名截止")
    RESULTS_PUBLISHED = "results_published", _("成绩已公布")


class PracticeKind(models.TextChoices):
    """附件1 考试认证: one month at a registered practice base, or three months' internship at an enterprise."""

    BASE = "base", _("在省电子商务实践基地实际训练")
    INTERNSHIP = "internship", _("在电商企业实习")


class EvidenceKind(models.TextChoices):
    DIPLOMA = "diploma", _("学历证书")
    WORK = "work", _("工作证明")
    CERTIFICATE = "certificate", _("已获职业资格证书")
    TRAINING = "training", _("培训结业证书")
    PRACTICE = "practice", _("实践/实习证明")
    OTHER = "other", _("其他")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")
