"""The to-do centre (待办): every role's pending work on its home page, across all programmes.

A programme registers its kinds of pending work in one place, its app's ``todo.py``::

    from ectalent.core.todo import TodoItem, register

    @register
    def pending(user):
        n = Thing.objects.visible_to(user).filter(...).count()
        if n:
            yield TodoItem(section="review", label=_("…"), count=n, url=reverse("…"))

The home page asks every provider (``collect(user)``) and shows the items by section; it knows no programme by
name. Providers run on every home page view: a few indexed, scoped queries each.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

SECTIONS = {
    "review": _("待我审核"),
    "confirm": _("待我确认或发布"),
    "objection": _("待处理的公示异议"),
    "correct": _("待我修改"),
    "report": _("待提交的报告"),
    "deadline": _("临近或已过期限"),
    "apply": _("可以申报"),
    "mine": _("我的申请与进度"),
}


@dataclass
class TodoItem:
    section: str
    label: str
    url: str
    count: int | None = None
    due_on: datetime.date | None = None
    detail: str = ""
    urgent: bool = False
    order: int = 100
    children: list = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        from django.utils import timezone

        return self.due_on is not None and self.due_on < timezone.localdate()


_PROVIDERS: list[Callable] = []


def register(func: Callable[[object], Iterable[TodoItem]]):
    if func not in _PROVIDERS:
        _PROVIDERS.append(func)
    return func


def collect(user) -> list[dict]:
    """Sections in a fixed order, each with its items; empty sections left out."""
    by_section: dict[str, list[TodoItem]] = {key: [] for key in SECTIONS}
    for provider in _PROVIDERS:
        try:
            items = list(provider(user) or ())
        except Exception:  # one programme's fault must not hide everybody's work
            logger.exception("to-do provider %s failed", getattr(provider, "__name__", provider))
            continue
        for item in items:
            by_section.setdefault(item.section, []).append(item)
    out = []
    for key, items in by_section.items():
        if items:
            items.sort(key=lambda i: (not i.urgent, i.due_on or datetime.date.max, i.order, str(i.label)))
            out.append({"key": key, "label": SECTIONS.get(key, key), "items": items,
                        "total": sum(i.count or 0 for i in items)})
    return out
