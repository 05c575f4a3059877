"""Payments: idempotent per grant and per key, batches exported for the bank, the return file row by row,
reconciliation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ectalent.subsidies import actions
from ectalent.subsidies.models import Grant, Payment

from .helpers import approve_all, chuxiong, csv_upload, wft_claim, xlsx_upload

pytestmark = pytest.mark.django_db


def granted(w, months=("2020-03",)):
    claim = wft_claim(w)
    person = w.workers[0]
    actions.add_worker(claim, person=person, groups=["registered_unemployed"], start=datetime.date(2020, 3, 1),
                       acting_user=w.staff)
    actions.import_payroll(claim, csv_upload([(person.id_number, person.name, m, "2500") for m in months]),
                           acting_user=w.staff)
    actions.submit_claim(claim, acting_user=w.staff)
    approve_all(claim, w)
    return Grant.objects.get(claim=claim)


def test_repeat_returns_first_and_other_amount_refused():
    w = chuxiong()
    grant = granted(w)
    first, created = actions.request_payment(grant, "500.00", idempotency_key="A", acting_user=w.pref_finance)
    again, created2 = actions.request_payment(grant, "500.00", idempotency_key="A", acting_user=w.pref_finance)
    assert created and not created2 and first.pk == again.pk
    same_grant, created3 = actions.request_payment(grant, "500.00", acting_user=w.pref_finance)
    assert same_grant.pk == first.pk and not created3
    with pytest.raises(ValidationError):
        actions.request_payment(grant, "499.00", idempotency_key="A", acting_user=w.pref_finance)
    with pytest.raises(ValidationError):
        actions.request_payment(grant, "499.00", acting_user=w.pref_finance)
    assert Payment.objects.count() == 1


def test_batch_export_return_file_and_reconciliation(client):
    w = chuxiong()
    g1 = granted(w)
    batch = actions.create_batch(w.line, name="2020 年第 1 批", acting_user=w.pref_finance)
    payment = batch.payments.get()
    assert payment.amount == g1.amount == Decimal("500.00")
    client.force_login(w.pref_finance)
    response = client.get(reverse("subsidies:batch-export", args=[batch.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    result = actions.import_bank_return(batch, xlsx_upload(
        [(str(payment.pk), "BANK-001", "成功", ""), ("999999", "X", "成功", "")], headers=actions.RETURN_HEADERS),
        acting_user=w.pref_finance)
    assert result["paid"] == 1 and any("999999" in p for p in result["problems"])
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.bank_reference == "BANK-001"
    b = w.line.balances()
    assert b["paid"] == Decimal("500.00") and b["reserved"] == Decimal("0.00")
    # the same return row again posts nothing more
    actions.import_bank_return(batch, xlsx_upload([(str(payment.pk), "BANK-001", "成功", "")], headers=actions.RETURN_HEADERS),
                               acting_user=w.pref_finance)
    assert w.line.balances()["paid"] == Decimal("500.00")
    assert actions.reconcile(w.line)["balanced"]


def test_failed_row_named():
    w = chuxiong()
    granted(w)
    batch = actions.create_batch(w.line, name="b", acting_user=w.pref_finance)
    payment = batch.payments.get()
    result = actions.import_bank_return(batch, xlsx_upload([(str(payment.pk), "", "失败", "账户已销户")],
                                                           headers=actions.RETURN_HEADERS), acting_user=w.pref_finance)
    assert result["failed"] == 1 and "账户已销户" in result["problems"][0]
    payment.refresh_from_db()
    assert payment.status == "failed"
    assert w.line.balances()["paid"] == Decimal("0.00")
