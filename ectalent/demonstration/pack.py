"""Seed 001's demonstration programmes and evaluation system as policy data (``policies/jiangsu-2015-ecommerce/``).

- ``evaluation.yaml``: dated evaluation systems (indicators with label, unit, weight, direction, where the value comes
  from, citation) and the weight move of the stability check;
- ``demonstration.yaml``: the kinds of demonstration (who may apply, criteria, target count, review route, national
  or provincial), each number dated and cited.

Read with the policy engine's YAML reader, so a mistake is refused with its file and line (``PackError``).
"""

from __future__ import annotations

import dataclasses
import datetime
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from ectalent.rules.packs import PackError, read_yaml

from .evaluation import DIRECTIONS, EvaluationError, Indicator, exact

PACK = "jiangsu-2015-ecommerce"
SOURCES = ("statistic", "register", "input")
APPLICANT_TYPES = ("enterprise", "park", "county", "town", "village")
CRITERION_CHECKS = ("data", "reviewer")


def pack_dir() -> Path:
    return Path(settings.POLICIES_DIR) / PACK


def _date(path, line, value, field) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    raise PackError(path, line, f"{field} 须为日期 YYYY-MM-DD，收到 {value!r}（date expected）")


def _text(path, node, key, *, required=True) -> str:
    value = node.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise PackError(path, node.key_lines.get(key, node.line), f"缺少 {key}（missing {key}）")
    return value.strip()


# --- dated values -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Dated:
    value: Any
    effective_from: datetime.date
    effective_to: datetime.date | None
    cite: str


def _dated_list(path, node, what) -> tuple[Dated, ...]:
    values = node.get("values")
    if not isinstance(values, list) or not values:
        raise PackError(path, node.line, f"{what} 缺少 values（no values）")
    out = []
    for item, line in zip(values, values.item_lines):
        if not isinstance(item, dict) or "value" not in item:
            raise PackError(path, line, f"{what} 的取值须有 value（value missing）")
        start = _date(path, line, item.get("effective_from"), "effective_from")
        end = item.get("effective_to")
        end = None if end is None else _date(path, line, end, "effective_to")
        out.append(Dated(item["value"], start, end, _text(path, item, "cite")))
    out.sort(key=lambda d: d.effective_from)
    for a, b in zip(out, out[1:]):
        if a.effective_to is None or a.effective_to >= b.effective_from:
            raise PackError(path, node.line, f"{what} 的取值日期重叠（overlapping dates）")
    return tuple(out)


def value_on(values: tuple[Dated, ...], on: datetime.date) -> Dated:
    """The entry in force on ``on``; before the first, the first; after the last's end, the last."""
    chosen = values[0]
    for entry in values:
        if entry.effective_from <= on:
            chosen = entry
    return chosen


# --- the evaluation system ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class IndicatorSpec:
    code: str
    label: str
    unit: str
    direction: str
    weight: Fraction
    source: str  # statistic | register | input
    statistic: str
    kinds: tuple[str, ...]
    cite: str

    def as_indicator(self) -> Indicator:
        return Indicator(self.code, self.weight, self.direction)


@dataclasses.dataclass(frozen=True)
class EvaluationSystem:
    code: str
    name: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    cite: str
    indicators: tuple[IndicatorSpec, ...]

    def indicator(self, code: str) -> IndicatorSpec:
        return next(i for i in self.indicators if i.code == code)


@dataclasses.dataclass(frozen=True)
class EvaluationPack:
    path: Path
    systems: tuple[EvaluationSystem, ...]
    weight_move: tuple[Dated, ...]

    def system_on(self, on: datetime.date) -> EvaluationSystem:
        chosen = self.systems[0]
        for system in self.systems:
            if system.effective_from <= on:
                chosen = system
        return chosen

    def system(self, code: str) -> EvaluationSystem:
        for system in self.systems:
            if system.code == code:
                return system
        raise KeyError(code)

    def weight_move_on(self, on: datetime.date) -> Fraction:
        return Fraction(value_on(self.weight_move, on).value) / 100


def parse_evaluation(path: Path) -> EvaluationPack:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise PackError(path, None, "文件须为一个映射（mapping expected）")
    move = data.get("weight_move")
    if not isinstance(move, dict):
        raise PackError(path, data.line, "缺少 weight_move（missing weight_move）")
    weight_move = _dated_list(path, move, "weight_move")
    for entry in weight_move:
        if not isinstance(entry.value, (int, float)) or isinstance(entry.value, bool) or not 0 < entry.value < 100:
            raise PackError(path, move.line, "weight_move 须为 0 到 100 之间的百分数（percentage expected）")
    systems_node = data.get("systems")
    if not isinstance(systems_node, list) or not systems_node:
        raise PackError(path, data.line, "缺少 systems（no evaluation system）")
    systems = []
    seen_codes = set()
    for node, line in zip(systems_node, systems_node.item_lines):
        if not isinstance(node, dict):
            raise PackError(path, line, "评价体系须为映射（mapping expected）")
        code = _text(path, node, "code")
        if code in seen_codes:
            raise PackError(path, line, f"评价体系 {code} 重复（duplicate system）")
        seen_codes.add(code)
        start = _date(path, line, node.get("effective_from"), "effective_from")
        end = node.get("effective_to")
        end = None if end is None else _date(path, line, end, "effective_to")
        items = node.get("indicators")
        if not isinstance(items, list) or not items:
            raise PackError(path, line, f"评价体系 {code} 没有指标（no indicators）")
        indicators = []
        for item, iline in zip(items, items.item_lines):
            if not isinstance(item, dict):
                raise PackError(path, iline, "指标须为映射（mapping expected）")
            icode = _text(path, item, "code")
            direction = item.get("direction")
            if direction not in DIRECTIONS:
                raise PackError(path, item.key_lines.get("direction", iline), f"指标 {icode} 的方向须为 higher 或 lower（direction）")
            try:
                weight = exact(item.get("weight"), f"指标 {icode} 的权重")
            except EvaluationError as exc:
                raise PackError(path, item.key_lines.get("weight", iline), f"{exc}（weight）") from None
            if weight <= 0:
                raise PackError(path, item.key_lines.get("weight", iline), f"指标 {icode} 的权重须为正数（weight must be positive）")
            source = item.get("source")
            if source not in SOURCES:
                raise PackError(path, item.key_lines.get("source", iline), f"指标 {icode} 的来源须为 {'、'.join(SOURCES)}（source）")
            kinds = item.get("kinds") or []
            if source == "register" and not kinds:
                raise PackError(path, iline, f"指标 {icode} 取自名录，须列出示范类别 kinds（kinds）")
            if any(i.code == icode for i in indicators):
                raise PackError(path, iline, f"指标 {icode} 重复（duplicate indicator）")
            indicators.append(IndicatorSpec(
                code=icode, label=_text(path, item, "label"), unit=str(item.get("unit") or ""), direction=direction,
                weight=weight, source=source, statistic=str(item.get("statistic") or ""), kinds=tuple(kinds),
                cite=_text(path, item, "cite"),
            ))
        systems.append(EvaluationSystem(code, _text(path, node, "name"), start, end, _text(path, node, "cite"),
                                        tuple(indicators)))
    systems.sort(key=lambda s: s.effective_from)
    return EvaluationPack(path, tuple(systems), weight_move)


@lru_cache(maxsize=4)
def _evaluation_pack(path: str) -> EvaluationPack:
    return parse_evaluation(Path(path))


def evaluation_pack() -> EvaluationPack:
    return _evaluation_pack(str(pack_dir() / "evaluation.yaml"))


# --- the demonstration kinds ---------------------------------------------------------------------

# Review routes of the shared workflow (workflows.py): the full route starts at the county; a county that applies
# for itself starts at the city.
ROUTES = ("county", "city")
SCOPES = ("provincial", "national")


@dataclasses.dataclass(frozen=True)
class Criterion:
    code: str
    check: str  # data | reviewer
    text: str


@dataclasses.dataclass(frozen=True)
class Kind:
    code: str
    name: str
    scope: str  # provincial | national
    measure: str
    applicants: tuple[str, ...]
    route: str
    target: tuple[Dated, ...]
    criteria: tuple[Criterion, ...]
    order: int

    @property
    def national(self) -> bool:
        return self.scope == "national"

    def target_on(self, on: datetime.date) -> Dated:
        return value_on(self.target, on)

    @property
    def data_criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.check == "data")

    @property
    def reviewer_criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.check == "reviewer")


DATA_CHECKS = ("registered", "not_designated", "no_recent_withdrawal", "region_level", "holds_provincial_base",
               "holds_provincial_enterprise")


@dataclasses.dataclass(frozen=True)
class DemonstrationPack:
    path: Path
    kinds: dict[str, Kind]
    parameters: dict[str, tuple[Dated, ...]]

    def kind(self, code: str) -> Kind:
        return self.kinds[code]

    def param(self, name: str, on: datetime.date) -> Dated:
        return value_on(self.parameters[name], on)


def parse_demonstration(path: Path) -> DemonstrationPack:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise PackError(path, None, "文件须为一个映射（mapping expected）")
    params_node = data.get("parameters") or {}
    parameters = {}
    for name in ("notice_days", "reapply_years"):
        node = params_node.get(name)
        if not isinstance(node, dict):
            raise PackError(path, getattr(params_node, "line", None), f"缺少参数 {name}（missing parameter）")
        parameters[name] = _dated_list(path, node, name)
        for entry in parameters[name]:
            if not isinstance(entry.value, int) or isinstance(entry.value, bool) or entry.value < 0:
                raise PackError(path, node.line, f"参数 {name} 须为非负整数（non-negative integer）")
    kinds_node = data.get("kinds")
    if not isinstance(kinds_node, dict) or not kinds_node:
        raise PackError(path, data.line, "缺少 kinds（no demonstration kinds）")
    kinds = {}
    for order, (code, node) in enumerate(kinds_node.items()):
        line = kinds_node.key_lines[code]
        if not isinstance(node, dict):
            raise PackError(path, line, f"示范类别 {code} 须为映射（mapping expected）")
        scope = node.get("scope")
        if scope not in SCOPES:
            raise PackError(path, line, f"示范类别 {code} 的 scope 须为 provincial 或 national（scope）")
        applicants = node.get("applicants")
        if not isinstance(applicants, list) or not applicants or any(a not in APPLICANT_TYPES for a in applicants):
            raise PackError(path, node.key_lines.get("applicants", line),
                            f"示范类别 {code} 的申报主体须取自 {'、'.join(APPLICANT_TYPES)}（applicants）")
        route = node.get("route")
        if route not in ROUTES:
            raise PackError(path, node.key_lines.get("route", line), f"示范类别 {code} 的 route 须为 county 或 city（route）")
        target_node = node.get("target")
        if not isinstance(target_node, dict):
            raise PackError(path, line, f"示范类别 {code} 缺少目标数量 target（target）")
        target = _dated_list(path, target_node, f"{code}.target")
        for entry in target:
            if not isinstance(entry.value, int) or isinstance(entry.value, bool) or entry.value <= 0:
                raise PackError(path, target_node.line, f"示范类别 {code} 的目标数量须为正整数（positive integer）")
        criteria = []
        for item, iline in zip(node.get("criteria") or [], (node.get("criteria") or LList_empty()).item_lines):
            check = item.get("check")
            if check not in CRITERION_CHECKS:
                raise PackError(path, iline, "条件的 check 须为 data 或 reviewer（check）")
            ccode = _text(path, item, "code")
            if check == "data" and ccode not in DATA_CHECKS:
                raise PackError(path, iline, f"平台不能核验条件 {ccode}：可用 {'、'.join(DATA_CHECKS)}（unknown data check）")
            criteria.append(Criterion(ccode, check, _text(path, item, "text")))
        kinds[code] = Kind(code=code, name=_text(path, node, "name"), scope=scope, measure=_text(path, node, "measure"),
                           applicants=tuple(applicants), route=route, target=target, criteria=tuple(criteria),
                           order=order)
    return DemonstrationPack(path, kinds, parameters)


class LList_empty(list):  # noqa: N801 - a stand-in with the attribute the YAML reader's lists carry
    item_lines: list = []


@lru_cache(maxsize=4)
def _demonstration_pack(path: str) -> DemonstrationPack:
    return parse_demonstration(Path(path))


def demonstration_pack() -> DemonstrationPack:
    return _demonstration_pack(str(pack_dir() / "demonstration.yaml"))


def kinds() -> list[Kind]:
    return list(demonstration_pack().kinds.values())


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in kinds()]
