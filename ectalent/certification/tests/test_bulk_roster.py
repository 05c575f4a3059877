"""A training institution's xlsx roster: every row checked first, every error named by row and column, all or nothing."""

import datetime
import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ectalent.audit.models import AuditEvent
from ectalent.certification.forms import ROSTER_HEADER, check_roster
from ectalent.certification.models import CertApplication
from ectalent.jobs.choices import JobStatus
from ectalent.jobs.models import Job
from ectalent.registry.tests.factories import make_person
from ectalent.workflow.choices import CaseStatus

from .test_applications import TODAY, apply, eligible, open_session, registered_base

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def xlsx(rows, header=ROSTER_HEADER) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet()
    for c, value in enumerate(header):
        sheet.write_string(0, c, value)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            elif value is not None:
                sheet.write_string(r, c, str(value))
    book.close()
    return SimpleUploadedFile("名单.xlsx", buffer.getvalue())


def d(days):
    return (TODAY + datetime.timedelta(days=days)).isoformat()


def trainee(world):
    return eligible(make_person("330782", owner_org=world.users["inst_staff"].organisation))


def test_valid_roster_files_every_row(world, login):
    session = open_session(world)
    a, b = trainee(world), trainee(world)
    base = registered_base()
    rows = [
        [a.name, a.id_number, "网络客服，美工设计", "企业实习", "", "义乌某电商有限公司", d(-130), d(-5)],
        [b.name, b.id_number, "customer_service,warehousing", "实践基地", base.register_number, "", d(-40), d(-3)],
    ]
    client = login(world.users["inst_staff"])
    response = client.post(reverse("certification:roster-upload", args=[session.pk]), {"file": xlsx(rows)})
    assert response.status_code == 302, response.content.decode()[:3000]
    job = Job.objects.get(pk=response.url.split("/")[-2])
    assert job.status == JobStatus.SUCCEEDED and "已代报 2 名学员" in job.summary
    apps = {x.person_id: x for x in CertApplication.objects.filter(session=session)}
    assert set(apps) == {a.pk, b.pk}
    assert apps[a.pk].directions == ["customer_service", "visual_design"] and apps[a.pk].practice_kind == "internship"
    assert apps[b.pk].practice_base == base and apps[b.pk].institution == world.users["inst_staff"].organisation
    assert all(x.case.status == CaseStatus.IN_REVIEW and x.eligibility["eligible"] for x in apps.values())
    assert AuditEvent.objects.filter(action="import", object_type="certification.examsession", object_id=str(session.pk)).exists()


def test_every_error_is_named_with_row_and_column_and_nothing_is_written(world, login):
    session = open_session(world, directions=("customer_service", "visual_design"))
    ok = trainee(world)
    not_eligible = make_person("330782", owner_org=world.users["inst_staff"].organisation)
    stranger = eligible(make_person("330782"))  # not registered by this institution
    already = trainee(world)
    apply(world, session, already, user=world.users["inst_staff"], institution=world.users["inst_staff"].organisation)
    before = CertApplication.objects.count()
    rows = [
        [ok.name, ok.id_number, "网络客服、美工设计", "企业实习", "", "某企业", d(-130), d(-5)],          # row 2: fine
        ["某某", "330782199001011234", "网络客服、美工设计", "企业实习", "", "某企业", d(-130), d(-5)],     # 3: bad ID
        [ok.name, ok.id_number, "网络客服、美工设计", "企业实习", "", "某企业", d(-130), d(-5)],          # 4: duplicate
        [stranger.name, stranger.id_number, "网络客服、美工设计", "企业实习", "", "某企业", d(-130), d(-5)],  # 5: not ours
        [not_eligible.name, not_eligible.id_number, "网络客服、美工设计", "企业实习", "", "某企业", d(-130), d(-5)],  # 6
        [ok.name + "X", trainee(world).id_number, "仓储物流、美工设计", "企业实习", "", "某企业", d(-130), d(-5)],  # 7
        [trainee(world).name, "", "网络客服", "企业实习", "", "某企业", d(-60), d(-5)],                     # 8
        [already.name, already.id_number, "网络客服、美工设计", "实践基地", "ZJSJ-NONE", "", "2025/13/01", d(-5)],  # 9
    ]
    client = login(world.users["inst_staff"])
    response = client.post(reverse("certification:roster-upload", args=[session.pk]), {"file": xlsx(rows)}, follow=True)
    body = response.content.decode()
    job = response.context["job"]
    assert job.status == JobStatus.FAILED and job.error_count >= 10 and "未写入任何数据" in body
    assert "与第 2 行重复" in body and any(e["row"] == 7 and e["column"] == "C" for e in job.errors)
    assert CertApplication.objects.count() == before
    roster = check_roster([ROSTER_HEADER] + rows, session, world.users["inst_staff"].organisation)
    where = {(e.row, e.column) for e in roster.errors}
    text = " | ".join(str(e) for e in roster.errors)
    assert (3, "B") in where
    assert (4, "B") in where and "与第 2 行重复" in text
    assert (5, "B") in where and "没有本机构登记的该身份证号人员" in text
    assert (6, "B") in where and "不符合助理电子商务师的申报条件" in text
    assert (7, "A") in where and "姓名不一致" in text
    assert (7, "C") in where and "不在本批次开考方向中" in text
    assert (8, "B") in where and (8, "C") in where
    assert (9, "B") in where and "已报名本批次" in text
    assert (9, "E") in where and (9, "G") in where
    assert all(e.row for e in roster.errors)


def test_short_practice_and_wrong_practice_kind_are_reported(world):
    session = open_session(world)
    a, b = trainee(world), trainee(world)
    rows = [[a.name, a.id_number, "网络客服,美工设计", "企业实习", "", "某企业", d(-60), d(-5)],
            [b.name, b.id_number, "网络客服,美工设计", "自学", "", "", d(-130), d(-5)]]
    roster = check_roster([ROSTER_HEADER] + rows, session, world.users["inst_staff"].organisation)
    text = " | ".join(str(e) for e in roster.errors)
    assert "第 2 行 H 列" in text and "不足 3 个月" in text
    assert "第 3 行 D 列" in text and "“自学”无效" in text


def test_file_level_errors_window_places_and_header(world):
    session = open_session(world, places=1)
    a, b = trainee(world), trainee(world)
    rows = [[p.name, p.id_number, "网络客服,美工设计", "企业实习", "", "某企业", d(-130), d(-5)] for p in (a, b)]
    roster = check_roster([ROSTER_HEADER] + rows, session, world.users["inst_staff"].organisation)
    assert any("剩余名额 1 个" in str(e) for e in roster.errors)
    roster = check_roster([["姓名", "身份证号"]] + [r[:2] for r in rows], session, world.users["inst_staff"].organisation)
    assert any(e.field == "报考方向" and "表头缺少此列" in e.message for e in roster.errors)
    closed = open_session(world, opens=-20, closes=-2, exam=20)
    roster = check_roster([ROSTER_HEADER] + rows, closed, world.users["inst_staff"].organisation)
    assert any("报名已截止" in str(e) for e in roster.errors)


def test_only_institutions_upload_rosters_and_the_template_downloads(world, login):
    session = open_session(world)
    assert login(world.users["applicant"]).get(reverse("certification:roster-upload", args=[session.pk])).status_code == 403
    client = login(world.users["inst_staff"])
    assert client.get(reverse("certification:roster-upload", args=[session.pk])).status_code == 200
    template = client.get(reverse("certification:roster-template", args=[session.pk]))
    assert template.status_code == 200 and template.content[:2] == b"PK"
