"""The numbers 附件2–3 set, read from the policy pack (dated parameters, each with its citation)."""

import datetime

from django.utils import timezone

PACK = "zhejiang-2014-93"


def param(name: str, on: datetime.date | None = None):
    from ectalent.rules.packs import load_pack

    return load_pack(PACK).value(name, on or timezone.localdate())


def cite(name: str, on: datetime.date | None = None) -> str:
    from ectalent.rules.packs import load_pack

    return load_pack(PACK).param(name).entry_at(on or timezone.localdate()).cite
