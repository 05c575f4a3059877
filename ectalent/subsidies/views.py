"""Claims, their review, grants, budget lines and payments of seed 002 (楚雄州)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role
from ectalent.core.errors import error_text
from ectalent.core.exports import Book, xlsx_response
from ectalent.core.validators import id_number_birth_date, id_number_gender
from ectalent.registry.choices import ENTERPRISE_KINDS
from ectalent.registry.models import Person
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import CaseStatus
from ectalent.workflow.models import Case, StepState

from . import actions, budget
from .choices import Measure, PaymentStatus
from .forms import AllocateForm, BatchForm, ClaimForm, DecisionForm, UploadForm, VoidForm, WorkerForm
from .models import BudgetLine, Claim, Grant, PaymentBatch
from .workflows import SPEC

SUBJECT = "subsidies.claim"
MONEY_ROLES = (Role.HR_REVIEWER, Role.FINANCE_REVIEWER)


def _is_enterprise(user) -> bool:
    return (user.role in ORGANISATION_ROLES and user.organisation_id is not None
            and user.organisation.kind in ENTERPRISE_KINDS)


def _is_claimant(user, claim) -> bool:
    return user.role in ORGANISATION_ROLES and user.organisation_id == claim.organisation_id


def _get_claim(request, pk) -> Claim:
    return get_object_or_404(Claim.objects.visible_to(request.user).select_related("region", "organisation"), pk=pk)


def _get_line(request, pk) -> BudgetLine:
    return get_object_or_404(BudgetLine.objects.visible_to(request.user).select_related("region"), pk=pk)


def _may_manage_money(user, line) -> bool:
    return (user.role in MONEY_ROLES and user.region is not None and user.region.level in ("city", "province")
            and user.region.contains(line.region))


@login_required
def index(request):
    user = request.user
    claims = list(Claim.objects.visible_to(user).select_related("region", "organisation")[:200])
    cases = {c.subject_id: c for c in Case.objects.filter(subject_type=SUBJECT, subject_id__in=[str(c.pk) for c in claims])}
    grants = {g.claim_id: g for g in Grant.objects.filter(claim__in=claims)}
    rows = [(c, cases.get(str(c.pk)), grants.get(c.pk)) for c in claims]
    lines = BudgetLine.objects.visible_to(user) if user.role in OFFICIAL_ROLES or user.role == Role.PLATFORM_ADMIN else []
    return render(request, "subsidies/index.html", {
        "rows": rows, "can_claim": _is_enterprise(user), "has_lines": bool(lines) and lines.exists(),
    })


@login_required
def claim_create(request):
    user = request.user
    if not _is_enterprise(user):
        raise PermissionDenied(_("只有电子商务企业的工作人员可以申请以工代训职业培训补贴。"))
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = user.organisation
        claim = actions.create_claim(measure=Measure.WORK_FOR_TRAINING, region=org.region, organisation=org,
                                     enterprise_size=form.cleaned_data["enterprise_size"],
                                     as_of=form.cleaned_data["as_of"], acting_user=user)
        messages.success(request, _("申请已创建：请登记人员并导入工资表。"))
        return redirect("subsidies:claim-detail", claim.pk)
    return render(request, "subsidies/claim_form.html", {"form": form})


@login_required
def claim_detail(request, pk):
    user = request.user
    claim = _get_claim(request, pk)
    case = claim.case
    rows = list(StepState.objects.filter(case=case).select_related("decided_by").order_by("round", "order", "-is_lead", "id"))
    my_rows = [r for r in rows if wf.user_can_decide(user, case, r)]
    is_claimant = _is_claimant(user, claim)
    editable = is_claimant and case.status in (CaseStatus.DRAFT, CaseStatus.RETURNED)
    grant = Grant.objects.filter(claim=claim).select_related("line").first()
    workers = list(claim.workers.select_related("person").prefetch_related("payroll"))
    return render(request, "subsidies/claim_detail.html", {
        "claim": claim, "case": case, "rows": rows, "my_rows": my_rows, "steps": SPEC.steps,
        "editable": editable, "is_claimant": is_claimant, "workers": workers, "grant": grant,
        "preview": None if grant else actions.preview(claim),
        "worker_form": WorkerForm(), "upload_form": UploadForm(), "decision_form": DecisionForm(),
        "void_form": VoidForm(), "recomputed": request.session.pop(f"recompute-{grant.pk}", None) if grant else None,
        "payroll_errors": request.session.pop(f"payroll-errors-{claim.pk}", None),
    })


@login_required
@require_POST
def worker_add(request, pk):
    claim = _get_claim(request, pk)
    if not _is_claimant(request.user, claim):
        raise PermissionDenied
    form = WorkerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[k].label}：{e}" if k in form.fields else e
                                         for k, errs in form.errors.items() for e in errs))
        return redirect("subsidies:claim-detail", pk)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            person = Person.objects.filter(id_number=data["id_number"]).first()
            if person is None:
                person = Person.objects.create(name=data["name"], id_number=data["id_number"],
                                               birth_date=id_number_birth_date(data["id_number"]),
                                               gender=id_number_gender(data["id_number"]), region=claim.region,
                                               owner_org=claim.organisation)
            actions.add_worker(claim, person=person, groups=data["groups"], start=data["start"], end=data["end"],
                               left_school_on=data["left_school_on"], acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已登记：%(name)s") % {"name": person.name})
    return redirect("subsidies:claim-detail", pk)


@login_required
@require_POST
def payroll_upload(request, pk):
    claim = _get_claim(request, pk)
    if not _is_claimant(request.user, claim):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择工资表文件。"))
        return redirect("subsidies:claim-detail", pk)
    try:
        n = actions.import_payroll(claim, form.cleaned_data["file"], acting_user=request.user)
    except ValidationError as exc:
        request.session[f"payroll-errors-{claim.pk}"] = exc.messages
        messages.error(request, _("工资表有 %(n)s 处错误，未导入任何记录。") % {"n": len(exc.messages)})
    else:
        messages.success(request, _("已导入工资记录 %(n)s 行。") % {"n": n})
    return redirect("subsidies:claim-detail", pk)


@login_required
def payroll_template(request, pk):
    claim = _get_claim(request, pk)
    book = Book(constant_memory=False)
    sheet = book.sheet(_("工资表"))
    sheet.row(0, actions.PAYROLL_HEADERS)
    r = 1
    for worker in claim.workers.select_related("person"):
        sheet.row(r, [worker.person.id_number, worker.person.name, f"{worker.start:%Y-%m}", ""])
        r += 1
    return xlsx_response(book, f"payroll-{claim.pk}.xlsx")


@login_required
@require_POST
def claim_submit(request, pk):
    claim = _get_claim(request, pk)
    if not _is_claimant(request.user, claim):
        raise PermissionDenied
    try:
        actions.submit_claim(claim, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, _("尚不能提交：") + error_text(exc))
    else:
        messages.success(request, _("已提交，进入县级人社初审。"))
    return redirect("subsidies:claim-detail", pk)


@login_required
@require_POST
def claim_decide(request, pk, row_id):
    claim = _get_claim(request, pk)
    case = claim.case
    row = get_object_or_404(StepState, pk=row_id, case=case)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核意见。"))
        return redirect("subsidies:claim-detail", pk)
    try:
        wf.decide(case, row, acting_user=request.user, decision=form.cleaned_data["decision"],
                  reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您不能审核此环节。"))
    else:
        messages.success(request, _("审核意见已提交。"))
    return redirect("subsidies:claim-detail", pk)


@login_required
@require_POST
def grant_recompute(request, pk):
    grant = get_object_or_404(Grant.objects.visible_to(request.user), pk=pk)
    result = actions.recompute(grant)
    request.session[f"recompute-{grant.pk}"] = {"matches": result["matches"], "amount": str(result["amount"]),
                                                "same_hash": result["same_hash"], "differences": result["differences"]}
    return redirect("subsidies:claim-detail", grant.claim_id)


@login_required
@require_POST
def grant_void(request, pk):
    grant = get_object_or_404(Grant.objects.visible_to(request.user).select_related("line"), pk=pk)
    if not _may_manage_money(request.user, grant.line):
        raise PermissionDenied
    form = VoidForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请填写作废理由。"))
        actions.void_grant(grant, acting_user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已作废，预留资金已释放。"))
    return redirect("subsidies:claim-detail", grant.claim_id)


# --- budget and payments -------------------------------------------------------------------------------


@login_required
def budget_index(request):
    lines = list(BudgetLine.objects.visible_to(request.user).select_related("region"))
    rows = [(line, line.balances()) for line in lines]
    return render(request, "subsidies/budget.html", {"rows": rows})


@login_required
def line_detail(request, pk):
    line = _get_line(request, pk)
    return render(request, "subsidies/line_detail.html", {
        "line": line, "balances": line.balances(),
        "entries": line.entries.select_related("approver", "grant").order_by("-id")[:500],
        "batches": line.batches.all(), "grants": line.grants.select_related("claim", "claim__organisation")[:500],
        "reconciliation": actions.reconcile(line), "can_manage": _may_manage_money(request.user, line),
        "allocate_form": AllocateForm(), "batch_form": BatchForm(),
    })


@login_required
@require_POST
def line_allocate(request, pk):
    line = _get_line(request, pk)
    if not _may_manage_money(request.user, line):
        raise PermissionDenied
    form = AllocateForm(request.POST)
    if form.is_valid():
        try:
            budget.allocate(line, form.cleaned_data["amount"], reason=form.cleaned_data["reason"],
                            increase=form.cleaned_data["increase"], acting_user=request.user)
            messages.success(request, _("已记账。"))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("subsidies:line-detail", pk)


@login_required
@require_POST
def batch_create(request, pk):
    line = _get_line(request, pk)
    if not _may_manage_money(request.user, line):
        raise PermissionDenied
    form = BatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写批次名称。"))
        return redirect("subsidies:line-detail", pk)
    batch = actions.create_batch(line, name=form.cleaned_data["name"], acting_user=request.user)
    messages.success(request, _("支付批次已生成：%(n)s 笔。") % {"n": batch.payments.count()})
    return redirect("subsidies:batch-detail", batch.pk)


def _get_batch(request, pk) -> PaymentBatch:
    return get_object_or_404(PaymentBatch.objects.visible_to(request.user).select_related("line"), pk=pk)


@login_required
def batch_detail(request, pk):
    batch = _get_batch(request, pk)
    payments = batch.payments.select_related("grant", "grant__claim", "grant__claim__organisation")
    return render(request, "subsidies/batch_detail.html", {
        "batch": batch, "payments": payments, "upload_form": UploadForm(),
        "can_manage": _may_manage_money(request.user, batch.line),
        "return_result": request.session.pop(f"return-{batch.pk}", None),
    })


@login_required
def batch_export(request, pk):
    """The batch for the bank (xlsx through core/exports): payment number, payee, account holder, amount."""
    batch = _get_batch(request, pk)
    book = Book(constant_memory=False)
    sheet = book.sheet(_("支付清单"))
    sheet.row(0, [_("支付编号"), _("收款单位"), _("统一社会信用代码"), _("补贴项目"), _("金额（元）"), _("状态")])
    r = 1
    for p in batch.payments.select_related("grant__claim__organisation", "grant__claim__person"):
        claim = p.grant.claim
        payee = claim.organisation or claim.person
        sheet.row(r, [str(p.pk), str(payee), getattr(claim.organisation, "credit_code", ""), claim.get_measure_display(),
                      f"{p.amount:.2f}", p.get_status_display()])
        r += 1
    return xlsx_response(book, f"payment-batch-{batch.pk}.xlsx")


@login_required
@require_POST
def batch_return(request, pk):
    batch = _get_batch(request, pk)
    if not _may_manage_money(request.user, batch.line):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择银行回单文件。"))
        return redirect("subsidies:batch-detail", pk)
    try:
        result = actions.import_bank_return(batch, form.cleaned_data["file"], acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        request.session[f"return-{batch.pk}"] = result
        messages.success(request, _("回单已处理：到账 %(p)s 笔，失败 %(f)s 笔。") % {"p": result["paid"], "f": result["failed"]})
    return redirect("subsidies:batch-detail", pk)


__all__ = ["PaymentStatus"]


def calculator(request):
    """Public: what could I get under each measure, and why."""
    from .calc import calculate
    from .calculator import FORMS
    from .choices import Measure as M

    measure = request.GET.get("measure") or "work_for_training"
    if measure not in FORMS:
        measure = "work_for_training"
    form = FORMS[measure](request.GET if "submitted" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        result = calculate(measure, form.document())
    return render(request, "subsidies/calculator.html", {
        "form": form, "measure": measure, "result": result,
        "measures": [(code, M(code).label) for code in FORMS],
    })


@login_required
def reports(request):
    from .reports import chart, claim_rows, line_rows

    if request.user.role not in OFFICIAL_ROLES and not request.user.is_superuser:
        raise PermissionDenied
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    rows = claim_rows(request.user, year)
    if request.GET.get("format") == "xlsx":
        book = Book(constant_memory=False)
        sheet = book.sheet(_("补贴申请与支付"))
        sheet.row(0, [_("年度"), _("措施"), _("县市"), _("申请"), _("批准"), _("已预留（元）"), _("已支付（元）")])
        for i, r in enumerate(rows, start=1):
            sheet.row(i, [r["year"], str(r["measure"]), r["county"], r["claims"], r["approved"], f"{r['reserved']:.2f}", f"{r['paid']:.2f}"])
        lines = book.sheet(_("预算执行"))
        lines.row(0, [_("年度"), _("用途"), _("安排（元）"), _("已预留（元）"), _("已支付（元）"), _("可用（元）"), _("执行率（%）")])
        for i, r in enumerate(line_rows(request.user), start=1):
            lines.row(i, [r["year"], str(r["purpose"]), f"{r['allocated']:.2f}", f"{r['reserved']:.2f}", f"{r['paid']:.2f}",
                          f"{r['available']:.2f}", str(r["use"])])
        return xlsx_response(book, "subsidies-report.xlsx")
    return render(request, "subsidies/reports.html", {"rows": rows, "lines": line_rows(request.user), "chart": chart(rows),
                                                      "year": year})
