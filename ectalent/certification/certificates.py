"""Certificates (附件1 证书): numbers with a check character, Ed25519-signed QR payloads, the PDF, revocation.

Number
    ``ZJ`` + level letter (A 助理电子商务师, S 电子商务师, G 高级电子商务师, M 电子商务职业经理人) + the year of issue
    + a six-digit sequence per level and year + one check character (0–9 or X) computed with ISO 7064 MOD 11-2 — the
    scheme of the 居民身份证号 — over the level letter as a digit (A1 S2 G3 M4), the year and the sequence
    (``ZJA2025000001`` + ``9``). See ``docs/certificates.md``.

Signature
    The signed payload is the canonical JSON (sorted keys, no spaces, UTF-8) of
    ``{number, name_masked, id_masked, level, directions, issued_on, issuer}``; the QR text is the public verification
    URL with ``n`` (number), ``p`` (payload, base64url), ``s`` (Ed25519 signature over the payload bytes,
    base64url) and ``k`` (key id = first 16 hex digits of SHA-256 of the raw public key). The private key never lives
    in the repository: ``ECTALENT_SIGNING_KEY`` (base64 of the raw 32 bytes, or PEM) or a file under
    ``DATA_DIR/keys/`` generated on first use with mode 0600.

Settings (all optional; read with ``getattr(settings, …)`` and then the environment)
    ``ECTALENT_PUBLIC_BASE_URL`` (default: the address the platform is served on, ``core/public_url.py``),
    ``ECTALENT_SIGNING_KEY``,
    ``ECTALENT_CERTIFICATE_ISSUER`` (default 浙江省商务厅培训认证中心).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import hashlib
import json
import os
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ectalent.core.i18n import stored
from ectalent.core.masking import mask_id_number, mask_name

from .choices import DIRECTION_LEVELS, CertificateStatus, Level

DEFAULT_ISSUER = "浙江省商务厅培训认证中心"
VERIFY_PATH = "/certification/verify/"  # reverse("certification:verify"); fixed so the command needs no URLconf

# ---------------------------------------------------------------- settings


def _setting(name: str, default=None):
    value = getattr(settings, name, None)
    if value in (None, ""):
        value = os.environ.get(name)
    return default if value in (None, "") else value


def issuer_name() -> str:
    return str(_setting("ECTALENT_CERTIFICATE_ISSUER", DEFAULT_ISSUER))


def public_base_url(request=None) -> str:
    """The configured public address, else the address of the request being served (``core/public_url.py``)."""
    from ectalent.core.public_url import public_base_url as base

    return base(request)


def verification_url(request=None) -> str:
    return public_base_url(request) + VERIFY_PATH


# ---------------------------------------------------------------- numbers and the check character

PREFIX = "ZJ"
LEVEL_LETTERS = {Level.ASSISTANT: "A", Level.SPECIALIST: "S", Level.SENIOR: "G", Level.MANAGER: "M"}
LETTER_LEVELS = {letter: level for level, letter in LEVEL_LETTERS.items()}
LETTER_DIGITS = {"A": 1, "S": 2, "G": 3, "M": 4}  # the level letter's value inside the check computation
NUMBER_LENGTH = 14  # ZJ + letter + yyyy + 6 digits + check
CHECK_CHARS = "0123456789X"


def check_digits(body: str) -> str:
    """The 11 digits the check character protects: level letter as a digit (A1 S2 G3 M4), year, sequence."""
    body = body.upper()
    if len(body) != NUMBER_LENGTH - 1 or not body.startswith(PREFIX) or body[2] not in LETTER_DIGITS \
            or not body[3:].isdigit():
        raise ValueError(f"not a certificate number body: {body!r}")
    return f"{LETTER_DIGITS[body[2]]}{body[3:]}"


def check_char(body: str) -> str:
    """ISO 7064 MOD 11-2 check character (0–9 or X, as in the 居民身份证号) of the 13-character ``body``
    (``ZJA2025000001``), computed over ``check_digits(body)``. It catches every single wrong character and every
    swap of two neighbours; a wrong level letter changes the digit it stands for, so that is caught too."""
    p = 0
    for ch in check_digits(body):
        p = ((p + int(ch)) * 2) % 11
    return CHECK_CHARS[(12 - p) % 11]


def normalise_number(text: str) -> str:
    """What a person types → the canonical form: spaces, hyphens and full-width forms removed, upper case."""
    text = (text or "").strip()
    text = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)
    return "".join(c for c in text if c not in " \u3000-_").upper()


@dataclasses.dataclass(frozen=True)
class NumberCheck:
    ok: bool
    number: str
    problem: str = ""  # "", "format", "check"
    message: str = ""
    expected_check: str = ""


def validate_number(text: str) -> NumberCheck:
    """Whether ``text`` is a well-formed certificate number with a correct check character."""
    number = normalise_number(text)
    if (
        len(number) != NUMBER_LENGTH
        or not number.startswith(PREFIX)
        or number[2] not in LETTER_LEVELS
        or not number[3:13].isdigit()
        or number[13] not in CHECK_CHARS
    ):
        return NumberCheck(False, number, "format",
                           _("证书编号格式不正确：应为 14 位，如 ZJA20250000019（ZJ + 等级字母 + 年份 + 6 位序号 + 校验位），您输入的是“%(value)s”。") % {"value": number or _("（空）")})
    expected = check_char(number[:13])
    if number[13] != expected:
        return NumberCheck(False, number, "check",
                           _("证书编号的校验位不符：编号很可能输错了（某一位写错或相邻两位颠倒），请对照证书原件重新输入。"),
                           expected)
    return NumberCheck(True, number)


def format_number(level: str, year: int, sequence: int) -> str:
    if not 0 < sequence < 1_000_000:
        raise ValueError("sequence out of range (1–999999)")
    body = f"{PREFIX}{LEVEL_LETTERS[Level(level)]}{year:04d}{sequence:06d}"
    return body + check_char(body)


def _lock_numbering(prefix: str) -> None:
    """Serialise number allocation for one prefix. PostgreSQL: a transaction-scoped advisory lock; SQLite: the
    project opens IMMEDIATE transactions, so the writer already holds the database lock."""
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"ectalent.certificate.{prefix}".encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _last_sequence(prefix: str) -> int:
    from .models import Certificate

    last = (Certificate.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    return int(last[len(prefix):len(prefix) + 6]) if last else 0


class NumberAllocator:
    """Hands out consecutive numbers within one transaction (lock taken once per level and year)."""

    def __init__(self):
        self._next: dict[str, int] = {}

    def next(self, level: str, year: int) -> str:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("certificate numbers are allocated inside a transaction")
        prefix = f"{PREFIX}{LEVEL_LETTERS[Level(level)]}{year:04d}"
        if prefix not in self._next:
            _lock_numbering(prefix)
            self._next[prefix] = _last_sequence(prefix) + 1
        sequence = self._next[prefix]
        self._next[prefix] += 1
        return format_number(level, year, sequence)


# ---------------------------------------------------------------- keys

_key_lock = threading.Lock()
_key_cache: dict[tuple, Ed25519PrivateKey] = {}


class SigningKeyError(RuntimeError):
    pass


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    text = (text or "").strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _private_key_from_text(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError("ECTALENT_SIGNING_KEY 不是 Ed25519 私钥（not an Ed25519 key）")
        return key
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_" if ("-" in text or "_" in text) else None,
                               validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SigningKeyError("ECTALENT_SIGNING_KEY 须为 32 字节原始私钥的 base64 或 PEM") from exc
    if len(raw) != 32:
        raise SigningKeyError(f"ECTALENT_SIGNING_KEY 解码后为 {len(raw)} 字节，应为 32 字节")
    return Ed25519PrivateKey.from_private_bytes(raw)


def key_file_path() -> Path:
    return Path(settings.DATA_DIR) / "keys" / "certificate-signing-ed25519.pem"


def _load_or_create_key_file(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        return _private_key_from_text(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(path.parent, 0o700)
    except OSError:
        pass
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return _private_key_from_text(path.read_text())
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    os.chmod(path, 0o600)
    return key


def signing_key() -> Ed25519PrivateKey:
    """The certificate signing key: ``ECTALENT_SIGNING_KEY`` or the key file under ``DATA_DIR/keys`` (created on
    first use, mode 0600)."""
    env = _setting("ECTALENT_SIGNING_KEY")
    source = ("env", env) if env else ("file", str(key_file_path()))
    key = _key_cache.get(source)
    if key is not None:
        return key
    with _key_lock:
        key = _key_cache.get(source)
        if key is None:
            key = _private_key_from_text(env) if env else _load_or_create_key_file(key_file_path())
            _key_cache[source] = key
    return key


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def raw_public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public_bytes(key)).hexdigest()[:16]


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_key_document() -> dict:
    """What ``/certification/verify/public-key.json`` publishes."""
    key = public_key()
    return {
        "algorithm": "Ed25519",
        "key_id": key_id_of(key),
        "public_key_pem": public_key_pem(key),
        "public_key_raw_base64": base64.b64encode(raw_public_bytes(key)).decode(),
        "issuer": issuer_name(),
        "verification_url": verification_url(),
        "payload": "canonical JSON (sorted keys, separators ',' ':', UTF-8) of number, name_masked, id_masked, level, "
                   "directions, issued_on, issuer; QR parameters p=base64url(payload), s=base64url(Ed25519 signature "
                   "over the payload bytes), k=key_id",
    }


def load_public_key_file(path: str | Path) -> Ed25519PublicKey:
    """A public key from a file: PEM, the JSON the portal publishes, or base64 of the raw 32 bytes."""
    text = Path(path).read_text(encoding="utf-8").strip()
    if text.startswith("{"):
        doc = json.loads(text)
        text = doc.get("public_key_pem") or doc.get("public_key_raw_base64") or ""
        text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise SigningKeyError("公钥不是 Ed25519 公钥")
        return key
    raw = base64.b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != 32:
        raise SigningKeyError("公钥文件须为 PEM、门户公布的 JSON 或 32 字节原始公钥的 base64")
    return Ed25519PublicKey.from_public_bytes(raw)


# ---------------------------------------------------------------- payload, signature and QR text

def direction_names(level: str, codes) -> list[str]:
    """Direction codes (``customer_service`` or ``assistant.customer_service``) → Chinese names from the policy pack."""
    names: dict[str, str] = {}
    try:
        from ectalent.rules.packs import load_pack

        names = dict(load_pack().level(level).directions)
    except Exception:  # a pack problem must not stop showing a certificate; fall back to the codes
        names = {}
    result = []
    for code in codes or []:
        short = str(code).split(".", 1)[-1]
        result.append(names.get(short, names.get(str(code), str(code))))
    return result


def level_name(level: str) -> str:
    try:
        return str(Level(level).label)
    except ValueError:
        return str(level)


def canonical_json(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def build_payload(*, number: str, person, level: str, directions, issued_on: datetime.date, issuer: str) -> dict:
    return {
        "number": number,
        "name_masked": mask_name(person.name),
        "id_masked": mask_id_number(person.id_number),
        "level": level_name(level),
        "directions": direction_names(level, directions),
        "issued_on": issued_on.isoformat(),
        "issuer": issuer,
    }


def sign_payload(payload: dict) -> tuple[str, str]:
    """(signature base64url, key_id) of the canonical JSON of ``payload``."""
    key = signing_key()
    signature = key.sign(canonical_json(payload))
    return _b64url(signature), key_id_of(key.public_key())


def qr_text(certificate) -> str:
    """The verification URL the certificate's QR code carries."""
    query = urlencode({
        "n": certificate.number,
        "p": _b64url(canonical_json(certificate.payload)),
        "s": certificate.signature,
        "k": certificate.key_id,
    })
    return f"{verification_url()}?{query}"


@dataclasses.dataclass
class SignatureCheck:
    valid: bool
    message: str
    number: str = ""
    payload: dict | None = None
    key_id: str = ""


def verify_signed(params: dict, key: Ed25519PublicKey | None = None) -> SignatureCheck:
    """Check the ``n``/``p``/``s``/``k`` of a QR landing against ``key`` (default: the portal's public key)."""
    key = key or public_key()
    number = normalise_number(params.get("n", ""))
    p, s, k = ((params.get(name) or "").strip() for name in ("p", "s", "k"))
    if not p or not s:
        return SignatureCheck(False, _("签名无效：二维码内容不完整（缺少签名内容或签名）。"), number, key_id=k)
    expected_kid = key_id_of(key)
    if k and k != expected_kid:
        return SignatureCheck(False, _("签名无效：二维码所用密钥（%(key)s）不是门户公布的公钥（%(expected)s）。") % {"key": k, "expected": expected_kid},
                              number, key_id=k)
    try:
        payload_bytes = _b64url_decode(p)
        signature = _b64url_decode(s)
    except (binascii.Error, ValueError):
        return SignatureCheck(False, _("签名无效：二维码内容无法解码，可能被改动或扫描不完整。"), number, key_id=k)
    try:
        key.verify(signature, payload_bytes)
    except InvalidSignature:
        return SignatureCheck(False, _("签名无效：二维码中的证书信息与签名不符，内容可能被篡改，请勿采信。"), number, key_id=k)
    try:
        payload = json.loads(payload_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return SignatureCheck(False, _("签名无效：签名内容不是有效的证书信息。"), number, key_id=k)
    if not isinstance(payload, dict) or (number and payload.get("number") != number):
        return SignatureCheck(False, _("签名无效：网址中的证书编号与签名内容中的编号不一致。"), number, payload, k)
    return SignatureCheck(True, _("签名有效：证书信息由发证机构签发，未被改动。"), payload.get("number", number), payload,
                          expected_kid)


def qr_host_problem(text: str, base_url: str) -> str:
    """A message when the QR text's address is not the platform's ``base_url`` (scheme and host), else ""."""
    if not base_url:
        return ""
    qr, expected = urlsplit((text or "").strip()), urlsplit(base_url)
    if (qr.scheme.lower(), qr.netloc.lower()) == (expected.scheme.lower(), expected.netloc.lower()) \
            and qr.path.rstrip("/") == (expected.path.rstrip("/") + VERIFY_PATH).rstrip("/"):
        return ""
    got = f"{qr.scheme}://{qr.netloc}{qr.path}" if qr.netloc else (text or "").strip()[:80]
    return _("二维码指向的地址 %(got)s 不是本平台的核验地址 %(expected)s：证书可能是在未配置公开地址时生成的，"
             "或二维码并非本平台所发。") % {"got": got, "expected": base_url.rstrip("/") + VERIFY_PATH}


def verify_qr_text(text: str, key: Ed25519PublicKey | None = None) -> SignatureCheck:
    """Check a whole QR text (the URL); used by ``ectalent certificate verify-qr``."""
    query = urlsplit((text or "").strip()).query
    params = {name: values[0] for name, values in parse_qs(query, keep_blank_values=True).items()}
    return verify_signed(params, key)


# ---------------------------------------------------------------- issuing and revoking

def _snapshot(certificate) -> dict:
    return {
        "number": certificate.number, "person_id": certificate.person_id, "application_id": certificate.application_id,
        "level": certificate.level, "directions": list(certificate.directions), "issued_on": certificate.issued_on,
        "issuer": certificate.issuer, "key_id": certificate.key_id, "status": certificate.status,
    }


def issue_for_session(session, acting_user, *, on: datetime.date | None = None) -> list:
    """Issue a certificate for every published, passed result of ``session`` that has none yet.

    Directions are every passed direction (carried ones included) for assistant and specialist; none for senior and
    manager. Each certificate is written with its signed payload and one audit event, all in one transaction.
    Returns the certificates issued now (an empty list when there was nothing to do). Called by the results
    publication (``approve_and_publish``), which checks who may publish.
    """
    from ectalent.audit.actions import record
    from ectalent.audit.models import AuditAction

    from .models import Certificate, ExamSession, Result

    issued_on = on or timezone.localdate()
    issuer = issuer_name()
    issued = []
    with transaction.atomic():
        # One issuer at a time per session (PostgreSQL row lock; SQLite's IMMEDIATE transaction already serialises).
        session = ExamSession.objects.select_for_update().get(pk=session.pk)
        results = (Result.objects.filter(application__session=session, published=True, passed=True,
                                         application__certificate__isnull=True)
                   .select_related("application__person").order_by("application_id"))
        allocator = NumberAllocator()
        for result in results:
            application = result.application
            person = application.person
            directions = list(result.passed_directions or []) if session.level in DIRECTION_LEVELS else []
            number = allocator.next(session.level, issued_on.year)
            payload = build_payload(number=number, person=person, level=session.level, directions=directions,
                                    issued_on=issued_on, issuer=issuer)
            signature, key_id = sign_payload(payload)
            certificate = Certificate.objects.create(
                number=number, person=person, application=application, level=session.level, directions=directions,
                issued_on=issued_on, issuer=issuer, payload=payload, signature=signature, key_id=key_id,
            )
            record(AuditAction.CREATE, certificate, actor=acting_user, after=_snapshot(certificate),
                   note=stored(gettext_noop("颁发证书 %(number)s（%(code)s）"), number=number, code=session.code))
            issued.append(certificate)
    return issued


def can_revoke(user) -> bool:
    from ectalent.accounts.choices import Role

    return bool(user is not None and user.is_authenticated and user.is_active and user.role == Role.CERT_CENTRE)


def revoke(certificate, reason: str, acting_user, *, on: datetime.date | None = None):
    """Revoke a valid certificate with a reason (certification centre only). Compare-and-set on the status, so two
    clicks cannot both revoke; audited in the same transaction. Returns the refreshed certificate."""
    from ectalent.audit.actions import record
    from ectalent.audit.models import AuditAction

    from .models import Certificate

    if not can_revoke(acting_user):
        raise PermissionDenied(_("只有培训认证中心可以撤销证书"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写撤销原因"))
    revoked_on = on or timezone.localdate()
    with transaction.atomic():
        changed = Certificate.objects.filter(pk=certificate.pk, status=CertificateStatus.VALID).update(
            status=CertificateStatus.REVOKED, revoked_on=revoked_on, revocation_reason=reason)
        if changed != 1:
            raise ValidationError(_("该证书已撤销，不能重复撤销"))
        fresh = Certificate.objects.select_related("person").get(pk=certificate.pk)
        record(AuditAction.TRANSITION, fresh, actor=acting_user,
               before={"status": CertificateStatus.VALID},
               after={"status": CertificateStatus.REVOKED, "revoked_on": revoked_on, "revocation_reason": reason},
               note=stored(gettext_noop("撤销证书 %(number)s：%(reason)s"), number=fresh.number, reason=reason)[:500])
    return fresh


# ---------------------------------------------------------------- the PDF

def certificate_pdf(certificate) -> bytes:
    """The certificate as an A4 landscape PDF in Chinese, with the signed QR code."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer, Table, TableStyle

    from ectalent.core import pdf

    pdf.register_cjk_fonts()
    width, height = landscape(A4)
    person = certificate.person
    level = level_name(certificate.level)
    directions = direction_names(certificate.level, certificate.directions)
    issued = certificate.issued_on
    issued_text = f"{issued.year} 年 {issued.month} 月 {issued.day} 日"

    body = pdf.STYLES["body"]
    label_style = ParagraphStyle("cert_label", parent=body, fontSize=12, leading=18, textColor=colors.HexColor("#444444"))
    value_style = ParagraphStyle("cert_value", parent=body, fontSize=13, leading=19)
    small = ParagraphStyle("cert_small", parent=body, fontSize=8.5, leading=12, textColor=colors.HexColor("#333333"))
    title = ParagraphStyle("cert_title", parent=pdf.STYLES["title"], fontSize=30, leading=38, spaceAfter=2 * mm,
                           textColor=colors.HexColor("#8B1A1A"))
    subtitle = ParagraphStyle("cert_subtitle", parent=pdf.STYLES["subtitle"], fontSize=15, leading=22)

    rows = [
        ("姓　　名", person.name),
        ("身份证号", mask_id_number(person.id_number)),
        ("职业等级", level),
        ("方　　向", "、".join(directions) if directions else "—"),
        ("证书编号", certificate.number),
        ("发证日期", issued_text),
        ("发证机构", certificate.issuer),
    ]
    table = Table([[pdf.para(k, label_style), pdf.para(v, value_style)] for k, v in rows],
                  colWidths=[30 * mm, 130 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), pdf.FONT, 12),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (1, 0), (1, -1), 0.4, colors.HexColor("#BBBBBB")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    qr = pdf.qr_flowable(qr_text(certificate), size=60 * mm, error="m")
    qr_block = [qr, Spacer(1, 1 * mm), pdf.para("扫码核验（含数字签名）", ParagraphStyle(
        "cert_qr_caption", parent=small, alignment=1))]
    layout = Table([[table, qr_block]], colWidths=[165 * mm, 70 * mm])
    layout.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), pdf.FONT, 12), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))

    statement = (f"{person.name}同志经浙江省电子商务职业资格考核认证，成绩合格，"
                 f"具备{level}职业资格，特发此证。")
    how = (f"核验方式：访问 {verification_url()} 输入证书编号，或以姓名加身份证号查询；也可扫描右侧二维码。"
           f"二维码内含发证机构的 Ed25519 数字签名（密钥编号 {certificate.key_id}），"
           f"可用门户公布的公钥（{public_base_url()}/certification/verify/public-key）离线验证。")
    story = [
        Spacer(1, 6 * mm),
        pdf.bold_para("职业资格证书", title),
        pdf.para(level, subtitle),
        Spacer(1, 5 * mm),
        pdf.para(statement, ParagraphStyle("cert_statement", parent=body, fontSize=12.5, leading=19,
                                           firstLineIndent=25)),
        Spacer(1, 6 * mm),
        layout,
        Spacer(1, 8 * mm),
        pdf.para(f"{certificate.issuer}（盖章）　　{issued_text}",
                 ParagraphStyle("cert_sign", parent=pdf.STYLES["right"], fontSize=12.5, leading=18)),
        Spacer(1, 8 * mm),
        pdf.para(how, small),
    ]
    if certificate.status == CertificateStatus.REVOKED:
        story.append(pdf.para(f"本证书已于 {certificate.revoked_on} 撤销：{certificate.revocation_reason}",
                              ParagraphStyle("cert_revoked", parent=small, textColor=colors.red, fontSize=10)))

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#8B1A1A"))
        canvas.setLineWidth(2.2)
        canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
        canvas.setLineWidth(0.6)
        canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(width, height), title=f"职业资格证书 {certificate.number}",
                          author=certificate.issuer, subject=level, creator="ectalent",
                          leftMargin=22 * mm, rightMargin=22 * mm, topMargin=18 * mm, bottomMargin=16 * mm,
                          initialFontName=pdf.FONT)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="certificate", frames=[frame], onPage=decorate)])
    doc.build(story)
    return buffer.getvalue()
