"""Evaluate one applicant against a level's clauses, with a Chinese explanation for every clause.

``evaluate(doc, level)`` is the single mode; ``ectalent.rules.batch.evaluate_frames`` is the batch mode and gives
the same decisions and the same texts (the property tests compare both). The wording of every condition is made
by the ``Wording`` helpers below, which ``batch`` mirrors in polars.
"""

from __future__ import annotations

import dataclasses
import datetime

from .facts import DEGREE_LABELS, DEGREE_RANK, FACTS, LEVEL_LABELS, DerivedFacts, derive
from .packs import Condition, Pack, load_pack

RANK_LABELS = {rank: DEGREE_LABELS[level] for level, rank in DEGREE_RANK.items()}
NO_DEGREE = "无"
ALL_SEP = "，"
ANY_SEP = "；或"


def format_threshold(value) -> str:
    """A parameter value as shown in a text (2 → "2", 2.5 → "2.5")."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def format_hundredths(h: int) -> str:
    return f"{h // 100}.{h % 100:02d}"


def _subject(fact: str) -> str:
    if fact == "occupation_years":
        return "连续从事本职业工作"
    if fact.startswith("since_"):
        return f"取得{LEVEL_LABELS[FACTS[fact].certificate]}证书后连续从事本职业工作"
    if fact == "management_years":
        return "担任中高层管理岗位"
    raise KeyError(fact)


def atom_texts(fact: str, level: str, at_least: str | None, value_text: str, threshold_text: str) -> tuple[str, str]:
    """(text when the condition holds, text when it fails), given the figures as text.

    For degree facts ``value_text`` is the label of the applicant's highest matching degree (or 无).
    """
    kind = FACTS[fact].kind
    if kind in ("years", "years_float"):
        subject = _subject(fact)
        return (
            f"{subject} {value_text} 年，达到 {threshold_text} 年",
            f"{subject} {value_text} 年，不满 {threshold_text} 年",
        )
    if fact.startswith("holds_"):
        cert = LEVEL_LABELS[FACTS[fact].certificate]
        return f"持有{cert}证书", f"未持有{cert}证书"
    if fact == "trained":
        name = LEVEL_LABELS[level]
        return f"已经本职业{name}正规培训并取得结业证书", f"未经本职业{name}正规培训取得结业证书"
    if fact == "vocational_advanced_related":
        what = "以高级技能为培养目标的职业技术学院、技师院校本专业毕业证书"
        return f"具有{what}", f"无{what}"
    degree = DEGREE_LABELS[at_least]
    if fact == "degree_any":
        return (
            f"具有{degree}及以上学历（不限专业，最高：{value_text}）",
            f"无已毕业的{degree}及以上学历（已毕业的最高学历：{value_text}）",
        )
    if fact == "degree_related":
        return (
            f"具有本专业{degree}及以上学历（最高：{value_text}）",
            f"无已毕业的本专业{degree}及以上学历（本专业已毕业的最高学历：{value_text}）",
        )
    if fact == "enrolled_related_recommended":
        return f"本专业{degree}及以上在校生，经学校推荐", f"不是经学校推荐的本专业{degree}及以上在校生"
    raise KeyError(fact)


@dataclasses.dataclass
class ConditionResult:
    """One condition of a clause, evaluated: whether it holds, its text, and the figures and parameter used."""

    kind: str
    holds: bool
    text: str
    children: list[ConditionResult] = dataclasses.field(default_factory=list)
    fact: str = ""
    value: object = None
    parameter: str = ""
    threshold: object = None
    parameter_cite: str = ""


@dataclasses.dataclass
class ClauseResult:
    number: int
    id: str
    cite: str
    source_text: str
    holds: bool
    text: str
    condition: ConditionResult

    def reason(self) -> dict:
        return {"clause": self.number, "holds": self.holds, "cite": self.cite, "text": self.text}


@dataclasses.dataclass
class Decision:
    id: str
    level: str
    eligible: bool
    clauses: list[int]
    results: list[ClauseResult]
    facts: DerivedFacts

    def as_json(self) -> dict:
        """The answer of the CLI contract (contracts/cli.md)."""
        return {
            "id": self.id,
            "level": self.level,
            "eligible": self.eligible,
            "clauses": self.clauses,
            "reasons": [r.reason() for r in self.results],
        }


def _eval(node: Condition, facts: DerivedFacts, level: str, pack: Pack, as_of: datetime.date) -> ConditionResult:
    if node.kind == "fact":
        kind = FACTS[node.fact].kind
        value = facts.value(node.fact, level)
        parameter = threshold = None
        cite = ""
        if kind in ("years", "years_float"):
            entry = pack.param(node.at_least).entry_at(as_of)
            parameter, threshold, cite = node.at_least, entry.value, entry.cite
            holds = value >= threshold
            value_text = format_hundredths(facts.management_hundredths) if kind == "years_float" else str(value)
            threshold_text = format_threshold(threshold)
        elif kind == "degree":
            holds = value >= DEGREE_RANK[node.at_least]
            value_text, threshold_text = RANK_LABELS.get(value, NO_DEGREE), ""
            threshold = node.at_least
        else:
            holds = bool(value)
            value_text = threshold_text = ""
        ok, ko = atom_texts(node.fact, level, node.at_least, value_text, threshold_text)
        return ConditionResult(
            "fact", holds, ok if holds else ko, fact=node.fact, value=value, parameter=parameter or "",
            threshold=threshold, parameter_cite=cite,
        )
    children = [_eval(c, facts, level, pack, as_of) for c in node.children]
    return ConditionResult(node.kind, (all if node.kind == "all" else any)(c.holds for c in children), "", children)


def holds_text(result: ConditionResult) -> str:
    if result.kind == "fact":
        return result.text
    if result.kind == "all":
        return ALL_SEP.join(holds_text(c) for c in result.children)
    return next(holds_text(c) for c in result.children if c.holds)


def fail_text(result: ConditionResult, nested: bool = False) -> str:
    if result.kind == "fact":
        return result.text
    if result.kind == "all":
        return ALL_SEP.join(fail_text(c, True) for c in result.children if not c.holds)
    inner = ANY_SEP.join(fail_text(c, True) for c in result.children)
    return f"（{inner}）" if nested else inner


def clause_text(result: ConditionResult) -> str:
    return f"满足：{holds_text(result)}" if result.holds else f"不满足：{fail_text(result)}"


def evaluate(doc: dict, level: str, pack: Pack | None = None) -> Decision:
    """Evaluate one applicant-facts document (valid against the schema) for ``level``."""
    pack = pack or load_pack()
    lvl = pack.level(level)
    facts = derive(doc, pack)
    results = []
    for clause in lvl.clauses:
        cond = _eval(clause.when, facts, level, pack, facts.as_of)
        results.append(ClauseResult(clause.number, clause.id, clause.cite, clause.text, cond.holds, clause_text(cond), cond))
    clauses = [r.number for r in results if r.holds]
    return Decision(str(doc["id"]), level, bool(clauses), clauses, results, facts)


def level_opening(level: str, on: datetime.date, pack: Pack | None = None) -> tuple[datetime.date | None, bool]:
    """(opening date, whether the level is open for applications on ``on``).

    The pack's dated parameter, unless an administrator has set the date (``LevelOpening``)."""
    pack = pack or load_pack()
    opens = pack.value(pack.level(level).opening_param, on)
    from .models import stored_opening

    stored = stored_opening(level)
    if stored is not None:
        opens = stored
    return opens, opens is not None and opens <= on
