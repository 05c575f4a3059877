"""The amounts of seed 002's measures as spec/subsidies.md reads them, and ``ectalent subsidy calc``."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from ectalent.rules.amounts import add_months, add_years
from ectalent.rules.packs import load_pack
from ectalent.subsidies.calc import PACK, answer, calculate
from ectalent.subsidies.validation import error_message, loads

SME = {"size": "small", "ecommerce": True}


def run(measure, doc, entered=None):
    doc = loads(json.dumps(doc))
    assert error_message(doc, measure) is None, error_message(doc, measure)
    return answer(measure, doc, calculate(measure, doc, entered=entered or {}))


def wft(**kw):
    doc = {"id": "W", "as_of": "2020-12-31", "enterprise": SME, "worker": {"groups": ["hard_to_employ"]},
           "employment": {"start": "2020-01-01", "end": None}, "wages": {}}
    doc.update(kw)
    return run("work_for_training", doc)


def test_pack_every_parameter_dated_and_cited():
    pack = load_pack(PACK)
    assert set(pack.measures) >= {"work_for_training", "hiring", "internship", "startup_loan", "startup_subsidy", "incubation"}
    for param in pack.parameters.values():
        for entry in param.values:
            assert entry.cite and entry.effective_from
    assert pack.param("wft.rate").values[0].value == Decimal("0.20")
    assert pack.param("hiring2020.amount").values[0].value is None  # 云人社发〔2020〕26号: to be entered


def test_anniversaries():
    assert add_years(datetime.date(2020, 2, 29), 2) == datetime.date(2022, 2, 28)
    assert add_months(datetime.date(2019, 8, 31), 6) == datetime.date(2020, 2, 29)
    assert add_months(datetime.date(2020, 12, 15), 1) == datetime.date(2021, 1, 15)


def test_wft_whole_months_with_wage_and_amount_rounded_once():
    out = wft(as_of="2020-07-15", employment={"start": "2020-03-15"},
              wages={"2020-03": 3000, "2020-04": "3000.03", "2020-05": 3000.01, "2020-06": "3000", "2020-07": 1})
    assert out["status"] == "eligible"
    assert out["months"] == ["2020-04", "2020-05", "2020-06"]
    assert out["amount"] == "1800.01"  # 9000.04 × 0.2 = 1800.008 → 1800.01


def test_wft_month_without_wage_not_counted_and_end_must_cover_last_day():
    out = wft(employment={"start": "2020-01-01", "end": "2020-04-29"},
              wages={"2020-01": 1000, "2020-03": 1000, "2020-04": 1000})
    assert out["months"] == ["2020-01", "2020-03"]
    assert out["amount"] == "400.00"


def test_wft_cap_across_claims_takes_earliest():
    wages = {f"2020-{m:02d}": 1000 for m in range(1, 13)}
    out = wft(wages=wages, months_already_subsidised=4)
    assert out["months"] == ["2020-01", "2020-02"]
    assert out["amount"] == "400.00"
    out = wft(wages=wages, months_already_subsidised=6)
    assert out["status"] == "ineligible" and out["amount"] is None and out["months"] == []
    assert wft(wages=wages)["months"] == [f"2020-{m:02d}" for m in range(1, 7)]


@pytest.mark.parametrize("size,ecommerce,status", [("micro", True, "eligible"), ("medium", True, "eligible"),
                                                    ("large", True, "ineligible"), ("small", False, "ineligible")])
def test_wft_enterprise(size, ecommerce, status):
    assert wft(enterprise={"size": size, "ecommerce": ecommerce}, wages={"2020-01": 100})["status"] == status


def test_wft_recent_graduate_needs_date_and_two_years():
    base = {"wages": {"2020-03": 100}, "employment": {"start": "2020-02-29"}}
    assert wft(worker={"groups": ["recent_graduate"]}, **base)["status"] == "ineligible"
    assert wft(worker={"groups": ["recent_graduate"], "left_school_on": "2018-02-28"}, **base)["status"] == "ineligible"
    assert wft(worker={"groups": ["recent_graduate"], "left_school_on": "2018-03-01"}, **base)["status"] == "eligible"
    assert wft(worker={"groups": []}, **base)["status"] == "ineligible"
    assert wft(worker={"groups": ["recent_graduate", "registered_unemployed"]}, **base)["status"] == "eligible"


def test_wft_as_of_cuts_unfinished_month():
    assert wft(as_of="2020-01-30", wages={"2020-01": 100})["status"] == "ineligible"
    assert wft(as_of="2020-01-31", wages={"2020-01": 100})["amount"] == "20.00"


def hire(entered=None, **kw):
    doc = {"id": "H", "enterprise": SME, "person": {}, "hired_on": "2021-03-01", "contract_months": 12, "social_insurance": True}
    doc.update(kw)
    return run("hiring", doc, entered)


def test_hiring_graduate_of_the_year():
    assert hire(person={"graduated_on": "2021-06-30"})["amount"] == "5000.00"
    assert hire(person={"graduated_on": "2020-06-30"})["status"] == "ineligible"
    assert hire(person={"graduated_on": "2021-06-30"}, contract_months=11)["status"] == "ineligible"
    assert hire(person={"graduated_on": "2021-06-30"}, social_insurance=False)["status"] == "ineligible"
    assert hire(person={"graduated_on": "2021-06-30"}, previously_paid=True)["status"] == "ineligible"
    assert hire(person={"graduated_on": "2021-06-30"}, enterprise={"size": "large", "ecommerce": True})["status"] == "ineligible"


def test_hiring_2020_special_case_awaits_the_rate_until_entered():
    special = {"person": {"graduated_on": "2018-06-30"}, "hired_on": "2020-05-01", "contract_months": 6}
    assert hire(**special)["status"] == "awaiting_parameter"
    assert hire(**special)["amount"] is None
    rate = {"hiring2020.amount": [(datetime.date(2020, 1, 1), None, Decimal("1000"), "云人社发〔2020〕26号 第二条")]}
    assert hire(rate, **special)["amount"] == "1000.00"
    # graduation year rule holds first in 2020: 5000, not the special rate
    assert hire(rate, person={"graduated_on": "2020-06-30"}, hired_on="2020-07-01")["amount"] == "5000.00"
    assert hire(**{**special, "contract_months": 5})["status"] == "ineligible"
    assert hire(**{**special, "hired_on": "2021-01-01"})["status"] == "ineligible"
    assert hire(**{**special, "person": {"graduated_on": "2017-04-30"}})["status"] == "ineligible"
    assert hire(**{**special, "person": {"registered_unemployed_since": "2019-11-01"}})["status"] == "awaiting_parameter"
    assert hire(**{**special, "person": {"registered_unemployed_since": "2019-11-02"}})["status"] == "ineligible"
    assert hire(**{**special, "person": {"migrant_worker_unable_to_return": True}})["status"] == "awaiting_parameter"
    assert hire(**{**special, "previously_paid": True})["status"] == "ineligible"


def intern(**kw):
    doc = {"id": "I", "unit": {"on_register": True}, "agreed_months": 6, "completed_months": 6}
    doc.update(kw)
    return run("internship", doc)


def test_internship_rate_and_months():
    out = intern()
    assert (out["status"], out["rate"], out["months_paid"], out["amount"]) == ("eligible", "1000.00", 6, "6000.00")
    out = intern(unit={"on_register": True, "ended": 4, "retained": 2}, completed_months=8)
    assert (out["rate"], out["months_paid"], out["amount"]) == ("1500.00", 6, "9000.00")
    assert intern(unit={"on_register": True, "ended": 5, "retained": 2})["rate"] == "1000.00"
    out = intern(completed_months=2, contracted_early=True)
    assert (out["months_paid"], out["amount"]) == (6, "6000.00")
    out = intern(completed_months=4, interrupted_months=2)
    assert (out["months_paid"], out["amount"]) == (4, "4000.00")
    assert intern(agreed_months=2, completed_months=2)["status"] == "ineligible"
    assert intern(agreed_months=13)["status"] == "ineligible"
    assert intern(agreed_months=12, completed_months=12)["amount"] == "12000.00"
    assert intern(unit={"on_register": False})["status"] == "ineligible"
    assert intern(intern_is_graduate=False)["status"] == "ineligible"


def loan(borrower):
    return run("startup_loan", {"id": "L", "borrower": borrower})


def test_loan_ceilings():
    assert loan({"kind": "individual"})["amount"] == "200000.00"
    assert loan({"kind": "partnership", "partners": 3})["amount"] == "600000.00"
    assert loan({"kind": "partnership", "partners": 6})["amount"] == "1000000.00"
    assert loan({"kind": "partnership", "partners": 6, "exception_approved": True})["amount"] == "1100000.00"
    assert loan({"kind": "partnership", "partners": 5, "exception_approved": True})["amount"] == "1000000.00"
    assert loan({"kind": "partnership", "partners": 1})["status"] == "ineligible"
    ent = lambda size, staff, hires: loan({"kind": "enterprise", "qualifying_new_hires": hires,  # noqa: E731
                                           "enterprise": {"size": size, "ecommerce": True, "staff": staff}})
    assert ent("small", 100, 15)["amount"] == "3000000.00"
    assert ent("small", 100, 14)["status"] == "ineligible"  # 100 is "not more than 100": 15 %
    assert ent("micro", 101, 9)["amount"] == "3000000.00"  # 8.9 % ≥ 8 %
    assert ent("micro", 101, 8)["status"] == "ineligible"  # 7.9 %
    assert ent("micro", 200, 16)["status"] == "eligible"
    assert ent("medium", 100, 50)["status"] == "ineligible"
    assert ent("small", 0, 0)["status"] == "ineligible"


def sub(**kw):
    doc = {"id": "S", "graduated_on": "2020-06-30", "registered_on": "2021-01-01", "in_prefecture": True,
           "reviewer_judgement": True}
    doc.update(kw)
    return run("startup_subsidy", doc)


def test_startup_subsidy():
    assert sub()["amount"] == "30000.00"
    assert sub(requested="12000.5")["amount"] == "12000.50"
    assert sub(requested=45000)["amount"] == "30000.00"
    assert sub(reviewer_judgement=None)["status"] == "needs_review"
    assert sub(reviewer_judgement=False)["status"] == "ineligible"
    assert sub(registered_on="2019-09-01")["status"] == "eligible"
    assert sub(registered_on="2019-08-31")["status"] == "ineligible"
    assert sub(registered_on="2023-06-30")["status"] == "eligible"
    assert sub(registered_on="2023-07-01", reviewer_judgement=None)["status"] == "ineligible"
    assert sub(in_prefecture=False)["status"] == "ineligible"
    assert sub(graduated_on="2020-02-29", registered_on="2023-02-28")["status"] == "eligible"
    assert sub(graduated_on="2020-02-29", registered_on="2023-03-01")["status"] == "ineligible"


def test_reasons_cite_and_parameters_recorded():
    doc = loads(json.dumps({"id": "W", "as_of": "2020-12-31", "enterprise": SME, "worker": {"groups": ["hard_to_employ"]},
                            "employment": {"start": "2020-01-01"}, "wages": {"2020-01": 1000}}))
    result = calculate("work_for_training", doc, entered={})
    record = result.as_record()
    assert record["engine"] and record["amount"] == "200.00"
    used = {p["name"]: p for p in record["parameters"]}
    assert used["wft.rate"]["value"] == "0.20" and "措施四" in used["wft.rate"]["cite"]
    assert all(r["cite"] for r in record["reasons"])


@pytest.mark.django_db
def test_cli_answers_in_order_with_errors(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    lines = [
        {"id": "A", "unit": {"on_register": True}, "agreed_months": 3, "completed_months": 3},
        "not json",
        {"id": "B", "unit": {"on_register": True}, "agreed_months": -1, "completed_months": 3},
        {"id": "C", "unit": {"on_register": True}, "agreed_months": 3, "completed_months": 3, "extra": 1},
    ]
    src.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(SystemExit) as exc:
        call_command("subsidy", "calc", "--measure", "internship", "--input", str(src), "--output", str(out))
    assert exc.value.code == 1
    answers = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert answers[0]["amount"] == "3000.00" and answers[0]["months_paid"] == 3
    assert answers[1] == {"id": None, "line": 2, "error": answers[1]["error"]}
    assert answers[2]["id"] == "B" and "agreed_months" in answers[2]["error"]
    assert answers[3]["id"] == "C" and "extra" in answers[3]["error"]


@pytest.mark.django_db
def test_cli_invalid_date_named(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "S", "graduated_on": "2020-02-30", "registered_on": "2021-01-01",
                               "in_prefecture": True}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(SystemExit):
        call_command("subsidy", "calc", "--measure", "startup_subsidy", "--input", str(src), "--output", str(out))
    assert "graduated_on" in json.loads(out.read_text(encoding="utf-8"))["error"]


@pytest.mark.django_db
def test_entered_rate_is_read_from_database(tmp_path):
    from ectalent.rules.models import ParameterEntry

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "H", "enterprise": SME, "person": {"migrant_worker_unable_to_return": True},
                               "hired_on": "2020-05-01", "contract_months": 6, "social_insurance": True}) + "\n")
    out = tmp_path / "out.jsonl"
    call_command("subsidy", "calc", "--measure", "hiring", "--input", str(src), "--output", str(out))
    assert json.loads(out.read_text())["status"] == "awaiting_parameter"
    ParameterEntry.objects.create(pack=PACK, name="hiring2020.amount", value=Decimal("800"),
                                  effective_from=datetime.date(2020, 1, 1), cite="云人社发〔2020〕26号")
    call_command("subsidy", "calc", "--measure", "hiring", "--input", str(src), "--output", str(out))
    assert json.loads(out.read_text())["amount"] == "800.00"


@pytest.mark.django_db
def test_enter_parameter_is_audited():
    from ectalent.audit.models import AuditEvent
    from ectalent.rules.actions import enter_parameter

    before = AuditEvent.objects.count()
    enter_parameter(PACK, "hiring2020.amount", Decimal("1000"), datetime.date(2020, 1, 1), cite="云人社发〔2020〕26号", acting_user=None)
    assert AuditEvent.objects.count() == before + 1
    with pytest.raises(ValueError):
        enter_parameter(PACK, "wft.max_months", 7, datetime.date(2020, 1, 1), cite="x", acting_user=None)
