"""Seed 002 through the web UI: an enterprise claims work-for-training for three workers with a payroll sheet, the
county and the prefecture (人社 with 财政) approve, the budget reserves, the batch is paid from the bank's return
file, the budget line shows it; a later claim for one of the workers is cut at the 6-month cap."""

import datetime
import io
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]


def xlsx(path, headers, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return str(path)


def approve(page, url):
    page.goto(url)
    page.check("input[name=decision][value=approved]")
    page.fill("textarea[name=reason]", "同意")
    page.click("button:has-text('提交审核意见')")
    page.wait_for_selector("text=审核意见已提交")


def test_work_for_training_from_payroll_to_payment_and_the_cap(page_for, live_server, tmp_path):
    from ectalent.core.demo import load_demo
    from ectalent.registry.tests.factories import valid_id_number
    from ectalent.subsidies import actions
    from ectalent.subsidies.models import BudgetLine, Grant

    load_demo(people=4)
    line = BudgetLine.objects.get(region_id="532300", year=2020, purpose="work_for_training")
    reserved_before = line.balances()["reserved"]
    page = page_for("cx_ent")
    page.goto(f"{live_server.url}/subsidies/")
    page.click("text=申请以工代训职业培训补贴")
    page.select_option("#id_enterprise_size", "small")
    page.fill("#id_as_of", "2020-12-31")
    page.click("button:has-text('创建申请')")
    page.wait_for_selector("text=申请已创建")
    detail = page.url
    people = [(valid_id_number("532301", datetime.date(1995, 1, 1 + i)), name) for i, name in enumerate(["李阿依", "普秀英", "罗正华"])]
    for number, name in people:
        page.fill("#id_id_number", number)
        page.fill("#id_name", name)
        page.check("input[name=groups][value=registered_unemployed]")
        page.fill("#id_start", "2020-03-01")
        page.click("button:has-text('登记')")
        page.wait_for_selector(f"text=已登记：{name}")
    months = ["2020-03", "2020-04", "2020-05", "2020-06", "2020-07"]
    sheet = xlsx(tmp_path / "payroll.xlsx", actions.PAYROLL_HEADERS,
                 [(n, name, m, 3000) for n, name in people for m in months])
    page.set_input_files("#id_payroll_file", sheet)
    page.click("button:has-text('导入')")
    page.wait_for_selector("text=已导入工资记录 15 行")
    page.click("button:has-text('提交审核')")
    page.wait_for_selector("text=已提交，进入县级人社初审")

    approve(page_for("cxs_hr"), detail)
    approve(page_for("cx_hr"), detail)
    finance = page_for("cx_finance")
    approve(finance, detail)
    finance.wait_for_selector("text=核定与核算记录")
    assert "9000.00" in finance.inner_text("body")
    finance.click("button:has-text('重新计算并比对')")
    finance.wait_for_selector("text=重新计算结果一致")
    grant = Grant.objects.get(amount="9000.00")
    assert line.balances()["reserved"] == reserved_before + grant.amount

    finance.goto(f"{live_server.url}/subsidies/budget/{line.pk}/")
    finance.fill("#id_name", "2020 年以工代训补贴第 2 批")
    finance.click("button:has-text('生成批次')")
    finance.wait_for_selector("text=支付批次已生成")
    payment = grant.payment
    back = xlsx(tmp_path / "return.xlsx", actions.RETURN_HEADERS, [(str(payment.pk), "ABC-9", "成功", "")])
    finance.set_input_files("#id_return_file", back)
    finance.click("button:has-text('导入回单')")
    finance.wait_for_selector("text=到账 1 笔")
    finance.goto(f"{live_server.url}/subsidies/budget/{line.pk}/")
    paid = finance.inner_text("#line-paid")
    assert re.sub(r"[^0-9.]", "", paid) == str(line.balances()["paid"])
    assert grant.amount <= line.balances()["paid"]

    # a later claim for one of the workers: one month left under the cap
    from ectalent.accounts.models import User
    from ectalent.registry.models import Person

    ent = User.objects.get(username="cx_ent")
    person = Person.objects.get(id_number=people[0][0])
    later = actions.create_claim(measure="work_for_training", region=ent.organisation.region, organisation=ent.organisation,
                                 enterprise_size="small", as_of=datetime.date(2020, 12, 31), acting_user=ent)
    actions.add_worker(later, person=person, groups=["registered_unemployed"], start=datetime.date(2020, 3, 1), acting_user=ent)
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = "身份证号,姓名,月份,应发工资（元）\n" + "".join(f"{person.id_number},{person.name},{m},3000\n" for m in ("2020-08", "2020-09"))
    actions.import_payroll(later, SimpleUploadedFile("p.csv", rows.encode()), acting_user=ent)
    actions.submit_claim(later, acting_user=ent)
    url = f"{live_server.url}/subsidies/claims/{later.pk}/"
    approve(page_for("cxs_hr"), url)
    approve(page_for("cx_hr"), url)
    approve(finance, url)
    finance.wait_for_selector("text=核定与核算记录")
    body = finance.inner_text("body")
    assert "600.00" in body and "超出上限不计" in body
