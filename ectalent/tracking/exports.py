"""The quarterly progress report for the leading group (xlsx and PDF): per chapter and measure, each task's state,
its lead, the reports of the latest closed period and what is late. Written through core/exports and core/pdf."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.core import pdf
from ectalent.core.exports import Book, bytes_response, stamped, write_table, xlsx_response

from .choices import DepartmentRole, ReportStatus
from .models import ProgressReport, Task

HEADER = ["章", "条目", "任务", "牵头部门", "配合部门", "进展状态", "报告期", "已报送", "应报送", "逾期未报的部门"]


def report_period(document, on=None):
    """The latest period whose due date has passed (else the latest opened)."""
    on = on or timezone.localdate()
    return (document.periods.filter(due_on__lt=on).order_by("-starts_on").first()
            or document.periods.order_by("-starts_on").first())


def progress_rows(document, on=None):
    on = on or timezone.localdate()
    period = report_period(document, on)
    reports = {}
    if period is not None:
        for r in ProgressReport.objects.filter(period=period).select_related("organisation"):
            reports.setdefault(r.task_id, []).append(r)
    tasks = Task.objects.filter(document=document).select_related("measure__chapter").prefetch_related("assignments__organisation")
    for task in tasks.order_by("order"):
        assignments = list(task.assignments.all())
        lead = "、".join(a.organisation.name for a in assignments if a.role == DepartmentRole.LEAD) or "待指定"
        coop = "、".join(a.organisation.name for a in assignments if a.role == DepartmentRole.COOPERATING)
        rows = reports.get(task.pk, [])
        late = [r.organisation.name for r in rows if r.status == ReportStatus.EXPECTED and period.due_on < on]
        yield [str(task.measure.chapter), str(task.measure), task.key, lead, coop, str(task.get_state_display()),
               period.label if period else "", sum(1 for r in rows if r.status == ReportStatus.SUBMITTED), len(rows),
               "、".join(late)]


def progress_xlsx(document, user):
    book = Book(constant_memory=False)
    write_table(book, "季度进展", HEADER, progress_rows(document), widths=[20, 28, 8, 30, 40, 10, 14, 8, 8, 40])
    with transaction.atomic():
        record(AuditAction.EXPORT, document, actor=user, region_id="320000", note="季度进展报告（xlsx）")
    return xlsx_response(book, stamped("季度进展报告", "xlsx"))


def progress_pdf(document, user):
    rows = list(progress_rows(document))
    period = report_period(document)
    story = [pdf.bold_para("全省电子商务政策落实季度进展报告", "title"),
             pdf.para(f"{document.title}　报告期：{period.label if period else '—'}　生成日期：{timezone.localdate():%Y-%m-%d}", "subtitle")]
    chapter = None
    table = []
    for row in rows:
        if row[0] != chapter:
            if table:
                story.append(pdf.grid_table(table, [62, 34, 140, 60, 40, 150], header_rows=1, style="cell_small"))
            chapter = row[0]
            story.append(pdf.para(chapter, "heading"))
            table = [["条目", "任务", "牵头部门", "进展状态", "已报/应报", "逾期未报"]]
        table.append([row[1], row[2], row[3], row[5], f"{row[7]}/{row[8]}", row[9] or "—"])
    if table:
        story.append(pdf.grid_table(table, [62, 34, 140, 60, 40, 150], header_rows=1, style="cell_small"))
    content = pdf.build_pdf(story, title="季度进展报告", header="省电子商务工作领导小组办公室", footer="季度进展报告")
    with transaction.atomic():
        record(AuditAction.EXPORT, document, actor=user, region_id="320000", note="季度进展报告（PDF）")
    return bytes_response(content, stamped("季度进展报告", "pdf"), content_type="application/pdf")
