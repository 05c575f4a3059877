"""Certificates: the centre's and officials' list and detail (PDF, revocation), the holder's own certificates, and
the public verification page (by number, by name + ID number, or from the QR code), rate-limited against scraping."""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from ectalent.core.errors import error_text
from ectalent.core.uploads import content_disposition
from ectalent.core.masking import mask_id_number, mask_name

from .. import certificates as certs
from ..choices import CertificateStatus, Level
from ..models import Certificate

# ---------------------------------------------------------------- rate limiting

DEFAULT_RATE_LIMIT = 20  # lookups
DEFAULT_RATE_WINDOW = 600  # seconds


def _int_setting(name: str, default: int) -> int:
    try:
        return int(certs._setting(name, default))
    except (TypeError, ValueError):
        return default


def rate_limit() -> tuple[int, int]:
    """(lookups allowed, window in seconds): ``ECTALENT_VERIFY_RATE_LIMIT`` / ``ECTALENT_VERIFY_RATE_WINDOW``."""
    return _int_setting("ECTALENT_VERIFY_RATE_LIMIT", DEFAULT_RATE_LIMIT), \
        _int_setting("ECTALENT_VERIFY_RATE_WINDOW", DEFAULT_RATE_WINDOW)


def client_ip(request) -> str:
    """REMOTE_ADDR, or the header a trusted reverse proxy sets (``ECTALENT_CLIENT_IP_HEADER``, e.g. ``HTTP_X_REAL_IP``);
    the first address of a comma-separated list."""
    header = certs._setting("ECTALENT_CLIENT_IP_HEADER")
    value = (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR") or "unknown"
    return value.split(",")[0].strip()


def _hit(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def over_limit(request) -> bool:
    """Count one lookup for the client's IP and (if it has one) its session; True once either passes the limit.
    Fixed windows in the default cache (LocMem per process; a shared cache such as Redis in production)."""
    limit, window = rate_limit()
    if limit <= 0:
        return False
    keys = ["ectalent:verify:ip:" + hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]]
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        keys.append("ectalent:verify:session:" + hashlib.sha256(session_key.encode()).hexdigest()[:32])
    counts = [_hit(key, window) for key in keys]
    return max(counts) > limit


def _too_many(request):
    limit, window = rate_limit()
    minutes = max(1, window // 60)
    response = render(request, "certification/certificates/verify.html", {
        "rate_limited": True,
        "rate_message": _("查询过于频繁：每 %(minutes)s 分钟最多查询 %(limit)s 次，请稍后再试。（为防止批量抓取，证书查询按来源地址和会话限制频率。）") % {"minutes": minutes, "limit": limit},
        "verify_url": certs.verification_url(),
    }, status=429)
    response["Retry-After"] = str(window)
    return response


# ---------------------------------------------------------------- public presentation

def public_view(certificate: Certificate) -> dict:
    """What the public page shows of a certificate: holder and ID masked, never the full values."""
    return {
        "number": certificate.number,
        "holder": mask_name(certificate.person.name),
        "id_masked": mask_id_number(certificate.person.id_number),
        "level": certs.level_name(certificate.level),
        "directions": certs.direction_names(certificate.level, certificate.directions),
        "issued_on": certificate.issued_on,
        "issuer": certificate.issuer,
        "revoked": certificate.status == CertificateStatus.REVOKED,
        "status": certificate.get_status_display(),
        "revoked_on": certificate.revoked_on,
        "revocation_reason": certificate.revocation_reason,
    }


PUBLIC_FIELDS = ("number", "level", "directions", "issued_on", "issuer", "status", "revoked_on", "revocation_reason",
                 "person__name", "person__id_number")

CHECK_HELP = _l("证书编号共 14 位：ZJ + 等级字母（A 助理电子商务师、S 电子商务师、G 高级电子商务师、M 电子商务职业经理人）"
              " + 4 位年份 + 6 位序号 + 1 位校验位（0–9 或 X）。校验位按 ISO 7064 MOD 11-2（与居民身份证号相同的算法）"
              "由前面各位算出：输错任一位或颠倒相邻两位，校验都不会通过。")


class NameIdForm(forms.Form):
    name = forms.CharField(label=_l("姓名"), max_length=64)
    id_number = forms.CharField(label=_l("身份证号"), max_length=18, min_length=15)

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_id_number(self):
        return self.cleaned_data["id_number"].strip().upper()


@csrf_protect
@require_http_methods(["GET", "POST", "HEAD"])
def verify(request):
    """证书查询: ``?n=`` by number; POST name + ID number (kept out of URLs and access logs); ``?n=&p=&s=&k=`` from
    the QR code. Every lookup counts against the rate limit."""
    params = request.GET
    number_text = (params.get("n") or "").strip()
    is_qr = bool(params.get("p") or params.get("s"))
    is_person = request.method == "POST"
    context = {"verify_url": certs.verification_url(), "check_help": CHECK_HELP, "number_text": number_text,
               "form": NameIdForm(request.POST or None) if is_person else NameIdForm(),
               "public_key_url": certs.public_base_url() + certs.VERIFY_PATH + "public-key"}
    if not (number_text or is_qr or is_person):
        return render(request, "certification/certificates/verify.html", context)
    if over_limit(request):
        return _too_many(request)

    if is_person:
        form = context["form"]
        context["mode"] = "person"
        if form.is_valid():
            found = (Certificate.objects.select_related("person")
                     .filter(person__name=form.cleaned_data["name"], person__id_number=form.cleaned_data["id_number"])
                     .order_by("-issued_on", "-id"))
            context["results"] = [public_view(c) for c in found]
            if not found:
                # The same answer whether or not the ID number exists: nothing about an ID without its name.
                context["not_found"] = _("未查到与该姓名和身份证号同时相符的证书。请核对姓名（与身份证一致）和 18 位身份证号。")
        return render(request, "certification/certificates/verify.html", context)

    if is_qr:
        check = certs.verify_signed(params)
        context["mode"] = "qr"
        context["signature"] = check
        if check.valid:
            context["signed"] = check.payload
            number_text = number_text or check.number
    else:
        context["mode"] = "number"

    checked = certs.validate_number(number_text)
    context["number"] = checked.number
    if not checked.ok:
        context["number_problem"] = checked.message
        return render(request, "certification/certificates/verify.html", context)
    # (the unique number's index, no sort, only the columns the public view shows)
    certificate = next(iter(Certificate.objects.select_related("person").only(*PUBLIC_FIELDS)
                            .filter(number=checked.number).order_by()[:1]), None)
    if certificate is None:
        context["not_found"] = (_("未查到编号为 %(number)s 的证书。编号的校验位正确，说明不是简单的输入错误；请确认证书由浙江省商务厅培训认证中心颁发，或向发证机构核实。") % {"number": checked.number})
    else:
        context["results"] = [public_view(certificate)]
    return render(request, "certification/certificates/verify.html", context)


def public_key(request):
    """The signing public key as PEM (``?format=json`` or ``Accept: application/json``: the JSON document)."""
    wants_json = request.GET.get("format") == "json" or (
        "application/json" in request.headers.get("Accept", "") and "text/html" not in request.headers.get("Accept", ""))
    if wants_json:
        return public_key_json(request)
    response = HttpResponse(certs.public_key_pem(), content_type="application/x-pem-file; charset=utf-8")
    response["Content-Disposition"] = content_disposition("ectalent-certificate-signing-key.pem", inline=True)
    response["X-Key-Id"] = certs.key_id_of(certs.public_key())
    return response


def public_key_json(request):
    response = HttpResponse(json.dumps(certs.public_key_document(), ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    return response


# ---------------------------------------------------------------- staff and holders

class RevokeForm(forms.Form):
    reason = forms.CharField(label=_l("撤销原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("请填写撤销原因"))
        return reason


@login_required
def certificate_list(request):
    qs = Certificate.objects.visible_to(request.user).select_related("person", "application__session")
    q = (request.GET.get("q") or "").strip()
    status = request.GET.get("status", "")
    level = request.GET.get("level", "")
    if q:
        qs = qs.filter(Q(number__icontains=certs.normalise_number(q)) | Q(person__name__contains=q)
                       | Q(application__session__code=q))
    if status in CertificateStatus.values:
        qs = qs.filter(status=status)
    if level in Level.values:
        qs = qs.filter(level=level)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "certification/certificates/list.html", {
        "page": page, "q": q, "status": status, "level": level,
        "statuses": CertificateStatus.choices, "levels": Level.choices,
    })


@login_required
def my_certificates(request):
    person_id = getattr(request.user, "person_id", None)
    qs = Certificate.objects.filter(person_id=person_id) if person_id else Certificate.objects.none()
    rows = [(c, certs.direction_names(c.level, c.directions)) for c in qs.select_related("person")]
    return render(request, "certification/certificates/mine.html", {"rows": rows})


@login_required
def certificate_detail(request, pk):
    certificate = get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related("person", "application__session"), pk=pk)
    return render(request, "certification/certificates/detail.html", {
        "certificate": certificate,
        "directions": certs.direction_names(certificate.level, certificate.directions),
        "id_masked": mask_id_number(certificate.person.id_number),
        "can_revoke": certs.can_revoke(request.user) and certificate.status == CertificateStatus.VALID,
        "revoke_form": RevokeForm(),
        "qr_text": certs.qr_text(certificate),
    })


@login_required
def certificate_pdf(request, pk):
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user).select_related("person"), pk=pk)
    data = certs.certificate_pdf(certificate)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"职业资格证书-{certificate.number}.pdf"
    response["Content-Disposition"] = content_disposition(filename, inline=True)
    return response


@login_required
@require_POST
def certificate_revoke(request, pk):
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user), pk=pk)
    if not certs.can_revoke(request.user):
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤销原因。"))
        return redirect("certification:certificate-detail", pk=pk)
    try:
        certs.revoke(certificate, form.cleaned_data["reason"], acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("证书 %(number)s 已撤销。") % {"number": certificate.number})
    return redirect("certification:certificate-detail", pk=pk)

