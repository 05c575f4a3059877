"""Subsidies and loans of seed 002 (楚雄州 2020): budget lines with an append-only ledger, claims per measure,
grants with their calculation record, caps across claims held by the database, payments.

Money is ``Decimal`` in 元 (two decimals). A budget line's balances are sums of its ledger rows, never a stored
figure; ledger rows are never changed or deleted.
"""

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from ectalent.accounts.scoping import scope_q

from .choices import EnterpriseSize, EntryKind, GrantStatus, Measure, PaymentStatus, Purpose

ZERO = Decimal("0.00")


class BudgetLineQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region"))


class BudgetLine(models.Model):
    """One year's money for one purpose of the prefecture's employment special fund (措施一)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    purpose = models.CharField(_("用途"), max_length=32, choices=Purpose.choices)
    cite = models.CharField(_("依据"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("设立时间"), auto_now_add=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("预算科目")
        verbose_name_plural = _("预算科目")
        ordering = ["-year", "purpose"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "purpose"], name="one_budget_line_per_purpose")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_purpose_display()}"

    def balances(self) -> dict:
        sums = {kind: ZERO for kind in EntryKind.values}
        for row in self.entries.values("kind").annotate(total=Sum("amount")):
            sums[row["kind"]] = row["total"] or ZERO
        allocated = sums[EntryKind.ALLOCATE] + sums[EntryKind.INCREASE]
        paid = sums[EntryKind.POST]
        reserved = sums[EntryKind.RESERVE] - sums[EntryKind.RELEASE] - paid
        return {"allocated": allocated, "reserved": reserved, "paid": paid,
                "available": allocated - reserved - paid, "increased": sums[EntryKind.INCREASE]}


class LedgerEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(line__in=BudgetLine.objects.visible_to(user))


class LedgerEntry(models.Model):
    """An append-only row of a budget line's ledger."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("预算科目"), on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("类型"), max_length=16, choices=EntryKind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    reason = models.CharField(_("事由"), max_length=255)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    grant = models.ForeignKey("Grant", verbose_name=_("补贴"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="entries")
    created_at = models.DateTimeField(_("记账时间"), auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("预算台账")
        verbose_name_plural = _("预算台账")
        ordering = ["line", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_positive"),
            # a grant reserves once, posts once, releases once
            models.UniqueConstraint(fields=["grant", "kind"], condition=Q(grant__isnull=False), name="one_entry_per_grant_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ledger entries are append-only")


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, region="region", organisation="organisation", own="person_id"))


class Claim(models.Model):
    """A claim under one measure, reviewed county 人社 → prefecture 人社 with 财政 (workflow ``subsidies``)."""

    measure = models.CharField(_("措施"), max_length=32, choices=Measure.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在县市"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("registry.Organisation", verbose_name=_("申请单位"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", verbose_name=_("申请人"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    enterprise_size = models.CharField(_("企业规模"), max_length=8, choices=EnterpriseSize.choices, blank=True)
    as_of = models.DateField(_("核算截止日期"))
    facts = models.JSONField(_("申报事实"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("补贴申请")
        verbose_name_plural = _("补贴申请")
        ordering = ["-id"]

    def __str__(self) -> str:
        who = self.organisation or self.person
        return f"{self.get_measure_display()} · {who} · {self.pk}"

    @property
    def case(self):
        from ectalent.workflow.models import Case

        return Case.objects.filter(subject_type="subsidies.claim", subject_id=str(self.pk)).first()


class ClaimWorker(models.Model):
    """A worker of a work-for-training claim (措施四), with the employment the enterprise declares."""

    claim = models.ForeignKey(Claim, verbose_name=_("补贴申请"), on_delete=models.CASCADE, related_name="workers")
    person = models.ForeignKey("registry.Person", verbose_name=_("劳动者"), on_delete=models.PROTECT, related_name="+")
    groups = models.JSONField(_("人员类别"), default=list)
    left_school_on = models.DateField(_("离校日期"), null=True, blank=True)
    start = models.DateField(_("吸纳就业日期"))
    end = models.DateField(_("离职日期"), null=True, blank=True, help_text=_("在职请留空"))

    class Meta:
        verbose_name = _("以工代训人员")
        verbose_name_plural = _("以工代训人员")
        ordering = ["claim", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "person"], name="one_worker_per_claim")]

    def __str__(self) -> str:
        return self.person.name

    @property
    def group_labels(self) -> list[str]:
        from .choices import WorkerGroup

        return [WorkerGroup(g).label for g in self.groups if g in WorkerGroup.values]


class PayrollLine(models.Model):
    worker = models.ForeignKey(ClaimWorker, verbose_name=_("劳动者"), on_delete=models.CASCADE, related_name="payroll")
    month = models.CharField(_("月份"), max_length=7)
    wage = models.DecimalField(_("应发工资（元）"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("工资发放记录")
        verbose_name_plural = _("工资发放记录")
        ordering = ["worker", "month"]
        constraints = [models.UniqueConstraint(fields=["worker", "month"], name="one_wage_per_worker_month")]


class GrantQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(claim__in=Claim.objects.visible_to(user))


class Grant(models.Model):
    """What a claim was granted, with its calculation record (inputs, parameters with dates and citations, engine
    version, result), hashed into the audit chain when approved."""

    claim = models.OneToOneField(Claim, verbose_name=_("补贴申请"), on_delete=models.PROTECT, related_name="grant")
    line = models.ForeignKey(BudgetLine, verbose_name=_("预算科目"), on_delete=models.PROTECT, related_name="grants")
    measure = models.CharField(_("措施"), max_length=32, choices=Measure.choices)
    person = models.ForeignKey("registry.Person", verbose_name=_("受益人"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("核定金额（元）"), max_digits=14, decimal_places=2)
    status = models.CharField(_("状态"), max_length=16, choices=GrantStatus.choices, default=GrantStatus.RESERVED)
    record = models.JSONField(_("核算记录"))
    record_hash = models.CharField(_("核算记录哈希"), max_length=64)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), auto_now_add=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("补贴核定")
        verbose_name_plural = _("补贴核定")
        ordering = ["-id"]
        constraints = [
            # 措施七: the hiring subsidy once per person, ever (a void grant does not count)
            models.UniqueConstraint(fields=["person"], condition=Q(measure="hiring") & ~Q(status="void"),
                                    name="hiring_subsidy_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.claim} · {self.amount}"


def record_hash(record: dict) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class WorkerMonths(models.Model):
    """The months of work-for-training subsidised for one person across every claim and enterprise (措施四).

    Its row is locked while a grant takes months, so two approvals for one worker count one after the other."""

    person = models.OneToOneField("registry.Person", verbose_name=_("劳动者"), on_delete=models.PROTECT, related_name="+")
    months = models.PositiveSmallIntegerField(_("已补贴月数"), default=0)

    class Meta:
        verbose_name = _("以工代训累计月数")
        verbose_name_plural = _("以工代训累计月数")


class SubsidisedMonth(models.Model):
    """One month of one worker paid by a work-for-training grant; a month is never subsidised twice."""

    person = models.ForeignKey("registry.Person", verbose_name=_("劳动者"), on_delete=models.PROTECT, related_name="+")
    month = models.CharField(_("月份"), max_length=7)
    grant = models.ForeignKey(Grant, verbose_name=_("补贴核定"), on_delete=models.PROTECT, related_name="months")
    wage = models.DecimalField(_("应发工资（元）"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("以工代训补贴月份")
        verbose_name_plural = _("以工代训补贴月份")
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="one_subsidy_per_worker_month")]


class PaymentBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(line__in=BudgetLine.objects.visible_to(user))


class PaymentBatch(models.Model):
    line = models.ForeignKey(BudgetLine, verbose_name=_("预算科目"), on_delete=models.PROTECT, related_name="batches")
    name = models.CharField(_("批次名称"), max_length=128)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = PaymentBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("支付批次")
        verbose_name_plural = _("支付批次")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name


class PaymentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(grant__in=Grant.objects.visible_to(user))


class Payment(models.Model):
    """One payment of one grant: its natural key is the grant (one payment per grant); a request may also carry an
    ``Idempotency-Key``. A repeat returns the first payment; a repeat with another amount is refused."""

    grant = models.OneToOneField(Grant, verbose_name=_("补贴核定"), on_delete=models.PROTECT, related_name="payment")
    batch = models.ForeignKey(PaymentBatch, verbose_name=_("支付批次"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="payments")
    amount = models.DecimalField(_("支付金额（元）"), max_digits=14, decimal_places=2)
    idempotency_key = models.CharField(_("幂等键"), max_length=128, null=True, blank=True, unique=True)
    status = models.CharField(_("状态"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    bank_reference = models.CharField(_("银行流水号"), max_length=64, blank=True)
    failure = models.CharField(_("失败原因"), max_length=255, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    settled_at = models.DateTimeField(_("到账时间"), null=True, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("补贴支付")
        verbose_name_plural = _("补贴支付")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.grant} · {self.amount}"
