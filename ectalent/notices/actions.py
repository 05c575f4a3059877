"""Sending in-platform messages, and delivering their e-mail and SMS copies after the change commits."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .choices import Channel, OutboxStatus
from .models import Notice, NoticeSetting, OutboxMessage, ReminderSent

logger = logging.getLogger(__name__)
ALL_CHANNELS = ("site", "email", "sms")
SMS_MAX = 300


def _phone_of(user, setting) -> str:
    if setting is not None and setting.mobile:
        return setting.mobile
    person = getattr(user, "person", None) if getattr(user, "person_id", None) else None
    return getattr(person, "phone", "") or ""


def notify(recipients, *, kind: str, title, body="", url: str = "", obj=None, channels=ALL_CHANNELS,
           coalesce: bool = False) -> list[Notice]:
    """One message to each active recipient (duplicates ignored); e-mail/SMS copies per each user's settings.

    Call inside the transaction of the change the message is about: the messages commit (or vanish) with it, and
    the outbox is delivered after the commit. ``coalesce``: skip a recipient who still has an unread message of
    the same ``kind`` (many cases arriving at once make one message, not hundreds).
    """
    users = {}
    for user in recipients:
        if user is not None and getattr(user, "is_active", False) and user.pk not in users:
            users[user.pk] = user
    if users and coalesce:
        for pk in Notice.objects.filter(recipient_id__in=list(users), kind=kind, read_at__isnull=True) \
                .values_list("recipient_id", flat=True):
            users.pop(pk, None)
    if not users:
        return []
    title, body = str(title)[:200], str(body)
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    with transaction.atomic():
        notices = Notice.objects.bulk_create([
            Notice(recipient_id=pk, kind=kind, title=title, body=body, url=url, object_type=object_type,
                   object_id=object_id) for pk in users
        ])
        if "email" in channels or "sms" in channels:
            settings_by_user = {s.user_id: s for s in NoticeSetting.objects.filter(user_id__in=list(users))}
            outbox = []
            for notice in notices:
                user = users[notice.recipient_id]
                setting = settings_by_user.get(user.pk)
                text = f"{title}\n\n{body}".strip()
                if url:
                    text += f"\n\n{_absolute(url)}"
                if "email" in channels and user.email and (setting is None or setting.email_enabled):
                    outbox.append(OutboxMessage(notice=notice, channel=Channel.EMAIL, to=user.email,
                                                subject=f"[{settings.ECTALENT_PLATFORM_SHORT_NAME}] {title}"[:200],
                                                body=text))
                phone = _phone_of(user, setting)
                if "sms" in channels and setting is not None and setting.sms_enabled and phone:
                    outbox.append(OutboxMessage(notice=notice, channel=Channel.SMS, to=phone, subject=title,
                                                body=f"【{settings.ECTALENT_PLATFORM_SHORT_NAME}】{title}"[:SMS_MAX]))
            if outbox:
                OutboxMessage.objects.bulk_create(outbox)
                ids = list(OutboxMessage.objects.filter(notice__in=notices, status=OutboxStatus.QUEUED)
                           .values_list("pk", flat=True))
                transaction.on_commit(lambda: _enqueue_delivery(ids))
    return notices


def _absolute(url: str) -> str:
    from ectalent.core.public_url import public_base_url

    return url if url.startswith("http") else public_base_url() + url


def _enqueue_delivery(ids: list[int]) -> None:
    if getattr(settings, "ECTALENT_JOBS_EAGER", False):
        deliver(ids)
        return
    from .tasks import deliver_outbox

    deliver_outbox.enqueue(ids)


def deliver(ids=None) -> dict:
    """Send queued outbox messages (these ids, or every queued one); each attempt is recorded on the row."""
    from .backends import send_email, sms_backend

    qs = OutboxMessage.objects.filter(status=OutboxStatus.QUEUED)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    counts = {"sent": 0, "failed": 0}
    sms = None
    for message in qs.order_by("pk"):
        # Claim the row first, so that two workers never send the same message.
        claimed = OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.QUEUED, attempts=message.attempts) \
            .update(attempts=message.attempts + 1)
        if claimed != 1:
            continue
        try:
            if message.channel == Channel.EMAIL:
                provider_id = send_email(message.to, message.subject, message.body)
            else:
                sms = sms or sms_backend()
                provider_id = sms.send(message.to, message.body)
        except Exception as exc:  # the gateway's answer is recorded, the rest goes on
            logger.warning("outbox %s not sent: %s", message.pk, exc)
            OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.FAILED, last_error=str(exc)[:500])
            counts["failed"] += 1
        else:
            OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.SENT, sent_at=timezone.now(),
                                                               provider_id=str(provider_id or "")[:128])
            counts["sent"] += 1
    return counts


def retry(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.FAILED).update(status=OutboxStatus.QUEUED)
    _enqueue_delivery([message.pk])


def mark_read(notice: Notice) -> None:
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(user) -> int:
    return Notice.objects.visible_to(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def once(key: str) -> bool:
    """True the first time a reminder key is seen (then it is recorded); False after that."""
    from django.db import IntegrityError

    try:
        with transaction.atomic():
            ReminderSent.objects.create(key=key[:200])
        return True
    except IntegrityError:
        return False
