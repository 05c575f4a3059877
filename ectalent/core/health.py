"""Health and readiness for the load balancer and monitoring.

- ``/healthz``: the process answers (no database): liveness.
- ``/readyz``: JSON of each dependency — the primary database, the replica and its lag, Redis, the storage of
  uploads, the background worker's heartbeat. 200 when the node can serve (primary database and storage up, and
  Redis when configured), else 503; the replica and the worker are reported (``"ok": false``) without taking the
  node out of the pool, since reports then read from the primary and jobs wait in their queue.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .db import replica_configured, replica_lag_bytes

HEARTBEAT_KEY = "worker-heartbeat"
HEARTBEAT_MAX_AGE = 90  # seconds


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def _timed(check):
    start = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # a readiness probe reports, it does not crash
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.perf_counter() - start) * 1000, 1)
    return result


def _database():
    with connections["default"].cursor() as cur:
        cur.execute("SELECT 1")
    return {"ok": True, "vendor": connections["default"].vendor}


def _replica():
    if not replica_configured():
        return {"ok": True, "configured": False}
    with connections["replica"].cursor() as cur:
        cur.execute("SELECT 1")
    lag = replica_lag_bytes()
    return {"ok": lag is not None and lag <= settings.ECTALENT_REPLICA_MAX_LAG_BYTES, "configured": True,
            "lag_bytes": lag}


def _redis():
    if not settings.REDIS_URL:
        return {"ok": True, "configured": False}
    cache = caches["default"]
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return {"ok": ok, "configured": True}


def _storage():
    from .uploads import private_storage

    storage = private_storage()
    name = storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with storage.open(name, "rb") as fh:
            ok = fh.read() == b"ok"
    finally:
        storage.delete(name)
    return {"ok": ok, "backend": type(storage).__name__}


def _worker():
    beat = caches["jobs"].get(HEARTBEAT_KEY)
    if not beat:
        return {"ok": False, "last_seen": None}
    age = time.time() - beat["at"]
    return {"ok": age <= HEARTBEAT_MAX_AGE, "last_seen_seconds": round(age, 1), "worker": beat.get("worker", "")}


@never_cache
def readyz(request):
    checks = {"database": _timed(_database), "replica": _timed(_replica), "redis": _timed(_redis),
              "storage": _timed(_storage), "worker": _timed(_worker)}
    ready = all(checks[name]["ok"] for name in ("database", "redis", "storage"))
    body = {"ready": ready, "time": timezone.now().isoformat(), "node": settings.ECTALENT_NODE_NAME,
            "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)
