"""What 浙商务联发〔2017〕72号 sets for the lecturers programme, read from its policy pack (dated, cited parameters)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from ectalent.rules.packs import ParameterPack, load_parameter_pack

PACK = "zhejiang-2017-72"


def pack() -> ParameterPack:
    return load_parameter_pack(PACK)


def today() -> datetime.date:
    return timezone.localdate()


def param(name: str, on: datetime.date | None = None):
    return pack().value(name, on or today())


def cite(name: str, on: datetime.date | None = None) -> str:
    return pack().cite(name, on or today())


def decimal_param(name: str, on: datetime.date | None = None) -> Decimal:
    """A numeric parameter as an exact ``Decimal`` (20 → Decimal("20"), 59.5 → Decimal("59.5"))."""
    return Decimal(str(param(name, on)))
