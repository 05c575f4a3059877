"""Policy packs: one folder per policy document under ``policies/``, data not code.

A pack folder holds three YAML files (a pack of amounts, such as ``chuxiong-2020``, has no ``clauses.yaml`` and
may hold ``measures.yaml`` instead: the measures it pays, each with its name, citation and quoted text):

- ``policy.yaml``: the document (number, title, issuer, dates, source);
- ``parameters.yaml``: every number, list or date the policy sets, each value with ``effective_from``
  (optional ``effective_to``) and ``cite``;
- ``clauses.yaml``: the levels and their clauses, each clause a named condition over derived facts
  (``ectalent.rules.facts.FACTS``), with its source text and citation.

``load_pack`` validates everything and refuses a mistake with the file and line
(``PackError``: the message is in Chinese, with English in parentheses).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from .facts import DEGREE_LABELS, DEGREE_RANK, FACTS

PACK_FILES = ("policy.yaml", "parameters.yaml", "clauses.yaml")
DEFAULT_PACK = "zhejiang-2014-93"


class PackError(ValueError):
    """A policy pack that cannot be loaded; the message names the file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.detail = message
        where = f"{self.path} 第 {line} 行" if line else self.path
        super().__init__(f"{where}：{message}")


# --- YAML with line numbers ----------------------------------------------------------------------


class LDict(dict):
    """A mapping read from YAML that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict


class LList(list):
    line: int = 0
    item_lines: list


def _make_loader(path: Path):
    class Loader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        mapping = LDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int)):
                raise PackError(path, line, f"字段名必须是文字：{key!r}（keys must be strings）")
            if key in mapping:
                raise PackError(path, line, f"字段 '{key}' 重复（duplicate key）")
            mapping[key] = loader.construct_object(value_node, deep=True)
            mapping.key_lines[key] = line
        return mapping

    def construct_sequence(loader, node, deep=False):
        seq = LList(loader.construct_object(child, deep=True) for child in node.value)
        seq.line = node.start_mark.line + 1
        seq.item_lines = [child.start_mark.line + 1 for child in node.value]
        return seq

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(path, None, "文件不存在（file missing）") from None
    try:
        return yaml.load(text, Loader=_make_loader(path))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PackError(path, mark.line + 1 if mark else None, f"YAML 语法错误：{exc.problem}（syntax error）") from None


# --- the pack as objects ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ParamValue:
    value: Any
    effective_from: datetime.date
    effective_to: datetime.date | None
    cite: str

    def in_force(self, on: datetime.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclasses.dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    type: str  # int | number | date | majors
    unit: str
    values: tuple[ParamValue, ...]  # sorted by effective_from, not overlapping

    def entry_at(self, on: datetime.date) -> ParamValue:
        """The value in force on ``on``. Before the first value, the first applies (records older than the
        document are judged by it); after a value's ``effective_to`` with nothing following, the last applies."""
        for entry in self.values:
            if entry.in_force(on):
                return entry
        if on < self.values[0].effective_from:
            return self.values[0]
        earlier = [e for e in self.values if e.effective_from <= on]
        return earlier[-1]

    def at(self, on: datetime.date) -> Any:
        return self.entry_at(on).value

    def periods(self) -> list[tuple[datetime.date | None, datetime.date | None, Any]]:
        """(from, to, value) covering all dates, as ``entry_at`` reads them; from/to None = unbounded."""
        out = []
        for i, entry in enumerate(self.values):
            start = None if i == 0 else entry.effective_from
            nxt = self.values[i + 1].effective_from if i + 1 < len(self.values) else None
            end = None if nxt is None else nxt - datetime.timedelta(days=1)
            out.append((start, end, entry.value))
        return out


@dataclasses.dataclass(frozen=True)
class Condition:
    """A node of a clause's condition: ``all``/``any`` of children, or a fact compared with a threshold."""

    kind: str  # all | any | fact
    children: tuple[Condition, ...] = ()
    fact: str = ""
    at_least: str | None = None  # a parameter name (numeric facts) or a degree level (degree facts)
    line: int = 0

    def params(self) -> set[str]:
        names = set()
        if self.kind == "fact" and self.at_least and FACTS[self.fact].kind in ("years", "years_float"):
            names.add(self.at_least)
        for child in self.children:
            names |= child.params()
        return names


@dataclasses.dataclass(frozen=True)
class Clause:
    id: str
    number: int
    cite: str
    text: str
    when: Condition


@dataclasses.dataclass(frozen=True)
class Level:
    code: str
    name: str
    cite: str
    opening_param: str
    clauses: tuple[Clause, ...]
    directions: tuple[tuple[str, str], ...] = ()


@dataclasses.dataclass(frozen=True)
class Measure:
    """A measure of an amounts pack: what it pays, as the document words it."""

    code: str
    name: str
    cite: str
    text: str


@dataclasses.dataclass(frozen=True)
class Pack:
    slug: str
    path: Path
    number: str
    title: str
    issuer: str
    issued_on: datetime.date
    effective_from: datetime.date
    source: str
    derived_params: dict[str, str]  # role of a parameter in deriving facts -> parameter name
    parameters: dict[str, Parameter]
    levels: dict[str, Level]
    measures: dict[str, Measure] = dataclasses.field(default_factory=dict)

    def level(self, code: str) -> Level:
        return self.levels[code]

    def param(self, name: str) -> Parameter:
        return self.parameters[name]

    def value(self, name: str, on: datetime.date) -> Any:
        return self.parameters[name].at(on)

    def with_values(self, overrides: dict[str, Any], cite: str = "政策模拟（simulation）") -> Pack:
        """A copy in which each named parameter has one value for all dates (what-if simulation)."""
        params = dict(self.parameters)
        for name, value in overrides.items():
            param = params[name]
            params[name] = dataclasses.replace(
                param, values=(ParamValue(_coerce(param, value, self.path, 0), param.values[0].effective_from, None, cite),)
            )
        return dataclasses.replace(self, parameters=params)

    def numeric_parameters(self) -> list[Parameter]:
        return [p for p in self.parameters.values() if p.type in ("int", "number")]


def _coerce(param: Parameter, value: Any, path, line) -> Any:
    if param.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                as_float = float(value)
            except (TypeError, ValueError):
                raise PackError(path, line, f"参数 {param.name} 须为整数（integer expected）") from None
            if as_float != int(as_float):
                raise PackError(path, line, f"参数 {param.name} 须为整数（integer expected）")
            value = int(as_float)
        return value
    if param.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise PackError(path, line, f"参数 {param.name} 须为数值（number expected）")
        return value
    if param.type == "decimal":
        decimal = _decimal(value)
        if decimal is None and value is not None:
            raise PackError(path, line, f"参数 {param.name} 须为十进制数（decimal expected）")
        return decimal
    return value


_DECIMAL_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _decimal(value) -> Decimal | None:
    """A decimal parameter value: a string such as "0.20" or an integer (never a binary float); None if neither."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str) and _DECIMAL_RE.fullmatch(value.strip()):
        return Decimal(value.strip())
    return None


# --- validation --------------------------------------------------------------------------------

POLICY_KEYS = {"number", "title", "issuer", "issued_on", "effective_from", "source", "derived_parameters"}
POLICY_REQUIRED = {"number", "title", "issuer", "issued_on", "effective_from", "derived_parameters"}
DERIVED_ROLES = {"run_gap_days", "run_recent_days", "days_per_year", "related_majors"}
PARAM_KEYS = {"label", "type", "unit", "values"}
PARAM_TYPES = {"int", "number", "decimal", "date", "datetime", "majors"}
VALUE_KEYS = {"value", "effective_from", "effective_to", "cite"}
LEVEL_KEYS = {"name", "cite", "opening", "directions", "clauses"}
CLAUSE_KEYS = {"id", "number", "cite", "text", "when"}
LEVEL_CODES = ("assistant", "specialist", "senior", "manager")


def _line(mapping, key=None) -> int:
    if isinstance(mapping, LDict):
        if key is not None and key in mapping.key_lines:
            return mapping.key_lines[key]
        return mapping.line
    return getattr(mapping, "line", 0)


def _check_keys(path, mapping, allowed, required, what) -> None:
    if not isinstance(mapping, dict):
        raise PackError(path, _line(mapping), f"{what}须为映射（mapping expected）")
    for key in mapping:
        if key not in allowed:
            raise PackError(
                path, _line(mapping, key),
                f"{what}中有未知字段 '{key}'，可用字段：{'、'.join(sorted(allowed))}（unknown key）",
            )
    for key in sorted(required):
        if key not in mapping:
            raise PackError(path, _line(mapping), f"{what}缺少字段 '{key}'（missing key）")


def _nonempty_str(path, mapping, key, what) -> str:
    value = mapping.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(path, _line(mapping, key), f"{what}的 '{key}' 须为非空文字（non-empty string expected）")
    return value.strip()


def _date(path, mapping, key, what, *, nullable=False) -> datetime.date | None:
    value = mapping.get(key)
    if value is None and nullable:
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise PackError(path, _line(mapping, key), f"{what}的 '{key}' 须为日期 YYYY-MM-DD（date expected）")
    return value


def _parse_policy(path: Path, data, *, derived_required: bool = True) -> dict:
    required = POLICY_REQUIRED if derived_required else POLICY_REQUIRED - {"derived_parameters"}
    _check_keys(path, data, POLICY_KEYS, required, "政策文件信息")
    derived = data.get("derived_parameters") or LDict()
    if derived_required:
        _check_keys(path, derived, DERIVED_ROLES, DERIVED_ROLES, "derived_parameters ")
    return {
        "number": _nonempty_str(path, data, "number", "政策文件"),
        "title": _nonempty_str(path, data, "title", "政策文件"),
        "issuer": _nonempty_str(path, data, "issuer", "政策文件"),
        "issued_on": _date(path, data, "issued_on", "政策文件"),
        "effective_from": _date(path, data, "effective_from", "政策文件"),
        "source": str(data.get("source") or ""),
        "derived": {role: (name, _line(derived, role)) for role, name in derived.items()},
    }


def _parse_parameters(path: Path, data) -> dict[str, Parameter]:
    if not isinstance(data, dict) or set(data) != {"parameters"}:
        raise PackError(path, _line(data), "文件须只含 'parameters' 一个字段（only 'parameters' expected）")
    raw = data["parameters"]
    if not isinstance(raw, dict):
        raise PackError(path, _line(raw), "parameters 须为映射（mapping expected）")
    params = {}
    for name, spec in raw.items():
        what = f"参数 {name} "
        _check_keys(path, spec, PARAM_KEYS, {"label", "type", "values"}, what)
        ptype = spec["type"]
        if ptype not in PARAM_TYPES:
            raise PackError(path, _line(spec, "type"), f"{what}类型 '{ptype}' 未知，可用：{'、'.join(sorted(PARAM_TYPES))}（unknown type）")
        values = spec["values"]
        if not isinstance(values, list) or not values:
            raise PackError(path, _line(spec, "values"), f"{what}须至少有一个带日期的取值（values: at least one dated value）")
        entries = []
        for item in values:
            _check_keys(path, item, VALUE_KEYS, {"value", "cite"}, what + "的取值")
            if "effective_from" not in item:
                raise PackError(path, _line(item), f"{what}的取值缺少生效日期 effective_from（parameter value without a date）")
            start = _date(path, item, "effective_from", what)
            end = _date(path, item, "effective_to", what, nullable=True)
            if end is not None and end < start:
                raise PackError(path, _line(item, "effective_to"), f"{what}的失效日期早于生效日期（effective_to before effective_from）")
            cite = _nonempty_str(path, item, "cite", what + "取值")
            value = item["value"]
            line = _line(item, "value")
            if ptype in ("int", "number"):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or (ptype == "int" and not isinstance(value, int)):
                    raise PackError(path, line, f"{what}的取值须为{'整数' if ptype == 'int' else '数值'}（{ptype} expected）")
            elif ptype == "decimal":
                # null: a rate the document does not give, entered by an administrator (rules.ParameterEntry)
                if value is not None:
                    value = _decimal(value)
                    if value is None:
                        raise PackError(path, line, f"{what}的取值须为写成文字的十进制数（如 \"0.20\"）或 null（decimal string expected）")
            elif ptype == "date":
                if value is not None and (isinstance(value, datetime.datetime) or not isinstance(value, datetime.date)):
                    raise PackError(path, line, f"{what}的取值须为日期或 null（date or null expected）")
            elif ptype == "datetime":  # a deadline with its time of day: YYYY-MM-DD HH:MM:SS
                if not isinstance(value, datetime.datetime):
                    raise PackError(path, line, f"{what}的取值须为日期和时刻 YYYY-MM-DD HH:MM:SS（datetime expected）")
            elif ptype == "majors":
                if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                    raise PackError(path, line, f"{what}的取值须为非空的专业名称列表（list of majors expected）")
                value = tuple(v.strip() for v in value)
            entries.append(ParamValue(value, start, end, cite))
        entries.sort(key=lambda e: e.effective_from)
        for a, b in zip(entries, entries[1:]):
            if a.effective_to is None or a.effective_to >= b.effective_from:
                raise PackError(path, _line(spec, "values"), f"{what}的取值期间重叠（overlapping periods）：前一取值须在 {b.effective_from} 之前失效")
        params[name] = Parameter(
            name=name, label=str(spec["label"]), type=ptype, unit=str(spec.get("unit") or ""), values=tuple(entries)
        )
    return params


def _parse_condition(path: Path, node, params: dict[str, Parameter], where: str) -> Condition:
    if not isinstance(node, dict):
        raise PackError(path, _line(node), f"{where}：条件须为映射（condition must be a mapping）")
    line = _line(node)
    if "all" in node or "any" in node:
        kind = "all" if "all" in node else "any"
        _check_keys(path, node, {kind}, {kind}, f"{where}的 {kind} 条件")
        children = node[kind]
        if not isinstance(children, list) or not children:
            raise PackError(path, _line(node, kind), f"{where}：{kind} 须为非空条件列表（non-empty list expected）")
        return Condition(kind, tuple(_parse_condition(path, c, params, where) for c in children), line=line)
    _check_keys(path, node, {"fact", "at_least"}, {"fact"}, f"{where}的条件")
    fact_name = node["fact"]
    if fact_name not in FACTS:
        raise PackError(
            path, _line(node, "fact"),
            f"{where}：未知的派生事实 '{fact_name}'，可用：{'、'.join(FACTS)}（unknown fact）",
        )
    fact = FACTS[fact_name]
    at_least = node.get("at_least")
    if fact.kind == "bool":
        if at_least is not None:
            raise PackError(path, _line(node, "at_least"), f"{where}：是否型事实 '{fact_name}' 不用 at_least（boolean fact takes no threshold）")
    elif fact.kind == "degree":
        if at_least not in DEGREE_RANK:
            raise PackError(
                path, _line(node, "at_least") if "at_least" in node else line,
                f"{where}：学历事实 '{fact_name}' 的 at_least 须为学历层次之一：{'、'.join(DEGREE_RANK)}（degree level expected）",
            )
    else:
        if not isinstance(at_least, str):
            raise PackError(
                path, _line(node, "at_least") if "at_least" in node else line,
                f"{where}：数值事实 '{fact_name}' 的 at_least 须为参数名，政策数值不得直接写入规则（parameter name expected）",
            )
        if at_least not in params:
            raise PackError(path, _line(node, "at_least"), f"{where}：未知参数 '{at_least}'（unknown parameter）")
        if params[at_least].type not in ("int", "number"):
            raise PackError(path, _line(node, "at_least"), f"{where}：参数 '{at_least}' 不是数值（numeric parameter expected）")
    return Condition("fact", fact=fact_name, at_least=at_least, line=line)


def _parse_levels(path: Path, data, params: dict[str, Parameter]) -> dict[str, Level]:
    if not isinstance(data, dict) or set(data) != {"levels"}:
        raise PackError(path, _line(data), "文件须只含 'levels' 一个字段（only 'levels' expected）")
    raw = data["levels"]
    if not isinstance(raw, dict):
        raise PackError(path, _line(raw), "levels 须为映射（mapping expected）")
    levels = {}
    for code, spec in raw.items():
        if code not in LEVEL_CODES:
            raise PackError(path, _line(raw, code), f"未知等级 '{code}'，可用：{'、'.join(LEVEL_CODES)}（unknown level）")
        what = f"等级 {code} "
        _check_keys(path, spec, LEVEL_KEYS, {"name", "cite", "opening", "clauses"}, what)
        opening = spec["opening"]
        if opening not in params or params[opening].type != "date":
            raise PackError(path, _line(spec, "opening"), f"{what}的开放日期须为日期型参数名，'{opening}' 不是（unknown date parameter）")
        directions = spec.get("directions") or {}
        if not isinstance(directions, dict):
            raise PackError(path, _line(spec, "directions"), f"{what}的 directions 须为映射（mapping expected）")
        clauses = []
        raw_clauses = spec["clauses"]
        if not isinstance(raw_clauses, list) or not raw_clauses:
            raise PackError(path, _line(spec, "clauses"), f"{what}须至少有一个条款（clauses expected）")
        for item in raw_clauses:
            if isinstance(item, dict) and "cite" not in item:
                raise PackError(path, _line(item), f"{what}的条款 {item.get('id', '?')} 缺少出处 cite（clause without citation）")
            _check_keys(path, item, CLAUSE_KEYS, CLAUSE_KEYS, what + "的条款")
            cid = _nonempty_str(path, item, "id", "条款")
            number = item["number"]
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                raise PackError(path, _line(item, "number"), f"条款 {cid} 的编号须为正整数（positive integer expected）")
            if cid != f"{code}.{number}":
                raise PackError(path, _line(item, "id"), f"条款编号 '{cid}' 须为 '{code}.{number}'（stable id = level.number）")
            if clauses and number != clauses[-1].number + 1:
                raise PackError(path, _line(item, "number"), f"条款 {cid} 的编号须接续上一条（numbers must ascend by one）")
            if not clauses and number != 1:
                raise PackError(path, _line(item, "number"), f"条款 {cid}：第一条的编号须为 1（first clause is number 1）")
            cite = _nonempty_str(path, item, "cite", f"条款 {cid}")
            text = _nonempty_str(path, item, "text", f"条款 {cid}")
            when = _parse_condition(path, item["when"], params, f"条款 {cid}")
            clauses.append(Clause(cid, number, cite, text, when))
        levels[code] = Level(
            code=code, name=_nonempty_str(path, spec, "name", what), cite=_nonempty_str(path, spec, "cite", what),
            opening_param=opening, clauses=tuple(clauses),
            directions=tuple((str(k), str(v)) for k, v in directions.items()),
        )
    return levels


MEASURE_KEYS = {"name", "cite", "text"}


def _parse_measures(path: Path, data) -> dict[str, Measure]:
    if not isinstance(data, dict) or set(data) != {"measures"} or not isinstance(data["measures"], dict):
        raise PackError(path, _line(data), "文件须只含 'measures' 一个映射（only 'measures' expected）")
    out = {}
    for code, spec in data["measures"].items():
        what = f"措施 {code} "
        _check_keys(path, spec, MEASURE_KEYS, MEASURE_KEYS, what)
        out[str(code)] = Measure(str(code), _nonempty_str(path, spec, "name", what), _nonempty_str(path, spec, "cite", what),
                                 _nonempty_str(path, spec, "text", what))
    return out


def load_amounts_pack_from(folder: Path) -> Pack:
    """A pack of amounts (no clauses): its document, dated parameters and the measures it pays."""
    policy_path, params_path = folder / "policy.yaml", folder / "parameters.yaml"
    policy = _parse_policy(policy_path, read_yaml(policy_path), derived_required=False)
    params = _parse_parameters(params_path, read_yaml(params_path))
    measures_path = folder / "measures.yaml"
    measures = _parse_measures(measures_path, read_yaml(measures_path)) if measures_path.exists() else {}
    return Pack(
        slug=folder.name, path=folder, number=policy["number"], title=policy["title"], issuer=policy["issuer"],
        issued_on=policy["issued_on"], effective_from=policy["effective_from"], source=policy["source"],
        derived_params={}, parameters=params, levels={}, measures=measures,
    )


def load_pack_from(folder: Path) -> Pack:
    """Read and validate the pack in ``folder``; raise ``PackError`` naming file and line on any mistake."""
    folder = Path(folder)
    if not (folder / "clauses.yaml").exists() and (folder / "parameters.yaml").exists() and (
        (folder / "measures.yaml").exists()
    ):
        return load_amounts_pack_from(folder)
    policy_path, params_path, clauses_path = (folder / name for name in PACK_FILES)
    policy = _parse_policy(policy_path, read_yaml(policy_path))
    params = _parse_parameters(params_path, read_yaml(params_path))
    expected_types = {"run_gap_days": "int", "run_recent_days": "int", "days_per_year": "number", "related_majors": "majors"}
    for role, (name, line) in policy["derived"].items():
        if name not in params:
            raise PackError(policy_path, line, f"derived_parameters 中的 {role} 指向未知参数 '{name}'（unknown parameter）")
        if params[name].type != expected_types[role]:
            raise PackError(policy_path, line, f"参数 '{name}' 的类型须为 {expected_types[role]}（wrong type for {role}）")
    levels = _parse_levels(clauses_path, read_yaml(clauses_path), params)
    missing = [code for code in LEVEL_CODES if code not in levels]
    if missing:
        raise PackError(clauses_path, None, f"缺少等级：{'、'.join(missing)}（missing levels）")
    return Pack(
        slug=folder.name, path=folder, number=policy["number"], title=policy["title"], issuer=policy["issuer"],
        issued_on=policy["issued_on"], effective_from=policy["effective_from"], source=policy["source"],
        derived_params={role: name for role, (name, _) in policy["derived"].items()},
        parameters=params, levels=levels,
    )


@lru_cache(maxsize=8)
def load_pack(slug: str = DEFAULT_PACK) -> Pack:
    """The named pack from ``settings.POLICIES_DIR`` (cached)."""
    return load_pack_from(Path(settings.POLICIES_DIR) / slug)


def degree_label(level: str) -> str:
    return DEGREE_LABELS[level]


# --- packs of parameters only (programmes whose rules are not the certification levels) -----------------------

PARAMETER_POLICY_KEYS = POLICY_KEYS - {"derived_parameters"} | {"forwarding"}


@dataclasses.dataclass(frozen=True)
class ParameterPack:
    """A policy document and its dated, cited parameters (``policy.yaml`` + ``parameters.yaml``), read and checked
    exactly as a full pack's; used by programmes that keep their own rules (lecturers' panel scoring, for one)."""

    slug: str
    path: Path
    number: str
    title: str
    issuer: str
    issued_on: datetime.date
    effective_from: datetime.date
    source: str
    forwarding: dict
    parameters: dict[str, Parameter]

    def param(self, name: str) -> Parameter:
        return self.parameters[name]

    def value(self, name: str, on: datetime.date) -> Any:
        return self.parameters[name].at(on)

    def cite(self, name: str, on: datetime.date) -> str:
        return self.parameters[name].entry_at(on).cite


def load_parameter_pack_from(folder: Path) -> ParameterPack:
    folder = Path(folder)
    policy_path, params_path = folder / "policy.yaml", folder / "parameters.yaml"
    data = read_yaml(policy_path)
    _check_keys(policy_path, data, PARAMETER_POLICY_KEYS, POLICY_REQUIRED - {"derived_parameters"}, "政策文件信息")
    forwarding = data.get("forwarding") or {}
    if not isinstance(forwarding, dict):
        raise PackError(policy_path, _line(data, "forwarding"), "forwarding 须为映射（mapping expected）")
    return ParameterPack(
        slug=folder.name, path=folder, number=_nonempty_str(policy_path, data, "number", "政策文件"),
        title=_nonempty_str(policy_path, data, "title", "政策文件"),
        issuer=_nonempty_str(policy_path, data, "issuer", "政策文件"),
        issued_on=_date(policy_path, data, "issued_on", "政策文件"),
        effective_from=_date(policy_path, data, "effective_from", "政策文件"),
        source=str(data.get("source") or ""), forwarding=dict(forwarding),
        parameters=_parse_parameters(params_path, read_yaml(params_path)),
    )


@lru_cache(maxsize=8)
def load_parameter_pack(slug: str) -> ParameterPack:
    """The named parameters-only pack from ``settings.POLICIES_DIR`` (cached)."""
    return load_parameter_pack_from(Path(settings.POLICIES_DIR) / slug)
