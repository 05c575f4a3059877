"""Demo data for policy tracking: seed 001 imported, department and city users, two closed quarters of reports
(most on time, some late, some missing, a few reminders), and approved statistics for the 13 cities of 江苏.
Idempotent: nothing happens when the document is already imported."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ectalent.accounts.choices import Role
from ectalent.accounts.models import User
from ectalent.regions.models import Region
from ectalent.registry.models import Organisation

from . import actions, policy
from .choices import DepartmentRole, ReminderKind, ReportStatus, TaskState
from .importer import import_document
from .models import Document, ProgressReport
from .parser import parse_file
from .reporting import ensure_expected_reports

DEMO_PASSWORD = "Demo@2026"
# username, display name, role, organisation
DEPARTMENT_USERS = [
    ("js_swt", "省商务厅电商处 许处长", Role.DEPARTMENT_STAFF, "江苏省商务厅"),
    ("js_kjt", "省科技厅 高处长", Role.DEPARTMENT_STAFF, "江苏省科学技术厅"),
    ("js_czt", "省财政厅 陆处长", Role.DEPARTMENT_STAFF, "江苏省财政厅"),
    ("js_tjj", "省统计局 钱处长", Role.DEPARTMENT_STAFF, "江苏省统计局"),
    ("js_gsj", "省工商局 孔处长", Role.DEPARTMENT_STAFF, "江苏省工商行政管理局"),
    ("js_rst", "省人社厅 严处长", Role.DEPARTMENT_STAFF, "江苏省人力资源和社会保障厅"),
    ("sz_gov", "苏州市政府办 唐科长", Role.CITY_GOVERNMENT, "苏州市人民政府"),
    ("xz_gov", "徐州市政府办 邓科长", Role.CITY_GOVERNMENT, "徐州市人民政府"),
]
# share of the province's figures per city (demo only)
CITY_SHARE = {"320100": 18, "320200": 11, "320300": 6, "320400": 8, "320500": 25, "320600": 7, "320700": 3,
              "320800": 3, "320900": 4, "321000": 4, "321100": 3, "321200": 4, "321300": 4}
PROVINCE_FIGURES = {"ecommerce_volume": (Decimal("38600"), Decimal("42100")),
                    "online_retail_sales": (Decimal("11800"), Decimal("12900"))}


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def load_tracking_demo(today: datetime.date | None = None) -> dict:
    if Document.objects.exists():
        return {"skipped": True}
    today = today or timezone.localdate()
    office = User.objects.filter(role=Role.POLICY_OFFICE).first()
    doc = parse_file(policy.pack_dir() / "document.txt")
    with transaction.atomic():
        result = import_document(doc, source_name="policies/jiangsu-2015-ecommerce/document.txt", acting_user=office)
        for username, display, role, org_name in DEPARTMENT_USERS:
            org = Organisation.objects.filter(name=org_name).first()
            if org and not User.objects.filter(username=username).exists():
                user = User(username=username, display_name=display, role=role, region=org.region, organisation=org)
                user.set_password(DEMO_PASSWORD)
                user.save()
        document = result.document
        current = _quarter_start(today)
        # the two quarters before the current one
        first = _quarter_start(_quarter_start(current - datetime.timedelta(days=1)) - datetime.timedelta(days=1))
        ensure_expected_reports(document, since=first, until=today)
    periods = list(document.periods.order_by("starts_on"))
    closed = [p for p in periods if p.due_on < today][-2:]
    rng = random.Random(2015)
    users_by_org = {u.organisation_id: u for u in User.objects.filter(role__in=[Role.DEPARTMENT_STAFF, Role.CITY_GOVERNMENT])}
    filed = late = 0
    for index, period in enumerate(closed):
        reports = list(ProgressReport.objects.filter(period=period, organisation_id__in=users_by_org)
                       .select_related("task", "organisation").order_by("role", "task__order"))
        # co-operating reports first, so that the leads can consolidate them
        reports.sort(key=lambda r: r.role != DepartmentRole.COOPERATING)
        for report in reports:
            roll = rng.random()
            if index == 1 and roll < 0.3:
                continue  # missing: overdue
            user = users_by_org[report.organisation_id]
            progress = rng.choice([TaskState.IN_PROGRESS, TaskState.IN_PROGRESS, TaskState.COMPLETED, TaskState.DELAYED])
            coop = []
            if report.role == DepartmentRole.LEAD:
                coop = list(ProgressReport.objects.filter(task=report.task, period=period, role=DepartmentRole.COOPERATING,
                                                          status=ReportStatus.SUBMITTED))
            with transaction.atomic():
                actions.file_report(report, progress=progress, narrative=f"{period.label}：{report.task.measure.title}相关工作按计划推进（演示数据）。",
                                    figures="", consolidate=coop, acting_user=user)
                is_late = roll > 0.85
                day = period.due_on + datetime.timedelta(days=rng.randint(1, 20)) if is_late else \
                    period.due_on - datetime.timedelta(days=rng.randint(0, 8))
                ProgressReport.objects.filter(pk=report.pk).update(submitted_on=day)
            filed += 1
            late += is_late
    reminded = 0
    if office and closed:
        for report in ProgressReport.objects.overdue(today).filter(period=closed[-1], organisation_id__in=users_by_org)[:3]:
            with transaction.atomic():
                actions.send_reminder(report, kind=ReminderKind.REMINDER, message="请于三个工作日内报送（演示）。",
                                      acting_user=office)
            reminded += 1
    figures = _statistics(office, today)
    return {"tasks": result.tasks, "reports_filed": filed, "late": late, "reminders": reminded, "figures": figures}


def _statistics(office, today) -> int:
    province = Region.objects.get(pk="320000")
    cities = list(Region.objects.filter(parent=province).order_by("code"))
    tjj = Organisation.objects.filter(name="江苏省统计局").first()
    if tjj is None or office is None:
        return 0
    years = [str(today.year - 2), str(today.year - 1)]
    n = 0
    rng = random.Random(30)
    for code, (first, second) in PROVINCE_FIGURES.items():
        unit = policy.indicators()[code].unit
        for year, total in zip(years, (first, second)):
            for region in [province, *cities]:
                value = total if region == province else (total * CITY_SHARE[region.pk] / 100 *
                                                          Decimal(str(round(rng.uniform(0.97, 1.03), 3)))).quantize(Decimal("0.01"))
                with transaction.atomic():
                    figure = actions.submit_figure(indicator=code, period=year, region=region, organisation=tjj,
                                                   value=value, unit=unit, source="省统计局年度统计（演示数据）",
                                                   acting_user=office)
                    actions.decide_figure(figure, approve=True, acting_user=office)
                n += 1
    for year, rate in zip(years, ("71.5", "76.2")):
        with transaction.atomic():
            figure = actions.submit_figure(indicator="enterprise_ecommerce_rate", period=year, region=province,
                                           organisation=tjj, value=rate, unit="%", source="省统计局企业信息化统计（演示数据）",
                                           acting_user=office)
            actions.decide_figure(figure, approve=True, acting_user=office)
        n += 1
    return n
