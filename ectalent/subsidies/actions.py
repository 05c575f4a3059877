"""Every change to claims, grants and payments of seed 002. Each function runs in one transaction and writes its
audit event; money moves only through ``budget.py``."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.audit.actions import record, snapshot
from ectalent.audit.models import AuditAction
from ectalent.core.sheets import CellError, cell_text, column_letter, upload_formula_cells, id_number_cell, read_cells
from ectalent.registry.choices import ENTERPRISE_KINDS
from ectalent.registry.models import Person
from ectalent.rules.amounts import ENGINE_VERSION, round_money
from ectalent.workflow import actions as wf

from . import budget
from .calc import calculate
from .choices import MEASURE_PURPOSE, GrantStatus, Measure, PaymentStatus
from .models import (
    BudgetLine, Claim, ClaimWorker, Grant, Payment, PaymentBatch, PayrollLine, SubsidisedMonth, WorkerMonths, record_hash,
)

WORKFLOW = "subsidies"
MONTH_RE = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")


def prefecture_of(region):
    """The prefecture (city level) of a county, or the region itself."""
    while region is not None and region.level not in ("city", "province"):
        region = region.parent
    return region


# --- claims ------------------------------------------------------------------------------------------------


def create_claim(*, measure: str, region, acting_user, as_of: datetime.date, organisation=None, person=None,
                 enterprise_size: str = "", facts: dict | None = None) -> Claim:
    with transaction.atomic():
        claim = Claim.objects.create(measure=measure, region=region, organisation=organisation, person=person,
                                     enterprise_size=enterprise_size, as_of=as_of, facts=facts or {},
                                     created_by=acting_user)
        wf.open_case(workflow=WORKFLOW, subject=claim, region=region, organisation=organisation, person=person,
                     acting_user=acting_user)
        record(AuditAction.CREATE, claim, actor=acting_user, after=snapshot(claim))
        return claim


def _editable(claim: Claim) -> None:
    case = claim.case
    if case is not None and case.status not in ("draft", "returned"):
        raise ValidationError(_("申请已提交审核，不能修改。"), code="locked")


def add_worker(claim: Claim, *, person: Person, groups: list[str], start: datetime.date, acting_user,
               end: datetime.date | None = None, left_school_on: datetime.date | None = None) -> ClaimWorker:
    _editable(claim)
    if end is not None and end < start:
        raise ValidationError(_("离职日期不能早于吸纳就业日期。"), code="dates")
    with transaction.atomic():
        if ClaimWorker.objects.filter(claim=claim, person=person).exists():
            raise ValidationError(_("该劳动者已在本申请中。"), code="duplicate")
        worker = ClaimWorker.objects.create(claim=claim, person=person, groups=list(groups), start=start, end=end,
                                            left_school_on=left_school_on)
        record(AuditAction.CREATE, worker, actor=acting_user, region_id=claim.region_id,
               after={"claim": claim.pk, "person": person.pk, "groups": list(groups), "start": start.isoformat()})
        return worker


PAYROLL_HEADERS = ("身份证号", "姓名", "月份", "应发工资（元）")


def _month_span(worker: ClaimWorker) -> tuple[str, str | None]:
    return f"{worker.start:%Y-%m}", (f"{worker.end:%Y-%m}" if worker.end else None)


def import_payroll(claim: Claim, upload, *, acting_user) -> int:
    """The enterprise's payroll sheet (身份证号, 姓名, 月份 YYYY-MM, 应发工资): checked whole, every error named with row
    and column; any error writes nothing. A new sheet replaces the claim's payroll."""
    _editable(claim)
    formulas = upload_formula_cells(upload)
    rows = read_cells(upload, formulas=True)  # formulas are named below with every other error
    errors: list[CellError] = []
    if not rows:
        raise ValidationError([str(CellError(None, "", "", _("文件是空的。")))])
    header = [cell_text(c) for c in rows[0]]
    if tuple(header[:4]) != PAYROLL_HEADERS:
        raise ValidationError([str(CellError(1, "A", "", _("表头应为：%(h)s") % {"h": "、".join(PAYROLL_HEADERS)}))])
    workers = {w.person.id_number: w for w in claim.workers.select_related("person")}
    seen: dict[tuple[int, str], int] = {}
    parsed = []
    for index, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (4 - len(row))
        if all(cell_text(c) == "" for c in cells[:4]):
            continue
        row_errors = []
        for col in range(4):
            if (index - 1, col) in formulas or cell_text(cells[col]).startswith("="):
                row_errors.append(CellError(index, column_letter(col), PAYROLL_HEADERS[col],
                                            _("不能使用公式，请填写数值")))
        if row_errors:
            errors += row_errors
            continue
        number, problem = id_number_cell(cells[0])
        worker = None
        if problem:
            row_errors.append(CellError(index, "A", PAYROLL_HEADERS[0], problem))
        else:
            worker = workers.get(number)
            if worker is None:
                row_errors.append(CellError(index, "A", PAYROLL_HEADERS[0],
                                            _("“%(n)s”不是本申请登记的以工代训人员") % {"n": number}))
        month_text = cell_text(cells[2])
        if isinstance(cells[2], (datetime.date, datetime.datetime)):
            month_text = f"{cells[2]:%Y-%m}"
        if not MONTH_RE.match(month_text):
            row_errors.append(CellError(index, "C", PAYROLL_HEADERS[2], _("“%(v)s”不是 YYYY-MM 格式的月份") % {"v": month_text}))
        elif worker is not None:
            first, last = _month_span(worker)
            if month_text < first or (last is not None and month_text > last) or month_text > f"{claim.as_of:%Y-%m}":
                row_errors.append(CellError(index, "C", PAYROLL_HEADERS[2],
                                            _("%(m)s 不在该劳动者的任职期间（%(a)s 至 %(b)s）内")
                                            % {"m": month_text, "a": worker.start, "b": worker.end or claim.as_of}))
        try:
            wage = Decimal(cell_text(cells[3]).replace(",", ""))
            if not wage.is_finite():
                raise InvalidOperation
            if wage < 0:
                row_errors.append(CellError(index, "D", PAYROLL_HEADERS[3], _("工资不能为负数")))
            elif wage != wage.quantize(Decimal("0.01")):
                row_errors.append(CellError(index, "D", PAYROLL_HEADERS[3], _("金额最多两位小数")))
        except (InvalidOperation, ValueError):
            row_errors.append(CellError(index, "D", PAYROLL_HEADERS[3], _("“%(v)s”不是金额") % {"v": cell_text(cells[3])}))
            wage = None
        if worker is not None and MONTH_RE.match(month_text):
            key = (worker.pk, month_text)
            if key in seen:
                row_errors.append(CellError(index, "C", PAYROLL_HEADERS[2],
                                            _("与第 %(r)s 行重复（同一劳动者同一月份）") % {"r": seen[key]}))
            else:
                seen[key] = index
        if row_errors:
            errors += row_errors
        else:
            parsed.append((worker, month_text, wage))
    if not errors and not parsed:
        errors.append(CellError(None, "", "", _("文件中没有工资记录。")))
    if errors:
        raise ValidationError([str(e) for e in errors])
    with transaction.atomic():
        PayrollLine.objects.filter(worker__claim=claim).delete()
        PayrollLine.objects.bulk_create([PayrollLine(worker=w, month=m, wage=wage) for w, m, wage in parsed])
        record(AuditAction.UPDATE, claim, actor=acting_user, after={"payroll_rows": len(parsed)},
               note=_("导入工资表 %(n)s 行") % {"n": len(parsed)})
    return len(parsed)


def worker_document(claim: Claim, worker: ClaimWorker, *, already: int = 0, taken: set[str] = frozenset()) -> dict:
    """The claim of one worker in the shape of ``subsidy-claim.schema.json`` (work_for_training)."""
    return {
        "id": f"{claim.pk}-{worker.person_id}",
        "as_of": claim.as_of.isoformat(),
        "enterprise": {"size": claim.enterprise_size or "large",
                       "ecommerce": bool(claim.organisation and claim.organisation.kind in ENTERPRISE_KINDS)},
        "worker": {"groups": list(worker.groups),
                   "left_school_on": worker.left_school_on.isoformat() if worker.left_school_on else None},
        "employment": {"start": worker.start.isoformat(), "end": worker.end.isoformat() if worker.end else None},
        "wages": {line.month: str(line.wage) for line in worker.payroll.all() if line.month not in taken},
        "months_already_subsidised": already,
    }


def other_facts(claim: Claim) -> dict:
    doc = dict(claim.facts)
    doc["id"] = str(claim.pk)
    doc.setdefault("as_of", claim.as_of.isoformat())
    if claim.measure == Measure.HIRING and claim.person_id:
        doc["previously_paid"] = Grant.objects.filter(measure=Measure.HIRING, person_id=claim.person_id).exclude(
            status=GrantStatus.VOID).exists()
    return doc


def preview(claim: Claim) -> dict:
    """What the claim would get now (the caps as the database holds them today), per worker for 以工代训."""
    if claim.measure != Measure.WORK_FOR_TRAINING:
        doc = other_facts(claim)
        result = calculate(claim.measure, doc)
        return {"total": result.amount, "status": result.status, "results": [(None, doc, result)]}
    out, total = [], Decimal(0)
    persons = [w.person_id for w in claim.workers.all()]
    counts = dict(WorkerMonths.objects.filter(person_id__in=persons).values_list("person_id", "months"))
    taken: dict[int, set[str]] = {}
    for pid, month in SubsidisedMonth.objects.filter(person_id__in=persons).values_list("person_id", "month"):
        taken.setdefault(pid, set()).add(month)
    for worker in claim.workers.select_related("person").prefetch_related("payroll"):
        doc = worker_document(claim, worker, already=counts.get(worker.person_id, 0), taken=taken.get(worker.person_id, set()))
        result = calculate(Measure.WORK_FOR_TRAINING, doc)
        out.append((worker, doc, result))
        total += result.amount or 0
    status = "eligible" if total > 0 else "ineligible"
    return {"total": round_money(total), "status": status, "results": out}


def submit_claim(claim: Claim, *, acting_user):
    if claim.measure == Measure.WORK_FOR_TRAINING:
        if not claim.workers.exists():
            raise ValidationError(_("请先登记以工代训人员。"), code="no_workers")
        if not PayrollLine.objects.filter(worker__claim=claim).exists():
            raise ValidationError(_("请先导入工资表。"), code="no_payroll")
    return wf.submit(claim.case, acting_user=acting_user)


# --- approval: the grant, its calculation record, the caps and the reservation -----------------------------


def budget_line_for(claim: Claim) -> BudgetLine:
    purpose = MEASURE_PURPOSE.get(Measure(claim.measure))
    line = BudgetLine.objects.filter(region=prefecture_of(claim.region), year=claim.as_of.year, purpose=purpose).first()
    if line is None:
        raise ValidationError(_("%(year)s 年度尚未设立“%(purpose)s”预算科目，不能批准。")
                              % {"year": claim.as_of.year, "purpose": purpose.label if purpose else "—"}, code="no_line")
    return line


def approve_grant(claim: Claim, *, acting_user) -> Grant:
    """Compute the amount under the caps as the database holds them (rows locked), store the calculation record,
    reserve the money. Refused (ValidationError) when nothing is due or the budget line is short."""
    with transaction.atomic():
        line = budget_line_for(claim)
        months_rows: list[tuple[int, list[str], list[str]]] = []
        if claim.measure == Measure.WORK_FOR_TRAINING:
            persons = sorted({w.person_id for w in claim.workers.all()})
            for pid in persons:
                WorkerMonths.objects.get_or_create(person_id=pid)
            locked = {r.person_id: r for r in WorkerMonths.objects.select_for_update().filter(person_id__in=persons).order_by("person_id")}
            taken: dict[int, set[str]] = {}
            for pid, month in SubsidisedMonth.objects.filter(person_id__in=persons).values_list("person_id", "month"):
                taken.setdefault(pid, set()).add(month)
            inputs, results, total = [], [], Decimal(0)
            for worker in claim.workers.select_related("person").prefetch_related("payroll"):
                doc = worker_document(claim, worker, already=locked[worker.person_id].months,
                                      taken=taken.get(worker.person_id, set()))
                result = calculate(Measure.WORK_FOR_TRAINING, doc)
                inputs.append(doc)
                results.append(result.as_record())
                if result.amount:
                    total += result.amount
                    months_rows.append((worker.person_id, result.extra["months"], [doc["wages"][m] for m in result.extra["months"]]))
            amount = round_money(total)
            status = "eligible" if amount > 0 else "ineligible"
            person = None
        else:
            if claim.person_id:
                Person.objects.select_for_update().filter(pk=claim.person_id).first()  # one approval per person at a time
            doc = other_facts(claim)
            result = calculate(claim.measure, doc)
            inputs, results = [doc], [result.as_record()]
            amount, status, person = result.amount or Decimal(0), result.status, claim.person
        if status != "eligible" or amount <= 0:
            reasons = "；".join(r["text"] for res in results for r in res["reasons"] if not r["holds"])
            raise ValidationError(_("按政策核算本申请无可补贴金额，不能批准：%(why)s") % {"why": reasons or status}, code="nothing_due")
        rec = {"engine": ENGINE_VERSION, "measure": claim.measure, "claim": claim.pk, "inputs": inputs,
               "results": results, "amount": str(amount), "computed_at": timezone.now().isoformat()}
        try:
            with transaction.atomic():
                grant = Grant.objects.create(claim=claim, line=line, measure=claim.measure, person=person, amount=amount,
                                             record=rec, record_hash=record_hash(rec), approved_by=acting_user)
        except IntegrityError:
            raise ValidationError(_("此人已享受过一次性吸纳就业补贴，每人只享受一次。"), code="once") from None
        for pid, months, wages in months_rows:
            SubsidisedMonth.objects.bulk_create([SubsidisedMonth(person_id=pid, month=m, grant=grant, wage=Decimal(w))
                                                 for m, w in zip(months, wages)])
            WorkerMonths.objects.filter(person_id=pid).update(months=locked[pid].months + len(months))
        budget.reserve(line, amount, grant=grant, acting_user=acting_user,
                       reason=_("批准%(claim)s") % {"claim": claim})
        record(AuditAction.CREATE, grant, actor=acting_user, region_id=claim.region_id,
               after={"amount": str(amount), "record_hash": grant.record_hash, "engine": ENGINE_VERSION},
               note=_("核定金额 %(a)s 元，核算记录已存证") % {"a": f"{amount:,.2f}"})
        return grant


def recompute(grant: Grant) -> dict:
    """Recompute a grant from its stored inputs and compare: the record's hash, each parameter value and the amount."""
    rec = grant.record
    same_hash = record_hash(rec) == grant.record_hash
    total = Decimal(0)
    differences = []
    for doc, old in zip(rec["inputs"], rec["results"]):
        new = calculate(rec["measure"], doc).as_record()
        total += Decimal(new["amount"] or 0)
        if new["amount"] != old["amount"]:
            differences.append(_("%(id)s：原金额 %(a)s，重算 %(b)s") % {"id": doc["id"], "a": old["amount"], "b": new["amount"]})
        old_params = {p["name"]: p["value"] for p in old["parameters"]}
        for p in new["parameters"]:
            if p["name"] in old_params and old_params[p["name"]] != p["value"]:
                differences.append(_("参数 %(n)s：原值 %(a)s，现值 %(b)s") % {"n": p["name"], "a": old_params[p["name"]], "b": p["value"]})
    amount = round_money(total)
    return {"same_hash": same_hash, "amount": amount, "matches": same_hash and amount == grant.amount and not differences,
            "differences": differences}


def void_grant(grant: Grant, *, acting_user, reason: str) -> Grant:
    if not reason.strip():
        raise ValidationError(_("请填写作废理由。"), code="reason_required")
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        if grant.status != GrantStatus.RESERVED or Payment.objects.filter(grant=grant).exclude(status=PaymentStatus.FAILED).exists():
            raise ValidationError(_("只有尚未支付的补贴可以作废。"), code="not_void")
        budget.release(grant.line, grant.amount, grant=grant, acting_user=acting_user, reason=reason)
        Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.VOID)
        for pid, n in _months_by_person(grant):
            WorkerMonths.objects.select_for_update().filter(person_id=pid).first()
            row = WorkerMonths.objects.get(person_id=pid)
            WorkerMonths.objects.filter(person_id=pid).update(months=max(0, row.months - n))
        SubsidisedMonth.objects.filter(grant=grant).delete()
        grant.refresh_from_db()
        record(AuditAction.UPDATE, grant, actor=acting_user, after={"status": GrantStatus.VOID}, note=reason)
        return grant


def _months_by_person(grant: Grant):
    counts: dict[int, int] = {}
    for pid in SubsidisedMonth.objects.filter(grant=grant).values_list("person_id", flat=True):
        counts[pid] = counts.get(pid, 0) + 1
    return sorted(counts.items())


# --- payments ------------------------------------------------------------------------------------------


class PaymentRefused(ValidationError):
    pass


def request_payment(grant: Grant, amount, *, acting_user, idempotency_key: str | None = None,
                    batch: PaymentBatch | None = None) -> tuple[Payment, bool]:
    """Pay a grant once. The grant is the natural key: a repeat returns the first payment (created False); a repeat
    with another amount, or a key already used for another payment, is refused."""
    amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        if idempotency_key:
            keyed = Payment.objects.filter(idempotency_key=idempotency_key).first()
            if keyed is not None and (keyed.grant_id != grant.pk or keyed.amount != amount):
                raise PaymentRefused(_("该幂等键已用于另一笔支付（补贴 %(g)s，金额 %(a)s 元），拒绝重复使用。")
                                     % {"g": keyed.grant_id, "a": keyed.amount}, code="key_reused")
        existing = Payment.objects.filter(grant=grant).first()
        if existing is not None:
            if existing.amount != amount:
                raise PaymentRefused(_("该补贴已有一笔 %(a)s 元的支付，不能以其他金额（%(b)s 元）再次支付。")
                                     % {"a": existing.amount, "b": amount}, code="other_amount")
            return existing, False
        if grant.status != GrantStatus.RESERVED:
            raise PaymentRefused(_("该补贴状态为“%(s)s”，不能支付。") % {"s": grant.get_status_display()}, code="status")
        if amount != grant.amount:
            raise PaymentRefused(_("支付金额 %(a)s 元与核定金额 %(b)s 元不一致。") % {"a": amount, "b": grant.amount},
                                 code="amount")
        payment = Payment.objects.create(grant=grant, batch=batch, amount=amount, idempotency_key=idempotency_key or None,
                                         requested_by=acting_user)
        record(AuditAction.CREATE, payment, actor=acting_user, region_id=grant.claim.region_id,
               after={"grant": grant.pk, "amount": str(amount), "key": idempotency_key or ""})
        return payment, True


def create_batch(line: BudgetLine, *, name: str, acting_user) -> PaymentBatch:
    """A payment batch of every reserved, unpaid grant of the line."""
    with transaction.atomic():
        batch = PaymentBatch.objects.create(line=line, name=name, created_by=acting_user)
        grants = Grant.objects.filter(line=line, status=GrantStatus.RESERVED, payment__isnull=True)
        for grant in grants:
            request_payment(grant, grant.amount, acting_user=acting_user, batch=batch)
        record(AuditAction.CREATE, batch, actor=acting_user, region_id=line.region_id, after={"payments": batch.payments.count()})
        return batch


def settle(payment: Payment, *, ok: bool, acting_user, reference: str = "", failure: str = "") -> Payment:
    """The bank's answer for one payment: paid (the ledger posts, once) or failed (with the reason)."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == PaymentStatus.PAID:
            return payment  # a repeated return row changes nothing
        grant = payment.grant
        if ok:
            budget.post(grant.line, payment.amount, grant=grant, acting_user=acting_user,
                        reason=_("银行回单：%(ref)s") % {"ref": reference or payment.pk})
            Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.PAID, bank_reference=reference[:64],
                                                         failure="", settled_at=timezone.now())
            Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.PAID)
        else:
            Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.FAILED, failure=failure[:255] or _("未说明"))
        payment.refresh_from_db()
        record(AuditAction.UPDATE, payment, actor=acting_user, region_id=grant.claim.region_id,
               after={"status": payment.status, "reference": reference, "failure": failure})
        return payment


RETURN_HEADERS = ("支付编号", "银行流水号", "结果", "失败原因")


def import_bank_return(batch: PaymentBatch, upload, *, acting_user) -> dict:
    """The bank's return file, row by row: each row settles its payment; failures are named with their row."""
    rows = read_cells(upload)
    if not rows or tuple(cell_text(c) for c in rows[0][:4]) != RETURN_HEADERS:
        raise ValidationError(_("表头应为：%(h)s") % {"h": "、".join(RETURN_HEADERS)})
    payments = {str(p.pk): p for p in batch.payments.all()}
    paid, failed, problems = 0, 0, []
    for index, row in enumerate(rows[1:], start=2):
        cells = [cell_text(c) for c in list(row) + [None] * 4][:4]
        if not any(cells):
            continue
        payment = payments.get(cells[0])
        if payment is None:
            problems.append(str(CellError(index, "A", RETURN_HEADERS[0], _("“%(v)s”不是本批次的支付") % {"v": cells[0]})))
            continue
        if cells[2] in ("成功", "已到账", "success", "paid"):
            settle(payment, ok=True, acting_user=acting_user, reference=cells[1])
            paid += 1
        elif cells[2] in ("失败", "failed", "fail"):
            settle(payment, ok=False, acting_user=acting_user, failure=cells[3])
            failed += 1
            problems.append(str(CellError(index, "C", RETURN_HEADERS[2], _("支付 %(p)s 失败：%(r)s") % {"p": cells[0], "r": cells[3] or _("未说明")})))
        else:
            problems.append(str(CellError(index, "C", RETURN_HEADERS[2], _("结果应为“成功”或“失败”，而非“%(v)s”") % {"v": cells[2]})))
    return {"paid": paid, "failed": failed, "problems": problems}


def reconcile(line: BudgetLine) -> dict:
    """Posted (ledger) against returned (payments the bank confirmed)."""
    from django.db.models import Sum

    posted = line.balances()["paid"]
    returned = Payment.objects.filter(grant__line=line, status=PaymentStatus.PAID).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    pending = Payment.objects.filter(grant__line=line, status=PaymentStatus.PENDING).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    unposted = list(Payment.objects.filter(grant__line=line, status=PaymentStatus.PAID)
                    .exclude(grant__entries__kind="post").values_list("pk", flat=True))
    return {"posted": posted, "returned": returned, "pending": pending, "balanced": posted == returned and not unposted,
            "unposted": unposted}
