"""Score sheet import (issue 4, point 5): every row checked first, all errors named with row and column, a file with
any error writes nothing, a clean file upserts.

The helpers at the top (``make_session``, ``make_candidate``, ``sheet_xlsx``) are shared with the other
scoring tests; candidates are built with the ORM (session, application, confirmed pre-check case).
"""

from __future__ import annotations

import datetime
import io
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ectalent.audit.models import AuditEvent
from ectalent.certification import scoring
from ectalent.certification.choices import Level, SessionStatus
from ectalent.certification.models import CertApplication, ExamSession, Score
from ectalent.registry.tests.factories import make_person

_codes = itertools.count(1)


def make_session(world, level=Level.ASSISTANT, *, exam=datetime.date(2015, 6, 20), status=SessionStatus.CLOSED,
                 directions=None, name=None) -> ExamSession:
    n = next(_codes)
    if directions is None:
        directions = [c for c, _ in scoring.level_directions(level)]
    return ExamSession.objects.create(
        code=f"T{n:04d}", name=name or f"测试批次{n}", level=level, directions=directions,
        applications_open=exam - datetime.timedelta(days=60), applications_close=exam - datetime.timedelta(days=20),
        exam_starts=exam, exam_ends=exam + datetime.timedelta(days=1), places=500, status=status,
        created_by=world.users["zj_centre"],
    )


def make_candidate(world, session, person=None, directions=("customer_service", "visual_design"), *,
                   case_status="confirmed", region="330782") -> CertApplication:
    from ectalent.workflow.models import Case

    person = person or make_person(region)
    directions = list(directions) if session.level in (Level.ASSISTANT, Level.SPECIALIST) else []
    app = CertApplication.objects.create(session=session, person=person, directions=directions,
                                         submitted_by=world.users["zj_centre"])
    Case.objects.create(workflow="certification", subject_type="certification.certapplication", subject_id=str(app.pk),
                        subject_repr=f"{person.name} {session.name}", region=person.region, person=person,
                        status=case_status)
    return app


def sheet_xlsx(rows: list[list], formulas: dict[tuple[int, int], str] | None = None) -> bytes:
    """An xlsx of ``rows`` (first row the header); ``formulas``: {(row index, col index): "=…"} written as formulas
    with a cached value, as Excel saves them."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("成绩")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if formulas and (r, c) in formulas:
                sheet.write_formula(r, c, formulas[(r, c)], None, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            elif value is not None:
                sheet.write_string(r, c, str(value))
    book.close()
    return buffer.getvalue()


HEADER = ["准考证号", "身份证号", "姓名", "方向", "在线考试", "实操考试"]


def good_rows(apps):
    rows = [HEADER]
    for app in apps:
        for d, name in (("customer_service", "网络客服"), ("visual_design", "美工设计")):
            rows.append([str(app.pk), app.person.id_number, app.person.name, name if app.pk % 2 else d, 80, 75.5])
    return rows


@pytest.fixture
def session_with_candidates(world):
    session = make_session(world)
    apps = [make_candidate(world, session) for _ in range(3)]
    return session, apps


def test_good_file_imports_every_score_with_one_audit_event(world, session_with_candidates):
    session, apps = session_with_candidates
    data = sheet_xlsx(good_rows(apps))
    sheet = scoring.check_sheet(session, data, "成绩.xlsx", user=world.users["zj_centre"])
    assert sheet.errors == []
    events_before = AuditEvent.objects.count()
    counts = scoring.import_scores(sheet, acting_user=world.users["zj_centre"])
    assert counts["scores"] == 12 and counts["created"] == 12 and counts["candidates"] == 3
    assert Score.objects.filter(application__session=session).count() == 12
    assert Score.objects.get(application=apps[0], direction="visual_design", part="practical").score == Decimal("75.50")
    assert AuditEvent.objects.count() == events_before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "import" and event.after["scores"] == 12


def test_reimport_updates_instead_of_duplicating(world, session_with_candidates):
    session, apps = session_with_candidates
    centre = world.users["zj_centre"]
    scoring.import_scores(scoring.check_sheet(session, sheet_xlsx(good_rows(apps)), "a.xlsx"), acting_user=centre)
    rows = good_rows(apps)
    rows[1][4] = 91
    counts = scoring.import_scores(scoring.check_sheet(session, sheet_xlsx(rows), "a.xlsx"), acting_user=centre)
    assert counts["created"] == 0 and counts["updated"] == 12
    assert Score.objects.filter(application__session=session).count() == 12
    assert Score.objects.get(application=apps[0], direction="customer_service", part="online").score == 91


def test_planted_errors_are_all_named_and_nothing_is_written(world, session_with_candidates):
    session, apps = session_with_candidates
    rows = good_rows(apps)
    rows[1][4] = 101                       # row 2, E: score of 101
    rows[2][1] = "110101199003077777"      # row 3, B: unknown ID number
    rows[2][0] = ""
    rows.append(list(rows[3]))             # row 8: duplicate of row 4
    rows[5][5] = "缺考"                    # row 6, F: text in a number column
    formulas = {(6, 4): "=40+45"}          # row 7, E: a formula (computes 85)
    data = sheet_xlsx(rows, formulas)
    sheet = scoring.check_sheet(session, data, "成绩.xlsx", user=world.users["zj_centre"])
    found = {(e.row, e.column): e.message for e in sheet.errors}
    assert "0–100" in found[(2, "E")] and "101" in found[(2, "E")]
    assert "110101199003077777" in found[(3, "B")]
    assert "与第 4 行重复" in found[(8, "B")]
    assert "缺考" in found[(6, "F")] and "文字" in found[(6, "F")]
    assert "公式" in found[(7, "E")]
    assert len(sheet.errors) == 5
    with pytest.raises(ValidationError):
        scoring.import_scores(sheet, acting_user=world.users["zj_centre"])
    assert not Score.objects.filter(application__session=session).exists()


def test_direction_checks_and_unconfirmed_application(world, session_with_candidates):
    session, apps = session_with_candidates
    pending = make_candidate(world, session, case_status="in_review")
    rows = [HEADER,
            [str(apps[0].pk), apps[0].person.id_number, "", "仓储物流", 70, 70],     # not registered
            [str(apps[0].pk), apps[0].person.id_number, "", "运营推广", 70, 70],     # not a direction of the level
            [str(apps[1].pk), apps[0].person.id_number, "", "网络客服", 70, 70],     # ID and number disagree
            ["", pending.person.id_number, "", "网络客服", 70, 70],                  # not a candidate (pre-check)
            ["", apps[2].person.id_number, "错名字", "网络客服", 70, 59.555],        # name mismatch, 3 decimals
            ["", apps[2].person.id_number, "", "", 70, ""]]                          # blank direction, blank score
    sheet = scoring.check_sheet(session, sheet_xlsx(rows), "x.xlsx")
    found = {(e.row, e.column): e.message for e in sheet.errors}
    assert "未报考" in found[(2, "D")]
    assert "不是助理电子商务师的方向" in found[(3, "D")]
    assert "不是同一考生" in found[(4, "A")]
    assert pending.person.id_number in found[(5, "B")]
    assert "姓名不一致" in found[(6, "C")]
    assert "两位小数" in found[(6, "F")]
    assert "方向不能为空" in found[(7, "D")]
    assert "不能为空" in found[(7, "F")]


def test_csv_with_formula_text_and_missing_column(world, session_with_candidates):
    session, apps = session_with_candidates
    text = "身份证号,方向,在线考试,实操考试\n" + f"{apps[0].person.id_number},网络客服,=SUM(1;2),80\n"
    sheet = scoring.check_sheet(session, text.encode("utf-8-sig"), "s.csv")
    assert [(e.row, e.column) for e in sheet.errors] == [(2, "C")]
    assert "公式" in sheet.errors[0].message
    sheet = scoring.check_sheet(session, "身份证号,方向,在线考试\n".encode(), "s.csv")
    assert any("实操考试" in str(e) for e in sheet.errors)


def test_senior_sheet_has_no_direction(world):
    session = make_session(world, Level.MANAGER)
    app = make_candidate(world, session)
    rows = [["身份证号", "在线考试", "论文答辩"], [app.person.id_number, 60, 59.5]]
    sheet = scoring.check_sheet(session, sheet_xlsx(rows), "m.xlsx")
    assert sheet.errors == []
    scoring.import_scores(sheet, acting_user=world.users["zj_centre"])
    assert set(Score.objects.filter(application=app).values_list("direction", "part")) == {("", "online"), ("", "thesis")}


def test_published_session_refuses_scores(world, session_with_candidates):
    session, apps = session_with_candidates
    sheet = scoring.check_sheet(session, sheet_xlsx(good_rows(apps)), "a.xlsx")
    ExamSession.objects.filter(pk=session.pk).update(status=SessionStatus.RESULTS_PUBLISHED)
    with pytest.raises(ValidationError):
        scoring.import_scores(sheet, acting_user=world.users["zj_centre"])
    assert not Score.objects.filter(application__session=session).exists()


def test_hand_entry_validates_and_records(world, session_with_candidates):
    session, apps = session_with_candidates
    centre = world.users["zj_centre"]
    scoring.enter_scores(apps[0], {("customer_service", "online"): "88", ("customer_service", "practical"): "59.5"},
                         acting_user=centre)
    assert Score.objects.get(application=apps[0], direction="customer_service", part="practical").score == Decimal("59.5")
    with pytest.raises(ValidationError):
        scoring.enter_scores(apps[0], {("customer_service", "online"): "101"}, acting_user=centre)
    with pytest.raises(ValidationError):
        scoring.enter_scores(apps[0], {("warehousing", "online"): "70"}, acting_user=centre)


def test_upload_page_shows_the_error_table_and_refuses_non_centre(world, session_with_candidates, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    session, apps = session_with_candidates
    rows = good_rows(apps)
    rows[1][4] = 101
    url = reverse("certification:score-import", args=[session.pk])
    assert login(world.users["jh_city"]).get(url).status_code in (403, 404)
    client = login(world.users["zj_centre"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("成绩.xlsx", sheet_xlsx(rows))}, follow=True)
    job = response.context["job"]  # checked by the background job; its page lists every error
    assert job.status == "failed" and any(e["column"] == "E" and "101" in e["message"] for e in job.errors), job.errors
    assert "101" in response.content.decode() and "未写入任何数据" in response.content.decode()
    assert not Score.objects.filter(application__session=session).exists()
    response = client.post(url, {"file": SimpleUploadedFile("成绩.xlsx", sheet_xlsx(good_rows(apps)))}, follow=True)
    job = response.context["job"]
    assert job.status == "succeeded" and "考生 3 人" in job.summary, job.summary
    assert job.url == reverse("certification:session-results", args=[session.pk])
    assert Score.objects.filter(application__session=session).count() == 12
    template = client.get(reverse("certification:score-template", args=[session.pk]))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_template_masks_id_numbers_and_imports_once_filled(world, session_with_candidates, login):
    import openpyxl
    from django.urls import reverse

    session, apps = session_with_candidates
    client = login(world.users["zj_centre"])
    data = client.get(reverse("certification:score-template", args=[session.pk])).content
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["成绩"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    for app in apps:
        assert app.person.id_number not in cells  # masked, only for checking
    for row in ws.iter_rows(min_row=2):
        row[4].value, row[5].value = 80, 75  # 在线考试, 实操考试
    out = io.BytesIO()
    book.save(out)
    sheet = scoring.check_sheet(session, out.getvalue(), "template.xlsx", user=world.users["zj_centre"])
    assert not sheet.errors, [str(e) for e in sheet.errors][:3]
