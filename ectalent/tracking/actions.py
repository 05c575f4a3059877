"""Every change in policy tracking: one transaction each, with its audit event (and notices where someone must act)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ectalent.accounts.models import User
from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.core.i18n import stored
from ectalent.notices.actions import notify

from . import policy
from .choices import DepartmentRole, FigureStatus, ReminderKind, ReportStatus, TaskState
from .importer import resolve, sync_assignments
from .models import DEPARTMENT_ROLES, Evidence, ProgressReport, Reminder, StatisticFigure, Task
from .reporting import ensure_expected_reports


class ConcurrentChange(ValidationError):
    pass


def _region(task_or_doc=None) -> str:
    return str(policy.directory().get("region", "320000"))


@transaction.atomic
def correct_task(task: Task, *, names: list[str], others_to_assign: bool, note: str, acting_user) -> Task:
    """The office's correction of a task's departments (names in order, the first leads). Kept on re-import."""
    unknown = [n for n in names if not resolve(n)]
    if unknown:
        raise ValidationError(_("部门名录中没有：%(names)s。请先在名录中添加该部门或别名。") % {"names": "、".join(unknown)})
    if len(set(names)) != len(names):
        raise ValidationError(_("同一部门写了两次。"))
    before = {"departments": task.departments_in_force, "others_to_assign": task.others_to_assign}
    changed = Task.objects.filter(pk=task.pk, version=task.version).update(
        corrected_departments=names, corrected_others_to_assign=others_to_assign, correction_note=note[:500],
        corrected_at=timezone.now(), corrected_by=acting_user, version=F("version") + 1)
    if changed != 1:
        raise ConcurrentChange(_("该任务已被他人修改，请刷新页面后再更正。"))
    task.refresh_from_db()
    sync_assignments(task)
    ensure_expected_reports(task.document)
    record(AuditAction.UPDATE, task, actor=acting_user, region_id=_region(), before=before,
           after={"departments": names, "others_to_assign": others_to_assign}, note=note[:500])
    return task


@transaction.atomic
def undo_correction(task: Task, *, acting_user) -> Task:
    before = {"departments": task.departments_in_force, "others_to_assign": task.others_to_assign}
    Task.objects.filter(pk=task.pk).update(corrected_departments=None, corrected_others_to_assign=None,
                                           correction_note="", corrected_at=None, corrected_by=None,
                                           version=F("version") + 1)
    task.refresh_from_db()
    sync_assignments(task)
    ensure_expected_reports(task.document)
    record(AuditAction.UPDATE, task, actor=acting_user, region_id=_region(), before=before,
           after={"departments": task.parsed_departments, "others_to_assign": task.parsed_others_to_assign},
           note=stored(gettext_noop("撤销更正，恢复按文件解析的部门")))
    return task


@transaction.atomic
def file_report(report: ProgressReport, *, progress: str, narrative: str, figures: str, files=(),
                consolidate: list[ProgressReport] | None = None, acting_user) -> ProgressReport:
    """A department files (or re-files) its report; the lead's report may consolidate co-operating reports and
    sets the task's state."""
    if progress not in TaskState.values:
        raise ValidationError(_("进展状态无效。"))
    if not narrative.strip():
        raise ValidationError(_("请填写工作进展。"))
    consolidate = list(consolidate or [])
    if consolidate and report.role != DepartmentRole.LEAD:
        raise ValidationError(_("只有牵头部门的报告可以汇总配合部门的报告。"))
    for other in consolidate:
        if other.task_id != report.task_id or other.period_id != report.period_id or other.pk == report.pk:
            raise ValidationError(_("只能汇总同一任务、同一报告期的配合部门报告。"))
        if other.status != ReportStatus.SUBMITTED:
            raise ValidationError(_("%(org)s 尚未报送，不能汇总。") % {"org": other.organisation.name})
    today = timezone.localdate()
    first_time = report.status == ReportStatus.EXPECTED
    changed = ProgressReport.objects.filter(pk=report.pk, version=report.version).update(
        status=ReportStatus.SUBMITTED, progress=progress, narrative=narrative.strip(), figures=figures.strip(),
        submitted_on=today if first_time else report.submitted_on or today, submitted_at=timezone.now(),
        submitted_by=acting_user, version=F("version") + 1)
    if changed != 1:
        raise ConcurrentChange(_("该报告已被他人修改，请刷新页面后再提交。"))
    report.refresh_from_db()
    if report.role == DepartmentRole.LEAD:
        report.consolidated.set(consolidate)
        task = report.task
        if task.state != progress:
            Task.objects.filter(pk=task.pk).update(state=progress, version=F("version") + 1)
    for upload in files:
        from ectalent.core.uploads import check_evidence

        content_type = check_evidence(upload)
        Evidence.objects.create(report=report, file=upload, filename=upload.name[:200], content_type=content_type,
                                uploaded_by=acting_user)
    record(AuditAction.UPDATE if not first_time else AuditAction.CREATE, report, actor=acting_user,
           region_id=report.organisation.region_id,
           after={"progress": progress, "consolidated": [o.pk for o in consolidate], "files": len(files)},
           note=stored(gettext_noop("报送进展报告（%(period)s）"), period=report.period.label))
    if report.role == DepartmentRole.COOPERATING:
        leads = User.objects.filter(organisation__tracking_assignments__task=report.task,
                                    organisation__tracking_assignments__role=DepartmentRole.LEAD,
                                    role__in=DEPARTMENT_ROLES, is_active=True).distinct()
        notify(leads, kind="tracking.report", title=stored(gettext_noop("配合部门已报送：%(task)s"), task=str(report.task)),
               body=stored(gettext_noop("%(org)s 报送了 %(period)s 的进展，请在牵头报告中汇总。"),
                           org=report.organisation.name, period=report.period.label),
               url=f"/tracking/reports/{report.pk}/", obj=report)
    return report


@transaction.atomic
def send_reminder(report: ProgressReport, *, kind: str, message: str, acting_user) -> Reminder:
    """催报 (reminder) or 督办 (escalation) to the department owing ``report``: a row, a notice to each of the
    department's users, and the audit event naming who, when and to whom."""
    if kind not in ReminderKind.values:
        raise ValidationError(_("类别无效。"))
    if report.status != ReportStatus.EXPECTED and kind == ReminderKind.REMINDER:
        raise ValidationError(_("该报告已报送，无需催报。"))
    users = list(User.objects.filter(organisation=report.organisation, role__in=DEPARTMENT_ROLES, is_active=True))
    reminder = Reminder.objects.create(kind=kind, task=report.task, report=report, organisation=report.organisation,
                                       message=message.strip(), sent_by=acting_user,
                                       recipients=[u.username for u in users])
    title = (gettext_noop("催报：%(task)s（%(period)s）") if kind == ReminderKind.REMINDER
             else gettext_noop("督办：%(task)s（%(period)s）"))
    notify(users, kind=f"tracking.{kind}", title=stored(title, task=str(report.task), period=report.period.label),
           body=message.strip(), url=f"/tracking/reports/{report.pk}/", obj=reminder)
    record(AuditAction.CREATE, reminder, actor=acting_user, region_id=report.organisation.region_id,
           after={"kind": kind, "report": report.pk, "organisation": report.organisation.name,
                  "recipients": reminder.recipients},
           note=stored(gettext_noop("向 %(org)s 发出%(kind)s"), org=report.organisation.name,
                       kind=ReminderKind(kind).label))
    return reminder


# --- statistics ------------------------------------------------------------------------------------------------


def check_figure(*, indicator: str, period: str, region, value, unit: str, source: str, note: str,
                 previous: StatisticFigure | None = None, on: datetime.date | None = None) -> Decimal:
    """The checks when a figure is entered: a known indicator, its unit, a value in range, a source, and a note when
    it jumps against the previous period by more than the pack's ratio. Raises with every reason."""
    errors = {}
    spec = policy.indicators().get(indicator)
    if spec is None:
        raise ValidationError({"indicator": _("未知指标：%(code)s") % {"code": indicator}})
    try:
        number = Decimal(str(value).strip().replace(",", ""))
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("数值“%(v)s”不是数字。") % {"v": value}}) from None
    if unit != spec.unit:
        errors["unit"] = _("%(label)s的单位应为“%(unit)s”，而不是“%(got)s”。") % {"label": _(spec.label), "unit": spec.unit, "got": unit}
    if not (spec.min <= number <= spec.max):
        errors["value"] = _("%(label)s应在 %(min)s 至 %(max)s %(unit)s 之间，%(v)s 不可能。") % {
            "label": _(spec.label), "min": spec.min, "max": spec.max, "unit": spec.unit, "v": number}
    if not source.strip():
        errors["source"] = _("请写明数据来源。")
    if not _period_ok(period):
        errors["period"] = _("统计期写作 2016 或 2016Q1。")
    if previous is None and not errors:
        previous = previous_figure(indicator, period, region)
    if previous is not None and previous.value and "value" not in errors and not note.strip():
        ratio = Decimal(str(policy.parameter("statistics.jump_ratio", on).value)) / 100
        change = abs(number - previous.value) / abs(previous.value)
        if change > ratio:
            errors["note"] = _("与上期（%(p)s：%(v)s）相比变动 %(c)s%%，超过 %(r)s%%，请写明说明。") % {
                "p": previous.period, "v": previous.value, "c": round(change * 100, 1), "r": round(ratio * 100)}
    if errors:
        raise ValidationError(errors)
    return number


def _period_ok(period: str) -> bool:
    import re

    return bool(re.fullmatch(r"(19|20)\d\d(Q[1-4])?", period or ""))


def previous_period(period: str) -> str:
    if "Q" in period:
        year, q = int(period[:4]), int(period[-1])
        return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"
    return str(int(period) - 1)


def previous_figure(indicator: str, period: str, region) -> StatisticFigure | None:
    return (StatisticFigure.objects.filter(indicator=indicator, period=previous_period(period), region=region)
            .exclude(status__in=[FigureStatus.SUPERSEDED, FigureStatus.REJECTED]).order_by("-version").first())


@transaction.atomic
def submit_figure(*, indicator: str, period: str, region, organisation, value, unit: str, source: str, note: str = "",
                  acting_user) -> StatisticFigure:
    """A new figure, or a correction: a new version superseding the current one (never an overwrite)."""
    number = check_figure(indicator=indicator, period=period, region=region, value=value, unit=unit, source=source,
                          note=note)
    current = (StatisticFigure.objects.select_for_update().filter(indicator=indicator, period=period, region=region)
               .exclude(status__in=[FigureStatus.SUPERSEDED, FigureStatus.REJECTED]).order_by("-version").first())
    latest = StatisticFigure.objects.filter(indicator=indicator, period=period, region=region).order_by("-version").first()
    if current is not None and current.status == FigureStatus.SUBMITTED:
        # a pending figure corrected before approval: gone at once; an approved one stays until its correction is approved
        StatisticFigure.objects.filter(pk=current.pk).update(status=FigureStatus.SUPERSEDED)
    figure = StatisticFigure.objects.create(
        indicator=indicator, period=period, region=region, organisation=organisation, value=number, unit=unit,
        source=source.strip(), note=note.strip(), version=(latest.version + 1) if latest else 1,
        supersedes=current, submitted_by=acting_user)
    record(AuditAction.CREATE, figure, actor=acting_user, region_id=region.pk,
           before={"value": str(current.value), "version": current.version} if current else None,
           after={"indicator": indicator, "period": period, "value": str(number), "unit": unit, "source": source},
           note=note[:500])
    return figure


@transaction.atomic
def decide_figure(figure: StatisticFigure, *, approve: bool, acting_user, reason: str = "") -> StatisticFigure:
    to = FigureStatus.APPROVED if approve else FigureStatus.REJECTED
    changed = StatisticFigure.objects.filter(pk=figure.pk, status=FigureStatus.SUBMITTED).update(
        status=to, approved_at=timezone.now(), approved_by=acting_user)
    if changed != 1:
        raise ConcurrentChange(_("该数据已被审核或更正，请刷新页面。"))
    figure.refresh_from_db()
    if approve and figure.supersedes_id:
        StatisticFigure.objects.filter(pk=figure.supersedes_id, status=FigureStatus.APPROVED).update(
            status=FigureStatus.SUPERSEDED)
    record(AuditAction.TRANSITION, figure, actor=acting_user, region_id=figure.region_id,
           before={"status": FigureStatus.SUBMITTED}, after={"status": to}, note=reason[:500])
    return figure
