"""A small Chuxiong world for the subsidy tests: an enterprise in 楚雄市, county and prefecture 人社, 财政, a budget."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from ectalent.accounts.choices import Role
from ectalent.registry.tests.factories import make_org, make_person, make_user, region
from ectalent.subsidies import actions, budget
from ectalent.subsidies.choices import Measure, Purpose
from ectalent.subsidies.models import BudgetLine

COUNTY = "532301"  # 楚雄市
OTHER_COUNTY = "532326"  # 大姚县
PREFECTURE = "532300"


def chuxiong(allocated="100000.00"):
    w = SimpleNamespace()
    w.org = make_org(COUNTY, kind="enterprise_application", name="楚雄彝绣电商有限公司")
    w.org2 = make_org(OTHER_COUNTY, kind="enterprise_service", name="大姚核桃网店")
    w.staff = make_user(Role.ENTERPRISE_STAFF, COUNTY, organisation=w.org)
    w.staff2 = make_user(Role.ENTERPRISE_STAFF, OTHER_COUNTY, organisation=w.org2)
    w.county_hr = make_user(Role.HR_REVIEWER, COUNTY)
    w.county2_hr = make_user(Role.HR_REVIEWER, OTHER_COUNTY)
    w.pref_hr = make_user(Role.HR_REVIEWER, PREFECTURE)
    w.pref_finance = make_user(Role.FINANCE_REVIEWER, PREFECTURE)
    w.line = BudgetLine.objects.create(region=region(PREFECTURE), year=2020, purpose=Purpose.WORK_FOR_TRAINING,
                                       cite="措施一")
    if allocated:
        budget.allocate(w.line, Decimal(allocated), reason="2020 年度安排", acting_user=w.pref_finance)
    w.workers = [make_person(COUNTY, name=n) for n in ("李彝", "张秀", "王杰")]
    return w


def wft_claim(w, *, org=None, staff=None, as_of=datetime.date(2020, 12, 31), size="small"):
    org, staff = org or w.org, staff or w.staff
    return actions.create_claim(measure=Measure.WORK_FOR_TRAINING, region=org.region, organisation=org,
                                enterprise_size=size, as_of=as_of, acting_user=staff)


def csv_upload(rows, name="payroll.csv"):
    text = "\n".join(",".join(str(c) for c in row) for row in [list(actions.PAYROLL_HEADERS), *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows, name="payroll.xlsx", headers=actions.PAYROLL_HEADERS):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def approve_all(claim, w, county_hr=None):
    """County 人社, then prefecture 人社 and 财政 approve the claim's case."""
    from ectalent.workflow import actions as wf
    from ectalent.workflow.models import StepState

    for user in (county_hr or w.county_hr, w.pref_hr, w.pref_finance):
        case = claim.case
        row = next(r for r in StepState.objects.filter(case=case, decision="pending") if wf.user_can_decide(user, case, r))
        wf.decide(case, row, acting_user=user, decision="approved")
    return claim.case
