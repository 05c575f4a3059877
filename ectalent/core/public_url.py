"""The address the platform is reached at, for links that leave the page (certificate QR codes and the printed
verification address, links in e-mails and texts).

In this order: the setting ``ECTALENT_PUBLIC_BASE_URL`` (production: the public https address, docs/deployment.md);
else the address of the request being served (scheme and host, the host checked against ``ALLOWED_HOSTS`` by
Django), recorded by ``PublicURLMiddleware``; else ``ECTALENT_SERVE_URL``, the address the quick start serves on
(scripts/_addr.sh exports it for the server and the worker); else ``http://127.0.0.1:8000``.
"""

from __future__ import annotations

import contextvars
import os
from urllib.parse import urlsplit

from django.conf import settings

FALLBACK = "http://127.0.0.1:8000"
_request_base: contextvars.ContextVar[str | None] = contextvars.ContextVar("ectalent_request_base", default=None)


def configured_base_url() -> str:
    """``ECTALENT_PUBLIC_BASE_URL`` (setting, then environment), without the trailing slash; "" when not set."""
    value = getattr(settings, "ECTALENT_PUBLIC_BASE_URL", None) or os.environ.get("ECTALENT_PUBLIC_BASE_URL") or ""
    return str(value).strip().rstrip("/")


def served_base_url() -> str:
    """The quick start's served address (``ECTALENT_SERVE_URL``, e.g. ``http://0.0.0.0:8080/ （…）``)."""
    value = (os.environ.get("ECTALENT_SERVE_URL") or "").split()[0:1]
    if not value:
        return ""
    parts = urlsplit(value[0])
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc.replace("0.0.0.0", "127.0.0.1")  # all interfaces: this machine's own address
    return f"{parts.scheme}://{host}"


def request_base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def public_base_url(request=None) -> str:
    """Where the platform is reached (see the module's docstring), without the trailing slash."""
    configured = configured_base_url()
    if configured:
        return configured
    if request is not None:
        return request_base_url(request)
    return _request_base.get() or served_base_url() or FALLBACK


class PublicURLMiddleware:
    """Records the request's own address while it is served, so that a QR code or a PDF made in the request points
    back to the address the reader used (when ``ECTALENT_PUBLIC_BASE_URL`` is not set)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            base = request_base_url(request)
        except Exception:  # DisallowedHost: Django answers 400 further on; record nothing
            base = None
        token = _request_base.set(base)
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
