"""Certificates: numbers with a check character, issuance from published results, the signed QR on a PDF that is
rasterised and read back, revocation, the public verification page and its rate limit, the offline command."""

import base64
import datetime
import json
import os
import re
import stat

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ectalent.audit.models import AuditEvent
from ectalent.certification import certificates as certs
from ectalent.certification.choices import CertificateStatus, Level, SessionStatus
from ectalent.certification.models import CertApplication, Certificate, ExamSession, Result
from ectalent.core import pdf
from ectalent.registry.tests.factories import make_person

ISSUED = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """A fresh signing key file per test (under a temporary DATA_DIR) and an empty rate-limit cache."""
    settings.DATA_DIR = tmp_path
    settings.ECTALENT_SIGNING_KEY = None
    settings.ECTALENT_PUBLIC_BASE_URL = "https://ectalent.example.gov.cn"
    cache.clear()
    yield
    cache.clear()


_codes = iter(range(1, 10_000))


def make_session(world, level=Level.ASSISTANT, **extra):
    n = next(_codes)
    return ExamSession.objects.create(
        code=f"T{n:04d}", name=f"测试批次{n}", level=level,
        directions=["customer_service", "visual_design", "warehousing"] if level == Level.ASSISTANT else [],
        applications_open=datetime.date(2025, 3, 1), applications_close=datetime.date(2025, 3, 31),
        exam_starts=datetime.date(2025, 5, 10), exam_ends=datetime.date(2025, 5, 11), places=100,
        status=SessionStatus.RESULTS_PUBLISHED, created_by=world.users["zj_centre"], **extra,
    )


def make_result(world, session, person, *, passed=True, published=True, directions=(), carried=()):
    application = CertApplication.objects.create(session=session, person=person, directions=list(directions),
                                                 submitted_by=world.users["zj_centre"])
    Result.objects.create(application=application, passed=passed, published=published,
                          passed_directions=list(directions), carried_directions=list(carried))
    return application


def issue_one(world, person=None, level=Level.ASSISTANT, directions=("customer_service", "visual_design")):
    session = make_session(world, level)
    make_result(world, session, person or world.people.yiwu, directions=directions)
    [certificate] = certs.issue_for_session(session, world.users["zj_centre"], on=ISSUED)
    return certificate


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- numbers

def test_number_format_and_check_character_worked_example():
    # the worked example of docs/certificates.md
    assert certs.check_digits("ZJA2025000123") == "12025000123"
    assert certs.check_char("ZJA2025000123") == "0"
    assert certs.format_number(Level.ASSISTANT, 2025, 123) == "ZJA20250001230"
    assert certs.format_number(Level.SPECIALIST, 2025, 1).startswith("ZJS2025000001")
    assert certs.format_number(Level.SENIOR, 2014, 7)[:3] == "ZJG"
    assert certs.format_number(Level.MANAGER, 2014, 7)[:3] == "ZJM"
    for level in Level.values:
        for seq in (1, 9, 10, 999_999):
            assert certs.validate_number(certs.format_number(level, 2025, seq)).ok
    # a check value of 10 is written X, as in the ID number
    assert any(certs.format_number(Level.ASSISTANT, 2025, s).endswith("X") for s in range(1, 30))


def test_mistyped_numbers_fail_the_check_character():
    good = certs.format_number(Level.ASSISTANT, 2025, 123)
    assert certs.validate_number(" zja 2025-000123 0 ").ok  # spaces, hyphens, case
    assert certs.validate_number("ＺＪＡ" + good[3:]).ok  # full-width letters typed with a Chinese IME
    for i in range(2, 14):  # every single wrong character
        for c in "0123456789XASGM":
            if c != good[i]:
                wrong = good[:i] + c + good[i + 1:]
                assert not certs.validate_number(wrong).ok, wrong
    for i in range(2, 13):  # every swap of neighbours
        swapped = good[:i] + good[i + 1] + good[i] + good[i + 2:]
        if swapped != good:
            assert not certs.validate_number(swapped).ok, swapped
    mistyped = good[:-2] + ("0" if good[-2] != "0" else "1") + good[-1]
    result = certs.validate_number(mistyped)
    assert result.problem == "check" and "输错" in result.message
    short = certs.validate_number("ZJA2025")
    assert short.problem == "format" and "14 位" in short.message


# ---------------------------------------------------------------- issuance

def test_issue_for_session_only_published_passed_results(world):
    session = make_session(world)
    people = world.people
    a = make_result(world, session, people.yiwu, directions=["customer_service", "visual_design"])
    b = make_result(world, session, people.wucheng, directions=["customer_service", "visual_design", "warehousing"],
                    carried=["warehousing"])
    make_result(world, session, people.hangzhou, published=False, directions=["customer_service", "warehousing"])
    make_result(world, session, people.jiangsu, passed=False, directions=["customer_service"])
    before = AuditEvent.objects.count()

    issued = certs.issue_for_session(session, world.users["zj_centre"], on=ISSUED)

    assert sorted(c.application_id for c in issued) == sorted([a.pk, b.pk])
    assert Certificate.objects.filter(application__session=session).count() == 2
    first, second = sorted(issued, key=lambda c: c.number)
    assert first.number[:7] == second.number[:7] == "ZJA2025"
    assert first.number != second.number  # random serials (issue 9.9: not enumerable), unique
    assert all(certs.validate_number(c.number).ok for c in issued)
    carried = Certificate.objects.get(application=b)
    assert carried.directions == ["customer_service", "visual_design", "warehousing"]  # carried direction named
    assert carried.payload["directions"] == ["网络客服", "美工设计", "仓储物流"]
    assert carried.payload["id_masked"] == people.wucheng.id_number[:6] + "********" + people.wucheng.id_number[-4:]
    assert carried.payload["name_masked"] == "测**丙"
    assert carried.issuer == "浙江省商务厅培训认证中心" and carried.issued_on == ISSUED
    assert carried.key_id == certs.key_id_of(certs.public_key())
    assert AuditEvent.objects.count() == before + 2
    assert AuditEvent.objects.filter(object_type="certification.certificate", object_id=str(carried.pk)).exists()
    # running again issues nothing new
    assert certs.issue_for_session(session, world.users["zj_centre"]) == []


def test_senior_certificate_names_no_direction_and_numbers_continue_per_level_and_year(world):
    senior = make_session(world, Level.SENIOR)
    make_result(world, senior, world.people.yiwu, directions=["x"])
    [cert] = certs.issue_for_session(senior, world.users["zj_centre"], on=ISSUED)
    assert cert.number.startswith("ZJG2025") and cert.directions == [] and cert.payload["directions"] == []
    assert cert.payload["level"] == "高级电子商务师"
    later = make_session(world, Level.SENIOR)
    make_result(world, later, world.people.wucheng)
    [next_cert] = certs.issue_for_session(later, world.users["zj_centre"], on=ISSUED)
    assert next_cert.number.startswith("ZJG2025") and next_cert.number != cert.number  # random serial, same prefix


# ---------------------------------------------------------------- keys

def test_signing_key_file_is_created_private_and_env_key_wins(settings, tmp_path):
    key = certs.signing_key()
    path = certs.key_file_path()
    assert path.parent == tmp_path / "keys" and path.is_file()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert certs.signing_key() is key  # loaded once
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    other = Ed25519PrivateKey.generate()
    settings.ECTALENT_SIGNING_KEY = base64.b64encode(other.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()
    assert certs.key_id_of(certs.public_key()) == certs.key_id_of(other.public_key())
    settings.ECTALENT_SIGNING_KEY = other.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    assert certs.key_id_of(certs.public_key()) == certs.key_id_of(other.public_key())


def test_public_key_endpoint_publishes_pem_and_json(client):
    response = client.get("/certification/verify/public-key")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/x-pem-file")
    pem = response.content.decode()
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert pem == certs.public_key_pem()
    doc = client.get(reverse("certification:verify-public-key-json")).json()
    assert doc["algorithm"] == "Ed25519" and doc["public_key_pem"] == pem
    assert doc["key_id"] == certs.key_id_of(certs.public_key()) and len(doc["key_id"]) == 16
    assert client.get("/certification/verify/public-key?format=json").json()["key_id"] == doc["key_id"]


# ---------------------------------------------------------------- the PDF, read back

def test_pdf_renders_chinese_and_its_qr_verifies_with_the_published_key(world, client, tmp_path):
    import zxingcpp

    person = world.people.yiwu
    cert = issue_one(world, person)
    data = certs.certificate_pdf(cert)
    assert data.startswith(b"%PDF") and pdf.page_count(data) == 1

    text = _flat(pdf.page_texts(data)[0])
    masked = person.id_number[:6] + "********" + person.id_number[-4:]
    for expected in ("职业资格证书", "助理电子商务师", person.name, masked, "网络客服、美工设计", cert.number,
                     "2025年7月1日", "浙江省商务厅培训认证中心", "核验方式"):
        assert _flat(expected) in text, expected
    assert person.id_number not in text  # never the full ID number
    assert all(pdf.embedded_fonts(data).values())

    image = pdf.render_page(data, scale=2)
    assert pdf.ink_ratio(image) > 0.02
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1 and results[0].format == zxingcpp.BarcodeFormat.QRCode
    qr = results[0].text
    assert qr == certs.qr_text(cert)
    assert qr.startswith("https://ectalent.example.gov.cn/certification/verify/?n=" + cert.number)

    # verify offline with the key the portal publishes (fetched over HTTP), using only `cryptography`
    from cryptography.hazmat.primitives.serialization import load_pem_public_key
    from urllib.parse import parse_qs, urlsplit

    published = load_pem_public_key(client.get("/certification/verify/public-key").content)
    params = {k: v[0] for k, v in parse_qs(urlsplit(qr).query).items()}
    assert params["k"] == client.get("/certification/verify/public-key.json").json()["key_id"]

    def unb64(s):
        return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))

    payload = unb64(params["p"])
    published.verify(unb64(params["s"]), payload)  # raises if invalid
    assert json.loads(payload)["number"] == cert.number
    assert certs.verify_qr_text(qr, published).valid

    # a tampered payload does not verify
    from cryptography.exceptions import InvalidSignature

    forged = payload.replace("助理电子商务师".encode(), "电子商务师".encode())
    assert forged != payload
    with pytest.raises(InvalidSignature):
        published.verify(unb64(params["s"]), forged)
    tampered = qr.replace(params["p"], base64.urlsafe_b64encode(forged).rstrip(b"=").decode())
    check = certs.verify_qr_text(tampered, published)
    assert not check.valid and "篡改" in check.message


def test_pdf_is_downloadable_by_staff_and_holder_only(world, login):
    cert = issue_one(world, world.people.applicant)
    url = reverse("certification:certificate-pdf", args=[cert.pk])
    for username, status in (("zj_centre", 200), ("jh_city", 200), ("applicant", 200), ("hz_city", 404)):
        response = login(world.users[username]).get(url)
        assert response.status_code == status, username
        if status == 200:
            assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert login(None).get(url).status_code == 302


# ---------------------------------------------------------------- the public verification page

def test_qr_landing_says_signature_valid_and_tampered_invalid(world, client):
    cert = issue_one(world)
    qr = certs.qr_text(cert)
    path = qr.split("ectalent.example.gov.cn", 1)[1]
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 200
    assert "签名有效" in body and cert.number in body and "有效" in body
    assert cert.person.id_number not in body and cert.person.name not in body  # masked only

    params = dict(p.split("=", 1) for p in path.split("?", 1)[1].split("&"))
    payload = json.loads(base64.urlsafe_b64decode(params["p"] + "=" * (-len(params["p"]) % 4)))
    payload["directions"] = ["网络客服", "美工设计", "仓储物流"]  # claim one direction more
    forged = base64.urlsafe_b64encode(certs.canonical_json(payload)).rstrip(b"=").decode()
    body = client.get(path.replace(params["p"], forged)).content.decode()
    assert "签名无效" in body and "签名有效" not in body and "篡改" in body


def test_lookup_by_number_and_mistyped_number(world, client):
    cert = issue_one(world)
    body = client.get("/certification/verify/", {"n": cert.number.lower()}).content.decode()
    assert 'data-certificate="%s"' % cert.number in body
    assert "助理电子商务师" in body and "网络客服、美工设计" in body and "2025年7月1日" in body
    masked = cert.person.id_number[:6] + "********" + cert.person.id_number[-4:]
    assert masked in body and cert.person.id_number not in body

    wrong = cert.number[:-2] + ("0" if cert.number[-2] != "0" else "1") + cert.number[-1]
    body = client.get("/certification/verify/", {"n": wrong}).content.decode()
    assert 'id="number-problem"' in body and "校验位不符" in body and "输错" in body and "MOD 11-2" in body

    unknown = certs.format_number(Level.MANAGER, 2099, 999_999)
    body = client.get("/certification/verify/", {"n": unknown}).content.decode()
    assert 'id="not-found"' in body and "校验位正确" in body and "校验位" in body


def test_revoked_certificate_shows_revoked_with_date_and_reason(world, client, login):
    cert = issue_one(world)
    with pytest.raises(PermissionDenied):
        certs.revoke(cert, "考试作弊", world.users["zj_province"])
    with pytest.raises(ValidationError):
        certs.revoke(cert, "  ", world.users["zj_centre"])
    revoked = certs.revoke(cert, "考试作弊，成绩取消", world.users["zj_centre"], on=datetime.date(2025, 9, 3))
    assert revoked.status == CertificateStatus.REVOKED and revoked.revoked_on == datetime.date(2025, 9, 3)
    with pytest.raises(ValidationError):  # compare-and-set: only once
        certs.revoke(cert, "再次", world.users["zj_centre"])
    assert AuditEvent.objects.filter(object_type="certification.certificate", object_id=str(cert.pk),
                                     action="transition").count() == 1

    for response in (client.get("/certification/verify/", {"n": cert.number}),
                     client.get(certs.qr_text(cert).split("gov.cn", 1)[1])):
        body = response.content.decode()
        assert "已撤销" in body and "2025年9月3日" in body and "考试作弊，成绩取消" in body
        assert 'id="not-found"' not in body

    # through the web: the centre's revoke form
    other = issue_one(world, world.people.wucheng)
    centre = login(world.users["zj_centre"])
    detail = centre.get(reverse("certification:certificate-detail", args=[other.pk])).content.decode()
    assert "撤销证书" in detail
    response = centre.post(reverse("certification:certificate-revoke", args=[other.pk]), {"reason": "证明材料虚假"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == CertificateStatus.REVOKED and other.revocation_reason == "证明材料虚假"
    city = login(world.users["jh_city"])
    assert city.post(reverse("certification:certificate-revoke", args=[cert.pk]), {"reason": "x"}).status_code == 403


def test_lookup_by_name_and_id_number(world, client):
    person = world.people.yiwu
    cert = issue_one(world, person)
    response = client.post("/certification/verify/", {"name": person.name, "id_number": person.id_number.lower()})
    body = response.content.decode()
    assert response.status_code == 200 and f'data-certificate="{cert.number}"' in body and "有效" in body
    assert person.id_number not in body and person.id_number[:6] + "********" in body  # shown masked only

    # an existing ID number with the wrong name answers exactly like an unknown ID number
    wrong_name = client.post("/certification/verify/", {"name": "不是本人", "id_number": person.id_number}).content.decode()
    other = make_person("330782", name="无证人")
    unknown = client.post("/certification/verify/", {"name": "不是本人", "id_number": other.id_number}).content.decode()
    alerts = []
    for body in (wrong_name, unknown):
        assert f'data-certificate="{cert.number}"' not in body
        alerts.append(re.search(r'<div class="alert[^"]*" role="alert" id="not-found">(.*?)</div>', body, re.S).group(1))
    assert alerts[0] == alerts[1] and "未查到与该姓名和身份证号同时相符的证书" in alerts[0]
    # the name alone or the ID number alone is not a lookup that finds anything
    body = client.post("/certification/verify/", {"name": person.name, "id_number": ""}).content.decode()
    assert f'data-certificate="{cert.number}"' not in body


def test_rate_limit_answers_429_after_the_limit(world, client, settings):
    settings.ECTALENT_VERIFY_RATE_LIMIT = 3
    settings.ECTALENT_VERIFY_RATE_WINDOW = 600
    cert = issue_one(world)
    assert client.get("/certification/verify/").status_code == 200  # the empty form is not a lookup
    for _ in range(3):
        assert client.get("/certification/verify/", {"n": cert.number}).status_code == 200
    response = client.get("/certification/verify/", {"n": cert.number})
    assert response.status_code == 429 and response["Retry-After"] == "600"
    body = response.content.decode()
    assert "查询过于频繁" in body and cert.number not in body.split('id="rate-limited"')[1].split("</div>")[0]
    assert client.post("/certification/verify/", {"name": "x", "id_number": "1" * 18}).status_code == 429
    # another address has its own allowance
    assert client.get("/certification/verify/", {"n": cert.number}, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_rate_limit_counts_the_session_too(world, login, settings):
    settings.ECTALENT_VERIFY_RATE_LIMIT = 2
    cert = issue_one(world)
    browser = login(world.users["applicant"])  # has a session
    for addr in ("10.0.0.1", "10.0.0.2"):
        assert browser.get("/certification/verify/", {"n": cert.number}, REMOTE_ADDR=addr).status_code == 200
    # a new address, same session: still limited
    assert browser.get("/certification/verify/", {"n": cert.number}, REMOTE_ADDR="10.0.0.3").status_code == 429


# ---------------------------------------------------------------- staff pages

def test_certificate_list_is_scoped_and_holder_sees_own(world, login):
    mine = issue_one(world, world.people.applicant)
    hangzhou = issue_one(world, world.people.hangzhou)
    page = login(world.users["jh_city"]).get(reverse("certification:certificate-list")).content.decode()
    assert mine.number in page and hangzhou.number not in page
    page = login(world.users["zj_centre"]).get(reverse("certification:certificate-list"), {"q": mine.number}).content.decode()
    assert mine.number in page and hangzhou.number not in page
    page = login(world.users["applicant"]).get(reverse("certification:my-certificates")).content.decode()
    assert mine.number in page and hangzhou.number not in page and "网络客服、美工设计" in page
    assert login(world.users["hz_city"]).get(reverse("certification:certificate-detail", args=[mine.pk])).status_code == 404


# ---------------------------------------------------------------- the offline command

def test_verify_qr_command_needs_only_the_public_key(world, tmp_path, capsys):
    cert = issue_one(world)
    key_file = tmp_path / "portal-key.pem"
    key_file.write_text(certs.public_key_pem())
    json_file = tmp_path / "portal-key.json"
    json_file.write_text(json.dumps(certs.public_key_document(), ensure_ascii=False))
    qr = certs.qr_text(cert)

    call_command("certificate", "verify-qr", qr, "--public-key", str(key_file))
    out = capsys.readouterr().out
    assert "签名有效" in out and cert.number in out and "网络客服、美工设计" in out
    call_command("certificate", "verify-qr", qr, "--public-key", str(json_file))

    p = re.search(r"[?&]p=([^&]+)", qr).group(1)
    payload = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
    payload["level"] = "高级电子商务师"
    forged = base64.urlsafe_b64encode(certs.canonical_json(payload)).rstrip(b"=").decode()
    with pytest.raises(CommandError, match="签名无效"):
        call_command("certificate", "verify-qr", qr.replace(p, forged), "--public-key", str(key_file))

    # another key (a forger's) is refused
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stranger = tmp_path / "stranger.pem"
    stranger.write_text(certs.public_key_pem(Ed25519PrivateKey.generate().public_key()))
    with pytest.raises(CommandError, match="签名无效"):
        call_command("certificate", "verify-qr", qr, "--public-key", str(stranger))


def test_check_number_command():
    call_command("certificate", "check-number", certs.format_number(Level.ASSISTANT, 2025, 5))
    with pytest.raises(CommandError, match="校验位"):
        good = certs.format_number(Level.ASSISTANT, 2025, 5)
        call_command("certificate", "check-number", good[:-1] + ("1" if good[-1] != "1" else "2"))


# ---------------------------------------------------------------- revoked certificates (issue 8, finding 14)

def test_revoked_certificate_pdf_is_watermarked_void_across_the_page(world):
    cert = issue_one(world)
    assert "作废" not in _flat(pdf.page_texts(certs.certificate_pdf(cert))[0])
    revoked = certs.revoke(cert, "考试作弊", world.users["zj_centre"], on=datetime.date(2025, 9, 3))
    data = certs.certificate_pdf(revoked)
    text = _flat(pdf.page_texts(data)[0])
    assert "已撤销·作废" in text and "本证书已于2025-09-03撤销，不再有效" in text
    assert pdf.page_count(data) == 1
    # the watermark is big: much more ink than on a valid certificate's page
    valid = issue_one(world, world.people.wucheng)
    tinted = pdf.ink_ratio(pdf.render_page(data, scale=1), threshold=245)
    assert tinted > pdf.ink_ratio(pdf.render_page(certs.certificate_pdf(valid), scale=1), threshold=245) + 0.015
    if os.environ.get("ECTALENT_SAVE_PDF_PNG"):
        pdf.render_page(data, scale=1).save(os.environ["ECTALENT_SAVE_PDF_PNG"])


def test_qr_landing_of_revoked_certificate_has_no_green_signature_banner(world, client):
    cert = issue_one(world)
    path = certs.qr_text(cert).split("gov.cn", 1)[1]
    body = client.get(path).content.decode()
    assert "alert-success" in body and "签名有效：签名有效" not in body and body.count("签名有效") == 1
    certs.revoke(cert, "考试作弊", world.users["zj_centre"], on=datetime.date(2025, 9, 3))
    body = client.get(path).content.decode()
    assert "alert-success" not in body and "签名有效" not in body
    assert 'data-revoked="1"' in body and "2025-09-03" in body and "作废" in body
    assert body.index('id="signature-result"') < body.index('data-certificate=')


def test_pass_rate_label_has_no_doubled_percent(world, login):
    from django.conf import settings
    from django.utils import translation

    client = login(world.users["zj_centre"])
    response = client.get(reverse("certification:reports"))
    assert "%%" not in response.content.decode() and response.context["chart"]["rate_label"] == "通过率（%）"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override(settings.LANGUAGE_CODE):  # (the request's language must not leak into other tests)
        response = client.get(reverse("certification:reports"))
    assert "%%" not in response.content.decode() and response.context["chart"]["rate_label"] == "Pass rate (%)"
