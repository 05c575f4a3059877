"""The tracking pack ``policies/jiangsu-2015-ecommerce/``: the department directory (departments.yaml) and the dated,
cited parameters, indicators and targets (tracking.yaml). A mistake is refused with the file and what is wrong."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings

PACK = "jiangsu-2015-ecommerce"


class TrackingPackError(ValueError):
    pass


def pack_dir() -> Path:
    return Path(settings.POLICIES_DIR) / PACK


def _read(name: str):
    path = pack_dir() / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TrackingPackError(f"{path}：{exc}") from None


@dataclass(frozen=True)
class Dated:
    value: object
    effective_from: datetime.date
    effective_to: datetime.date | None
    cite: str


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    min: Decimal
    max: Decimal
    cite: str


@dataclass(frozen=True)
class Target:
    code: str
    label: str
    measure: int
    by: int | None
    value: Decimal
    unit: str
    comparison: str
    effective_from: datetime.date
    cite: str

    def met(self, actual) -> bool:
        if actual is None:
            return False
        return actual > self.value if self.comparison == "gt" else actual >= self.value


@lru_cache(maxsize=1)
def directory() -> dict:
    data = _read("departments.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("departments"), list):
        raise TrackingPackError("departments.yaml：须有 departments 列表")
    seen = {}
    for row in data["departments"]:
        if not isinstance(row, dict) or not row.get("full_name"):
            raise TrackingPackError(f"departments.yaml：每个部门须有 full_name：{row!r}")
        for alias in [row["full_name"], *row.get("aliases", [])]:
            if alias in seen and seen[alias] != row["full_name"]:
                raise TrackingPackError(f"departments.yaml：名称“{alias}”同时属于“{seen[alias]}”和“{row['name']}”")
            seen[alias] = row["full_name"]
    return data


@lru_cache(maxsize=1)
def _tracking() -> dict:
    data = _read("tracking.yaml")
    if not isinstance(data, dict):
        raise TrackingPackError("tracking.yaml：须为映射")
    return data


def parameter(name: str, on: datetime.date | None = None) -> Dated:
    """The value of ``name`` in force on ``on`` (before the first value: the first)."""
    on = on or datetime.date.today()
    spec = _tracking().get("parameters", {}).get(name)
    if not spec:
        raise TrackingPackError(f"tracking.yaml：没有参数 {name}")
    entries = sorted((Dated(v["value"], v["effective_from"], v.get("effective_to"), v["cite"]) for v in spec["values"]),
                     key=lambda d: d.effective_from)
    current = entries[0]
    for entry in entries:
        if entry.effective_from <= on and (entry.effective_to is None or on <= entry.effective_to):
            current = entry
    return current


def indicators() -> dict[str, Indicator]:
    return {row["code"]: Indicator(row["code"], row["label"], row["unit"], Decimal(str(row["min"])),
                                   Decimal(str(row["max"])), row.get("cite", ""))
            for row in _tracking().get("indicators", [])}


def targets(on: datetime.date | None = None) -> list[Target]:
    on = on or datetime.date.today()
    out = []
    for row in _tracking().get("targets", []):
        if row["effective_from"] <= on:
            out.append(Target(row["code"], row["label"], int(row["measure"]), row.get("by"), Decimal(str(row["value"])),
                              row["unit"], row["comparison"], row["effective_from"], row["cite"]))
    return out
