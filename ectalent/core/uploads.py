"""Uploaded evidence: PDF, JPG or PNG, size-limited, the type checked by content (not by the file name)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", "JPG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
)


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
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, _label in SIGNATURES:
        if head.startswith(magic):
            return content_type
    raise ValidationError(
        _("文件“%(name)s”不是 PDF、JPG 或 PNG 文件（按文件内容判断，而非扩展名）。") % {"name": name}, code="type"
    )
