"""Policy tracking through the web UI (issue 13): the office imports seed 001, a co-operating department reports, the
lead consolidates, the office reminds a late department, and the target chart moves when a city's statistics are
approved. axe-core checks each page on the way."""

import datetime

import pytest

from .a11y import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def no_violations(page):
    found = axe_violations(page)
    assert not found, describe(found)


def test_import_report_consolidate_remind_and_target_chart(page_for, live_server, tmp_path):
    from ectalent.accounts.choices import Role
    from ectalent.accounts.models import User
    from ectalent.core.demo import load_demo
    from ectalent.registry.models import Organisation
    from ectalent.tracking.models import Document, ProgressReport, Reminder, StatisticFigure
    from ectalent.tracking.reporting import ensure_expected_reports

    load_demo(people=4)
    evidence = tmp_path / "调研报告.pdf"
    evidence.write_bytes(PDF)

    # The office imports the text shipped with the platform.
    office = page_for("js_office")
    office.goto(f"{live_server.url}/tracking/import/")
    office.check("#id_use_shipped")
    office.click("button:has-text('解析并导入')")
    office.wait_for_selector("text=新导入")
    assert office.locator("text=69 项任务").count() == 1
    no_violations(office)
    office.click("text=核对解析结果")
    office.wait_for_selector("text=现行责任部门")
    no_violations(office)

    document = Document.objects.get()
    today = datetime.date.today()
    ensure_expected_reports(document, since=today - datetime.timedelta(days=120))
    fgw = Organisation.objects.get(name="江苏省发展和改革委员会")
    user = User(username="js_fgw", role=Role.DEPARTMENT_STAFF, region=fgw.region, organisation=fgw)
    user.set_password("Demo@2026")
    user.save()
    period = document.periods.order_by("-starts_on").first()
    coop = ProgressReport.objects.get(task__key="3.3", period=period, organisation=fgw)
    lead = ProgressReport.objects.get(task__key="3.3", period=period, organisation__name="江苏省经济和信息化委员会")

    # A co-operating department files its report with evidence.
    dept = page_for("js_fgw")
    dept.goto(f"{live_server.url}/tracking/workbench/")
    no_violations(dept)
    dept.goto(f"{live_server.url}/tracking/reports/{coop.pk}/")
    dept.select_option("#id_progress", "in_progress")
    dept.fill("#id_narrative", "已梳理外商投资电子商务业务的持股比例限制。")
    dept.set_input_files("#id_files", str(evidence))
    dept.click("button:has-text('报送')")
    dept.wait_for_selector("text=报告已报送")
    no_violations(dept)

    # The lead consolidates it into its own report.
    lead_page = page_for("js_dept")
    lead_page.goto(f"{live_server.url}/tracking/reports/{lead.pk}/")
    lead_page.check("input[name=consolidate]")
    lead_page.select_option("#id_progress", "completed")
    lead_page.fill("#id_narrative", "汇总省发展改革委意见，已完成。")
    lead_page.click("button:has-text('报送')")
    lead_page.wait_for_selector("text=报告已报送")
    lead.refresh_from_db()
    assert list(lead.consolidated.all()) == [coop]

    # The office reminds a department whose report of a closed period is overdue.
    late = ProgressReport.objects.overdue().select_related("organisation").first()
    assert late is not None
    office.goto(f"{live_server.url}/tracking/overdue/")
    no_violations(office)
    office.goto(f"{live_server.url}/tracking/reports/{late.pk}/")
    office.select_option("#id_kind", "reminder")
    office.fill("#id_message", "请于三个工作日内报送。")
    office.click("button:has-text('发送')")
    office.wait_for_selector("text=已发送，并记入督办记录")
    assert Reminder.objects.filter(report=late, sent_by__username="js_office").exists()

    # A city submits its figure; the chart shows it once the office approves it.
    city = page_for("nj_gov")
    city.goto(f"{live_server.url}/tracking/statistics/")
    city.select_option("#id_indicator", "ecommerce_volume")
    city.fill("#id_period", "2025")
    city.fill("#id_value", "7350.5")
    city.fill("#id_unit", "亿元")
    city.fill("#id_source", "南京市统计局年报")
    city.click("form.card button:has-text('报送')")
    city.wait_for_selector("text=数据已报送")
    no_violations(city)
    chart = f"{live_server.url}/tracking/targets/?indicator=ecommerce_volume&period=2025"
    office.goto(chart)
    assert office.locator("#city-chart [data-region='320100'] .value").inner_text().strip() in ("缺", "")
    office.goto(f"{live_server.url}/tracking/statistics/")
    office.click("button:has-text('审核通过')")
    office.wait_for_selector("text=已审核")
    office.goto(chart)
    assert office.locator("#city-chart [data-region='320100'] .value").inner_text().strip() == "7350.50"
    no_violations(office)
    assert StatisticFigure.objects.get().status == "approved"
