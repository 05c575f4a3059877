"""Counts for lists and home pages that stay cheap at a million rows (issue 10, goal 1).

An exact ``COUNT(*)`` over 460,000 people in a province official's scope costs a few hundred milliseconds on every
request, more than the rest of the page. Here a count is

- **exact** when it is small (PostgreSQL's planner estimates it under ``EXACT_UP_TO`` rows; SQLite: always), and
- **estimated** otherwise — the planner's own estimate, rounded to three significant figures and shown with “约”
  (``Count.estimated``), which is what such a figure is good for;

and either is kept in the cache for ``TTL`` seconds per scope (the user's region, organisation or person, never the
user: every official of a province shares one entry) and per filter, so a page shows the time it was counted. A save
or delete through the ORM (``changed``) makes the next request count again; bulk loads wait for the ``TTL``.
A list is paginated with that count (``CountedPaginator``): the rows themselves are always exact and scoped.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import math

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils import timezone
from django.utils.functional import cached_property

TTL = 60  # seconds a count is reused
EXACT_UP_TO = 20_000  # estimated rows under which an exact count is cheap enough to run


@dataclasses.dataclass(frozen=True)
class Count:
    value: int
    estimated: bool
    at: datetime.datetime

    def __int__(self) -> int:
        return self.value


def scope_key(user) -> str:
    """What decides ``visible_to(user)``: the same for every user who sees the same rows."""
    from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES

    if user is None or not user.is_authenticated:
        return "anon"
    if user.is_superuser or user.is_platform_admin:
        return "all"
    if user.role in OFFICIAL_ROLES:
        return f"region:{user.region_id}"
    if user.role in ORGANISATION_ROLES:
        return f"org:{user.organisation_id}"
    return f"user:{user.pk}"


def planner_estimate(qs) -> int | None:
    """PostgreSQL's estimate of the number of rows of ``qs`` (no rows read), or ``None`` elsewhere."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = qs.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # (a scope that can see nothing)
        return 0
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _round(value: int) -> int:
    if value < 1000:
        return value
    digits = int(math.floor(math.log10(value))) - 2
    return int(round(value, -digits))


def _generation_key(name: str) -> str:
    return f"ectalent:count-generation:{name}"


def changed(name: str) -> None:
    """Forget the cached counts of ``name`` (called when a row is saved or deleted through the ORM)."""
    key = _generation_key(name)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def count(qs, user, name: str, filters: dict | None = None, *, exact_up_to: int = EXACT_UP_TO) -> Count:
    """The number of rows of ``qs`` (already ``visible_to(user)`` and filtered by ``filters``), cached per scope."""
    digest = hashlib.sha256(json.dumps(filters or {}, sort_keys=True, default=str).encode()).hexdigest()[:16]
    generation = cache.get(_generation_key(name), 0)
    key = f"ectalent:count:{name}:{generation}:{scope_key(user)}:{digest}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    estimate = planner_estimate(qs)
    if estimate is not None and estimate > exact_up_to:
        result = Count(_round(estimate), True, timezone.now())
    else:
        result = Count(qs.count(), False, timezone.now())
    cache.set(key, result, TTL)
    return result


class CountedPaginator(Paginator):
    """A paginator whose total is a ``Count`` made beforehand (exact or estimated), not a new ``COUNT(*)``."""

    known: Count | None = None

    @classmethod
    def with_count(cls, known: Count):
        return type("CountedPaginator", (cls,), {"known": known})

    @cached_property
    def count(self):
        return self.known.value if self.known is not None else super().count
