"""Work-for-training claims: the payroll sheet (all-or-nothing, every error named), the review county → prefecture
with 财政, the grant with its calculation record in the audit chain, the budget reservation, the 6-month cap."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ectalent.audit.models import AuditEvent
from ectalent.subsidies import actions
from ectalent.subsidies.choices import Measure, Purpose
from ectalent.subsidies.models import BudgetLine, Grant, PayrollLine, SubsidisedMonth, WorkerMonths
from ectalent.registry.tests.factories import make_person, region

from .helpers import OTHER_COUNTY, PREFECTURE, approve_all, chuxiong, csv_upload, wft_claim, xlsx_upload

pytestmark = pytest.mark.django_db


def with_workers(w, claim, start=datetime.date(2020, 3, 1), end=None, people=None, staff=None):
    for person in people or w.workers:
        actions.add_worker(claim, person=person, groups=["hard_to_employ"], start=start, end=end,
                           acting_user=staff or w.staff)
    return claim


def months_rows(people, months, wage="3000"):
    return [(p.id_number, p.name, m, wage) for p in people for m in months]


def test_payroll_with_planted_errors_is_refused_whole_with_every_error_named():
    w = chuxiong()
    claim = with_workers(w, wft_claim(w), start=datetime.date(2020, 3, 1), end=datetime.date(2020, 9, 30))
    stranger = make_person("532301", name="路人")
    a, b, c = w.workers
    rows = [
        (a.id_number, a.name, "2020-04", "3000"),
        (stranger.id_number, stranger.name, "2020-04", "3000"),  # unknown worker (row 3)
        (b.id_number, b.name, "2020-11", "3000"),  # outside the employment (row 4)
        (c.id_number, c.name, "2020-05", "-10"),  # negative wage (row 5)
        (a.id_number, a.name, "2020-05", "=1000*3"),  # formula (row 6)
        (a.id_number, a.name, "2020-04", "3000"),  # duplicate of row 2 (row 7)
    ]
    with pytest.raises(ValidationError) as exc:
        actions.import_payroll(claim, xlsx_upload(rows), acting_user=w.staff)
    text = "\n".join(exc.value.messages)
    assert "第 3 行 A 列" in text and "不是本申请登记的以工代训人员" in text
    assert "第 4 行 C 列" in text and "任职期间" in text
    assert "第 5 行 D 列" in text and "负数" in text
    assert "第 6 行 D 列" in text and "公式" in text
    assert "第 7 行 C 列" in text and "重复" in text
    assert not PayrollLine.objects.exists()


def test_formula_in_csv_refused_too():
    w = chuxiong()
    claim = with_workers(w, wft_claim(w), people=w.workers[:1])
    a = w.workers[0]
    with pytest.raises(ValidationError) as exc:
        actions.import_payroll(claim, csv_upload([(a.id_number, a.name, "2020-04", "=SUM(1)")]), acting_user=w.staff)
    assert "公式" in exc.value.messages[0]


def test_full_path_reserves_records_and_caps_a_later_claim():
    w = chuxiong()
    claim = with_workers(w, wft_claim(w), start=datetime.date(2020, 3, 1))
    months = ["2020-03", "2020-04", "2020-05", "2020-06", "2020-07"]
    assert actions.import_payroll(claim, xlsx_upload(months_rows(w.workers, months)), acting_user=w.staff) == 15
    preview = actions.preview(claim)
    assert preview["total"] == Decimal("9000.00")  # 3 workers × 5 months × 3000 × 20 %
    actions.submit_claim(claim, acting_user=w.staff)
    events = AuditEvent.objects.count()
    case = approve_all(claim, w)
    assert case.status == "confirmed"
    grant = Grant.objects.get(claim=claim)
    assert grant.amount == Decimal("9000.00")
    assert w.line.balances() == {"allocated": Decimal("100000.00"), "reserved": Decimal("9000.00"),
                                 "paid": Decimal("0.00"), "available": Decimal("91000.00"), "increased": Decimal("0.00")}
    assert AuditEvent.objects.filter(object_type="subsidies.grant", after__record_hash=grant.record_hash).exists()
    assert AuditEvent.objects.count() > events
    params = {p["name"]: p for p in grant.record["results"][0]["parameters"]}
    assert params["wft.rate"]["value"] == "0.20" and params["wft.rate"]["cite"]
    assert actions.recompute(grant)["matches"]
    assert WorkerMonths.objects.get(person=w.workers[0]).months == 5

    # a later claim by another enterprise, for one of the workers: cut at the 6-month cap
    later = with_workers(w, wft_claim(w, org=w.org2, staff=w.staff2), start=datetime.date(2020, 8, 1),
                         people=w.workers[:1], staff=w.staff2)
    actions.import_payroll(later, csv_upload(months_rows(w.workers[:1], ["2020-08", "2020-09", "2020-10"], "4000")),
                           acting_user=w.staff2)
    actions.submit_claim(later, acting_user=w.staff2)
    approve_all(later, w, county_hr=w.county2_hr)
    cut = Grant.objects.get(claim=later)
    assert cut.amount == Decimal("800.00")  # one month left: 4000 × 20 %
    assert cut.record["results"][0]["extra"]["months"] == ["2020-08"]
    assert "超出上限不计" in " ".join(r["text"] for r in cut.record["results"][0]["reasons"])
    assert WorkerMonths.objects.get(person=w.workers[0]).months == 6

    # and a third one is refused with the reason
    third = with_workers(w, wft_claim(w), start=datetime.date(2020, 11, 1), people=w.workers[:1])
    actions.import_payroll(third, csv_upload(months_rows(w.workers[:1], ["2020-11"])), acting_user=w.staff)
    actions.submit_claim(third, acting_user=w.staff)
    with pytest.raises(ValidationError) as exc:
        approve_all(third, w)
    assert "无可补贴金额" in exc.value.messages[0]
    assert not Grant.objects.filter(claim=third).exists()


def test_tampered_record_fails_recompute():
    w = chuxiong()
    claim = with_workers(w, wft_claim(w), people=w.workers[:1])
    actions.import_payroll(claim, csv_upload(months_rows(w.workers[:1], ["2020-03"])), acting_user=w.staff)
    actions.submit_claim(claim, acting_user=w.staff)
    approve_all(claim, w)
    grant = Grant.objects.get(claim=claim)
    grant.record["results"][0]["amount"] = "9999.00"
    Grant.objects.filter(pk=grant.pk).update(record=grant.record)
    grant.refresh_from_db()
    result = actions.recompute(grant)
    assert not result["matches"] and not result["same_hash"]


def test_approval_refused_when_budget_short_and_nothing_written():
    w = chuxiong(allocated="100.00")
    claim = with_workers(w, wft_claim(w), people=w.workers[:1])
    actions.import_payroll(claim, csv_upload(months_rows(w.workers[:1], ["2020-03", "2020-04"])), acting_user=w.staff)
    actions.submit_claim(claim, acting_user=w.staff)
    with pytest.raises(ValidationError) as exc:
        approve_all(claim, w)
    assert "不足以预留" in exc.value.messages[0]
    assert not Grant.objects.exists() and not SubsidisedMonth.objects.exists()
    assert w.line.balances()["available"] == Decimal("100.00")


def test_void_releases_and_gives_months_back():
    w = chuxiong()
    claim = with_workers(w, wft_claim(w), people=w.workers[:1])
    actions.import_payroll(claim, csv_upload(months_rows(w.workers[:1], ["2020-03", "2020-04"])), acting_user=w.staff)
    actions.submit_claim(claim, acting_user=w.staff)
    approve_all(claim, w)
    grant = Grant.objects.get(claim=claim)
    actions.void_grant(grant, acting_user=w.pref_finance, reason="企业申请撤销")
    assert w.line.balances()["available"] == Decimal("100000.00")
    assert WorkerMonths.objects.get(person=w.workers[0]).months == 0


def test_hiring_subsidy_once_per_person():
    w = chuxiong()
    line = BudgetLine.objects.create(region=region(PREFECTURE), year=2021, purpose=Purpose.EMPLOYMENT_STARTUP)
    from ectalent.subsidies import budget

    budget.allocate(line, Decimal("50000"), reason="2021 年度安排", acting_user=w.pref_finance)
    graduate = w.workers[0]
    facts = {"enterprise": {"size": "small", "ecommerce": True}, "person": {"graduated_on": "2021-06-30"},
             "hired_on": "2021-07-01", "contract_months": 12, "social_insurance": True}
    first = actions.create_claim(measure=Measure.HIRING, region=w.org.region, organisation=w.org, person=graduate,
                                 as_of=datetime.date(2021, 7, 1), facts=facts, acting_user=w.staff)
    second = actions.create_claim(measure=Measure.HIRING, region=w.org2.region, organisation=w.org2, person=graduate,
                                  as_of=datetime.date(2021, 7, 1), facts=facts, acting_user=w.staff2)
    assert actions.approve_grant(first, acting_user=w.pref_hr).amount == Decimal("5000.00")
    with pytest.raises(ValidationError) as exc:
        actions.approve_grant(second, acting_user=w.pref_hr)
    assert "已领取过" in exc.value.messages[0] or "只享受一次" in exc.value.messages[0]


def test_county_official_of_another_county_cannot_see_claim(client):
    w = chuxiong()
    claim = wft_claim(w)
    from django.urls import reverse

    client.force_login(w.county2_hr)
    assert client.get(reverse("subsidies:claim-detail", args=[claim.pk])).status_code == 404
    client.force_login(w.county_hr)
    assert client.get(reverse("subsidies:claim-detail", args=[claim.pk])).status_code == 200
