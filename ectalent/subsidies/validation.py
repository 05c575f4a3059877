"""Checking claims against ``contracts/subsidy-claim.schema.json`` (a copy in ``schemas/``), per measure.

Money may be a JSON number or a decimal string: lines are parsed with numbers as ``Decimal`` so that no amount
passes through a binary float. Dates must be real calendar dates written YYYY-MM-DD.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from ectalent.rules.validation import _message

SCHEMA_PATH = Path(__file__).parent / "schemas" / "subsidy-claim.schema.json"
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)

format_checker = FormatChecker(formats=())


@format_checker.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_RE.fullmatch(value):
        raise ValueError(value)
    datetime.date.fromisoformat(value)
    return True


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def validator(measure: str) -> Draft202012Validator:
    root = schema()
    return Draft202012Validator({"$ref": f"#/$defs/{measure}", "$defs": root["$defs"]}, format_checker=format_checker)


def loads(raw: str | bytes):
    """One JSON line, numbers with a fraction as ``Decimal`` (never a binary float)."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8")
    return json.loads(raw, parse_float=Decimal)


def error_message(doc, measure: str) -> str | None:
    """The first problem of a claim, in Chinese, naming the field; ``None`` if it is valid."""
    errors = sorted(validator(measure).iter_errors(doc),
                    key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        return _message(errors[0])
    return None
