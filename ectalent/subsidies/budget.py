"""The budget ledger (措施一): allocate, increase, reserve, post, release — each an append-only row.

Every function that takes money from a line locks the line's row first (``SELECT … FOR UPDATE``; SQLite's
IMMEDIATE transactions already serialise writers), then sums the ledger and writes, in one transaction: the
available amount can never go below zero, however many approvers act at once.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction

from .choices import EntryKind
from .models import BudgetLine, LedgerEntry

CENT = Decimal("0.01")


def _amount(value) -> Decimal:
    amount = Decimal(value).quantize(CENT)
    if amount <= 0:
        raise ValidationError(_("金额须大于 0。"), code="amount")
    return amount


def _write(line: BudgetLine, kind: str, amount: Decimal, *, reason: str, acting_user, grant=None) -> LedgerEntry:
    entry = LedgerEntry.objects.create(line=line, kind=kind, amount=amount, reason=reason[:255], approver=acting_user,
                                       grant=grant)
    record(AuditAction.CREATE, entry, actor=acting_user, region_id=line.region_id,
           after={"line": line.pk, "kind": kind, "amount": str(amount), "grant": getattr(grant, "pk", None)},
           note=reason[:500])
    return entry


def lock(line: BudgetLine) -> BudgetLine:
    return BudgetLine.objects.select_for_update().get(pk=line.pk)


def allocate(line: BudgetLine, amount, *, reason: str, acting_user, increase: bool = False) -> LedgerEntry:
    """The year's allocation, or a mid-year increase (适时增加): never silent, always with reason and approver."""
    if not reason.strip():
        raise ValidationError(_("请填写事由。"), code="reason_required")
    with transaction.atomic():
        line = lock(line)
        kind = EntryKind.INCREASE if increase else EntryKind.ALLOCATE
        return _write(line, kind, _amount(amount), reason=reason, acting_user=acting_user)


def reserve(line: BudgetLine, amount, *, grant, acting_user, reason: str = "") -> LedgerEntry:
    """Reserve a grant's amount when it is approved; refused when the line has not that much available."""
    with transaction.atomic():
        line = lock(line)
        amount = _amount(amount)
        available = line.balances()["available"]
        if amount > available:
            raise ValidationError(
                _("预算科目“%(line)s”可用余额 %(available)s 元，不足以预留 %(amount)s 元。")
                % {"line": line, "available": f"{available:,.2f}", "amount": f"{amount:,.2f}"},
                code="insufficient",
            )
        return _write(line, EntryKind.RESERVE, amount, reason=reason or _("审批通过，预留资金"), acting_user=acting_user,
                      grant=grant)


def post(line: BudgetLine, amount, *, grant, acting_user, reason: str = "") -> LedgerEntry:
    with transaction.atomic():
        line = lock(line)
        return _write(line, EntryKind.POST, _amount(amount), reason=reason or _("银行回单确认到账"),
                      acting_user=acting_user, grant=grant)


def release(line: BudgetLine, amount, *, grant, acting_user, reason: str) -> LedgerEntry:
    with transaction.atomic():
        line = lock(line)
        return _write(line, EntryKind.RELEASE, _amount(amount), reason=reason, acting_user=acting_user, grant=grant)
