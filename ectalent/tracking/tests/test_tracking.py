"""Seed 001 in the platform: import (idempotent, unmatched names reported, corrections kept), departments, expected
reports, filing and consolidation, overdue, reminders, statistics checks and versions, pages and exports."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ectalent.accounts.choices import Role
from ectalent.audit.models import AuditEvent
from ectalent.notices.models import Notice
from ectalent.regions.models import Region
from ectalent.registry.models import Organisation
from ectalent.registry.tests.factories import make_user
from ectalent.tracking import actions, policy
from ectalent.tracking.choices import DepartmentRole, FigureStatus, ReminderKind, ReportStatus, TaskState
from ectalent.tracking.importer import import_document
from ectalent.tracking.models import (DepartmentAlias, Document, ProgressReport, Reminder, ReportingPeriod,
                                      StatisticFigure, Task, TaskDepartment)
from ectalent.tracking.parser import parse_file, parse_text
from ectalent.tracking.queries import approved_figures
from ectalent.tracking.reporting import ensure_expected_reports

pytestmark = pytest.mark.django_db
SEED = policy.pack_dir() / "document.txt"
PDF = b"%PDF-1.4\n% test\n%%EOF\n"


@pytest.fixture
def imported():
    return import_document(parse_file(SEED), source_name="seed")


def org(name):
    return Organisation.objects.get(name=name)


def user_of(name, role=Role.DEPARTMENT_STAFF):
    o = org(name)
    return make_user(role, o.region_id, organisation=o)


def test_import_builds_the_structure_with_every_department_matched(imported):
    doc = imported.document
    assert (doc.chapters.count(), doc.measures.count(), doc.tasks.count()) == (9, 32, 69)
    assert imported.unmatched == [] and doc.unmatched_names == []
    task = Task.objects.get(document=doc, key="3.3")
    rows = list(task.assignments.select_related("organisation"))
    assert [(r.organisation.name, r.role) for r in rows] == [
        ("江苏省经济和信息化委员会", "lead"), ("江苏省发展和改革委员会", "cooperating"), ("江苏省商务厅", "cooperating")]
    assert rows[0].written_as == "省经济和信息化委"
    assert DepartmentAlias.objects.get(alias="省经信委").organisation == rows[0].organisation
    # 各市人民政府: each of the 13 city governments leads for its own city
    leads = TaskDepartment.objects.filter(task__key="3.2", role=DepartmentRole.LEAD)
    assert leads.count() == 13 and {a.organisation.region.parent_id for a in leads} == {"320000"}
    assert TaskDepartment.objects.get(task__key="3.2", role=DepartmentRole.COOPERATING).organisation.name == "江苏省工商行政管理局"
    # 省有关部门 alone: no department, left to the office
    t = Task.objects.get(key="16.3")
    assert t.assignments.count() == 0 and t.others_to_assign
    assert all(o.kind == "government" for o in Organisation.objects.filter(tracking_assignments__isnull=False))


def test_second_import_is_idempotent(imported):
    counts = (Task.objects.count(), TaskDepartment.objects.count(), ProgressReport.objects.count(), Organisation.objects.count())
    events = AuditEvent.objects.count()
    again = import_document(parse_file(SEED), source_name="seed")
    assert not again.created and again.changes == []
    assert (Task.objects.count(), TaskDepartment.objects.count(), ProgressReport.objects.count(), Organisation.objects.count()) == counts
    assert AuditEvent.objects.count() == events


def test_unknown_name_is_reported_never_invented(imported):
    text = SEED.read_text(encoding="utf-8").replace("（省金融办）\n\n3．", "（省金融办、省未知委）\n\n3．")
    before = Organisation.objects.count()
    result = import_document(parse_text(text), source_name="edited")
    assert result.unmatched == ["省未知委"]
    assert Organisation.objects.count() == before and not Organisation.objects.filter(name__contains="未知").exists()
    task = Task.objects.get(key="5.2")
    assert task.unmatched_names == ["省未知委"] and task.assignments.count() == 1
    assert result.changes and result.changes[0]["key"] == "5.2"


def test_correction_is_kept_when_the_text_is_imported_again(imported):
    office = make_user(Role.POLICY_OFFICE, "320000")
    task = Task.objects.get(key="16.3")
    actions.correct_task(task, names=["省商务厅", "省邮政管理局"], others_to_assign=False, note="办公室指定", acting_user=office)
    assert [a.organisation.name for a in task.assignments.all()] == ["江苏省商务厅", "江苏省邮政管理局"]
    again = import_document(parse_file(SEED), source_name="seed")
    assert again.kept_corrections == ["16.3"]
    task.refresh_from_db()
    assert task.parsed_departments == [] and task.departments_in_force == ["省商务厅", "省邮政管理局"]
    assert task.assignments.get(role="lead").organisation.name == "江苏省商务厅"
    assert ProgressReport.objects.filter(task=task).exists()
    with pytest.raises(ValidationError, match="部门名录中没有"):
        actions.correct_task(task, names=["省不存在厅"], others_to_assign=False, note="x", acting_user=office)
    actions.undo_correction(task, acting_user=office)
    task.refresh_from_db()
    assert task.assignments.count() == 0 and not task.is_corrected


def test_command_import_is_idempotent():
    out = io.StringIO()
    call_command("measures", "import", str(SEED), stdout=out)
    assert "69 项任务" in out.getvalue()
    out = io.StringIO()
    call_command("measures", "import", str(SEED), stdout=out)
    assert "再次导入" in out.getvalue() and "变化 0 处" in out.getvalue()
    assert Document.objects.count() == 1


def test_periods_follow_the_parameter_and_overdue_is_a_query(imported):
    doc = imported.document
    ensure_expected_reports(doc, since=datetime.date(2026, 1, 1), until=datetime.date(2026, 7, 15))
    labels = list(doc.periods.filter(starts_on__lte="2026-07-15").order_by("starts_on").values_list("label", "due_on"))
    assert labels[:3] == [("2026年第1季度", datetime.date(2026, 4, 10)), ("2026年第2季度", datetime.date(2026, 7, 10)),
                          ("2026年第3季度", datetime.date(2026, 10, 10))]
    assert policy.parameter("reporting.period_months").value == 3
    q1 = doc.periods.get(starts_on="2026-01-01")
    n = ProgressReport.objects.filter(period=q1).count()
    assert n == TaskDepartment.objects.count()
    assert ProgressReport.objects.overdue(datetime.date(2026, 4, 11)).filter(period=q1).count() == n
    assert ProgressReport.objects.overdue(datetime.date(2026, 4, 10)).filter(period=q1).count() == 0


def test_cooperating_report_then_lead_consolidates(imported, client):
    doc = imported.document
    ensure_expected_reports(doc)
    period = doc.periods.order_by("-starts_on").first()
    coop_user = user_of("江苏省发展和改革委员会")
    lead_user = user_of("江苏省经济和信息化委员会")
    task = Task.objects.get(key="3.3")
    coop = ProgressReport.objects.get(task=task, period=period, organisation__name="江苏省发展和改革委员会")
    client.force_login(coop_user)
    url = reverse("tracking:report", args=[coop.pk])
    r = client.post(url, {"file": "1", "progress": "in_progress", "narrative": "已完成调研。", "figures": "",
                          "files": SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")})
    assert r.status_code == 302, r.content.decode()[:2000]
    coop.refresh_from_db()
    assert coop.status == ReportStatus.SUBMITTED and coop.evidence.count() == 1
    assert Notice.objects.filter(recipient=lead_user, kind="tracking.report").exists()
    # evidence is private: the co-operating department and the lead may download it; another department may not
    ev = coop.evidence.get()
    assert client.get(reverse("tracking:evidence", args=[coop.pk, ev.pk])).status_code == 200
    lead = ProgressReport.objects.get(task=task, period=period, organisation__name="江苏省经济和信息化委员会")
    client.force_login(lead_user)
    page = client.get(reverse("tracking:report", args=[lead.pk]))
    assert "江苏省发展和改革委员会" in page.content.decode()
    r = client.post(reverse("tracking:report", args=[lead.pk]),
                    {"file": "1", "progress": "completed", "narrative": "汇总：已完成。", "figures": "", "consolidate": [coop.pk]})
    assert r.status_code == 302
    lead.refresh_from_db()
    task.refresh_from_db()
    assert list(lead.consolidated.all()) == [coop] and task.state == TaskState.COMPLETED
    other = user_of("江苏省公安厅")
    client.force_login(other)
    assert client.get(reverse("tracking:report", args=[coop.pk])).status_code == 404
    assert client.post(reverse("tracking:report", args=[coop.pk]), {"file": "1", "progress": "completed", "narrative": "x"}).status_code == 404
    assert client.get(reverse("tracking:evidence", args=[coop.pk, ev.pk])).status_code == 404
    assert client.get(reverse("tracking:task", args=[task.pk])).status_code == 404


def test_cooperating_department_cannot_consolidate(imported):
    ensure_expected_reports(imported.document)
    coop = ProgressReport.objects.filter(role=DepartmentRole.COOPERATING).first()
    other = ProgressReport.objects.filter(task=coop.task, period=coop.period).exclude(pk=coop.pk).first()
    with pytest.raises(ValidationError):
        actions.file_report(coop, progress="in_progress", narrative="x", figures="", consolidate=[other], acting_user=None)


def test_office_reminds_a_late_department(imported, client):
    ensure_expected_reports(imported.document)
    office = make_user(Role.POLICY_OFFICE, "320000")
    dept_user = user_of("江苏省财政厅")
    report = ProgressReport.objects.filter(organisation__name="江苏省财政厅").first()
    client.force_login(office)
    r = client.post(reverse("tracking:report", args=[report.pk]), {"remind": "1", "kind": "escalation", "message": "请尽快报送"})
    assert r.status_code == 302
    reminder = Reminder.objects.get()
    assert reminder.kind == ReminderKind.ESCALATION and reminder.recipients == [dept_user.username] and reminder.sent_by == office
    assert Notice.objects.filter(recipient=dept_user, kind="tracking.escalation").exists()
    event = AuditEvent.objects.filter(object_type="tracking.reminder").get()
    assert event.actor_id == office.pk and event.after["recipients"] == [dept_user.username]
    client.force_login(dept_user)
    page = client.get(reverse("tracking:workbench")).content.decode()
    assert "请尽快报送" in page
    # a department cannot send reminders
    assert client.post(reverse("tracking:report", args=[report.pk]), {"remind": "1", "kind": "reminder"}).status_code == 403


def test_figure_checks_refuse_with_the_reason_and_write_nothing():
    office = make_user(Role.POLICY_OFFICE, "320000")
    nanjing = Region.objects.get(pk="320100")
    tjj = Organisation.objects.create(name="统计", kind="government", region=nanjing)
    kwargs = dict(indicator="ecommerce_volume", period="2025", region=nanjing, organisation=tjj, source="统计年鉴", acting_user=office)
    with pytest.raises(ValidationError) as exc:
        actions.submit_figure(value="100", unit="万元", **kwargs)
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.submit_figure(value="-5", unit="亿元", **kwargs)
    assert "value" in exc.value.message_dict
    with pytest.raises(ValidationError):
        actions.submit_figure(indicator="enterprise_ecommerce_rate", period="2025", region=nanjing, organisation=tjj,
                              value="120", unit="%", source="x", acting_user=office)
    assert StatisticFigure.objects.count() == 0
    first = actions.submit_figure(value="7000", unit="亿元", **{**kwargs, "period": "2024"})
    actions.decide_figure(first, approve=True, acting_user=office)
    with pytest.raises(ValidationError) as exc:
        actions.submit_figure(value="12000", unit="亿元", **kwargs)
    assert "note" in exc.value.message_dict
    f2 = actions.submit_figure(value="12000", unit="亿元", note="统计口径调整", **kwargs)
    actions.decide_figure(f2, approve=True, acting_user=office)
    assert approved_figures("ecommerce_volume", "2025", ["320100"]) == {"320100": Decimal("12000")}
    # a correction is a new version; the approved one stays until the correction is approved
    f3 = actions.submit_figure(value="11800", unit="亿元", note="更正", **kwargs)
    assert f3.version == 2 and f3.supersedes == f2
    assert approved_figures("ecommerce_volume", "2025") == {"320100": Decimal("12000")}
    actions.decide_figure(f3, approve=True, acting_user=office)
    f2.refresh_from_db()
    assert f2.status == FigureStatus.SUPERSEDED and f2.value == Decimal("12000")
    assert approved_figures("ecommerce_volume", "2025", [nanjing]) == {"320100": Decimal("11800")}
    assert approved_figures("ecommerce_volume", "2023") == {}
    assert approved_figures(statistic="ecommerce_volume", year=2025, regions=["320100"]) == {"320100": Decimal("11800")}


def test_pages_for_the_office_a_department_and_exports(imported, client):
    ensure_expected_reports(imported.document)
    office = make_user(Role.POLICY_OFFICE, "320000")
    client.force_login(office)
    for name, args in [("tracking:index", []), ("tracking:review", [imported.document.pk]), ("tracking:overdue", []),
                       ("tracking:import", []), ("tracking:statistics", []), ("tracking:targets", []),
                       ("tracking:chapter", [imported.document.chapters.first().pk]),
                       ("tracking:task", [Task.objects.first().pk]), ("tracking:correct", [Task.objects.first().pk])]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    x = client.get(reverse("tracking:progress-export", args=["xlsx"]))
    assert x.status_code == 200 and x.content[:2] == b"PK"
    p = client.get(reverse("tracking:progress-export", args=["pdf"]))
    assert p.status_code == 200 and p.content[:5] == b"%PDF-"
    r = client.post(reverse("tracking:import"), {"use_shipped": "on"})
    assert "变化 0 处" in r.content.decode()
    dept = user_of("江苏省商务厅")
    client.force_login(dept)
    assert client.get(reverse("tracking:index")).status_code == 302
    assert client.get(reverse("tracking:workbench")).status_code == 200
    assert client.get(reverse("tracking:import")).status_code == 403
    assert client.get(reverse("tracking:overdue")).status_code == 404
    stranger = make_user(Role.APPLICANT, "320100")
    client.force_login(stranger)
    assert client.get(reverse("tracking:workbench")).status_code == 404
    assert client.get(reverse("tracking:task", args=[Task.objects.first().pk])).status_code == 404


def test_city_submits_a_figure_and_the_target_chart_moves_on_approval(imported, client):
    office = make_user(Role.POLICY_OFFICE, "320000")
    city = user_of("苏州市人民政府", Role.CITY_GOVERNMENT)
    client.force_login(city)
    r = client.post(reverse("tracking:statistics"), {"indicator": "ecommerce_volume", "period": "2025", "region": "320500",
                                                     "value": "9000", "unit": "亿元", "source": "苏州市统计局"})
    assert r.status_code == 302
    bad = client.post(reverse("tracking:statistics"), {"indicator": "ecommerce_volume", "period": "2025", "region": "320100",
                                                       "value": "9000", "unit": "亿元", "source": "x"})
    assert bad.status_code == 200 and StatisticFigure.objects.count() == 1  # not its city
    client.force_login(office)
    page = client.get(reverse("tracking:targets") + "?indicator=ecommerce_volume").content.decode()
    assert "9000" not in page
    figure = StatisticFigure.objects.get()
    client.post(reverse("tracking:statistics"), {"decide": "approve", "figure": figure.pk})
    page = client.get(reverse("tracking:targets") + "?indicator=ecommerce_volume&period=2025").content.decode()
    assert "9000" in page
