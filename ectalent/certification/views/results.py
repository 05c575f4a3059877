"""Scores, results, publication and reports of the certification programme (issue 4, points 5, 6 and 9).

Who may do what:

- the certification centre (and platform administrators): import and enter scores, compute results, approve and
  publish them;
- officials (province, city, county…): read the per-session results and the reports, scoped to their region by
  ``CertApplication.objects.visible_to``; unpublished results are shown only to the centre;
- a candidate: their own results, after publication only.

Reports count, per session, city and direction: applications (submitted for pre-check), candidates (pre-check
confirmed), published results, passed, and the pass rate (passed / published results). A direction's pass rate is
the share of candidates who sat that direction in the session (registered and with a published result) and passed
it there (carried directions are not counted again).
"""

from __future__ import annotations

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import BigIntegerField, Prefetch
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from ectalent.accounts.choices import OFFICIAL_ROLES, Role
from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.core import exports
from ectalent.core.db import replica_reads
from ectalent.core.exports import HEADER_FORMAT, Book, write_table, xlsx_response
from ectalent.core.i18n import stored
from ectalent.core.masking import mask_id_number
from ectalent.jobs.actions import start_job
from ectalent.regions.models import Region

from .. import scoring
from ..choices import DIRECTION_LEVELS, PARTS_BY_LEVEL, Level, SessionStatus
from ..models import CertApplication, Certificate, ExamSession, Result, Score



def is_centre(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.is_platform_admin or user.role == Role.CERT_CENTRE)


def is_reader(user) -> bool:
    return is_centre(user) or (user.is_authenticated and user.role in OFFICIAL_ROLES)


def _require_centre(user):
    if not is_centre(user):
        raise PermissionDenied(_("只有培训认证中心可以录入成绩、计算和公布认证结果。"))


def _require_reader(user):
    if not is_reader(user):
        raise PermissionDenied(_("只有培训认证中心和各级主管部门可以查看成绩与统计。"))


def _session(user, pk) -> ExamSession:
    return get_object_or_404(ExamSession.objects.visible_to(user), pk=pk)


# --- sessions and their results ------------------------------------------------------------------------


@login_required
def index(request):
    _require_reader(request.user)
    sessions = list(ExamSession.objects.visible_to(request.user).exclude(status=SessionStatus.DRAFT))
    visible = CertApplication.objects.visible_to(request.user)
    for s in sessions:
        cands = scoring.candidates(s).filter(pk__in=visible.values("pk"))
        s.n_candidates = cands.count()
        s.n_results = Result.objects.filter(application__in=cands).count()
        s.n_passed = Result.objects.filter(application__in=cands, passed=True).count()
    return render(request, "certification/results/index.html",
                  {"sessions": sessions, "centre": is_centre(request.user)})


@login_required
def session_results(request, pk):
    _require_reader(request.user)
    session = _session(request.user, pk)
    centre = is_centre(request.user)
    cands = scoring.candidates(session).filter(pk__in=CertApplication.objects.visible_to(request.user).values("pk"))
    q = (request.GET.get("q") or "").strip()
    if q:
        cands = cands.filter(person__id_number=q.upper()) if len(q) >= 15 else cands.filter(person__name__startswith=q)
    status = request.GET.get("result") or ""
    if status == "passed":
        cands = cands.filter(result__passed=True)
    elif status == "failed":
        cands = cands.filter(result__passed=False)
    elif status == "none":
        cands = cands.filter(result__isnull=True)
    cands = cands.select_related("person", "person__region").prefetch_related(
        Prefetch("scores", queryset=Score.objects.order_by("direction", "part"))).order_by("pk")
    page = Paginator(cands, 50).get_page(request.GET.get("page"))
    parts = PARTS_BY_LEVEL[session.level]
    show_results = centre or session.status == SessionStatus.RESULTS_PUBLISHED
    rows = []
    results = {r.application_id: r for r in Result.objects.filter(application__in=[a.pk for a in page.object_list])}
    for app in page.object_list:
        by = {(s.direction, s.part): s.score for s in app.scores.all()}
        dirs = app.directions if session.level in DIRECTION_LEVELS else [""]
        lines = [{"direction": d, "label": _(scoring.direction_label(d)) if d else "",
                  "scores": [scoring.fmt_score(by[(d, p.value)]) if (d, p.value) in by else "" for p in parts]}
                 for d in dirs]
        rows.append({"app": app, "id_masked": mask_id_number(app.person.id_number), "lines": lines,
                     "result": results.get(app.pk) if show_results else None})
    all_cands = scoring.candidates(session)
    summary = {
        "candidates": all_cands.count(),
        "results": Result.objects.filter(application__in=all_cands).count(),
        "passed": Result.objects.filter(application__in=all_cands, passed=True).count(),
        "scored": Score.objects.filter(application__in=all_cands).values("application").distinct().count(),
    } if centre else None
    stale = scoring.results_stale(session) if centre and session.status != SessionStatus.RESULTS_PUBLISHED else None
    return render(request, "certification/results/session.html", {
        "session": session, "page": page, "rows": rows, "parts": parts, "centre": centre, "summary": summary,
        "stale": stale, "policy": scoring.policy(session), "q": q, "result_filter": status,
        "by_direction": session.level in DIRECTION_LEVELS, "show_results": show_results,
        "editable": centre and session.status not in (SessionStatus.DRAFT, SessionStatus.RESULTS_PUBLISHED),
    })


@login_required
def score_entry(request, pk, app_pk):
    _require_centre(request.user)
    session = _session(request.user, pk)
    app = get_object_or_404(scoring.candidates(session).filter(
        pk__in=CertApplication.objects.visible_to(request.user).values("pk")).select_related("person", "session"),
        pk=app_pk)
    slots = scoring.score_slots(app)
    existing = {(s.direction, s.part): s.score for s in Score.objects.filter(application=app)}
    errors = {}
    values = {}
    if request.method == "POST":
        for d, p in slots:
            raw = request.POST.get(f"s_{d}_{p}", "")
            try:
                values[(d, p)] = scoring.parse_score(raw)
            except ValidationError as exc:
                errors[f"s_{d}_{p}"] = " ".join(exc.messages)
        if not errors:
            try:
                changed = scoring.enter_scores(app, {k: v for k, v in values.items()}, acting_user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已保存 %(person_name)s 的成绩（修改 %(n)s 项）。") % {"person_name": app.person.name, "n": len(changed)})
                return redirect(reverse("certification:session-results", args=[session.pk]))
    parts = PARTS_BY_LEVEL[session.level]
    fields = []
    for d in sorted({d for d, _p in slots}, key=[d for d, _p in slots].index):
        cells = []
        for p in parts:
            name = f"s_{d}_{p.value}"
            value = request.POST.get(name) if request.method == "POST" else (
                scoring.fmt_score(existing[(d, p.value)]) if (d, p.value) in existing else "")
            cells.append({"name": name, "label": p.label, "value": value or "", "error": errors.get(name)})
        fields.append({"direction": d, "label": _(scoring.direction_label(d)) if d else "", "cells": cells})
    return render(request, "certification/results/entry.html", {
        "session": session, "app": app, "fields": fields, "id_masked": mask_id_number(app.person.id_number),
        "errors": errors, "editable": session.status not in (SessionStatus.DRAFT, SessionStatus.RESULTS_PUBLISHED),
    })


@login_required
def score_import(request, pk):
    _require_centre(request.user)
    session = _session(request.user, pk)
    form_error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            form_error = _("请选择成绩表文件。")
        elif upload.size > scoring.MAX_UPLOAD_BYTES:
            form_error = _("文件不能超过 30 MB。")
        else:
            # Checked and written by the worker; the page shows the progress, then the counts or every error.
            job = start_job(handler="ectalent.certification.tasks.import_score_sheet",
                            label=_("成绩表导入：%(name)s") % {"name": session.name}, user=request.user,
                            params={"session": session.pk}, upload=upload, obj=session)
            return redirect(job.get_absolute_url())
    by_direction = session.level in DIRECTION_LEVELS
    return render(request, "certification/results/import.html", {
        "session": session, "form_error": form_error, "by_direction": by_direction,
        "parts": PARTS_BY_LEVEL[session.level], "directions": scoring.level_directions(session.level),
        "editable": session.status not in (SessionStatus.DRAFT, SessionStatus.RESULTS_PUBLISHED),
    })


@login_required
def score_template(request, pk):
    """An xlsx template for the session: the header, and one row per candidate and registered direction."""
    _require_centre(request.user)
    session = _session(request.user, pk)
    by_direction = session.level in DIRECTION_LEVELS
    parts = PARTS_BY_LEVEL[session.level]
    # Identified by 准考证号; the ID number appears masked, only for checking (exports never carry it in full).
    header = ["准考证号", "身份证号（脱敏，仅供核对）", "姓名"] + (["方向"] if by_direction else []) + [
        scoring.FIELD_NAMES[scoring.PART_COLUMN[p]] for p in parts]
    book = Book()
    sheet = book.sheet("成绩")
    bold = book.format(**HEADER_FORMAT)
    text = book.format(num_format="@")
    sheet.set_column(0, 0, 10, text)
    sheet.set_column(1, 1, 22, text)
    sheet.set_column(2, 3, 12, text)
    sheet.row(0, header, bold)
    cands = scoring.candidates(session).filter(pk__in=CertApplication.objects.visible_to(request.user).values("pk"))
    labels = {code: scoring.direction_label(code) for code, _name in scoring.level_directions(session.level)}
    r = 1
    for pk_, id_number, name, dirs in cands.order_by("pk").values_list(
            "pk", "person__id_number", "person__name", "directions").iterator(chunk_size=5000):
        for d in (dirs or []) if by_direction else [""]:
            sheet.row(r, [str(pk_), mask_id_number(id_number), name]
                      + ([labels.get(d) or scoring.direction_label(d)] if by_direction else []))
            r += 1
    notes = book.sheet("填写说明")
    for i, line in enumerate([
        "每行一名考生的一个方向（高级电子商务师、电子商务职业经理人每名考生一行，不填方向）。",
        "本模板按准考证号识别考生（“身份证号（脱敏）”列仅供核对，导入时不读取）。",
        "自制表格时，准考证号、身份证号至少填一项（两项都填须为同一考生）；身份证号请用文本格式。",
        "方向填方向名称（如 网络客服）或代码（如 customer_service），须为考生报考的方向。",
        "成绩为 0–100 的数字，最多两位小数；缺考填 0；不要使用公式（请“粘贴为数值”）。",
        "同一考生、同一方向只能有一行。整份文件校验通过才会导入，有任何错误都不写入。",
    ]):
        notes.cell(i, 0, line)
    notes.set_column(0, 0, 100)
    return xlsx_response(book, f"成绩表模板-{session.code}.xlsx")


@login_required
@require_POST
def compute(request, pk):
    _require_centre(request.user)
    session = _session(request.user, pk)
    try:
        counts = scoring.compute_results(session, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已计算认证结果：考生 %(candidates)s 人，通过 %(passed)s 人。请核对后审核公布。") % {"candidates": counts['candidates'], "passed": counts['passed']})
    return redirect(reverse("certification:session-results", args=[session.pk]))


@login_required
@require_POST
def publish(request, pk):
    _require_centre(request.user)
    session = _session(request.user, pk)
    try:
        n = scoring.approve_and_publish(session, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已审核并公布 %(session_name)s 的认证结果（%(n)s 人）。") % {"session_name": session.name, "n": n})
    return redirect(reverse("certification:session-results", args=[session.pk]))


@login_required
def my_results(request):
    """The signed-in candidate's own published results."""
    person_id = getattr(request.user, "person_id", None)
    results = []
    if person_id:
        results = list(Result.objects.filter(application__person_id=person_id, published=True)
                       .select_related("application__session").order_by("-application__session__exam_starts"))
    for r in results:
        r.passed_labels = [_(scoring.direction_label(d)) for d in r.passed_directions]
        r.carried_labels = [_(scoring.direction_label(d)) for d in r.carried_directions]
        r.scores = list(Score.objects.filter(application_id=r.application_id).order_by("direction", "part"))
        for s in r.scores:
            s.label = _(scoring.direction_label(s.direction)) if s.direction else ""
    return render(request, "certification/results/mine.html", {"results": results, "has_person": bool(person_id)})


# --- reports --------------------------------------------------------------------------------------------


def _city_of(path: str) -> str:
    parts = (path or "").split("/")
    if len(parts) >= 2:
        return parts[1].ljust(6, "0")
    return parts[0].ljust(6, "0") if parts and parts[0] else ""


def report_filters(request):
    user = request.user
    sessions = list(ExamSession.objects.visible_to(user).exclude(status=SessionStatus.DRAFT).order_by("-exam_starts"))
    session = None
    if request.GET.get("session"):
        session = next((s for s in sessions if str(s.pk) == request.GET["session"]), None)
    cities = list(Region.objects.filter(level="city").order_by("path"))
    if not (user.is_superuser or user.is_platform_admin) and user.region_id:
        region = user.region
        cities = [c for c in cities if region.contains(c) or c.contains(region)]
    city = next((c for c in cities if c.code == request.GET.get("city")), None)
    directions = [(c, n, lv) for lv in DIRECTION_LEVELS for c, n in scoring.level_directions(lv)]
    direction = request.GET.get("direction") or ""
    if direction not in {c for c, _, _ in directions}:
        direction = ""
    return {"sessions": sessions, "session": session, "cities": cities, "city": city, "directions": directions,
            "direction": direction}


REPORT_SCHEMA = {"app_id": pl.Int64, "session_id": pl.Int64, "session": pl.Utf8, "level": pl.Utf8, "city": pl.Utf8,
                 "directions": pl.List(pl.Utf8), "case_status": pl.Utf8, "published": pl.Boolean, "passed": pl.Boolean,
                 "passed_directions": pl.List(pl.Utf8), "carried_directions": pl.List(pl.Utf8)}


def _report_frame_copy(apps_qs, cases_qs) -> pl.DataFrame:
    """``report_frame``'s rows on PostgreSQL: read by ``COPY`` into polars (no Python object per application), the
    JSON lists decoded column-wise, the case status joined in polars."""
    from ectalent.rules.simulation import _read

    text = pl.String
    apps = _read(apps_qs, {"app_id": pl.Int64, "session_id": pl.Int64, "session": text, "level": text, "path": text,
                           "directions": text, "published": pl.Boolean, "passed": pl.Boolean,
                           "passed_directions": text, "carried_directions": text})
    cases = _read(cases_qs, {"app_id": pl.Int64, "case_status": text})
    lists = pl.List(pl.Utf8)
    published = pl.col("published").fill_null(False)
    segments = pl.col("path").fill_null("").str.split("/")
    return apps.join(cases, on="app_id", how="left").select(
        "app_id", "session_id", "session", "level",
        city=pl.when(segments.list.len() >= 2).then(segments.list.get(1, null_on_oob=True))
        .otherwise(segments.list.get(0, null_on_oob=True)).str.pad_end(6, "0"),
        directions=pl.col("directions").str.json_decode(lists).fill_null(pl.lit([], dtype=lists)),
        case_status=pl.col("case_status").fill_null(""),
        published=published,
        passed=published & pl.col("passed").fill_null(False),
        passed_directions=pl.when(published).then(pl.col("passed_directions").str.json_decode(lists))
        .otherwise(pl.lit([], dtype=lists)).fill_null(pl.lit([], dtype=lists)),
        carried_directions=pl.when(published).then(pl.col("carried_directions").str.json_decode(lists))
        .otherwise(pl.lit([], dtype=lists)).fill_null(pl.lit([], dtype=lists)),
    ).cast(REPORT_SCHEMA)


def report_frame(user, filters) -> pl.DataFrame:
    """One row per visible application (session, city, directions, case status, result) for the filters."""
    from ectalent.workflow.models import Case

    qs = CertApplication.objects.visible_to(user).filter(session__in=[s.pk for s in filters["sessions"]])
    if filters["session"]:
        qs = qs.filter(session=filters["session"])
    if filters["city"]:
        qs = qs.filter(person__region__path__startswith=filters["city"].path + "/")
    cases = (Case.objects.filter(subject_type="certification.certapplication")
             .annotate(app_pk=Cast("subject_id", output_field=BigIntegerField()))
             .filter(app_pk__in=qs.values("pk")).order_by())
    fields = ("pk", "session_id", "session__name", "session__level", "person__region__path", "directions",
              "result__published", "result__passed", "result__passed_directions", "result__carried_directions")
    if connection.vendor == "postgresql":
        frame = _report_frame_copy(qs.order_by().values_list(*fields), cases.values_list("app_pk", "status"))
    else:
        statuses = dict(cases.values_list("app_pk", "status"))
        rows = [(*r[:6], statuses.get(r[0]), *r[6:]) for r in qs.values_list(*fields)]
        frame = pl.DataFrame({
            "app_id": [r[0] for r in rows], "session_id": [r[1] for r in rows], "session": [r[2] for r in rows],
            "level": [r[3] for r in rows], "city": [_city_of(r[4]) for r in rows],
            "directions": [list(r[5] or []) for r in rows], "case_status": [r[6] or "" for r in rows],
            "published": [bool(r[7]) for r in rows], "passed": [bool(r[7]) and bool(r[8]) for r in rows],
            "passed_directions": [list(r[9] or []) if r[7] else [] for r in rows],
            "carried_directions": [list(r[10] or []) if r[7] else [] for r in rows],
        }, schema=REPORT_SCHEMA)
    frame = frame.filter(~pl.col("case_status").is_in(["", "draft"]))
    if filters["direction"]:
        frame = frame.filter(pl.col("directions").list.contains(filters["direction"]))
    return frame


def _rate(passed: int, total: int) -> float | None:
    return round(passed * 100.0 / total, 1) if total else None


def _aggregate(frame: pl.DataFrame, key: str) -> list[dict]:
    if frame.height == 0:
        return []
    out = frame.group_by(key).agg(
        pl.len().alias("applications"),
        (pl.col("case_status") == "confirmed").sum().alias("candidates"),
        pl.col("published").sum().alias("results"),
        pl.col("passed").sum().alias("passed"),
    ).sort(key)
    return [dict(r, rate=_rate(r["passed"], r["results"])) for r in out.iter_rows(named=True)]


def report_tables(frame: pl.DataFrame, filters) -> dict:
    by_session = _aggregate(frame, "session_id")
    names = {s.pk: s.name for s in filters["sessions"]}
    for r in by_session:
        r["label"] = names.get(r["session_id"], r["session_id"])
    by_city = _aggregate(frame, "city")
    city_names = dict(Region.objects.filter(code__in=[r["city"] for r in by_city]).values_list("code", "name"))
    for r in by_city:
        r["label"] = city_names.get(r["city"], r["city"] or "—")
    by_direction = []
    if frame.height:
        exploded = frame.explode("directions").filter(pl.col("directions").is_not_null()).with_columns(
            pl.col("passed_directions").list.set_difference(pl.col("carried_directions")).alias("passed_here"))
        if filters["direction"]:
            exploded = exploded.filter(pl.col("directions") == filters["direction"])
        agg = exploded.group_by("directions").agg(
            pl.len().alias("applications"),
            (pl.col("case_status") == "confirmed").sum().alias("candidates"),
            pl.col("published").sum().alias("results"),
            (pl.col("published") & pl.col("passed_here").list.contains(pl.col("directions"))).sum().alias("passed"),
        )
        order = [c for c, _, _ in filters["directions"]]
        rows = {r["directions"]: r for r in agg.iter_rows(named=True)}
        for code in order + sorted(set(rows) - set(order)):
            if code in rows:
                r = rows[code]
                by_direction.append({"direction": code, "label": _(scoring.direction_label(code)),
                                     "applications": r["applications"], "candidates": r["candidates"],
                                     "results": r["results"], "passed": r["passed"],
                                     "rate": _rate(r["passed"], r["results"])})
    total = {"applications": frame.height,
             "candidates": int(frame.filter(pl.col("case_status") == "confirmed").height),
             "results": int(frame.get_column("published").sum()) if frame.height else 0,
             "passed": int(frame.get_column("passed").sum()) if frame.height else 0}
    total["rate"] = _rate(total["passed"], total["results"])
    return {"by_session": by_session, "by_city": by_city, "by_direction": by_direction, "total": total}


@login_required
@replica_reads
def reports(request):
    _require_reader(request.user)
    filters = report_filters(request)
    tables, counted_at = cached_report_tables(request.user, filters, request.GET)
    chart = {"labels": [r["label"] for r in tables["by_direction"]],
             "rates": [r["rate"] if r["rate"] is not None else 0 for r in tables["by_direction"]],
             "results": [r["results"] for r in tables["by_direction"]],
             # (a template's {{ _("…%…") }} looks up "…%%…" and misses the catalogue: translate here)
             "rate_label": _("通过率（%）")}
    query = request.GET.urlencode()
    return render(request, "certification/results/reports.html",
                  {**filters, **tables, "chart": chart, "query": query, "counted_at": counted_at})


REPORT_TTL = 60  # seconds the report's figures are reused for the same scope and filters (the page says when counted)


def cached_report_tables(user, filters, query) -> tuple[dict, object]:
    """``report_tables`` for the user's scope and the query, counted at most once a minute (at a million
    applications reading them takes seconds); returns the tables and when they were counted."""
    import hashlib
    import json

    from django.core.cache import cache

    from ectalent.core.counts import scope_key

    digest = hashlib.sha256(json.dumps(sorted(query.lists()), ensure_ascii=False).encode()).hexdigest()[:20]
    key = f"ectalent:cert-report:{scope_key(user)}:{digest}"
    cached = cache.get(key)
    if cached is None:
        cached = (report_tables(report_frame(user, filters), filters), timezone.now())
        cache.set(key, cached, REPORT_TTL)
    return cached


EXPORT_KINDS = {"summary": gettext_noop("报名与结果统计"), "pass-rates": gettext_noop("通过率"),
                "certificates": gettext_noop("证书发放名单")}

COUNT_HEADERS = ["报名人数", "考生人数（初审通过）", "已公布结果", "通过人数", "通过率（%）"]


def _write_counts(book, name, first_header, rows, bold):
    sheet = book.sheet(name)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 5, 14)
    sheet.row(0, [first_header, *COUNT_HEADERS], bold)
    for i, r in enumerate(rows, start=1):
        sheet.row(i, [str(r["label"]), r["applications"], r["candidates"], r["results"], r["passed"], r["rate"]])
    return sheet


def _filter_note(filters) -> str:
    parts = [stored(gettext_noop("考试批次：%(name)s"), name=filters['session'].name) if filters["session"] else stored(gettext_noop("考试批次：全部")),
             stored(gettext_noop("城市：%(name)s"), name=filters['city'].name) if filters["city"] else stored(gettext_noop("城市：全部")),
             stored(gettext_noop("方向：%(direction)s"), direction=scoring.direction_label(filters['direction'])) if filters["direction"] else stored(gettext_noop("方向：全部"))]
    return "；".join(parts)


def certificates_for(user, filters):
    qs = Certificate.objects.visible_to(user)
    qs = qs.filter(application__session__in=[s.pk for s in filters["sessions"]])
    if filters["session"]:
        qs = qs.filter(application__session=filters["session"])
    if filters["city"]:
        qs = qs.filter(person__region__path__startswith=filters["city"].path + "/")
    return qs.order_by("issued_on", "number")


CERTIFICATE_HEADERS = ["证书编号", "姓名", "身份证号", "等级", "方向", "考试批次", "发证日期", "发证机构", "状态", "撤销日期",
                       "撤销原因"]
CERTIFICATE_FIELDS = ["number", "person__name", "person__id_number", "level", "directions", "application__session__name",
                      "issued_on", "issuer", "status", "revoked_on", "revocation_reason"]


def certificate_rows(qs, direction: str = ""):
    """The certificate list's rows, streamed from ``values_list`` (no instances); labels from dicts made once."""
    from ..choices import CertificateStatus

    levels = {code: str(label) for code, label in Level.choices}
    statuses = {code: str(label) for code, label in CertificateStatus.choices}
    names: dict[str, str] = {}

    def direction_names(codes):
        out = []
        for code in codes or ():
            name = names.get(code)
            if name is None:
                name = names[code] = scoring.direction_label(code)
            out.append(name)
        return "、".join(out)

    for (number, name, id_number, level, dirs, session, issued, issuer, status, revoked,
         reason) in qs.values_list(*CERTIFICATE_FIELDS).iterator(chunk_size=5000):
        if direction and direction not in (dirs or ()):
            continue
        yield (number, name, mask_id_number(id_number), levels.get(level, level), direction_names(dirs), session,
               issued.isoformat(), issuer, statuses.get(status, status), revoked.isoformat() if revoked else "", reason)


@login_required
def report_export(request, kind):
    _require_reader(request.user)
    if kind not in EXPORT_KINDS:
        raise Http404
    filters = report_filters(request)
    if kind == "certificates" and certificates_for(request.user, filters).count() > exports.BACKGROUND_ROWS:
        return exports.start_export_job(request, handler="ectalent.certification.tasks.export_report",
                                        label=_("导出%(name)s") % {"name": EXPORT_KINDS[kind]}, fmt="xlsx",
                                        extra={"kind": kind})
    book = Book()
    try:
        count = write_report_book(book, kind, request.user, filters)
    except BaseException:
        book.discard()
        raise
    record_report_export(request.user, kind, filters, count)
    return xlsx_response(book, f"{EXPORT_KINDS[kind]}-{timezone.localdate():%Y%m%d}.xlsx")


def write_report_book(book, kind: str, user, filters, progress=None) -> int:
    """The report's sheets and its 说明 sheet; returns the number of rows it counts."""
    count = write_report(book, kind, user, filters, progress)
    info = book.sheet("说明")
    info.cell(0, 0, f"{EXPORT_KINDS[kind]}（{_filter_note(filters)}）")
    info.cell(1, 0, f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}；导出人：{user.username}")
    info.cell(2, 0, "通过率 = 通过人数 / 已公布结果人数；方向通过率只计本批次考试通过的方向，不含此前保留的方向。")
    return count


def record_report_export(user, kind: str, filters, count: int) -> None:
    note = _filter_note(filters)
    with transaction.atomic():
        record(AuditAction.EXPORT, None, actor=user, region_id=user.region_id,
               object_type="certification.report", object_id=kind, object_repr=stored(gettext_noop("导出%(kind)s"), kind=EXPORT_KINDS[kind]),
               after={"format": "xlsx", "kind": kind, "filters": note, "rows": count}, note=note)


def write_report(book, kind: str, user, filters, progress=None) -> int:
    """The report's sheets (before the 说明 sheet); returns the number of rows it counts."""
    bold = book.format(**HEADER_FORMAT)
    if kind == "certificates":
        _sheet, count = write_table(book, "证书发放名单", CERTIFICATE_HEADERS,
                                    certificate_rows(certificates_for(user, filters), filters["direction"]),
                                    widths=[22] + [16] * 10, progress=progress)
        return count
    tables = report_tables(report_frame(user, filters), filters)
    if kind == "summary":
        _write_counts(book, "按批次", "考试批次", tables["by_session"], bold)
        _write_counts(book, "按城市", "城市", tables["by_city"], bold)
        _write_counts(book, "按方向", "方向", tables["by_direction"], bold)
        return tables["total"]["applications"]
    sheet = _write_counts(book, "通过率", "方向", tables["by_direction"], bold)
    total = tables["total"]
    sheet.row(len(tables["by_direction"]) + 2, ["合计（按人）", total["applications"], total["candidates"],
                                                total["results"], total["passed"], total["rate"]])
    _write_counts(book, "按城市", "城市", tables["by_city"], bold)
    return len(tables["by_direction"])
