"""Pure rules of the lecturers programme (spec/lecturers.md): the panel's score of a live lecture, the ranking of a
selection round, and the committee's attempts. No database here: the models, the views and ``ectalent lecturers``
all call these functions, so the command line and the platform answer alike.

Every number (quorum, trimming threshold, divergence, places, pass mark, attempts) is a dated parameter of the
policy pack ``zhejiang-2017-72``, read at the day given (``on``); scores are ``Decimal`` throughout and the lecture's
score is rounded half up once, at the end.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import ROUND_HALF_UP, Decimal

from . import policy

DIVERGENCE = "divergence"


class ScoreError(ValueError):
    """Input that cannot be scored; the message (Chinese) names the field."""


@dataclasses.dataclass(frozen=True)
class JudgeScore:
    judge: str  # a judge's name or id in the CLI; the seat label in the platform
    score: Decimal | None  # None: not scored (yet)
    conflict: bool = False


@dataclasses.dataclass(frozen=True)
class PanelResult:
    status: str  # scored | incomplete
    score: Decimal | None
    counted: int
    dropped: tuple[str, ...]  # (highest, lowest) dropped, highest first
    recused: tuple[str, ...]
    flags: tuple[str, ...]
    mean_of: tuple[str, ...]  # the judges whose scores make the mean
    spread: Decimal | None  # highest − lowest counted score, before dropping
    reasons: tuple[dict, ...]

    @property
    def divergent(self) -> bool:
        return DIVERGENCE in self.flags

    def as_json(self, ident) -> dict:
        return {
            "id": ident, "status": self.status, "score": None if self.score is None else float(self.score),
            "counted": self.counted, "dropped": list(self.dropped), "recused": list(self.recused),
            "flags": list(self.flags),
        }


def fmt(value: Decimal | None) -> str:
    """A score as shown: no trailing zeros beyond what it has (88.50 → 88.5, 90.00 → 90)."""
    if value is None:
        return "—"
    text = format(value.normalize(), "f")
    return text


def check_score(value, field: str, *, on: datetime.date | None = None, maximum: str = "panel.score_max",
                decimals: str | None = "panel.score_decimals") -> Decimal:
    """A judge's (or a part's) score as a Decimal, refused (``ScoreError``) when not a number in 0..max or with more
    decimals than the pack allows."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ScoreError(f"{field} 须为数值（number expected），收到 {value!r}")
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if not d.is_finite():
        raise ScoreError(f"{field} 须为有限数值（finite number expected）")
    top = policy.decimal_param(maximum, on)
    if d < 0 or d > top:
        raise ScoreError(f"{field} = {fmt(d)} 超出 0–{fmt(top)} 分（out of range）")
    if decimals:
        places = policy.param(decimals, on)
        if d != d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
            raise ScoreError(f"{field} = {d} 最多保留 {places} 位小数（at most {places} decimal place(s)）")
    return d


def panel_score(scores: list[JudgeScore], on: datetime.date | None = None) -> PanelResult:
    """The lecture's score by spec/lecturers.md *Panel scoring*.

    Recused judges (a conflict) never count. Fewer than ``panel.min_judges`` counted scores: incomplete, no score.
    From ``panel.trim_from`` counted scores, one highest and one lowest are dropped (the first named among equals);
    the score is the mean of the rest, rounded half up to ``panel.score_places``. Divergence: highest − lowest
    counted score (before dropping) > ``panel.divergence_points``.
    """
    seen = set()
    for s in scores:
        if s.judge in seen:
            raise ScoreError(f"评委 {s.judge} 重复出现（judge named twice）")
        seen.add(s.judge)
    min_judges = policy.param("panel.min_judges", on)
    trim_from = policy.param("panel.trim_from", on)
    divergence = policy.decimal_param("panel.divergence_points", on)
    places = policy.param("panel.score_places", on)
    recused = tuple(s.judge for s in scores if s.conflict)
    counted = [s for s in scores if not s.conflict and s.score is not None]
    reasons = []
    if recused:
        reasons.append({"rule": "recusal", "cite": "spec/lecturers.md 评分规则（利益冲突回避）",
                        "text": f"评委 {'、'.join(recused)} 存在利益冲突，回避，其评分不计入"})
    n = len(counted)
    spread = None
    flags: tuple[str, ...] = ()
    if n >= 2:
        values = [s.score for s in counted]
        spread = max(values) - min(values)
        if spread > divergence:
            flags = (DIVERGENCE,)
            reasons.append({"rule": "divergence", "cite": policy.cite("panel.divergence_points", on),
                            "text": f"最高分与最低分相差 {fmt(spread)} 分，超过 {fmt(divergence)} 分，提请评审组长处理"})
    if n < min_judges:
        reasons.append({"rule": "quorum", "cite": policy.cite("panel.min_judges", on),
                        "text": f"计入评分 {n} 个，不足 {min_judges} 个，暂无得分"})
        return PanelResult("incomplete", None, n, (), recused, flags, (), spread, tuple(reasons))
    dropped: tuple[str, ...] = ()
    kept = counted
    if n >= trim_from:
        high = max(counted, key=lambda s: s.score)  # max/min return the first of equals: the one named first
        rest = [s for s in counted if s is not high]
        low = min(rest, key=lambda s: s.score)
        dropped = (high.judge, low.judge)
        kept = [s for s in rest if s is not low]
        reasons.append({"rule": "trim", "cite": policy.cite("panel.trim_from", on),
                        "text": f"计入评分 {n} 个，达到 {trim_from} 个：去掉最高分 {fmt(high.score)}（{high.judge}）"
                                f"和最低分 {fmt(low.score)}（{low.judge}）"})
    total = sum((s.score for s in kept), Decimal(0))
    mean = (total / len(kept)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    reasons.append({"rule": "mean", "cite": policy.cite("panel.score_places", on),
                    "text": f"{len(kept)} 个评分的平均分 {fmt(total)} ÷ {len(kept)}，四舍五入保留 {places} 位小数：{mean:f}"})
    return PanelResult("scored", mean, n, dropped, recused, flags, tuple(s.judge for s in kept), spread, tuple(reasons))


# --- ranking -------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Ranked:
    key: object
    score: Decimal | None
    rank: int | None  # None: no score
    selected: bool
    reason: str


def rank(entries: list[tuple[object, Decimal | None]], *, pass_score: Decimal | None = None,
         places: int | None = None) -> list[Ranked]:
    """Rank (key, score) by score, highest first; ties share a rank (1, 2, 2, 4). Those without a score are last,
    unranked and not selected. Selected: at least ``pass_score`` (when set) and ranked within ``places`` (when set;
    a tie at the last place takes every tied lecturer)."""
    scored = sorted([e for e in entries if e[1] is not None], key=lambda e: -e[1])
    out = []
    prev = None
    current_rank = 0
    for i, (key, score) in enumerate(scored, start=1):
        if score != prev:
            current_rank = i
            prev = score
        ok_score = pass_score is None or score >= pass_score
        ok_place = places is None or current_rank <= places
        if ok_score and ok_place:
            reason = f"第 {current_rank} 名，得分 {fmt(score)}"
        elif not ok_score:
            reason = f"得分 {fmt(score)} 低于合格分 {fmt(pass_score)}"
        else:
            reason = f"第 {current_rank} 名，超出名额 {places} 名"
        out.append(Ranked(key, score, current_rank, ok_score and ok_place, reason))
    out += [Ranked(key, None, None, False, "暂无得分") for key, score in entries if score is None]
    return out


# --- certification attempts -----------------------------------------------------------------------------------

PARTS = (("theory", "理论考试"), ("practice", "实践操作"), ("defence", "现场答辩"))


@dataclasses.dataclass(frozen=True)
class Attempt:
    theory: Decimal
    practice: Decimal
    defence: Decimal

    def parts(self) -> list[tuple[str, str, Decimal]]:
        return [(code, label, getattr(self, code)) for code, label in PARTS]


@dataclasses.dataclass(frozen=True)
class CertifyResult:
    certified: bool
    passed_attempt: int | None
    attempts_left: int
    reasons: tuple[dict, ...]

    def as_json(self, ident) -> dict:
        return {"id": ident, "certified": self.certified, "passed_attempt": self.passed_attempt,
                "attempts_left": self.attempts_left, "reasons": list(self.reasons)}


def max_attempts(on: datetime.date | None = None) -> int:
    """The first attempt plus the retakes kept after failing (四 1: 可保留2次再进行认证的资格)."""
    return 1 + policy.param("certification.retakes", on)


def attempt_passes(attempt: Attempt, on: datetime.date | None = None) -> bool:
    mark = policy.decimal_param("certification.pass_mark", on)
    return all(value >= mark for _, _, value in attempt.parts())


def check_new_attempt(previous: list[Attempt], on: datetime.date | None = None) -> None:
    """Refuse (``ScoreError``) an attempt after a pass, or beyond the attempts allowed."""
    number = len(previous) + 1
    for i, a in enumerate(previous, start=1):
        if attempt_passes(a, on):
            raise ScoreError(f"第 {number} 次认证：已在第 {i} 次通过认证，不再认证（attempt after a pass）")
    allowed = max_attempts(on)
    if number > allowed:
        raise ScoreError(f"第 {number} 次认证：认证机会共 {allowed} 次（首次及保留的 {allowed - 1} 次）已用完"
                         f"（{policy.cite('certification.retakes', on)}）")


def certify(attempts: list[Attempt], on: datetime.date | None = None) -> CertifyResult:
    """The committee's outcome of the attempts in the order sat (spec/lecturers.md *Certification*): an attempt
    passes when every part reaches the pass mark, parts never carry over; three attempts in all; a pass ends them.
    An attempt after a pass, or beyond the last, raises ``ScoreError`` naming that attempt."""
    mark = policy.decimal_param("certification.pass_mark", on)
    allowed = max_attempts(on)
    reasons = []
    passed = None
    for i, attempt in enumerate(attempts, start=1):
        check_new_attempt(attempts[: i - 1], on)
        figures = "，".join(f"{label} {fmt(v)}" for _, label, v in attempt.parts())
        failed = [label for _, label, v in attempt.parts() if v < mark]
        if failed:
            text = f"第 {i} 次：{figures}；{'、'.join(failed)}未达 {fmt(mark)} 分，未通过（各部分成绩不保留）"
        else:
            text = f"第 {i} 次：{figures}；各部分均达 {fmt(mark)} 分，通过认证"
            passed = i
        reasons.append({"attempt": i, "passed": not failed, "cite": policy.cite("certification.pass_mark", on),
                        "text": text})
    left = 0 if passed else allowed - len(attempts)
    if passed is None:
        reasons.append({"attempt": None, "passed": False, "cite": policy.cite("certification.retakes", on),
                        "text": f"已认证 {len(attempts)} 次，未通过，尚余 {left} 次认证机会（共 {allowed} 次）"})
    return CertifyResult(passed is not None, passed, left, tuple(reasons))
