"""Writing and checking audit events. ``record`` must run inside the caller's transaction."""

import datetime
import decimal
import json
import uuid
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import GENESIS_HASH, AuditAction, AuditChainHead, AuditEvent


def _jsonable(value):
    """Normalise to what a JSON column returns, so the hash is stable after a round-trip."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(instance: models.Model, exclude: tuple[str, ...] = ("created_at", "updated_at", "password")) -> dict:
    """The concrete field values of a model instance (FKs by id)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal, uuid.UUID)):
            value = DjangoJSONEncoder().default(value)
        data[field.attname] = value
    return data


def diff(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Keep only the keys that changed (both sides), for update events."""
    if not before or not after:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _region_of(instance) -> str | None:
    if instance is None:
        return None
    for attr in ("region_id", "person__region_id"):
        if "__" in attr:
            person = getattr(instance, "person", None)
            if person is not None:
                return person.region_id
        elif hasattr(instance, attr):
            return getattr(instance, attr)
    return None


def record(
    action: str,
    instance: models.Model | None = None,
    *,
    actor,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    region_id: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one event to the chain. Call inside ``transaction.atomic()`` together with the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it records")
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    event = AuditEvent(
        seq=head.last_seq + 1,
        created_at=timezone.now(),
        actor_id=actor_id,
        actor_label=getattr(actor, "username", "") or ("system" if actor is None else ""),
        action=action,
        object_type=object_type or (instance._meta.label_lower if instance is not None else ""),
        object_id=str(object_id if object_id is not None else getattr(instance, "pk", "") or ""),
        object_repr=(object_repr if object_repr is not None else str(instance or ""))[:255],
        region_id=region_id if region_id is not None else _region_of(instance),
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        note=note[:500],
        prev_hash=head.last_hash,
    )
    event.hash = event.compute_hash()
    event.save()
    AuditChainHead.objects.filter(pk=1).update(last_seq=event.seq, last_hash=event.hash)
    return event


def record_pii_view(instance, field: str, *, actor, note: str = "") -> AuditEvent:
    """A full (unmasked) view of a person's ID number or phone."""
    with transaction.atomic():
        return record(AuditAction.VIEW_PII, instance, actor=actor, after={"field": field}, note=note or field)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    first_broken_id: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 5000) -> VerifyResult:
    """Walk the chain in sequence order; report the first event whose hash, link or number is wrong."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    qs = AuditEvent.objects.order_by("seq")
    for event in qs.iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return VerifyResult(
                False, checked, event.seq, event.pk,
                f"序号不连续：应为 #{expected_seq}，实际为 #{event.seq}（其间的事件被删除或改号）",
            )
        if event.prev_hash != expected_prev:
            return VerifyResult(False, checked, event.seq, event.pk, "前一事件哈希与上一条事件不符（链条断开）")
        if event.compute_hash() != event.hash:
            return VerifyResult(False, checked, event.seq, event.pk, "事件内容与其哈希不符（记录被篡改）")
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.last_seq != checked or head.last_hash != expected_prev):
        return VerifyResult(
            False, checked, checked + 1 if head.last_seq > checked else checked, None,
            f"链尾不符：链头记录 #{head.last_seq}，实际最后一条为 #{checked}（末尾事件被删除或改动）",
        )
    return VerifyResult(True, checked)
