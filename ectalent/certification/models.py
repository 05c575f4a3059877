"""Certification of e-commerce professionals (seed 003 附件1): sessions, applications, scores, results, certificates.

Eligibility comes from the policy engine (``ectalent.rules``) and is stored with the application (the facts and the
pack version used). The centre's pre-check (资格初审) runs on the shared ``workflow`` component. Pass marks, the
minimum number of directions and practice durations are pack parameters (``exam.*``, ``practice.*``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.scoping import scope_q
from ectalent.core.uploads import private_storage, private_upload_to

from .choices import CertificateStatus, EvidenceKind, Level, PracticeKind, ScorePart, SessionStatus


class ExamSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published sessions are public; drafts only to the certification centre and administrators."""
        from ectalent.accounts.choices import Role

        if user is not None and user.is_authenticated and (user.is_platform_admin or user.role == Role.CERT_CENTRE):
            return self.all()
        return self.exclude(status=SessionStatus.DRAFT)


class ExamSession(models.Model):
    """考试批次: opened and published by the certification centre."""

    code = models.CharField(_("批次编号"), max_length=32, unique=True)
    name = models.CharField(_("批次名称"), max_length=128)
    level = models.CharField(_("等级"), max_length=16, choices=Level.choices)
    directions = models.JSONField(_("开考方向"), default=list, blank=True)
    applications_open = models.DateField(_("报名开始"))
    applications_close = models.DateField(_("报名截止"))
    exam_starts = models.DateField(_("考试开始"))
    exam_ends = models.DateField(_("考试结束"))
    places = models.PositiveIntegerField(_("名额"))
    venue = models.CharField(_("考点"), max_length=255, blank=True)
    status = models.CharField(_("状态"), max_length=24, choices=SessionStatus.choices, default=SessionStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("成绩公布时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    objects = ExamSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("考试批次")
        verbose_name_plural = _("考试批次")
        ordering = ["-exam_starts"]

    def __str__(self) -> str:
        return self.name


class CertApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officials by the applicant's region; a training institution its own trainees' applications; an applicant
        their own."""
        return self.filter(scope_q(user, region="person__region", organisation="institution", own="person_id"))


class CertApplication(models.Model):
    """报名: one person for one session, with the directions chosen, proof, practice and the eligibility answer."""

    session = models.ForeignKey(ExamSession, verbose_name=_("考试批次"), on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey("registry.Person", verbose_name=_("考生"), on_delete=models.PROTECT, related_name="cert_applications")
    institution = models.ForeignKey("registry.Organisation", verbose_name=_("代报培训机构"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    directions = models.JSONField(_("报考方向"), default=list, blank=True)
    practice_kind = models.CharField(_("实践方式"), max_length=16, choices=PracticeKind.choices, blank=True)
    practice_base = models.ForeignKey("accreditation.RegisteredUnit", verbose_name=_("实践基地"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    practice_enterprise = models.CharField(_("实习企业"), max_length=128, blank=True)
    practice_start = models.DateField(_("实践开始"), null=True, blank=True)
    practice_end = models.DateField(_("实践结束"), null=True, blank=True)
    facts = models.JSONField(_("申报事实"), default=dict, blank=True, help_text=_("提交时的 applicant-facts 文档"))
    eligibility = models.JSONField(_("资格判定"), default=dict, blank=True, help_text=_("提交时规则引擎的答复"))
    policy_version = models.CharField(_("政策版本"), max_length=64, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报名人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("认证报名")
        verbose_name_plural = _("认证报名")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_application_per_session")]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.session.name}"

    @property
    def case(self):
        from ectalent.workflow.models import Case

        return Case.objects.filter(subject_type="certification.certapplication", subject_id=str(self.pk)).first()


class Evidence(models.Model):
    application = models.ForeignKey(CertApplication, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("材料类别"), max_length=16, choices=EvidenceKind.choices)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=private_upload_to("certification"))
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")


class ScoreQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(application__in=CertApplication.objects.visible_to(user))


class Score(models.Model):
    """One part of one direction (``direction`` is empty for senior and manager) of one candidate."""

    application = models.ForeignKey(CertApplication, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="scores")
    direction = models.CharField(_("方向"), max_length=32, blank=True)
    part = models.CharField(_("科目"), max_length=16, choices=ScorePart.choices)
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=2)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("成绩")
        verbose_name_plural = _("成绩")
        constraints = [models.UniqueConstraint(fields=["application", "direction", "part"], name="one_score_per_part")]


class ResultQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(application__in=CertApplication.objects.visible_to(user))


class Result(models.Model):
    """The outcome of one application by the spec's rule; published after the centre's approval."""

    application = models.OneToOneField(CertApplication, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="result")
    passed_directions = models.JSONField(_("通过的方向"), default=list, blank=True,
                                         help_text=_("含此前批次已通过、保留的方向"))
    carried_directions = models.JSONField(_("保留的方向"), default=list, blank=True)
    passed = models.BooleanField(_("通过认证"))
    explanation = models.JSONField(_("判定说明"), default=list, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)
    published = models.BooleanField(_("已公布"), default=False)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("认证结果")
        verbose_name_plural = _("认证结果")


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="person__region", own="person_id"))


class Certificate(models.Model):
    number = models.CharField(_("证书编号"), max_length=32, unique=True)
    person = models.ForeignKey("registry.Person", verbose_name=_("持证人"), on_delete=models.PROTECT, related_name="issued_certificates")
    application = models.OneToOneField(CertApplication, verbose_name=_("报名"), on_delete=models.PROTECT, related_name="certificate")
    level = models.CharField(_("等级"), max_length=16, choices=Level.choices)
    directions = models.JSONField(_("方向"), default=list, blank=True)
    issued_on = models.DateField(_("发证日期"))
    issuer = models.CharField(_("发证机构"), max_length=128)
    payload = models.JSONField(_("签名内容"), default=dict, blank=True)
    signature = models.CharField(_("签名"), max_length=200)
    key_id = models.CharField(_("签名密钥"), max_length=32)
    status = models.CharField(_("状态"), max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.VALID)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revocation_reason = models.TextField(_("撤销原因"), blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number
