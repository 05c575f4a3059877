"""The explanation of a clause in the reader's language.

The engine writes its explanations in Chinese (the CLI and API contract, ``ClauseResult.text``). The pages show the
same explanation built here from the evaluated conditions with catalogue entries, so that it reads in English in
English mode; in Chinese it is the engine's text, word for word (a test compares both).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .engine import NO_DEGREE, ClauseResult, ConditionResult, Decision, format_hundredths, format_threshold
from .facts import DEGREE_LABELS, DEGREE_RANK, FACTS, LEVEL_LABELS, DerivedFacts


def _rank_label(value) -> str:
    for level, rank in DEGREE_RANK.items():
        if rank == value:
            return _(DEGREE_LABELS[level])
    return _(NO_DEGREE)


def _years_subject(fact: str) -> str:
    if fact == "occupation_years":
        return _("连续从事本职业工作")
    if fact.startswith("since_"):
        return _("取得%(certificate)s证书后连续从事本职业工作") % {"certificate": _(LEVEL_LABELS[FACTS[fact].certificate])}
    return _("担任中高层管理岗位")


def _atom(c: ConditionResult, level: str, facts: DerivedFacts) -> str:
    fact, holds = c.fact, c.holds
    kind = FACTS[fact].kind
    if kind in ("years", "years_float"):
        value = format_hundredths(facts.management_hundredths) if kind == "years_float" else str(c.value)
        figures = {"subject": _years_subject(fact), "value": value, "threshold": format_threshold(c.threshold)}
        if holds:
            return _("%(subject)s %(value)s 年，达到 %(threshold)s 年") % figures
        return _("%(subject)s %(value)s 年，不满 %(threshold)s 年") % figures
    if fact.startswith("holds_"):
        cert = {"certificate": _(LEVEL_LABELS[FACTS[fact].certificate])}
        return (_("持有%(certificate)s证书") if holds else _("未持有%(certificate)s证书")) % cert
    if fact == "trained":
        name = {"level": _(LEVEL_LABELS[level])}
        return (_("已经本职业%(level)s正规培训并取得结业证书") if holds else _("未经本职业%(level)s正规培训取得结业证书")) % name
    if fact == "vocational_advanced_related":
        return _("具有以高级技能为培养目标的职业技术学院、技师院校本专业毕业证书") if holds else _(
            "无以高级技能为培养目标的职业技术学院、技师院校本专业毕业证书")
    figures = {"degree": _(DEGREE_LABELS[c.threshold]), "highest": _rank_label(c.value)}
    if fact == "degree_any":
        return (_("具有%(degree)s及以上学历（不限专业，最高：%(highest)s）") if holds
                else _("无已毕业的%(degree)s及以上学历（已毕业的最高学历：%(highest)s）")) % figures
    if fact == "degree_related":
        return (_("具有本专业%(degree)s及以上学历（最高：%(highest)s）") if holds
                else _("无已毕业的本专业%(degree)s及以上学历（本专业已毕业的最高学历：%(highest)s）")) % figures
    if fact == "enrolled_related_recommended":
        return (_("本专业%(degree)s及以上在校生，经学校推荐") if holds
                else _("不是经学校推荐的本专业%(degree)s及以上在校生")) % figures
    raise KeyError(fact)


def _all_sep() -> str:
    return pgettext("explanation: and", "，")


def _any_sep() -> str:
    return pgettext("explanation: or", "；或")


def _holds(c: ConditionResult, level: str, facts: DerivedFacts) -> str:
    if c.kind == "fact":
        return _atom(c, level, facts)
    if c.kind == "all":
        return _all_sep().join(_holds(x, level, facts) for x in c.children)
    return next(_holds(x, level, facts) for x in c.children if x.holds)


def _fails(c: ConditionResult, level: str, facts: DerivedFacts, nested: bool = False) -> str:
    if c.kind == "fact":
        return _atom(c, level, facts)
    if c.kind == "all":
        return _all_sep().join(_fails(x, level, facts, True) for x in c.children if not x.holds)
    inner = _any_sep().join(_fails(x, level, facts, True) for x in c.children)
    return (pgettext("explanation: group", "（%(inner)s）") % {"inner": inner}) if nested else inner


def explain_clause(result: ClauseResult, decision: Decision) -> str:
    """``result.text`` of one clause of ``decision``, in the active language."""
    level, facts = decision.level, decision.facts
    if result.holds:
        return _("满足：%(conditions)s") % {"conditions": _holds(result.condition, level, facts)}
    return _("不满足：%(conditions)s") % {"conditions": _fails(result.condition, level, facts)}
