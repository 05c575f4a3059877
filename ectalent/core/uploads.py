"""Uploaded evidence: PDF, JPG or PNG, size-limited, the type checked by content (not by the file name)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", "JPG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
)


# A file that is a valid PDF/JPG/PNG at its start can still carry a web page, a script or a program behind it (a
# "polyglot": served or opened as another type it runs). The whole content is searched for such markers.
HOSTILE_MARKERS = (
    b"<html", b"<!doctype", b"<script", b"<iframe", b"<body", b"<svg", b"<object", b"<embed", b"javascript:",
    b"/javascript", b"/launch", b"this program cannot be run in dos mode", b"\x7felf", b"#!/bin/",
)


def polyglot_marker(data: bytes) -> bytes | None:
    """The first web page / script / executable marker in ``data`` (case-insensitive), or None."""
    lowered = data.lower()
    for marker in HOSTILE_MARKERS:
        if marker in lowered:
            return marker
    if data[:2] == b"MZ":
        return b"MZ"
    return None


def check_evidence(upload, *, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Return the content type, or raise with a Chinese message naming the file."""
    name = getattr(upload, "name", "") or _("未命名文件")
    if upload.size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": name}, code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("文件“%(name)s”大小为 %(size).1f MB，超过 %(max)d MB 的上限。")
            % {"name": name, "size": upload.size / 1048576, "max": max_bytes // 1048576},
            code="too_large",
        )
    data = upload.read()
    upload.seek(0)
    for magic, content_type, label in SIGNATURES:
        if data.startswith(magic):
            hostile = polyglot_marker(data)
            if hostile or (content_type == "application/pdf" and b"%%EOF" not in data[-2048:]):
                raise ValidationError(
                    _("文件“%(name)s”声明为 %(label)s，但内容含有网页、脚本或可执行程序的特征（或文件不完整），已拒收。")
                    % {"name": name, "label": label}, code="polyglot")
            return content_type
    raise ValidationError(
        _("文件“%(name)s”不是 PDF、JPG 或 PNG 文件（按文件内容判断，而非扩展名）。") % {"name": name}, code="type"
    )


# --- private storage ----------------------------------------------------------------------------------------
# Uploaded evidence (licences, diplomas, ID copies) is never served from a public URL: it is stored under a random
# name in the "private" storage (settings.STORAGES["private"]; a folder outside MEDIA_ROOT by default, an object
# store in a multi-node deployment) and handed out only by a view that found the owning object through
# ``visible_to(user)``, with ``serve_private`` (which writes the audit event and a safe Content-Disposition).


def private_storage():
    """The storage of uploaded evidence (a callable, so that migrations do not depend on the settings)."""
    from django.core.files.storage import storages

    return storages["private"]


def private_upload_to(prefix: str):
    """An ``upload_to`` that keeps only the extension of the client's file name: ``prefix/YYYY/<random>.pdf``."""
    return _PrivateUploadTo(prefix)


class _PrivateUploadTo:
    """Deconstructible (for migrations) ``upload_to`` callable with a random file name."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        import secrets
        from pathlib import PurePath

        from django.utils import timezone

        ext = PurePath(filename or "").suffix.lower()
        if ext not in {".pdf", ".jpg", ".jpeg", ".png", ".xlsx", ".csv", ".zip"}:
            ext = ""
        return f"{self.prefix}/{timezone.localdate():%Y}/{secrets.token_hex(16)}{ext}"

    def deconstruct(self):
        return ("ectalent.core.uploads._PrivateUploadTo", [self.prefix], {})

    def __eq__(self, other):
        return isinstance(other, _PrivateUploadTo) and other.prefix == self.prefix


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """A header value that cannot be broken by the name: ASCII fallback plus RFC 5987 UTF-8, no CR/LF/quotes."""
    import re
    import unicodedata
    from urllib.parse import quote

    cleaned = re.sub(r"[\x00-\x1f\x7f\"\\/]", "_", unicodedata.normalize("NFC", filename or "download"))[:180]
    ascii_name = cleaned.encode("ascii", "ignore").decode() or "download"
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", ascii_name)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(cleaned, safe='')}"


def serve_private(request, fieldfile, *, filename: str, content_type: str, obj, note: str = "", inline: bool = False):
    """Stream a private file to a user who reached ``obj`` through ``visible_to``; the download is audited."""
    from django.db import transaction
    from django.http import FileResponse

    from ectalent.audit.actions import record
    from ectalent.audit.models import AuditAction

    with transaction.atomic():
        record(AuditAction.VIEW_PII, obj, actor=request.user, after={"file": filename[:120]},
               note=note or _("下载材料"))
    response = FileResponse(fieldfile.open("rb"), content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def move_to_private(model, field_name: str, prefix: str) -> int:
    """Data migration helper: move the files of ``model.field_name`` from the public default storage (MEDIA_ROOT,
    stored under the client's file name) into the private storage under a random name. Idempotent: a file already
    in the private storage is left alone. Returns the number of files moved."""
    from django.core.files.storage import storages

    public, private = storages["default"], private_storage()
    upload_to = _PrivateUploadTo(prefix)
    moved = 0
    for obj in model.objects.exclude(**{field_name: ""}).iterator():
        name = getattr(obj, field_name).name
        if not name or private.exists(name) or not public.exists(name):
            continue
        with public.open(name, "rb") as fh:
            new_name = private.save(upload_to(obj, name), fh)
        model.objects.filter(pk=obj.pk).update(**{field_name: new_name})
        public.delete(name)
        moved += 1
    return moved
