from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from ectalent.core.errors import error_text

from . import actions, definitions, queries
from .actions import pending_rows_for
from .choices import CaseStatus
from .forms import ReceiptLookupForm, ReplyForm, ResolveObjectionForm
from .models import Objection
from .notify import case_url


def _spec_label(code):
    try:
        return _(definitions.get(code).label)
    except KeyError:
        return code


@login_required
def inbox(request):
    """待我审核: every step waiting for this user, across programmes; the notices to confirm; open objections."""
    user = request.user
    tab = request.GET.get("tab", "pending")
    workflow = request.GET.get("workflow", "")
    step = request.GET.get("step", "")
    if tab == "objections":
        qs = queries.open_objections(user).select_related("case", "case__region").order_by("filed_at")
        if workflow:
            qs = qs.filter(case__workflow=workflow)
        items = [{"case": o.case, "objection": o, "url": case_url(o.case), "workflow": _spec_label(o.case.workflow),
                  "when": o.filed_at} for o in qs[:500]]
    elif tab == "notice":
        qs = queries.notices_to_confirm(user).select_related("region").order_by("notice_ends_on")
        if workflow:
            qs = qs.filter(workflow=workflow)
        items = [{"case": c, "url": case_url(c), "workflow": _spec_label(c.workflow), "when": c.notice_ends_on}
                 for c in qs[:500]]
    else:
        tab = "pending"
        qs = pending_rows_for(user).order_by("due_on", "case__submitted_at", "id")
        if workflow:
            qs = qs.filter(case__workflow=workflow)
        if step:
            qs = qs.filter(step=step)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        items = [{"case": r.case, "row": r, "url": case_url(r.case), "workflow": _spec_label(r.case.workflow),
                  "step": _(r.step_label), "when": r.case.submitted_at} for r in page.object_list]
        return render(request, "workflow/inbox.html", {
            "tab": tab, "items": items, "page": page, "workflow": workflow, "step": step,
            "summary": _summary(user), "workflows": _workflow_choices(), "today": timezone.localdate(),
            "objection_count": queries.open_objections(user).count(),
            "notice_count": queries.notices_to_confirm(user).count()})
    return render(request, "workflow/inbox.html", {
        "tab": tab, "items": items, "workflow": workflow, "workflows": _workflow_choices(),
        "summary": _summary(user),
        "objection_count": queries.open_objections(user).count(),
        "notice_count": queries.notices_to_confirm(user).count()})


def _summary(user):
    return [{**row, "workflow_label": _spec_label(row["case__workflow"]), "step_text": _(row["step_label"])}
            for row in queries.pending_summary(user)]


def _workflow_choices():
    return [(s.code, _(s.label)) for s in definitions.all_specs()]


@login_required
def mine(request):
    """我的申请: an applicant's or an organisation's own cases in every programme, with their state."""
    qs = queries.my_cases(request.user).order_by("-submitted_at", "-id")
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    outcomes = _outcomes(page.object_list)
    rows = [{"case": c, "url": case_url(c), "workflow": _spec_label(c.workflow),
             "step": _step_label(c), "outcome": outcomes.get(c.pk)} for c in page.object_list]
    return render(request, "workflow/mine.html", {"page": page, "rows": rows, "status": status,
                                                  "statuses": CaseStatus.choices})


def _outcomes(cases) -> dict:
    """What became of confirmed cases later (e.g. a registration revoked), from each programme's
    ``outcome_labels(cases) -> {case.pk: label}`` hook."""
    by_workflow: dict[str, list] = {}
    for c in cases:
        by_workflow.setdefault(c.workflow, []).append(c)
    outcomes = {}
    for code, group in by_workflow.items():
        try:
            hook = definitions.get(code).hook("outcome_labels")
        except KeyError:
            hook = None
        if hook:
            outcomes.update(hook(group))
    return outcomes


def _step_label(case) -> str:
    if case.status != CaseStatus.IN_REVIEW or not case.current_step:
        return ""
    try:
        return _(definitions.get(case.workflow).step(case.current_step).label)
    except KeyError:
        return case.current_step


# --- public notice: objections (every programme) --------------------------------------------------

FILED_KEY = "workflow_filed_objections"


def objection_filed_redirect(request, objection):
    """After a programme's public objection form: show the objector their receipt number (once, this browser)."""
    filed = request.session.get(FILED_KEY, [])[-20:]
    filed.append(objection.receipt_number)
    request.session[FILED_KEY] = filed
    return redirect("workflow:objection-filed", objection.receipt_number)


def objection_filed(request, receipt):
    if receipt not in request.session.get(FILED_KEY, []):
        raise Http404
    objection = get_object_or_404(Objection.objects.select_related("case"), receipt_number=receipt)
    return render(request, "workflow/objection_filed.html", {"objection": objection})


@csrf_protect
@require_http_methods(["GET", "POST", "HEAD"])
def objection_lookup(request):
    """The objector reads the state of their objection and the reply with the receipt number and their contact
    (POST: the contact stays out of URLs and access logs)."""
    form = ReceiptLookupForm(request.POST or None, initial={"receipt_number": request.GET.get("r", "")})
    objection = None
    not_found = False
    if request.method == "POST" and form.is_valid():
        objection = actions.find_objection(form.cleaned_data["receipt_number"], form.cleaned_data["contact"])
        not_found = objection is None
    return render(request, "workflow/objection_lookup.html", {"form": form, "objection": objection,
                                                              "not_found": not_found})


def _objection(request, pk) -> Objection:
    return get_object_or_404(Objection.objects.visible_to(request.user).select_related("case"), pk=pk)


@login_required
@require_POST
def objection_contact(request, pk):
    """The objector's full contact for the final step's reviewers (scoped; each view is logged)."""
    objection = _objection(request, pk)
    contact = actions.reveal_objection_contact(objection, acting_user=request.user)  # PermissionDenied: 403
    if request.headers.get("HX-Request"):
        return HttpResponse(format_html('<span class="objection-contact" data-contact="1">{}</span>', contact))
    messages.info(request, _("异议人 %(name)s 的联系方式：%(contact)s（本次查看已记录）") % {"name": objection.name, "contact": contact})
    return redirect(case_url(objection.case))


@login_required
@require_POST
def objection_resolve(request, pk):
    objection = _objection(request, pk)
    form = ResolveObjectionForm(request.POST)
    if form.is_valid():
        try:
            actions.resolve_objection(objection, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("异议已处理，答复已记录。"))
    else:
        messages.error(request, _("请选择处理结果，填写处理意见和给异议人的答复。"))
    return redirect(case_url(objection.case))


@login_required
@require_POST
def objection_reply(request, pk):
    objection = _objection(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            actions.reply_to_objection(objection, acting_user=request.user, reply=form.cleaned_data["reply"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("答复已记录，异议人可凭受理编号查询。"))
    else:
        messages.error(request, _("请填写给异议人的答复。"))
    return redirect(case_url(objection.case))
