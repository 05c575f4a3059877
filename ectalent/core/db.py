"""Reads from the streaming replica, where a view asks for them.

Reports, dashboards, exports and simulations may read from ``DATABASES["replica"]`` (``DATABASE_REPLICA_URL``); a
page that must see what its user just wrote never does, because nothing reads from the replica unless the code says
so: ``@replica_reads`` on a view, ``with use_replica():`` around a block, or ``qs.using(read_alias())`` for a
queryset consumed later (a streamed export). Writes always go to the primary. Without a replica all of this is a
no-op, and a replica that lags more than ``ECTALENT_REPLICA_MAX_LAG_BYTES`` (checked at most every few seconds) is
skipped for the primary.
"""

import contextvars
import functools
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

_use_replica = contextvars.ContextVar("ectalent_use_replica", default=False)
_health = {"checked": 0.0, "ok": True}
HEALTH_TTL = 5.0


def replica_configured() -> bool:
    return "replica" in settings.DATABASES


def replica_lag_bytes() -> int | None:
    """How far the replica's replay is behind the primary's WAL (None: unknown or no replica)."""
    if not replica_configured():
        return None
    try:
        with connections["default"].cursor() as cur:
            cur.execute("SELECT pg_current_wal_lsn()")
            primary = cur.fetchone()[0]
        with connections["replica"].cursor() as cur:
            cur.execute("SELECT pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn())", [primary])
            lag = cur.fetchone()[0]
        return max(0, int(lag)) if lag is not None else None
    except Exception:
        return None


def _replica_healthy() -> bool:
    now = time.monotonic()
    if now - _health["checked"] > HEALTH_TTL:
        lag = replica_lag_bytes()
        _health.update(checked=now, ok=lag is not None and lag <= settings.ECTALENT_REPLICA_MAX_LAG_BYTES)
    return _health["ok"]


def read_alias() -> str:
    """The alias a report may read from now: the replica when there is one and it keeps up, else the primary."""
    if replica_configured() and _replica_healthy():
        return "replica"
    return "default"


@contextmanager
def use_replica():
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def replica_reads(view):
    """Decorator for report-like views: their reads (while the view runs) go to the replica."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with use_replica():
            response = view(request, *args, **kwargs)
        response.headers.setdefault("X-Ectalent-Read-From", read_alias())
        return response

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and replica_configured():
            return read_alias()
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
