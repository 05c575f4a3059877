"""The main menu, declared by each app in its own ``nav.py`` (the base template knows no programme by name).

An app's ``nav.py`` calls ``register(NavItem(...))`` at import; ``ectalent.core`` imports every app's ``nav`` module
once when Django starts (``autodiscover_modules``). ``items_for(user)`` gives the entries a user's role may see,
in order; entries with ``more=True`` go to the 更多 menu.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role

#: role groups for ``NavItem.roles``
OFFICIALS = frozenset(OFFICIAL_ROLES) | {Role.PLATFORM_ADMIN}
ORGANISATIONS = frozenset(ORGANISATION_ROLES)
APPLICANTS = frozenset({Role.APPLICANT})
EXPERTS = frozenset({Role.EXPERT})


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: object  # a lazy translation
    roles: frozenset | None = None  # None: every signed-in user
    order: int = 100
    more: bool = False  # in the 更多 menu
    anonymous: bool = False  # also shown to visitors who are not signed in (public pages)
    signed_in: bool = True  # shown to signed-in users (False: only to visitors)
    icon: str = ""
    when: Callable | None = None  # optional extra test: when(user) -> bool

    def visible_for(self, user) -> bool:
        if user is None or not user.is_authenticated:
            return self.anonymous
        if not self.signed_in:
            return False
        if self.roles is not None:
            role = Role.PLATFORM_ADMIN if user.is_superuser else user.role
            if role not in self.roles:
                return False
        return self.when(user) if self.when else True


_ITEMS: dict[str, NavItem] = {}


def register(*items: NavItem) -> None:
    for item in items:
        roles = ",".join(sorted(item.roles)) if item.roles is not None else "*"
        _ITEMS[f"{item.url_name}|{item.more}|{item.anonymous}|{item.signed_in}|{roles}"] = item


def items_for(user, *, more: bool = False) -> list[dict]:
    out = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, str(i.url_name))):
        if item.more != more or not item.visible_for(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        out.append({"url": url, "label": item.label, "icon": item.icon, "url_name": item.url_name})
    return out


def all_items() -> Iterable[NavItem]:
    return list(_ITEMS.values())
