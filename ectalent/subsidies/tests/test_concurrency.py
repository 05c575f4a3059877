"""Parallel approvals against a nearly empty budget line, parallel approvals for one worker, parallel repeats of one
payment (PostgreSQL row locks): no overdraft, no month counted twice, no double payment."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from ectalent.subsidies import actions
from ectalent.subsidies.models import Grant, Payment, WorkerMonths
from ectalent.registry.tests.factories import make_person

from .helpers import chuxiong, csv_upload, wft_claim

pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")


def _parallel(func, items):
    results, barrier = [], threading.Barrier(len(items))

    def worker(item):
        close_old_connections()
        barrier.wait()
        try:
            results.append(("ok", func(item)))
        except ValidationError as exc:
            results.append(("refused", exc.messages[0]))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _claim(w, person, months):
    claim = wft_claim(w)
    actions.add_worker(claim, person=person, groups=["hard_to_employ"], start=datetime.date(2020, 1, 1), acting_user=w.staff)
    actions.import_payroll(claim, csv_upload([(person.id_number, person.name, m, "1000") for m in months]), acting_user=w.staff)
    return claim


@pg_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data")
def test_parallel_approvals_never_overdraw_the_line():
    """Eight approvals of 200 元 each against a line with 500 元: exactly two succeed."""
    w = chuxiong(allocated="500.00")
    claims = [_claim(w, make_person("532301"), ["2020-01"]) for _ in range(8)]
    results = _parallel(lambda c: actions.approve_grant(c, acting_user=w.pref_hr), claims)
    assert [r[0] for r in results].count("ok") == 2
    assert w.line.balances()["available"] == Decimal("100.00")


@pg_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data")
def test_parallel_approvals_for_one_worker_hold_the_six_month_cap():
    w = chuxiong()
    person = w.workers[0]
    claims = [_claim(w, person, [f"2020-{m:02d}" for m in range(1 + 4 * i, 5 + 4 * i)]) for i in range(3)]
    _parallel(lambda c: actions.approve_grant(c, acting_user=w.pref_hr), claims)
    assert WorkerMonths.objects.get(person=person).months == 6
    assert sum(g.amount for g in Grant.objects.all()) == Decimal("1200.00")


@pg_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data")
def test_parallel_repeats_of_one_payment_pay_once():
    w = chuxiong()
    claim = _claim(w, w.workers[0], ["2020-01", "2020-02"])
    grant = actions.approve_grant(claim, acting_user=w.pref_hr)
    results = _parallel(lambda i: actions.request_payment(grant, grant.amount, idempotency_key="K-1",
                                                          acting_user=w.pref_finance)[0].pk, list(range(8)))
    assert {r[1] for r in results} == {Payment.objects.get().pk}
    assert Payment.objects.count() == 1
