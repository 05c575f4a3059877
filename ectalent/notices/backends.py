"""The one adapter behind e-mail and SMS. E-mail goes through Django's ``EMAIL_BACKEND`` (a file backend writing to
``var/outbox/mail`` by default; SMTP in production). Text messages go through ``ECTALENT_SMS_BACKEND``, a dotted path
to a class with ``send(to, text) -> provider_id`` that raises on failure; the default writes each message as a JSON
line to ``var/outbox/sms.jsonl``. A real gateway (the province's SMS platform, Aliyun, Tencent Cloud …) is a class of
a few lines in the deployment's own package — see docs/deployment.md.
"""

import json
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string


class FileSMSBackend:
    def send(self, to: str, text: str) -> str:
        path = settings.DATA_DIR / "outbox"
        path.mkdir(parents=True, exist_ok=True)
        provider_id = uuid.uuid4().hex
        with open(path / "sms.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"id": provider_id, "to": to, "text": text, "at": timezone.now().isoformat()},
                                ensure_ascii=False) + "\n")
        return provider_id


class ConsoleSMSBackend:
    def send(self, to: str, text: str) -> str:
        print(f"[SMS → {to}] {text}")  # noqa: T201 - development backend
        return uuid.uuid4().hex


class NullSMSBackend:
    """Sends nothing (tests)."""

    sent: list = []

    def send(self, to: str, text: str) -> str:
        NullSMSBackend.sent.append((to, text))
        return f"null-{len(NullSMSBackend.sent)}"


def sms_backend():
    return import_string(getattr(settings, "ECTALENT_SMS_BACKEND", "ectalent.notices.backends.FileSMSBackend"))()


def send_email(to: str, subject: str, body: str) -> str:
    sent = send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    if sent != 1:
        raise RuntimeError("mail backend accepted no message")
    return ""
