"""Demo data for seed 002 (楚雄州): the county and prefecture 人社, 财政, two e-commerce enterprises, the budget lines
of 2020–2022 and work-for-training claims at every stage (draft, county review, prefecture review, granted, paid)."""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from ectalent.accounts.choices import Role
from ectalent.accounts.models import User
from ectalent.regions.models import Region
from ectalent.registry import fake
from ectalent.registry.models import Organisation, Person

from . import actions, budget
from .choices import Measure, Purpose
from .models import BudgetLine

PREFECTURE = "532300"
ORGS = [
    ("楚雄州人力资源和社会保障局", "government", PREFECTURE),
    ("楚雄州财政局", "government", PREFECTURE),
    ("楚雄市人力资源和社会保障局", "government", "532301"),
    ("大姚县人力资源和社会保障局", "government", "532326"),
    ("楚雄彝绣电子商务有限公司", "enterprise_application", "532301"),
    ("大姚核桃网络科技有限公司", "enterprise_service", "532326"),
]
USERS = [
    ("cx_hr", "楚雄州人社局 杨科长", Role.HR_REVIEWER, PREFECTURE, "楚雄州人力资源和社会保障局"),
    ("cx_finance", "楚雄州财政局 罗科长", Role.FINANCE_REVIEWER, PREFECTURE, "楚雄州财政局"),
    ("cxs_hr", "楚雄市人社局 李科员", Role.HR_REVIEWER, "532301", "楚雄市人力资源和社会保障局"),
    ("dy_hr", "大姚县人社局 张科员", Role.HR_REVIEWER, "532326", "大姚县人力资源和社会保障局"),
    ("cx_ent", "彝绣电商 普经理", Role.ENTERPRISE_STAFF, "532301", "楚雄彝绣电子商务有限公司"),
    ("dy_ent", "核桃网络 赵经理", Role.ENTERPRISE_STAFF, "532326", "大姚核桃网络科技有限公司"),
]
PEOPLE = 8  # workers of the demo claims
ALLOCATIONS = {Purpose.SKILLS_TRAINING: "800000", Purpose.EMPLOYMENT_STARTUP: "600000", Purpose.INCUBATION: "2000000",
               Purpose.WORK_FOR_TRAINING: "300000"}


def _people(rng, county, n):
    out = []
    for _ in range(n):
        gender = rng.choice("MF")
        birth = datetime.date(rng.randrange(1985, 2000), rng.randrange(1, 13), rng.randrange(1, 28))
        while True:
            number = fake.id_number(rng, county, birth, gender)
            if not Person.objects.filter(id_number=number).exists():
                break
        out.append(Person.objects.create(name=fake.chinese_name(rng), gender=gender, birth_date=birth, id_number=number,
                                         region_id=county))
    return out


def _payroll(people, months, wage):
    rows = ["身份证号,姓名,月份,应发工资（元）"] + [f"{p.id_number},{p.name},{m},{wage}" for p in people for m in months]
    return SimpleUploadedFile("payroll.csv", ("\n".join(rows) + "\n").encode("utf-8"))


def _claim(org, staff, people, months, wage="3000", start=datetime.date(2020, 3, 1)):
    claim = actions.create_claim(measure=Measure.WORK_FOR_TRAINING, region=org.region, organisation=org,
                                 enterprise_size="small", as_of=datetime.date(2020, 12, 31), acting_user=staff)
    for person in people:
        actions.add_worker(claim, person=person, groups=["registered_unemployed"], start=start, acting_user=staff)
    actions.import_payroll(claim, _payroll(people, months, wage), acting_user=staff)
    return claim


def _decide(claim, user):
    from ectalent.workflow import actions as wf
    from ectalent.workflow.models import StepState

    case = claim.case
    row = next(r for r in StepState.objects.filter(case=case, decision="pending") if wf.user_can_decide(user, case, r))
    wf.decide(case, row, acting_user=user, decision="approved", reason="材料齐全，符合措施四")


def load_subsidies_demo(password: str) -> dict:
    rng = random.Random(2020)
    regions = {r.code: r for r in Region.objects.filter(code__in=[PREFECTURE, "532301", "532326"])}
    if PREFECTURE not in regions:
        return {}
    orgs = {}
    for name, kind, code in ORGS:
        orgs[name] = Organisation.objects.create(name=name, kind=kind, region=regions[code],
                                                 credit_code=fake.credit_code(rng, code, "11" if kind == "government" else "91"))
    users = {}
    for username, display, role, code, org in USERS:
        user = User(username=username, display_name=display, role=role, region=regions[code], organisation=orgs[org])
        user.set_password(password)
        user.save()
        users[username] = user
    for year in (2020, 2021, 2022):
        for purpose, amount in ALLOCATIONS.items():
            line = BudgetLine.objects.create(region=regions[PREFECTURE], year=year, purpose=purpose, cite="措施一")
            budget.allocate(line, Decimal(amount), reason=f"{year} 年度州本级就业专项资金安排",
                            acting_user=users["cx_finance"])
    wft_line = BudgetLine.objects.get(region=regions[PREFECTURE], year=2020, purpose=Purpose.WORK_FOR_TRAINING)
    budget.allocate(wft_line, Decimal("50000"), reason="年中追加：以工代训申请增多（适时增加）", increase=True,
                    acting_user=users["cx_finance"])
    ent, ent2 = orgs["楚雄彝绣电子商务有限公司"], orgs["大姚核桃网络科技有限公司"]
    workers = _people(rng, "532301", 6)
    workers2 = _people(rng, "532326", 2)
    # paid
    paid = _claim(ent, users["cx_ent"], workers[:2], ["2020-03", "2020-04", "2020-05"])
    actions.submit_claim(paid, acting_user=users["cx_ent"])
    for u in ("cxs_hr", "cx_hr", "cx_finance"):
        _decide(paid, users[u])
    batch = actions.create_batch(wft_line, name="2020 年以工代训补贴第 1 批", acting_user=users["cx_finance"])
    for payment in batch.payments.all():
        actions.settle(payment, ok=True, acting_user=users["cx_finance"], reference=f"ABC2020{payment.pk:06d}")
    # granted, waiting for payment
    granted = _claim(ent2, users["dy_ent"], workers2, ["2020-06", "2020-07"], wage="2800", start=datetime.date(2020, 6, 1))
    actions.submit_claim(granted, acting_user=users["dy_ent"])
    for u in ("dy_hr", "cx_hr", "cx_finance"):
        _decide(granted, users[u])
    # at the prefecture
    at_prefecture = _claim(ent, users["cx_ent"], workers[2:4], ["2020-06", "2020-07", "2020-08"], wage="3200")
    actions.submit_claim(at_prefecture, acting_user=users["cx_ent"])
    _decide(at_prefecture, users["cxs_hr"])
    # at the county
    at_county = _claim(ent, users["cx_ent"], workers[4:5], ["2020-09", "2020-10"])
    actions.submit_claim(at_county, acting_user=users["cx_ent"])
    # draft
    _claim(ent, users["cx_ent"], workers[5:6], ["2020-11"])
    return {"budget_lines": BudgetLine.objects.count(), "claims": 5}
