"""The amounts of seed 002's measures (楚雄州 2020), read with spec/subsidies.md, on the rules engine's ``Calculation``.

Each measure function takes one claim as in ``contracts/subsidy-claim.schema.json`` (already validated; money as
``Decimal`` or a decimal string, dates as ISO strings) and returns the engine's ``Result``: a status, the amount
(rounded once at the end), one reason per rule with its citation and figures, and the parameters used with their
dates and citations. Every number comes from the pack ``chuxiong-2020``; none is written here.

The same functions serve the command line (``ectalent subsidy calc``), the claims of the platform (whose facts are
read from the database into the same shape) and the public calculator.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from ectalent.rules.amounts import (
    AWAITING_PARAMETER, ELIGIBLE, INELIGIBLE, NEEDS_REVIEW, Calculation, ParameterMissing, Result, add_months,
    add_years, money_text,
)
from ectalent.rules.packs import Pack, load_pack

PACK = "chuxiong-2020"
MEASURES = ("work_for_training", "hiring", "internship", "startup_loan", "startup_subsidy")

SIZE_LABELS = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
GROUP_LABELS = {
    "hard_to_employ": "就业困难人员",
    "zero_employment_family": "零就业家庭成员",
    "recent_graduate": "离校两年内高校毕业生",
    "registered_unemployed": "登记失业人员",
}
GROUP_ORDER = tuple(GROUP_LABELS)
SME = ("micro", "small", "medium")
SMALL_MICRO = ("micro", "small")


def parse_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def to_money(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):  # (only from callers that did not parse floats as decimals)
        return Decimal(repr(value))
    return Decimal(str(value))


def yes(flag: bool) -> str:
    return "是" if flag else "否"


def percent(value: Decimal) -> str:
    text = f"{(value * 100).quantize(Decimal('0.01'))}".rstrip("0").rstrip(".")
    return f"{text}%"


def claim_date(doc: dict) -> datetime.date:
    """The day whose parameters apply: the claim's ``as_of``, else its ``hired_on`` or ``registered_on``, else today."""
    for key in ("as_of", "hired_on", "registered_on"):
        if doc.get(key):
            return parse_date(doc[key])
    return datetime.date.today()


def _enterprise_rule(calc: Calculation, ent: dict | None, cite: str, sizes=SME, label="中小微电子商务企业") -> bool:
    if not ent:
        return calc.rule("enterprise", False, cite, f"未提供企业信息，须为{label}")
    size, ecommerce = ent.get("size"), bool(ent.get("ecommerce"))
    holds = size in sizes and ecommerce
    text = f"企业规模：{SIZE_LABELS.get(size, size)}，电子商务企业：{yes(ecommerce)}"
    return calc.rule("enterprise", holds, cite, f"{text}；{'属于' if holds else '不属于'}{label}")


# --- 措施四 以工代训 -------------------------------------------------------------------------------------------


def _months(start: datetime.date, end: datetime.date | None, as_of: datetime.date):
    """The whole calendar months of the employment [start, end] that ended on or before ``as_of``, in order."""
    stop = as_of if end is None else min(end, as_of)
    year, month = start.year, start.month
    while (year, month) <= (stop.year, stop.month):
        first = datetime.date(year, month, 1)
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        if start <= first and (end is None or last <= end) and last <= as_of:
            yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def work_for_training(doc: dict, calc: Calculation) -> Result:
    cite = calc.pack.measures["work_for_training"].cite
    as_of = parse_date(doc["as_of"])
    ok = _enterprise_rule(calc, doc.get("enterprise"), cite)

    worker = doc.get("worker") or {}
    employment = doc["employment"]
    start, end = parse_date(employment["start"]), parse_date(employment.get("end"))
    claimed = [g for g in GROUP_ORDER if g in set(worker.get("groups") or ())]
    held, notes = [], []
    for group in claimed:
        if group == "recent_graduate":
            years = calc.param("wft.graduate_years")
            left = parse_date(worker.get("left_school_on"))
            if left is None:
                notes.append(f"{GROUP_LABELS[group]}：未提供离校日期，不成立")
                continue
            limit = add_years(left, years)
            if start <= limit:
                held.append(group)
                notes.append(f"{GROUP_LABELS[group]}：{left} 离校，{start} 吸纳，在离校 {years} 年（{limit}）以内")
            else:
                notes.append(f"{GROUP_LABELS[group]}：{left} 离校，{start} 吸纳，已超过离校 {years} 年（{limit}），不成立")
        else:
            held.append(group)
            notes.append(f"{GROUP_LABELS[group]}：成立")
    if not claimed:
        notes.append("未申报任何人员类别")
    ok &= calc.rule("worker_group", bool(held), cite,
                    ("属于补贴对象：" if held else "不属于就业困难人员、零就业家庭成员、离校两年内高校毕业生、登记失业人员之一：")
                    + "；".join(notes))

    wages = {month: to_money(amount) for month, amount in (doc.get("wages") or {}).items()}
    whole = list(_months(start, end, as_of))
    with_wage = [m for m in whole if m in wages]
    no_wage = [m for m in whole if m not in wages]
    outside = sorted(m for m in wages if m not in whole)
    text = (f"任职 {start} 至 {end or '今'}，截至 {as_of} 已满的整月 {len(whole)} 个，其中申报了工资的 {len(with_wage)} 个"
            + (f"（{'、'.join(with_wage)}）" if with_wage else ""))
    if no_wage:
        text += f"；未申报工资的月份不计：{'、'.join(no_wage)}"
    if outside:
        text += f"；不属于已满整月任职的月份不计：{'、'.join(outside)}"
    calc.rule("months", bool(with_wage), cite, text)

    max_months = calc.param("wft.max_months")
    already = int(doc.get("months_already_subsidised") or 0)
    remaining = max(0, max_months - already)
    counted = with_wage[:remaining]
    cut = with_wage[remaining:]
    text = f"每名劳动者累计最长 {max_months} 个月，已享受 {already} 个月，本次最多计 {remaining} 个月，计入 {len(counted)} 个月"
    if cut:
        text += f"；超出上限不计：{'、'.join(cut)}"
    calc.rule("cap", bool(counted), calc.cite("wft.max_months"), text)

    if not ok or not counted:
        return calc.finish(INELIGIBLE, months=[])
    rate = calc.param("wft.rate")
    total = sum((wages[m] for m in counted), Decimal(0))
    amount = total * rate
    calc.rule("amount", True, calc.cite("wft.rate"),
              f"计入月份工资总额 {money_text(total)} 元 × {percent(rate)} = {money_text(amount)} 元")
    return calc.finish(ELIGIBLE, amount, months=counted)


# --- 措施七 一次性吸纳就业补贴 ---------------------------------------------------------------------------------


def hiring(doc: dict, calc: Calculation) -> Result:
    cite = calc.pack.measures["hiring"].cite
    ok = _enterprise_rule(calc, doc.get("enterprise"), cite)
    person = doc.get("person") or {}
    hired = parse_date(doc["hired_on"])
    months = int(doc["contract_months"])
    insured = bool(doc["social_insurance"])
    graduated = parse_date(person.get("graduated_on"))
    unemployed = parse_date(person.get("registered_unemployed_since"))
    migrant = bool(person.get("migrant_worker_unable_to_return"))

    previously = bool(doc.get("previously_paid"))
    ok &= calc.rule("once", not previously, cite,
                    "此人已领取过一次性吸纳就业补贴，每人只享受一次" if previously else "此人未领取过一次性吸纳就业补贴")

    min_months = calc.param("hiring.min_contract_months")
    graduate_year = graduated is not None and hired.year == graduated.year
    main_holds = graduate_year and months >= min_months and insured
    if graduated is None:
        text = "未提供毕业日期，不是毕业年度高校毕业生"
    else:
        text = (f"{graduated} 毕业，{hired} 招用，{'在' if graduate_year else '不在'}毕业年度（{graduated.year} 年）内"
                f"；劳动合同 {months} 个月（须 {min_months} 个月以上）；缴纳社会保险：{yes(insured)}")
    calc.rule("graduate_in_year", main_holds, cite, text)
    if ok and main_holds:
        amount = calc.param("hiring.amount")
        calc.rule("amount", True, calc.cite("hiring.amount"), f"按每人 {money_text(amount)} 元给予一次性吸纳就业补贴")
        return calc.finish(ELIGIBLE, amount)

    start, stop = calc.param("hiring2020.from"), calc.param("hiring2020.to")
    in_2020 = start <= hired <= stop
    if not in_2020:
        calc.rule("special_2020", False, calc.cite("hiring2020.from"),
                  f"招用日期 {hired} 不在 {start} 至 {stop} 之间，不适用 2020 年一次性吸纳就业补贴")
        return calc.finish(INELIGIBLE)
    routes = []
    grad_years = calc.param("hiring2020.graduate_years")
    if graduated is not None:
        limit = add_years(graduated, grad_years)
        routes.append((hired <= limit, f"{graduated} 毕业，{hired} 招用，{'在' if hired <= limit else '超过'}毕业 {grad_years} 年（{limit}）以内"))
    unemployed_months = calc.param("hiring2020.unemployed_months")
    if unemployed is not None:
        since = add_months(unemployed, unemployed_months)
        routes.append((hired >= since, f"{unemployed} 登记失业，{hired} 招用，登记失业{'已满' if hired >= since else '未满'} {unemployed_months} 个月（{since}）"))
    if migrant:
        routes.append((True, "因疫情无法返岗的农民工"))
    group = any(h for h, _ in routes)
    calc.rule("special_2020_group", group, calc.cite("hiring2020.graduate_years"),
              "；".join(t for _, t in routes) if routes else "不是毕业三年内高校毕业生、登记失业半年以上人员或因疫情无法返岗的农民工")
    min2020 = calc.param("hiring2020.min_contract_months")
    contract_ok = months >= min2020 and insured
    calc.rule("special_2020_contract", contract_ok, calc.cite("hiring2020.min_contract_months"),
              f"劳动合同 {months} 个月（须 {min2020} 个月以上）；缴纳社会保险：{yes(insured)}")
    if not (ok and group and contract_ok):
        return calc.finish(INELIGIBLE)
    try:
        amount = calc.param("hiring2020.amount")
    except ParameterMissing as missing:
        return calc.awaiting(missing, "special_2020_rate", missing.cite)
    calc.rule("amount", True, calc.cite("hiring2020.amount"), f"按云人社发〔2020〕26号标准每人 {money_text(amount)} 元")
    return calc.finish(ELIGIBLE, amount)


# --- 措施八 就业见习补贴 -------------------------------------------------------------------------------------


def internship(doc: dict, calc: Calculation) -> Result:
    cite = calc.pack.measures["internship"].cite
    unit = doc.get("unit") or {}
    ok = calc.rule("register", bool(unit.get("on_register")), cite,
                   "见习单位在就业见习单位名册内" if unit.get("on_register") else "见习单位不在就业见习单位名册内")
    graduate = doc.get("intern_is_graduate", True)
    ok &= calc.rule("graduate", bool(graduate), cite, "见习人员为高校毕业生" if graduate else "见习人员不是高校毕业生")
    agreed, completed = int(doc["agreed_months"]), int(doc["completed_months"])
    low, high = calc.param("internship.min_months"), calc.param("internship.max_months")
    ok &= calc.rule("period", low <= agreed <= high, calc.cite("internship.min_months"),
                    f"约定见习期 {agreed} 个月（须 {low}—{high} 个月）")

    ended, retained = int(unit.get("ended") or 0), int(unit.get("retained") or 0)
    threshold = calc.param("internship.retention_threshold")
    if ended > 0 and Decimal(retained) >= threshold * ended:
        rate = calc.param("internship.rate_retained")
        calc.rule("rate", True, calc.cite("internship.rate_retained"),
                  f"本年见习期满 {ended} 人，留用 {retained} 人，留用率 {percent(Decimal(retained) / ended)}，"
                  f"达到 {percent(threshold)}：每人每月 {money_text(rate)} 元")
    else:
        rate = calc.param("internship.rate")
        why = (f"本年见习期满 {ended} 人，留用 {retained} 人，留用率 {percent(Decimal(retained) / ended)}，未达到 {percent(threshold)}"
               if ended > 0 else "本年尚无见习期满的人员")
        calc.rule("rate", True, calc.cite("internship.rate"), f"{why}：每人每月 {money_text(rate)} 元")

    interrupted = int(doc.get("interrupted_months") or 0)
    if doc.get("contracted_early"):
        paid = agreed
        text = f"见习期未满即签订劳动合同，按约定见习期 {agreed} 个月（含剩余期限）补贴"
    else:
        paid = min(completed, agreed)
        text = f"已完成见习 {completed} 个月，约定 {agreed} 个月，补贴 {paid} 个月"
    if interrupted:
        text += f"；因疫情中断 {interrupted} 个月，补贴期限相应延长，中断月份不补贴也不扣减"
    calc.rule("months", True, cite, text)
    if not ok:
        return calc.finish(INELIGIBLE, rate=str(rate.quantize(Decimal("0.01"))), months_paid=paid)
    amount = rate * paid
    calc.rule("amount", True, cite, f"{money_text(rate)} 元 × {paid} 个月 = {money_text(amount)} 元")
    return calc.finish(ELIGIBLE, amount, rate=str(rate.quantize(Decimal("0.01"))), months_paid=paid)


# --- 措施六 创业担保贷款 -------------------------------------------------------------------------------------


def startup_loan(doc: dict, calc: Calculation) -> Result:
    cite = calc.pack.measures["startup_loan"].cite
    borrower = doc["borrower"]
    kind = borrower["kind"]
    if kind == "individual":
        amount = calc.param("loan.individual")
        calc.rule("individual", True, calc.cite("loan.individual"), f"个人创业：最高 {money_text(amount)} 元")
        return calc.finish(ELIGIBLE, amount)
    if kind == "partnership":
        n = borrower.get("partners")
        least = calc.param("loan.partnership_min_partners")
        if n is None or n < least:
            calc.rule("partners", False, cite, f"合伙创业须有 {least} 名以上符合条件的合伙人，申报 {n if n is not None else '未填'} 人")
            return calc.finish(INELIGIBLE)
        per = calc.param("loan.per_partner")
        exception = bool(borrower.get("exception_approved"))
        cap = calc.param("loan.partnership_cap_exception" if exception else "loan.partnership_cap")
        raw = per * n
        amount = min(raw, cap)
        calc.rule("partners", True, calc.cite("loan.per_partner"), f"合伙人 {n} 名 × {money_text(per)} 元 = {money_text(raw)} 元")
        calc.rule("cap", True, calc.cite("loan.partnership_cap_exception" if exception else "loan.partnership_cap"),
                  f"{'经批准的最高' if exception else '一般最高'}额度 {money_text(cap)} 元：可贷最高 {money_text(amount)} 元")
        return calc.finish(ELIGIBLE, amount)
    ent = borrower.get("enterprise")
    ok = _enterprise_rule(calc, ent, cite, SMALL_MICRO, "小微电子商务企业")
    staff = (ent or {}).get("staff")
    hires = int(borrower.get("qualifying_new_hires") or 0)
    large = calc.param("loan.large_staff")
    if staff is None or staff <= 0:
        calc.rule("hire_ratio", False, cite, "未提供企业现有在职职工人数")
        return calc.finish(INELIGIBLE)
    ratio = calc.param("loan.hire_ratio_large" if staff > large else "loan.hire_ratio")
    contract = calc.param("loan.min_contract_months")
    holds = Decimal(hires) >= ratio * staff
    ok &= calc.rule("hire_ratio", holds, calc.cite("loan.hire_ratio_large" if staff > large else "loan.hire_ratio"),
                    f"当年新招用符合条件且签订 {contract} 个月以上劳动合同的 {hires} 人，现有在职职工 {staff} 人，"
                    f"占 {percent(Decimal(hires) / staff)}；{'超过' if staff > large else '不超过'} {large} 人的企业须达到 {percent(ratio)}")
    if not ok:
        return calc.finish(INELIGIBLE)
    amount = calc.param("loan.enterprise")
    calc.rule("amount", True, calc.cite("loan.enterprise"), f"小微电子商务企业：最高 {money_text(amount)} 元")
    return calc.finish(ELIGIBLE, amount)


# --- 措施五 创业补贴 ---------------------------------------------------------------------------------------


def startup_subsidy(doc: dict, calc: Calculation) -> Result:
    cite = calc.pack.measures["startup_subsidy"].cite
    graduated, registered = parse_date(doc["graduated_on"]), parse_date(doc["registered_on"])
    ok = calc.rule("in_prefecture", bool(doc["in_prefecture"]), cite,
                   "创业实体在州内登记" if doc["in_prefecture"] else "创业实体不在州内登记")
    years = calc.param("startup_subsidy.graduate_years")
    month = calc.param("startup_subsidy.academic_year_start_month")
    first = datetime.date(graduated.year - 1, month, 1)
    last = add_years(graduated, years)
    window = first <= registered <= last
    ok &= calc.rule("window", window, calc.cite("startup_subsidy.graduate_years"),
                    f"{graduated} 毕业，{registered} 登记创业实体；毕业学年起 {first} 至毕业 {years} 年（{last}）"
                    f"{'以内' if window else '以外'}")
    judgement = doc.get("reviewer_judgement")
    if judgement is None:
        calc.rule("judgement", False, cite, "带动脱贫效果或创新示范效应尚待评审意见")
    else:
        calc.rule("judgement", bool(judgement), cite,
                  "评审认定带动脱贫效果明显或创新示范效应显著" if judgement else "评审认定带动脱贫效果、创新示范效应不明显")
    if not ok or judgement is False:
        return calc.finish(INELIGIBLE)
    if judgement is None:
        return calc.finish(NEEDS_REVIEW)
    cap = calc.param("startup_subsidy.max_amount")
    requested = doc.get("requested")
    if requested is None:
        amount = cap
        calc.rule("amount", True, calc.cite("startup_subsidy.max_amount"), f"未填申请金额：按最高 {money_text(cap)} 元")
    else:
        requested = to_money(requested)
        amount = min(requested, cap)
        calc.rule("amount", True, calc.cite("startup_subsidy.max_amount"),
                  f"核定金额 {money_text(requested)} 元"
                  + (f"，超过每个实体最高 {money_text(cap)} 元，按 {money_text(cap)} 元" if requested > cap else f"，不超过最高 {money_text(cap)} 元"))
    return calc.finish(ELIGIBLE, amount)


FUNCTIONS = {
    "work_for_training": work_for_training,
    "hiring": hiring,
    "internship": internship,
    "startup_loan": startup_loan,
    "startup_subsidy": startup_subsidy,
}


def calculate(measure: str, doc: dict, pack: Pack | None = None, entered: dict | None = None) -> Result:
    """The engine's answer for one claim of ``measure`` (valid against the schema)."""
    pack = pack or load_pack(PACK)
    if entered is None:
        from ectalent.rules.models import entered_values

        entered = entered_values(pack.slug)
    calc = Calculation(pack, claim_date(doc), entered)
    try:
        return FUNCTIONS[measure](doc, calc)
    except ParameterMissing as missing:  # any other parameter still to be entered
        return calc.awaiting(missing, "parameter", missing.cite)


def answer(measure: str, doc: dict, result: Result) -> dict:
    """The CLI contract's answer for one claim."""
    out = {"id": doc["id"], "measure": measure, "status": result.status,
           "amount": None if result.amount is None else f"{result.amount:.2f}"}
    if measure == "work_for_training":
        out["months"] = result.extra.get("months", [])
    if measure == "internship":
        out["rate"] = result.extra.get("rate")
        out["months_paid"] = result.extra.get("months_paid")
    out["reasons"] = result.reasons()
    return out


__all__ = ["AWAITING_PARAMETER", "ELIGIBLE", "INELIGIBLE", "MEASURES", "NEEDS_REVIEW", "PACK", "answer", "calculate"]
