"""A village's path through the web UI (seed 001 （十三）): 东风村 applies for rural demonstration, 睢宁 county, 徐州 city
and the province approve, the 公示 passes, the register and the target count move; then the office computes and
publishes an evaluation round （二十九）."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def approve(page, url):
    page.goto(url)
    page.check("input[name=decision][value=approved]")
    page.fill("textarea[name=reason]", "同意")
    page.click("button:has-text('提交审核意见')")
    page.wait_for_selector("text=审核意见已提交")


def designated_count(page, base):
    page.goto(f"{base}/demonstration/targets/")
    return int(page.locator("td[data-kind=rural_village]").inner_text())


def test_village_applies_and_is_designated_then_a_round_is_published(page_for, live_server, tmp_path):
    from ectalent.core.demo import load_demo
    from ectalent.workflow.models import Case

    load_demo(people=4)
    base = live_server.url
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(PDF)

    province = page_for("js_province")
    before = designated_count(province, base)

    village = page_for("df_village")
    village.goto(f"{base}/demonstration/")
    village.click("text=申报农村电子商务示范村（居）")
    village.fill("#id_unit_name", "东风村")
    village.fill("#id_contact_name", "孙主任")
    village.fill("#id_contact_phone", "13900001111")
    village.fill("#id_summary", "一村一品一店：家具网销，全村网店 600 余家。")
    village.click("button:has-text('保存')")
    village.wait_for_selector("text=申报已保存为草稿")
    detail = village.url
    village.fill("input[name=title]", "创建方案")
    village.set_input_files("input[name=file]", str(plan))
    village.click("button:has-text('上传')")
    village.wait_for_selector("text=材料已上传")
    village.click("button:has-text('提交审核')")
    village.wait_for_selector("text=已提交，进入审核")

    approve(page_for("sj_county"), detail)
    approve(page_for("xz_city"), detail)
    approve(province, detail)
    province.goto(detail)
    assert province.locator("text=公示期").count() >= 1

    past = datetime.date.today() - datetime.timedelta(days=1)
    Case.objects.filter(status="in_notice", subject_id=detail.rstrip("/").split("/")[-1]).update(
        notice_starts_on=past - datetime.timedelta(days=7), notice_ends_on=past)
    province.goto(detail)
    province.click("button:has-text('公示期满，确认认定')")
    province.wait_for_selector("text=示范名录和目标完成数已更新")

    assert designated_count(province, base) == before + 1
    province.goto(f"{base}/demonstration/register/?kind=rural_village")
    assert province.locator("a:has-text('东风村')").count() == 1

    # The office computes a round over the 13 cities and publishes it.
    office = page_for("js_office")
    office.goto(f"{base}/demonstration/evaluation/")
    office.fill("#id_name", "2024 年度评价（演示）")
    office.fill("#id_year", "2024")
    office.click("button:has-text('计算')")
    office.wait_for_selector("text=输入数据已冻结")
    assert office.locator("td[data-region]").count() == 13
    office.click("button:has-text('发布')")
    office.wait_for_selector("text=评价已发布")
    assert office.locator("button:has-text('发布')").count() == 0
    # A city reads the published round.
    city = page_for("xz_city")
    city.goto(office.url)
    assert city.locator("text=名次范围").count() >= 1
