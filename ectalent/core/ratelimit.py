"""Rate limits counted in a store every process and node shares: Redis when the platform has it (``REDIS_URL``),
else the database (``core.RateCount``). Never per process: a limit of 20 stays 20 with 8 workers on 3 nodes.

    hits = ratelimit.hit("verify:ip", address, window=600)   # count one, return the count in the window
    ratelimit.count("login:user", username, window=900)      # read without counting
    ratelimit.reset("login:user", username)

Keys are hashed (an address or a user name is not stored in clear).
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import random

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{scope}|{value}".encode()).hexdigest()[:40]
    return f"ectalent:rl:{scope}:{digest}"


def _shared_cache():
    """The default cache when it is shared between processes (Redis), else None."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if "redis" in backend.lower() or ".memcached." in backend:
        from django.core.cache import cache

        return cache
    return None


def hit(scope: str, value: str, *, window: int) -> int:
    """Count one event for ``value`` in ``scope`` and return how many there were in the current window."""
    key = _key(scope, value)
    cache = _shared_cache()
    if cache is not None:
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            return 1
    from .models import RateCount

    now = timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                row = RateCount.objects.select_for_update().filter(key=key).first()
                if row is None:
                    RateCount.objects.create(key=key, count=1, expires_at=now + datetime.timedelta(seconds=window))
                    count = 1
                else:
                    if row.expires_at <= now:
                        row.count, row.expires_at = 0, now + datetime.timedelta(seconds=window)
                    row.count += 1
                    row.save(update_fields=["count", "expires_at"])
                    count = row.count
            break
        except IntegrityError:  # another process created the row first: count on it
            continue
    else:  # pragma: no cover
        count = 1
    if random.random() < 0.01:
        RateCount.objects.filter(expires_at__lt=now).delete()
    return count


def count(scope: str, value: str) -> int:
    """How many events the current window holds for ``value`` (without counting one)."""
    key = _key(scope, value)
    cache = _shared_cache()
    if cache is not None:
        return int(cache.get(key) or 0)
    from .models import RateCount

    row = RateCount.objects.filter(key=key, expires_at__gt=timezone.now()).first()
    return row.count if row else 0


def reset(scope: str, value: str) -> None:
    key = _key(scope, value)
    cache = _shared_cache()
    if cache is not None:
        cache.delete(key)
        return
    from .models import RateCount

    RateCount.objects.filter(key=key).delete()


def _networks(values) -> list:
    out = []
    for value in values or ():
        try:
            out.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            continue
    return out


def client_ip(request) -> str:
    """The client's address. ``REMOTE_ADDR`` unless the request came from a configured reverse proxy
    (``ECTALENT_TRUSTED_PROXIES``: addresses or networks); only then ``X-Forwarded-For`` (the right-most address
    that is not itself a trusted proxy) or ``X-Real-IP`` is believed. A client-sent header is otherwise ignored."""
    remote = (request.META.get("REMOTE_ADDR") or "").strip() or "unknown"
    proxies = _networks(getattr(settings, "ECTALENT_TRUSTED_PROXIES", ()))

    def trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in proxies)

    if not proxies or not trusted(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        for address in reversed([a.strip() for a in forwarded.split(",") if a.strip()]):
            if not trusted(address):
                try:
                    return str(ipaddress.ip_address(address))
                except ValueError:
                    return remote
    real = (request.META.get("HTTP_X_REAL_IP") or "").strip()
    if real:
        try:
            return str(ipaddress.ip_address(real))
        except ValueError:
            pass
    return remote
