"""The engine's amounts: a calculation that reads dated parameters, applies rules one by one and records them.

Eligibility (``engine.py``) answers yes or no per clause; a programme that pays money also needs *how much*.
``Calculation`` is the shared piece: a programme's measure function asks it for parameters (``calc.param(name)``,
which records the value, its date and citation), states each rule it applies (``calc.rule(...)``, a Chinese text
with the figures used and the citation) and ends with one of the statuses below. The record it gives back
(``as_record()``) is what a grant stores and what "recompute and compare" checks years later.

Money is ``Decimal`` in 元, rounded half up to 0.01 once, at the end (``round_money``).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .packs import Pack

ENGINE_VERSION = "amounts-1"  # bumped whenever a change to the engine could change an amount
CENT = Decimal("0.01")

ELIGIBLE = "eligible"
INELIGIBLE = "ineligible"
NEEDS_REVIEW = "needs_review"
AWAITING_PARAMETER = "awaiting_parameter"
STATUSES = (ELIGIBLE, INELIGIBLE, NEEDS_REVIEW, AWAITING_PARAMETER)


def round_money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money_text(value: Decimal) -> str:
    """An amount as written in a reason: 1800.00 → "1,800.00"."""
    return f"{round_money(value):,.2f}"


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The anniversary: the same month and day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the last day of that month when it is shorter (31 August + 6 → 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class ParameterMissing(Exception):
    """A parameter that the document does not give and that no administrator has entered yet."""

    def __init__(self, name: str, label: str, cite: str):
        self.name, self.label, self.cite = name, label, cite
        super().__init__(name)


@dataclasses.dataclass(frozen=True)
class Step:
    rule: str
    holds: bool
    cite: str
    text: str

    def as_json(self) -> dict:
        return {"rule": self.rule, "holds": self.holds, "cite": self.cite, "text": self.text}


@dataclasses.dataclass(frozen=True)
class ParameterUse:
    name: str
    label: str
    value: Any
    effective_from: datetime.date
    cite: str
    entered: bool = False  # entered by an administrator (rules.ParameterEntry), not read from the pack

    def as_json(self) -> dict:
        value = self.value
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        return {"name": self.name, "label": self.label, "value": value,
                "effective_from": self.effective_from.isoformat(), "cite": self.cite, "entered": self.entered}


@dataclasses.dataclass
class Result:
    status: str
    amount: Decimal | None
    steps: list[Step]
    parameters: list[ParameterUse]
    extra: dict
    pack: str
    on: datetime.date

    @property
    def eligible(self) -> bool:
        return self.status == ELIGIBLE

    def reasons(self) -> list[dict]:
        return [s.as_json() for s in self.steps]

    def as_record(self) -> dict:
        """The calculation record: parameter values with dates and citations, engine version, result."""
        return {
            "engine": ENGINE_VERSION,
            "pack": self.pack,
            "on": self.on.isoformat(),
            "status": self.status,
            "amount": None if self.amount is None else str(self.amount),
            "extra": self.extra,
            "parameters": [p.as_json() for p in self.parameters],
            "reasons": self.reasons(),
        }


class Calculation:
    """One amount being computed against ``pack`` as in force on ``on``.

    ``entered`` maps a parameter name to administrator-entered values ``[(effective_from, effective_to, value,
    cite)]`` that take precedence over the pack's own entry (a rate the document leaves to another document)."""

    def __init__(self, pack: Pack, on: datetime.date, entered: dict | None = None):
        self.pack = pack
        self.on = on
        self.entered = entered or {}
        self.steps: list[Step] = []
        self.used: dict[str, ParameterUse] = {}

    def entry(self, name: str, on: datetime.date | None = None) -> ParameterUse:
        on = on or self.on
        param = self.pack.param(name)
        use = None
        for start, end, value, cite in self.entered.get(name, ()):
            if start <= on and (end is None or on <= end):
                use = ParameterUse(name, param.label, value, start, cite, entered=True)
        if use is None:
            entry = param.entry_at(on)
            use = ParameterUse(name, param.label, entry.value, entry.effective_from, entry.cite)
        self.used.setdefault(name, use)
        return use

    def param(self, name: str, on: datetime.date | None = None):
        """The value of ``name`` in force (recorded); ``ParameterMissing`` if it is still to be entered."""
        use = self.entry(name, on)
        if use.value is None:
            raise ParameterMissing(name, use.label, use.cite)
        return use.value

    def cite(self, name: str) -> str:
        return self.entry(name).cite

    def rule(self, rule: str, holds: bool, cite: str, text: str) -> bool:
        self.steps.append(Step(rule, bool(holds), cite, text))
        return bool(holds)

    def finish(self, status: str, amount: Decimal | None = None, **extra) -> Result:
        assert status in STATUSES
        if status != ELIGIBLE:
            amount = None
        elif amount is not None:
            amount = round_money(amount)
        return Result(status, amount, list(self.steps), list(self.used.values()), extra, self.pack.slug, self.on)

    def awaiting(self, missing: ParameterMissing, rule: str, cite: str, **extra) -> Result:
        self.rule(rule, False, cite, f"{missing.label}尚未录入（{missing.cite}）：申请待参数录入后核算，暂不支付也不驳回")
        return self.finish(AWAITING_PARAMETER, **extra)
