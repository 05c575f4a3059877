"""Deadline reminders. A programme registers a function that yields the reminders due now; ``ectalent remind``
(run by the quick start every few minutes, by a systemd timer in production) sends each one once."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction


@dataclass
class Reminder:
    key: str  # unique per reminder (e.g. "step:123:due_soon"): sent once
    users: Iterable
    title: str
    body: str = ""
    url: str = ""
    obj: object = None
    kind: str = "deadline"
    channels: tuple = field(default=("site", "email", "sms"))


_PROVIDERS: list[Callable[[], Iterable[Reminder]]] = []


def register(func: Callable[[], Iterable[Reminder]]):
    if func not in _PROVIDERS:
        _PROVIDERS.append(func)
    return func


def send_due() -> int:
    from .actions import notify, once

    sent = 0
    for provider in _PROVIDERS:
        for reminder in provider():
            with transaction.atomic():
                if not once(reminder.key):
                    continue
                notify(reminder.users, kind=reminder.kind, title=reminder.title, body=reminder.body, url=reminder.url,
                       obj=reminder.obj, channels=reminder.channels)
                sent += 1
    return sent
