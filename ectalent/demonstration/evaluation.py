"""The regional e-commerce evaluation of seed 001 （二十九）, as ``spec/policy-tracking.md`` reads it. Pure: no database.

- Each indicator is normalised min–max to 0–100 across the regions that have a value for it:
  100 × (x − min) ÷ (max − min) when higher is better, 100 × (max − x) ÷ (max − min) when lower is better;
  when max = min every region with a value gets 100.
- composite = Σ weight × normalised ÷ Σ weights; an indicator's contribution is its term, so the contributions add
  up to the composite.
- A region without a value for some indicator has no composite and no rank (incomplete, naming what is missing) and
  takes no part in that indicator's min and max (it does in the others').
- Ranking by composite, highest first; equal composites share a rank and the next rank is skipped (1, 2, 2, 4).
- Stability: each weight moved −20 % and +20 %, one at a time; the best and the worst rank a region reaches
  (the unmoved weights included).

Arithmetic is exact (``Fraction``): values and weights are read as the decimals written, so composites that are
equal on paper are equal here and share their rank; numbers become floats only when answered.
"""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)
# The weight moves of the stability check: each weight × 0.8 and × 1.2, one at a time.
DEFAULT_WEIGHT_MOVE = Fraction(1, 5)


class EvaluationError(ValueError):
    """An evaluation document that cannot be computed; the message names the field, in Chinese."""


@dataclasses.dataclass(frozen=True)
class Indicator:
    code: str
    weight: Fraction
    direction: str


@dataclasses.dataclass(frozen=True)
class RegionInput:
    code: str
    values: Mapping[str, Fraction | None]


@dataclasses.dataclass
class RegionResult:
    code: str
    normalised: dict[str, Fraction]
    contributions: dict[str, Fraction]
    composite: Fraction | None
    rank: int | None
    missing: list[str]
    best_rank: int | None = None
    worst_rank: int | None = None

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclasses.dataclass
class IndicatorRange:
    code: str
    minimum: Fraction | None
    maximum: Fraction | None
    count: int


@dataclasses.dataclass
class Evaluation:
    indicators: list[Indicator]
    regions: list[RegionResult]
    ranges: dict[str, IndicatorRange]

    def by_code(self) -> dict[str, RegionResult]:
        return {r.code: r for r in self.regions}


# --- reading numbers exactly ------------------------------------------------------------------


def exact(value: Any, field: str) -> Fraction:
    """A JSON number (int, float, or the Decimal that ``parse_float=Decimal`` gives) as an exact fraction."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction)):
        raise EvaluationError(f"{field} 须为数字，收到 {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EvaluationError(f"{field} 须为有限的数字，收到 {value!r}")
        value = Decimal(repr(value))  # the decimal as written, not the binary float's expansion
    if isinstance(value, Decimal) and not value.is_finite():
        raise EvaluationError(f"{field} 须为有限的数字，收到 {value}")
    return Fraction(value)


def make_indicators(items: Iterable[Mapping[str, Any]]) -> list[Indicator]:
    """Indicators from plain mappings (code, weight, direction); refuses a weight that is not positive, an unknown
    direction and a code named twice."""
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise EvaluationError("indicators 须为列表")
    out: list[Indicator] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        where = f"indicators[{i}]"
        if not isinstance(item, Mapping):
            raise EvaluationError(f"{where} 须为对象")
        code = item.get("code")
        if not isinstance(code, str) or not code:
            raise EvaluationError(f"{where}.code 须为非空文字，收到 {code!r}")
        if code in seen:
            raise EvaluationError(f"{where}.code：指标 {code} 重复")
        seen.add(code)
        if "weight" not in item:
            raise EvaluationError(f"{where}.weight（{code}）缺失")
        weight = exact(item["weight"], f"{where}.weight（{code}）")
        if weight <= 0:
            raise EvaluationError(f"{where}.weight（{code}）须为正数，收到 {item['weight']}")
        direction = item.get("direction")
        if direction not in DIRECTIONS:
            raise EvaluationError(f"{where}.direction（{code}）须为 higher 或 lower，收到 {direction!r}")
        out.append(Indicator(code=code, weight=weight, direction=direction))
    if not out:
        raise EvaluationError("indicators 不能为空：至少需要一项指标")
    return out


def make_regions(items: Iterable[Mapping[str, Any]], indicators: Sequence[Indicator]) -> list[RegionInput]:
    """Regions from plain mappings (code, values); a missing key or ``null`` is a missing value. Keys that name no
    indicator are not read."""
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise EvaluationError("regions 须为列表")
    out = []
    for i, item in enumerate(items):
        where = f"regions[{i}]"
        if not isinstance(item, Mapping):
            raise EvaluationError(f"{where} 须为对象")
        code = item.get("code")
        if isinstance(code, bool) or not isinstance(code, (str, int)) or code == "":
            raise EvaluationError(f"{where}.code 须为地区代码，收到 {code!r}")
        values = item.get("values", {})
        if values is None:
            values = {}
        if not isinstance(values, Mapping):
            raise EvaluationError(f"{where}.values（{code}）须为对象")
        read: dict[str, Fraction | None] = {}
        for ind in indicators:
            raw = values.get(ind.code)
            read[ind.code] = None if raw is None else exact(raw, f"{where}.values.{ind.code}（{code}）")
        out.append(RegionInput(code=code, values=read))
    return out


# --- the computation --------------------------------------------------------------------------


def normalise(x: Fraction, lo: Fraction, hi: Fraction, direction: str) -> Fraction:
    if hi == lo:
        return Fraction(100)
    if direction == LOWER:
        return 100 * (hi - x) / (hi - lo)
    return 100 * (x - lo) / (hi - lo)


def competition_ranks(scores: Mapping[str, Fraction]) -> dict[str, int]:
    """Highest first; equal scores share a rank and the next rank is skipped (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    first_place: dict[Fraction, int] = {}
    for position, score in enumerate(ordered, start=1):
        first_place.setdefault(score, position)
    return {key: first_place[score] for key, score in scores.items()}


def _composites(normalised: Mapping[str, Mapping[str, Fraction]], weights: Mapping[str, Fraction]) -> dict[str, Fraction]:
    total = sum(weights.values())
    return {key: sum(weights[c] * n[c] for c in weights) / total for key, n in normalised.items()}


def evaluate(
    indicators: Sequence[Indicator],
    regions: Sequence[RegionInput],
    *,
    weight_move: Fraction = DEFAULT_WEIGHT_MOVE,
) -> Evaluation:
    codes = [ind.code for ind in indicators]
    if len(set(codes)) != len(codes):
        raise EvaluationError("指标重复")
    weights = {ind.code: ind.weight for ind in indicators}
    total_weight = sum(weights.values())

    ranges: dict[str, IndicatorRange] = {}
    for ind in indicators:
        present = [r.values.get(ind.code) for r in regions if r.values.get(ind.code) is not None]
        ranges[ind.code] = IndicatorRange(
            ind.code, min(present) if present else None, max(present) if present else None, len(present)
        )

    results: list[RegionResult] = []
    for region in regions:
        normalised: dict[str, Fraction] = {}
        contributions: dict[str, Fraction] = {}
        missing: list[str] = []
        for ind in indicators:
            x = region.values.get(ind.code)
            if x is None:
                missing.append(ind.code)
                continue
            rng = ranges[ind.code]
            normalised[ind.code] = normalise(x, rng.minimum, rng.maximum, ind.direction)
            contributions[ind.code] = weights[ind.code] * normalised[ind.code] / total_weight
        composite = sum(contributions.values(), Fraction(0)) if not missing else None
        results.append(RegionResult(region.code, normalised, contributions, composite, None, missing))

    # Ranks, keyed by position so that two regions given the same code stay apart.
    complete = {i: r for i, r in enumerate(results) if r.composite is not None}
    for i, rank in competition_ranks({i: r.composite for i, r in complete.items()}).items():
        results[i].rank = rank
        results[i].best_rank = results[i].worst_rank = rank

    if complete and weight_move:
        norms = {i: r.normalised for i, r in complete.items()}
        for code in codes:
            for factor in (1 - weight_move, 1 + weight_move):
                moved = dict(weights)
                moved[code] = weights[code] * factor
                for i, rank in competition_ranks(_composites(norms, moved)).items():
                    results[i].best_rank = min(results[i].best_rank, rank)
                    results[i].worst_rank = max(results[i].worst_rank, rank)

    return Evaluation(list(indicators), results, ranges)


# --- the machine form of contracts/cli.md ---------------------------------------------------------


def compute_document(document: Any, *, stability: bool = False) -> dict:
    """Answer one evaluation document as ``ectalent evaluation compute`` does (numbers unrounded)."""
    if not isinstance(document, Mapping):
        raise EvaluationError("输入须为一个 JSON 对象，含 indicators 和 regions")
    if "indicators" not in document:
        raise EvaluationError("indicators 缺失")
    indicators = make_indicators(document["indicators"])
    regions = make_regions(document.get("regions", []), indicators)
    result = evaluate(indicators, regions)
    out = []
    for r in result.regions:
        row = {
            "code": r.code,
            "normalised": {k: float(v) for k, v in r.normalised.items()},
            "composite": None if r.composite is None else float(r.composite),
            "rank": r.rank,
            "contributions": {k: float(v) for k, v in r.contributions.items()},
            "missing": list(r.missing),
        }
        if stability:
            row["stability"] = None if r.rank is None else {"best": r.best_rank, "worst": r.worst_rank}
        out.append(row)
    return {"regions": out}
