"""The budget ledger: append-only rows, balances as sums, never below zero."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ectalent.subsidies import budget
from ectalent.subsidies.models import LedgerEntry

from .helpers import chuxiong

pytestmark = pytest.mark.django_db


def test_allocation_and_increase_need_reason_and_are_ledger_rows():
    w = chuxiong()
    budget.allocate(w.line, "2500.50", reason="年中追加：以工代训申请增多", increase=True, acting_user=w.pref_finance)
    b = w.line.balances()
    assert b["allocated"] == Decimal("102500.50") and b["increased"] == Decimal("2500.50")
    with pytest.raises(ValidationError):
        budget.allocate(w.line, "1", reason=" ", acting_user=w.pref_finance)
    with pytest.raises(ValidationError):
        budget.allocate(w.line, "-5", reason="x", acting_user=w.pref_finance)


def test_ledger_rows_are_append_only():
    w = chuxiong()
    entry = LedgerEntry.objects.first()
    entry.amount = Decimal("1")
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
