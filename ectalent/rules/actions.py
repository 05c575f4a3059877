"""State changes of the rules app; each runs in one transaction with its audit event."""

import datetime

from django.db import transaction

from ectalent.audit.actions import record, snapshot
from ectalent.audit.models import AuditAction

from .models import LevelOpening


def set_level_opening(level: str, opens_on: datetime.date | None, *, acting_user, note: str = "") -> LevelOpening:
    """Set (or clear) the date from which applications for ``level`` are accepted."""
    with transaction.atomic():
        row, created = LevelOpening.objects.select_for_update().get_or_create(level=level)
        before = None if created else snapshot(row)
        row.opens_on, row.note, row.set_by = opens_on, note, acting_user
        row.save()
        record(AuditAction.CREATE if created else AuditAction.UPDATE, row, actor=acting_user, before=before, after=snapshot(row), note=note)
    return row


def enter_parameter(pack: str, name: str, value, effective_from: datetime.date, *, cite: str, acting_user,
                    effective_to: datetime.date | None = None):
    """Enter a parameter value the policy document leaves to another document, with its source (audited)."""
    from .models import ParameterEntry
    from .packs import load_pack

    param = load_pack(pack).param(name)  # KeyError for a parameter the pack does not have
    if param.type != "decimal":
        raise ValueError(name)
    with transaction.atomic():
        row = ParameterEntry.objects.create(pack=pack, name=name, value=value, effective_from=effective_from,
                                            effective_to=effective_to, cite=cite, entered_by=acting_user)
        record(AuditAction.CREATE, row, actor=acting_user, after=snapshot(row), note=cite)
    return row
