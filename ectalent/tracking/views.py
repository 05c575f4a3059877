"""Policy tracking pages. Views validate; ``actions.py`` changes state. Everything starts from ``visible_to``."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.audit.models import AuditEvent
from ectalent.core.uploads import serve_private
from ectalent.regions.models import Region

from . import actions, policy
from .choices import DepartmentRole, FigureStatus, ReportStatus, TaskState
from .forms import CorrectionForm, FigureForm, ImportForm, ReminderForm, ReportForm
from .models import (Chapter, Document, Evidence, ProgressReport, Reminder, StatisticFigure, Task, department_of,
                     is_office, is_overseer)
from .parser import ParseError, parse_file, parse_text


def _office_only(request):
    if not is_office(request.user):
        raise PermissionDenied


def _document():
    return Document.objects.order_by("-issued_on", "pk").first()


def _heat(document):
    """Tasks by state per chapter and per lead department (the dashboard's heat map)."""
    states = list(TaskState)
    per_chapter = []
    for chapter in Chapter.objects.filter(document=document).order_by("number"):
        counts = Counter(Task.objects.filter(measure__chapter=chapter).values_list("state", flat=True))
        per_chapter.append({"chapter": chapter, "cells": [counts.get(s.value, 0) for s in states],
                            "total": sum(counts.values())})
    per_dept = defaultdict(Counter)
    rows = (Task.objects.filter(document=document, assignments__role=DepartmentRole.LEAD)
            .values_list("assignments__organisation__name", "state"))
    for name, state in rows:
        per_dept[name][state] += 1
    dept_rows = sorted(({"name": n, "cells": [c.get(s.value, 0) for s in states], "total": sum(c.values())}
                        for n, c in per_dept.items()), key=lambda r: -r["total"])
    return states, per_chapter, dept_rows


@login_required
def index(request):
    if department_of(request.user):
        return redirect("tracking:workbench")
    if not is_overseer(request.user):
        raise Http404
    document = _document()
    ctx = {"document": document}
    if document:
        today = timezone.localdate()
        reports = ProgressReport.objects.filter(task__document=document)
        states, per_chapter, per_dept = _heat(document)
        ctx.update(
            states=states, per_chapter=per_chapter, per_dept=per_dept,
            overdue=reports.overdue(today).count(), late=reports.late().count(),
            submitted=reports.filter(status=ReportStatus.SUBMITTED).count(), expected=reports.count(),
            tasks=Task.objects.filter(document=document).count(),
            to_assign=Task.objects.filter(document=document).filter(
                Q(corrected_others_to_assign=True) | Q(corrected_others_to_assign__isnull=True, parsed_others_to_assign=True)).count(),
            targets=target_rows(),
        )
    return render(request, "tracking/index.html", ctx)


@login_required
def import_document(request):
    _office_only(request)
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from .importer import import_document as do_import

        try:
            if form.cleaned_data.get("file"):
                raw = form.cleaned_data["file"].read()
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    text = raw.decode("gb18030")
                doc = parse_text(text)
                name = form.cleaned_data["file"].name
            else:
                path = policy.pack_dir() / "document.txt"
                text = path.read_text(encoding="utf-8")
                doc = parse_file(path)
                name = "policies/jiangsu-2015-ecommerce/document.txt"
            result = do_import(doc, source_name=name, acting_user=request.user, text=text)
        except (ParseError, UnicodeDecodeError) as exc:
            form.add_error("file", str(exc) if isinstance(exc, ParseError) else _("无法识别文件编码。"))
    return render(request, "tracking/import.html", {"form": form, "result": result})


@login_required
def review(request, pk):
    _office_only(request)
    document = get_object_or_404(Document, pk=pk)
    tasks = Task.objects.filter(document=document).select_related("measure").prefetch_related("assignments__organisation")
    only = request.GET.get("only", "")
    if only == "corrected":
        tasks = tasks.filter(Q(corrected_departments__isnull=False) | Q(corrected_others_to_assign__isnull=False))
    elif only == "attention":
        tasks = [t for t in tasks if t.unmatched_names or t.others_to_assign or not t.departments_in_force]
    return render(request, "tracking/review.html", {"document": document, "tasks": tasks, "only": only})


@login_required
def correct(request, pk):
    _office_only(request)
    task = get_object_or_404(Task.objects.visible_to(request.user), pk=pk)
    initial = {"departments": "、".join(task.departments_in_force), "others_to_assign": task.others_to_assign,
               "note": task.correction_note}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if "undo" in request.POST:
            actions.undo_correction(task, acting_user=request.user)
            messages.success(request, _("已撤销更正。"))
            return redirect("tracking:review", task.document_id)
        if form.is_valid():
            try:
                actions.correct_task(task, names=form.names(), others_to_assign=form.cleaned_data["others_to_assign"],
                                     note=form.cleaned_data["note"], acting_user=request.user)
            except ValidationError as exc:
                form.add_error("departments", exc.messages[0])
            else:
                messages.success(request, _("已更正，重新导入时保留。"))
                return redirect("tracking:review", task.document_id)
    return render(request, "tracking/correct.html", {"task": task, "form": form})


@login_required
def task_detail(request, pk):
    task = get_object_or_404(Task.objects.visible_to(request.user).select_related("measure", "document"), pk=pk)
    reports = (ProgressReport.objects.visible_to(request.user).filter(task=task)
               .select_related("organisation", "period").order_by("-period__starts_on", "role", "organisation__name"))
    history = AuditEvent.objects.filter(
        Q(object_type="tracking.task", object_id=str(task.pk))
        | Q(object_type="tracking.progressreport", object_id__in=[str(r.pk) for r in reports])
        | Q(object_type="tracking.reminder", object_id__in=[str(p) for p in task.reminders.values_list("pk", flat=True)])
    ).order_by("-seq")[:50] if is_overseer(request.user) else []
    return render(request, "tracking/task_detail.html", {
        "task": task, "assignments": task.assignments.select_related("organisation"), "reports": reports,
        "reminders": Reminder.objects.visible_to(request.user).filter(task=task).select_related("organisation", "sent_by"),
        "history": history, "today": timezone.localdate(), "office": is_office(request.user)})


@login_required
def report_detail(request, pk):
    report = get_object_or_404(ProgressReport.objects.visible_to(request.user).select_related("task", "period", "organisation"), pk=pk)
    own = department_of(request.user) == report.organisation_id
    coop = None
    if own and report.role == DepartmentRole.LEAD:
        coop = ProgressReport.objects.filter(task=report.task, period=report.period, role=DepartmentRole.COOPERATING,
                                             status=ReportStatus.SUBMITTED).select_related("organisation")
    form = None
    if own:
        initial = {"progress": report.progress or TaskState.IN_PROGRESS, "narrative": report.narrative,
                   "figures": report.figures, "consolidate": list(report.consolidated.all())}
        form = ReportForm(request.POST or None, request.FILES or None, coop_reports=coop, initial=initial)
    reminder_form = ReminderForm(request.POST or None) if is_office(request.user) else None
    if request.method == "POST":
        if "remind" in request.POST and reminder_form is not None:
            if reminder_form.is_valid():
                try:
                    actions.send_reminder(report, kind=reminder_form.cleaned_data["kind"],
                                          message=reminder_form.cleaned_data["message"], acting_user=request.user)
                except ValidationError as exc:
                    reminder_form.add_error(None, exc.messages[0])
                else:
                    messages.success(request, _("已发送，并记入督办记录。"))
                    return redirect("tracking:report", report.pk)
        elif form is not None and "file" in request.POST:
            if form.is_valid():
                files = request.FILES.getlist("files")
                try:
                    actions.file_report(report, progress=form.cleaned_data["progress"],
                                        narrative=form.cleaned_data["narrative"], figures=form.cleaned_data["figures"],
                                        files=files, consolidate=list(form.cleaned_data.get("consolidate") or []),
                                        acting_user=request.user)
                except ValidationError as exc:
                    form.add_error(None, exc.messages[0])
                else:
                    messages.success(request, _("报告已报送。"))
                    return redirect("tracking:report", report.pk)
        else:
            raise PermissionDenied
    return render(request, "tracking/report_detail.html", {
        "report": report, "form": form, "reminder_form": reminder_form, "coop": coop,
        "consolidated": report.consolidated.select_related("organisation"),
        "evidence": report.evidence.all(), "reminders": report.reminders.select_related("sent_by"),
        "siblings": ProgressReport.objects.visible_to(request.user).filter(task=report.task, period=report.period)
        .exclude(pk=report.pk).select_related("organisation")})


@login_required
def evidence(request, pk, evidence_pk):
    report = get_object_or_404(ProgressReport.objects.visible_to(request.user), pk=pk)
    item = get_object_or_404(Evidence, pk=evidence_pk, report=report)
    return serve_private(request, item.file, filename=item.filename, content_type=item.content_type, obj=report)


@login_required
def overdue(request):
    if not is_overseer(request.user):
        raise Http404
    document = _document()
    today = timezone.localdate()
    qs = ProgressReport.objects.filter(task__document=document) if document else ProgressReport.objects.none()
    kind = request.GET.get("kind", "overdue")
    rows = (qs.late() if kind == "late" else qs.overdue(today)).select_related("task__measure", "organisation", "period")
    rows = rows.annotate(n_reminders=Count("reminders")).order_by("period__starts_on", "task__order", "organisation__name")
    return render(request, "tracking/overdue.html", {"rows": rows[:500], "total": rows.count(), "kind": kind,
                                                     "office": is_office(request.user)})


@login_required
def workbench(request):
    org = department_of(request.user)
    if org is None:
        raise Http404
    today = timezone.localdate()
    tasks = (Task.objects.visible_to(request.user).select_related("measure")
             .annotate(my_role=Count("assignments", filter=Q(assignments__organisation_id=org, assignments__role=DepartmentRole.LEAD))))
    due = (ProgressReport.objects.filter(organisation_id=org, status=ReportStatus.EXPECTED)
           .select_related("task__measure", "period").order_by("period__due_on", "task__order"))
    coop_waiting = (ProgressReport.objects.visible_to(request.user).filter(role=DepartmentRole.COOPERATING,
                    status=ReportStatus.SUBMITTED, task__assignments__organisation_id=org,
                    task__assignments__role=DepartmentRole.LEAD, consolidated_in__isnull=True)
                    .exclude(organisation_id=org).select_related("task__measure", "period", "organisation").distinct())
    return render(request, "tracking/workbench.html", {
        "tasks": tasks, "due": due, "today": today, "coop_waiting": coop_waiting,
        "reminders": Reminder.objects.filter(organisation_id=org).select_related("task__measure", "sent_by")[:50]})


# --- statistics and targets -------------------------------------------------------------------------------------

def _regions_for(user):
    province = Region.objects.get(pk=str(policy.directory().get("region", "320000")))
    cities = list(Region.objects.filter(parent=province).order_by("code"))
    if is_office(user):
        return [province, *cities]
    if user.role == "city_government" and user.organisation_id:
        return [r for r in cities if r.pk == user.organisation.region_id]
    if department_of(user):
        return [province, *cities]
    return []


@login_required
def statistics(request):
    regions = _regions_for(request.user)
    if not regions and not is_overseer(request.user):
        raise Http404
    indicators = list(policy.indicators().values())
    form = None
    if regions:
        form = FigureForm(request.POST or None, indicators=indicators, regions=regions)
        if request.method == "POST" and "decide" not in request.POST and form.is_valid():
            region = next(r for r in regions if r.pk == form.cleaned_data["region"])
            org = request.user.organisation
            try:
                actions.submit_figure(indicator=form.cleaned_data["indicator"], period=form.cleaned_data["period"],
                                      region=region, organisation=org, value=form.cleaned_data["value"],
                                      unit=form.cleaned_data["unit"], source=form.cleaned_data["source"],
                                      note=form.cleaned_data["note"], acting_user=request.user)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errs in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errs)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, _("数据已报送，待办公室审核。"))
                return redirect("tracking:statistics")
    if request.method == "POST" and "decide" in request.POST:
        _office_only(request)
        figure = get_object_or_404(StatisticFigure.objects.visible_to(request.user), pk=request.POST.get("figure"))
        try:
            actions.decide_figure(figure, approve=request.POST["decide"] == "approve", acting_user=request.user,
                                  reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect("tracking:statistics")
    figures = (StatisticFigure.objects.visible_to(request.user).select_related("region", "organisation")
               .order_by("-submitted_at")[:200])
    labels = {i.code: i.label for i in indicators}
    return render(request, "tracking/statistics.html", {"form": form, "figures": figures, "labels": labels,
                                                        "office": is_office(request.user)})


def target_rows():
    """Each target with the province's latest approved actual (statistics) and the share reached."""
    from .queries import approved_figures

    rows = []
    province = str(policy.directory().get("region", "320000"))
    for target in policy.targets():
        periods = list(StatisticFigure.objects.filter(indicator=target.code, status=FigureStatus.APPROVED,
                                                      region_id=province).values_list("period", flat=True).distinct())
        actual, period = None, None
        if periods:
            period = max(periods)
            actual = approved_figures(target.code, period, [province]).get(province)
        share = float(actual / target.value * 100) if actual is not None and target.value else None
        rows.append({"target": target, "actual": actual, "period": period,
                     "share": min(share, 100.0) if share is not None else None, "met": target.met(actual)})
    return rows


@login_required
def targets(request):
    if not is_overseer(request.user) and not department_of(request.user):
        raise Http404
    indicators = policy.indicators()
    code = request.GET.get("indicator") or next(iter(indicators))
    if code not in indicators:
        raise Http404
    province = Region.objects.get(pk=str(policy.directory().get("region", "320000")))
    cities = list(Region.objects.filter(parent=province).order_by("code"))
    figures = StatisticFigure.objects.filter(indicator=code, status=FigureStatus.APPROVED)
    periods = sorted(set(figures.values_list("period", flat=True)))
    period = request.GET.get("period") or (periods[-1] if periods else "")
    from .queries import approved_figures

    values = approved_figures(code, period, [province, *cities]) if period else {}
    top = max([v for v in values.values()] or [0]) or 1
    bars = [{"region": r, "value": values.get(r.pk), "width": float(values[r.pk] / top * 100) if r.pk in values else 0}
            for r in cities]
    target = next((t for t in policy.targets() if t.code == code), None)
    series = [{"period": p, "value": approved_figures(code, p, [province]).get(province.pk)} for p in periods]
    smax = max([s["value"] for s in series if s["value"] is not None] + ([target.value] if target else []) or [1]) or 1
    for s in series:
        s["width"] = float(s["value"] / smax * 100) if s["value"] is not None else 0
    return render(request, "tracking/targets.html", {
        "indicators": indicators.values(), "code": code, "indicator": indicators[code], "periods": periods,
        "period": period, "bars": bars, "province_value": values.get(province.pk), "target": target,
        "target_width": float(target.value / smax * 100) if target else 0, "series": series,
        "rows": target_rows()})


@login_required
def chapter(request, pk):
    if not is_overseer(request.user):
        raise Http404
    from django.db.models import Prefetch

    chapter = get_object_or_404(Chapter, pk=pk)
    today = timezone.localdate()
    tasks = Task.objects.annotate(n_overdue=Count("reports", filter=Q(reports__status=ReportStatus.EXPECTED,
                                                                     reports__period__due_on__lt=today)))
    measures = chapter.measures.prefetch_related(Prefetch("tasks", queryset=tasks.order_by("order")))
    return render(request, "tracking/chapter.html", {"chapter": chapter, "measures": measures})


@login_required
def progress_export(request, fmt):
    if not is_overseer(request.user):
        raise Http404
    from .exports import progress_pdf, progress_xlsx

    document = _document()
    if document is None:
        raise Http404
    if fmt == "xlsx":
        return progress_xlsx(document, request.user)
    if fmt == "pdf":
        return progress_pdf(document, request.user)
    raise Http404
