"""One training institution's path through the web UI: application (附件4) → county → city with co-review →
province → public notice → confirmation → the public register (附件2 第五–七条)."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def approve(page, url, opinion):
    page.goto(url)
    page.check("input[name=decision][value=approved]")
    page.fill("textarea[name=reason]", opinion)
    page.click("button:has-text('提交审核意见')")
    page.wait_for_selector("text=审核意见已提交")


def test_institution_from_application_to_public_register(page_for, live_server, tmp_path):
    from ectalent.core.demo import load_demo
    from ectalent.workflow.models import Case

    load_demo(people=4)
    licence = tmp_path / "licence.pdf"
    licence.write_bytes(PDF)
    lease = tmp_path / "lease.pdf"
    lease.write_bytes(PDF)

    # The training school fills in 附件4 and uploads the materials of 第五条.
    page = page_for("inst_staff")
    page.goto(f"{live_server.url}/accreditation/")
    page.click("text=申请备案为培训机构（附件4）")
    page.fill("#id_unit_name", "义乌市创业电子商务职业培训学校")
    page.fill("#id_staff_total", "30")
    page.fill("#id_teachers_full_time", "10")
    page.fill("#id_teachers_part_time", "5")
    page.fill("#id_managers_count", "10")
    page.fill("#id_other_staff_count", "5")
    page.fill("#id_max_training_capacity", "240")
    page.select_option("#id_premises_ownership", "leased")
    page.fill("#id_premises_area", "900")
    page.fill("#id_licence_issuer", "义乌市人力资源和社会保障局")
    page.fill("#id_licence_number", "3307820012")
    page.check("input[name=practice_areas][value=operations]")
    page.check("input[name=practice_areas][value=cross_border]")
    page.check("input[name=training_scopes][value='assistant.customer_service']")
    page.check("input[name=training_scopes][value='specialist.cross_border']")
    page.fill("#id_training_summary", "近一年培训 12 期，学员 860 人次。")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=申报表已保存为草稿")
    detail_url = page.url
    for kind, path in (("licence", licence), ("premises", lease)):
        page.select_option("select[name=kind]", kind)
        page.set_input_files("input[name=file]", str(path))
        page.click("button:has-text('上传')")
        page.wait_for_selector("text=材料已上传")
    page.click("button:has-text('提交审核')")
    page.wait_for_selector("text=已提交，进入审核")

    # 义乌 county first review; 金华 city with 人社、财政、教育 co-review; the province.
    approve(page_for("yw_county"), detail_url, "场地、相关材料已查验")
    for reviewer in ("jh_hr", "jh_finance", "jh_edu"):
        approve(page_for(reviewer), detail_url, "会审同意")
    approve(page_for("jh_city"), detail_url, "同意推荐")
    province = page_for("zj_province")
    approve(province, detail_url, "核定备案")
    province.goto(detail_url)
    assert province.locator("text=公示期").count() >= 1

    # Nobody objects; the notice period runs out.
    past = datetime.date.today() - datetime.timedelta(days=1)
    Case.objects.filter(status="in_notice").update(notice_starts_on=past - datetime.timedelta(days=7), notice_ends_on=past)
    province.goto(detail_url)
    province.click("button:has-text('公示期满，确认备案')")
    province.wait_for_selector("text=已确认备案")

    # The public register shows the unit, without logging in.
    public = page_for(None)
    public.goto(f"{live_server.url}/accreditation/register/")
    assert public.locator("td", has_text="义乌市创业电子商务职业培训学校").count() == 1
    public.screenshot(path=str(tmp_path / "register.png"), full_page=True)
