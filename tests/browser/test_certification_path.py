"""The certification main path through the web UI (issue 4, point 10): an applicant applies, the centre accepts,
scores are imported, results are published and the certificate issued, and the public page verifies it."""

import datetime

import openpyxl
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shipped_data")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_applicant_to_verified_certificate(page_for, live_server, tmp_path, settings):
    from ectalent.accounts.models import User
    from ectalent.certification.models import Certificate, ExamSession
    from ectalent.core.demo import load_demo

    settings.ECTALENT_PUBLIC_BASE_URL = live_server.url  # the QR codes point at this test server
    settings.DATA_DIR = tmp_path  # a throwaway signing key
    load_demo(people=4)
    session = ExamSession.objects.get(level="assistant", status="published")
    applicant = User.objects.get(username="applicant").person
    diploma = tmp_path / "diploma.pdf"
    diploma.write_bytes(PDF)

    # The applicant applies: two directions, three months' internship ending before the exam, a diploma.
    page = page_for("applicant")
    page.goto(f"{live_server.url}/certification/sessions/{session.pk}/apply/")
    page.check("input[name=directions][value=customer_service]")
    page.check("input[name=directions][value=visual_design]")
    page.check("input[name=practice_kind][value=internship]")
    page.fill("#id_practice_enterprise", "浙江锦程网络科技有限公司")
    end = session.exam_starts - datetime.timedelta(days=7)
    page.fill("#id_practice_start", (end - datetime.timedelta(days=120)).isoformat())
    page.fill("#id_practice_end", end.isoformat())
    page.set_input_files("#id_ev_diploma", str(diploma))
    page.click("button:has-text('提交报名')")
    page.wait_for_selector("text=报名已提交")
    application_url = page.url

    # The certification centre accepts it at the pre-check.
    centre = page_for("zj_centre")
    centre.goto(application_url)
    centre.check("input[name=decision][value=accept]")
    centre.click("button:has-text('提交初审意见')")
    centre.wait_for_selector("text=初审意见已提交")

    # Scores are imported from a sheet: both directions passed (one at exactly 60).
    sheet = tmp_path / "scores.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["身份证号", "姓名", "方向", "在线考试", "实操考试"])
    ws.append([applicant.id_number, applicant.name, "网络客服", 86, 78.5])
    ws.append([applicant.id_number, applicant.name, "美工设计", 60, 71])
    book.save(sheet)
    centre.goto(f"{live_server.url}/certification/results/{session.pk}/import/")
    centre.set_input_files("input[name=file]", str(sheet))
    centre.click("button:has-text('校验并导入')")
    centre.wait_for_selector("text=已导入成绩表")

    # Results are computed, approved and published; the certificate is issued on publication.
    centre.goto(f"{live_server.url}/certification/results/{session.pk}/")
    centre.click("button:has-text('计算认证结果')")
    centre.wait_for_selector("text=已计算认证结果")
    centre.on("dialog", lambda dialog: dialog.accept())
    centre.click("button:has-text('审核并公布结果')")
    centre.wait_for_selector("text=已审核并公布")
    certificate = Certificate.objects.get(person=applicant)
    assert sorted(certificate.directions) == ["customer_service", "visual_design"]

    # Anyone verifies it on the public page, by number and through the QR link.
    public = page_for(None)
    public.goto(f"{live_server.url}/certification/verify/?n={certificate.number}")
    body = public.inner_text("main")
    assert certificate.number in body and "助理电子商务师" in body and "网络客服" in body
    assert applicant.id_number not in body  # masked
    from ectalent.certification.certificates import qr_text

    public.goto(qr_text(certificate))
    assert "签名有效" in public.inner_text("main")
