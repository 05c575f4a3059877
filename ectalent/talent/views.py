"""Pages of the talent market. Views check and parse; ``actions`` changes state; every list starts from
``visible_to(user)`` (404 outside it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role
from ectalent.audit.actions import record_pii_view
from ectalent.core.errors import error_text
from ectalent.core.exports import export
from ectalent.regions.models import Region
from ectalent.workflow import actions as wf
from ectalent.workflow.forms import DecisionForm
from ectalent.workflow.models import StepState
from ectalent.workflow.queries import review_context

from . import actions, queries
from .choices import LEVEL_RANK, POSITION_SCOPES, ContactStatus, PlacementStage, SeekerStatus, VacancyStatus
from .forms import (
    ContactForm,
    EventForm,
    ParticipantForm,
    PlacementForm,
    RecommendForm,
    SeekerForm,
    ServiceForm,
    TalentCaseForm,
    VacancyForm,
)
from .models import ContactRequest, RecruitmentEvent, Seeker, TalentCase, Vacancy

POSITION_LABELS = dict(POSITION_SCOPES)


def _is_official(user) -> bool:
    return user.role in OFFICIAL_ROLES or user.is_platform_admin


def _is_employer(user) -> bool:
    return user.role in ORGANISATION_ROLES and user.organisation_id is not None


def _is_hr(user) -> bool:
    return user.role == Role.HR_REVIEWER and user.region_id is not None


def _error(request, exc) -> None:
    messages.error(request, error_text(exc) if isinstance(exc, ValidationError) else (str(exc) or _("您不能执行此操作。")))


# --- the market's front page ------------------------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    if user.role == Role.APPLICANT:
        return redirect("talent:my-seeker")
    counts = queries.status_counts(Vacancy.objects.visible_to(user))
    context = {
        "status_rows": [(c, label, counts.get(c, 0)) for c, label in VacancyStatus.choices],
        "is_official": _is_official(user), "is_employer": _is_employer(user), "is_hr": _is_hr(user),
    }
    if _is_official(user):
        seekers = Seeker.objects.visible_to(user)
        context["seekers_total"] = seekers.count()
        context["seekers_consenting"] = seekers.consenting().count()
        context["events"] = RecruitmentEvent.objects.visible_to(user)[:5]
        context["cases_total"] = TalentCase.objects.visible_to(user).count()
    if _is_employer(user):
        context["contacts"] = (ContactRequest.objects.visible_to(user).select_related("vacancy", "seeker")
                               .order_by("-id")[:10])
    return render(request, "talent/index.html", context)


# --- seekers ------------------------------------------------------------------------------------------------------


def _own_seeker(user):
    if user.role != Role.APPLICANT or not user.person_id:
        raise Http404
    return Seeker.objects.filter(person_id=user.person_id).select_related("person").first()


@login_required
def my_seeker(request):
    seeker = _own_seeker(request.user)
    context = {"seeker": seeker, "consent_text": actions.CONSENT_TEXT}
    if seeker:
        context.update({
            "consent": seeker.active_consent(),
            "consents": seeker.consents.all(),
            "contacts": seeker.contacts.select_related("vacancy", "vacancy__organisation").order_by("-id"),
            "matches": queries.vacancies_for(seeker) if seeker.status == SeekerStatus.ACTIVE else [],
            "regions": seeker.regions.all(),
            "position_labels": [POSITION_LABELS.get(p, p) for p in seeker.positions],
        })
    return render(request, "talent/my_seeker.html", context)


@login_required
def my_seeker_edit(request):
    user = request.user
    seeker = _own_seeker(user)
    person = user.person
    form = SeekerForm(request.POST or None, instance=seeker, person=person)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("positions", "pay_min", "pay_max", "available_from", "status", "summary")}
        try:
            actions.save_seeker(person, acting_user=user, data=data, regions=form.cleaned_data["regions"], seeker=seeker)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("求职登记已保存。"))
            return redirect("talent:my-seeker")
    return render(request, "talent/seeker_form.html", {"form": form, "seeker": seeker})


@login_required
@require_POST
def my_consent(request):
    seeker = _own_seeker(request.user)
    if seeker is None:
        raise Http404
    if request.POST.get("action") == "withdraw":
        actions.withdraw_consent(seeker, acting_user=request.user)
        messages.success(request, _("已撤回授权：用人单位即刻起看不到您的求职信息，未答复的联系请求已失效。"))
    else:
        if request.POST.get("agree") != "1":
            messages.error(request, _("请先勾选“我已阅读并同意”。"))
        else:
            actions.grant_consent(seeker, acting_user=request.user)
            messages.success(request, _("已授权：您的求职信息（不含姓名和联系方式）将向用人单位展示。"))
    return redirect("talent:my-seeker")


@login_required
@require_POST
def contact_answer(request, pk):
    contact = get_object_or_404(ContactRequest.objects.visible_to(request.user), pk=pk)
    try:
        actions.answer_contact(contact, accept=request.POST.get("accept") == "1", acting_user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已答复联系请求。"))
    return redirect("talent:my-seeker")


@login_required
def seeker_list(request):
    user = request.user
    if not _is_official(user):
        raise Http404
    qs = Seeker.objects.visible_to(user).select_related("person", "person__region").annotate(
        standing=Count("consents", filter=Q(consents__withdrawn_at__isnull=True)))
    position = request.GET.get("position", "")
    if position in POSITION_LABELS:
        qs = qs.filter(positions__contains=[position]) if _json_contains_ok() else qs.filter(positions__icontains=f"\"{position}\"")
    page = Paginator(qs.order_by("-id"), 50).get_page(request.GET.get("page"))
    from ectalent.rules.facts import LEVEL_LABELS

    rank_label = {rank: LEVEL_LABELS[level] for level, rank in LEVEL_RANK.items()}
    for s in page.object_list:
        s.level_label = rank_label.get(s.level_rank, "")
    return render(request, "talent/seeker_list.html", {"page": page, "positions": POSITION_SCOPES, "position": position})


def _json_contains_ok() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


# --- vacancies ------------------------------------------------------------------------------------------------


def _vacancy(request, pk):
    return get_object_or_404(Vacancy.objects.visible_to(request.user).select_related("organisation", "region"), pk=pk)


@login_required
def vacancy_list(request):
    user = request.user
    if not (_is_official(user) or _is_employer(user)):
        raise Http404
    qs = Vacancy.objects.visible_to(user).select_related("organisation", "region")
    status = request.GET.get("status", "")
    if status in VacancyStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("format") in ("xlsx", "csv"):
        rows = ((v.organisation.name, v.title, POSITION_LABELS.get(v.position, v.position), v.count, v.region.name,
                 f"{v.pay_min}–{v.pay_max}", v.closes_on.isoformat(), v.get_status_display()) for v in qs.iterator())
        return export(request.GET["format"], "用工需求目录", _("用工需求目录"),
                      [_("用人单位"), _("岗位名称"), _("岗位类别"), _("招聘人数"), _("工作地点"), _("月薪（元）"), _("截止日期"), _("状态")], rows)
    page = Paginator(qs.order_by("-id"), 50).get_page(request.GET.get("page"))
    return render(request, "talent/vacancy_list.html", {"page": page, "status": status, "statuses": VacancyStatus.choices,
                                                       "is_employer": _is_employer(user)})


@login_required
def vacancy_edit(request, pk=None):
    user = request.user
    if not _is_employer(user):
        raise PermissionDenied(_("只有用人单位的工作人员可以发布用工需求。"))
    vacancy = _vacancy(request, pk) if pk else None
    form = VacancyForm(request.POST or None, instance=vacancy, organisation=user.organisation)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            vacancy = actions.save_vacancy(organisation=user.organisation, acting_user=user, data=data, vacancy=vacancy)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("岗位已保存。确认无误后请提交县级人社部门审核，审核通过后对外发布。"))
            return redirect("talent:vacancy-detail", vacancy.pk)
    return render(request, "talent/vacancy_form.html", {"form": form, "vacancy": vacancy})


@login_required
def vacancy_detail(request, pk):
    user = request.user
    vacancy = _vacancy(request, pk)
    case = actions.case_of(vacancy)
    context = {"vacancy": vacancy, "is_owner": _is_employer(user) and user.organisation_id == vacancy.organisation_id,
               "is_hr": _is_hr(user), "position_label": POSITION_LABELS.get(vacancy.position, vacancy.position)}
    if case:
        context.update(review_context(user, case))
        context["review"] = True
    if vacancy.is_open and (context["is_owner"] or _is_official(user)):
        found = queries.candidates(vacancy)
        contacted = {c.seeker_id: c for c in vacancy.contacts.all()}
        context["candidates"] = [(s, score, reasons, contacted.get(s.pk)) for s, score, reasons in found]
        context["contact_form"] = ContactForm()
        if _is_hr(user):
            context["recommend_form"] = RecommendForm(candidates=[s for s, *_ in found])
    contacts = list(vacancy.contacts.select_related("seeker", "seeker__person").prefetch_related("placements").order_by("-id"))
    revealed = []
    for c in contacts:
        c.shown = c.reveals and context["is_owner"]
        if c.shown:
            revealed.append(c)
        c.offers = [actions.subsidy_offer(p) for p in c.placements.all()]
        c.form = PlacementForm(prefix=f"c{c.pk}")
    for c in revealed:  # the enterprise sees name and mobile: every view is logged
        record_pii_view(c.seeker.person, "phone", actor=user, note=_("用人单位查看已同意联系的求职者"))
    context["contacts"] = contacts
    context["recommendations"] = vacancy.recommendations.prefetch_related("seekers").select_related("created_by")
    return render(request, "talent/vacancy_detail.html", context)


@login_required
@require_POST
def vacancy_submit(request, pk):
    vacancy = _vacancy(request, pk)
    if not (_is_employer(request.user) and request.user.organisation_id == vacancy.organisation_id):
        raise Http404
    try:
        actions.submit_vacancy(vacancy, acting_user=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已提交县级人社部门审核。"))
    return redirect("talent:vacancy-detail", pk)


@login_required
@require_POST
def vacancy_close(request, pk):
    vacancy = _vacancy(request, pk)
    if not (_is_employer(request.user) and request.user.organisation_id == vacancy.organisation_id):
        raise Http404
    try:
        actions.close_vacancy(vacancy, acting_user=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("岗位已截止招聘。"))
    return redirect("talent:vacancy-detail", pk)


@login_required
@require_POST
def vacancy_decide(request, pk, row_id):
    vacancy = _vacancy(request, pk)
    case = actions.case_of(vacancy)
    if case is None:
        raise Http404
    row = get_object_or_404(StepState, pk=row_id, case=case)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("talent:vacancy-detail", pk)
    try:
        wf.decide(case, row, acting_user=request.user, decision=form.cleaned_data["decision"],
                  reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("审核意见已提交。"))
    return redirect("talent:vacancy-detail", pk)


@login_required
@require_POST
def vacancy_contact(request, pk, seeker_id):
    vacancy = _vacancy(request, pk)
    if not (_is_employer(request.user) and request.user.organisation_id == vacancy.organisation_id):
        raise Http404
    seeker = get_object_or_404(Seeker.objects.consenting(), pk=seeker_id)
    form = ContactForm(request.POST)
    form.is_valid()
    try:
        actions.request_contact(vacancy, seeker, acting_user=request.user, message=form.cleaned_data.get("message", ""))
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已向求职者 %(code)s 发出联系请求，对方同意后可看到其姓名和手机号。") % {"code": seeker.code})
    return redirect("talent:vacancy-detail", pk)


@login_required
@require_POST
def vacancy_recommend(request, pk):
    vacancy = _vacancy(request, pk)
    if not _is_hr(request.user):
        raise Http404
    found = [s for s, *_ in queries.candidates(vacancy)]
    form = RecommendForm(request.POST, candidates=found)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("talent:vacancy-detail", pk)
    try:
        actions.recommend(vacancy, form.cleaned_data["seekers"], acting_user=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已向用人单位推荐 %(n)s 名人选。") % {"n": len(form.cleaned_data["seekers"])})
    return redirect("talent:vacancy-detail", pk)


@login_required
@require_POST
def placement_add(request, pk, contact_id):
    vacancy = _vacancy(request, pk)
    if not (_is_employer(request.user) and request.user.organisation_id == vacancy.organisation_id):
        raise Http404
    contact = get_object_or_404(ContactRequest, pk=contact_id, vacancy=vacancy)
    form = PlacementForm(request.POST, prefix=f"c{contact.pk}")
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("talent:vacancy-detail", pk)
    try:
        p = actions.record_placement(contact, acting_user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已记录%(stage)s。") % {"stage": p.get_stage_display()})
    return redirect("talent:vacancy-detail", pk)


# --- public pages ----------------------------------------------------------------------------------------------


def public_jobs(request):
    qs = Vacancy.objects.public().select_related("organisation", "region")
    region_code = request.GET.get("region", "")
    position = request.GET.get("position", "")
    region = Region.objects.filter(code=region_code).first() if region_code else None
    if region:
        qs = qs.filter(Q(region__path=region.path) | Q(region__path__startswith=region.path + "/"))
    if position in POSITION_LABELS:
        qs = qs.filter(position=position)
    page = Paginator(qs.order_by("closes_on", "-id"), 30).get_page(request.GET.get("page"))
    cities = Region.objects.filter(level="city").order_by("path")
    return render(request, "talent/public_jobs.html", {
        "page": page, "cities": cities, "region": region_code, "position": position, "positions": POSITION_SCOPES,
        "position_labels": POSITION_LABELS})


def public_job(request, pk):
    vacancy = get_object_or_404(Vacancy.objects.public().select_related("organisation", "region"), pk=pk)
    return render(request, "talent/public_job.html", {"vacancy": vacancy,
                                                      "position_label": POSITION_LABELS.get(vacancy.position)})


@login_required
def statistics(request):
    user = request.user
    if not _is_official(user):
        raise Http404
    path = user.region.path if user.region_id else None
    supply, demand = queries.supply_and_demand(path)
    rows = [{"code": p, "label": POSITION_LABELS[p], "supply": supply[p], "demand": demand[p],
             "gap": demand[p] - supply[p]} for p in supply]
    vacancies = Vacancy.objects.visible_to(user).public()
    by_city = queries.demand_by_city(vacancies)
    placements = (ContactRequest.objects.visible_to(user).aggregate(
        accepted=Count("id", filter=Q(status=ContactStatus.ACCEPTED)),
        hired=Count("placements", filter=Q(placements__stage=PlacementStage.HIRED))))
    if request.GET.get("format") in ("xlsx", "csv"):
        return export(request.GET["format"], "电商人才供求统计", _("电商人才供求统计"),
                      [_("岗位类别"), _("求职人数"), _("岗位需求人数"), _("缺口")],
                      ((r["label"], r["supply"], r["demand"], r["gap"]) for r in rows))
    return render(request, "talent/statistics.html", {
        "rows": rows, "by_city": by_city, "placements": placements,
        "chart": {"labels": [r["label"] for r in rows], "supply": [r["supply"] for r in rows],
                  "demand": [r["demand"] for r in rows]}})


# --- recruitment events ------------------------------------------------------------------------------------------


@login_required
def event_list(request):
    user = request.user
    if not _is_official(user):
        raise Http404
    events = RecruitmentEvent.objects.visible_to(user).select_related("region").annotate(
        orgs=Count("participants"), offered=Sum("participants__positions_offered"),
        hires=Sum("participants__hires_on_site"))
    return render(request, "talent/event_list.html", {"events": events, "can_add": _is_hr(user)})


@login_required
def event_edit(request, pk=None):
    user = request.user
    if not _is_hr(user):
        raise PermissionDenied(_("只有人社部门可以登记招聘活动。"))
    event = get_object_or_404(RecruitmentEvent.objects.visible_to(user), pk=pk) if pk else None
    form = EventForm(request.POST or None, instance=event, user=user)
    if request.method == "POST" and form.is_valid():
        event = actions.save_event(acting_user=user, data=form.cleaned_data, event=event)
        messages.success(request, _("招聘活动已保存。"))
        return redirect("talent:event-detail", event.pk)
    return render(request, "talent/event_form.html", {"form": form, "event": event})


@login_required
def event_detail(request, pk):
    user = request.user
    event = get_object_or_404(RecruitmentEvent.objects.visible_to(user).select_related("region"), pk=pk)
    form = ParticipantForm(request.POST or None, user=user)
    if request.method == "POST":
        if not _is_hr(user):
            raise PermissionDenied
        if form.is_valid():
            actions.add_participant(event, acting_user=user, **form.cleaned_data)
            messages.success(request, _("参会单位已登记。"))
            return redirect("talent:event-detail", pk)
    participants = event.participants.select_related("organisation").prefetch_related("vacancies")
    return render(request, "talent/event_detail.html", {"event": event, "participants": participants, "form": form,
                                                       "can_edit": _is_hr(user)})


# --- 一人一策 ----------------------------------------------------------------------------------------------------


@login_required
def case_list(request):
    user = request.user
    if not _is_official(user):
        raise Http404
    cases = TalentCase.objects.visible_to(user).select_related("person", "region", "employer").annotate(
        n=Count("services"), paid=Sum("services__amount"))
    return render(request, "talent/case_list.html", {"cases": cases, "can_add": _is_hr(user)})


@login_required
def case_create(request):
    user = request.user
    if not _is_hr(user):
        raise PermissionDenied(_("只有人社部门可以建立一人一策档案。"))
    form = TalentCaseForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("region", "employer", "introduced_on", "way", "plan")}
        case = actions.open_talent_case(acting_user=user, data={"person": form.person, **data})
        messages.success(request, _("一人一策档案已建立。"))
        return redirect("talent:case-detail", case.pk)
    return render(request, "talent/case_form.html", {"form": form})


@login_required
def case_detail(request, pk):
    user = request.user
    case = get_object_or_404(TalentCase.objects.visible_to(user).select_related("person", "region", "employer", "officer"), pk=pk)
    form = ServiceForm(request.POST or None)
    if request.method == "POST":
        if not _is_hr(user):
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.add_service(case, acting_user=user, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("跟踪服务已记录。"))
                return redirect("talent:case-detail", pk)
    services = case.services.select_related("recorded_by")
    total = services.aggregate(s=Sum("amount"))["s"]
    return render(request, "talent/case_detail.html", {"case": case, "services": services, "form": form,
                                                      "total": total, "can_edit": _is_hr(user)})
