"""The certificate QR code and the printed verification address point to where the platform is served (the request's
address unless ECTALENT_PUBLIC_BASE_URL is set); `certificate verify-qr` reports a QR that points elsewhere."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ectalent.certification import certificates as certs
from ectalent.core import pdf
from ectalent.core.public_url import public_base_url

from .test_certificates import issue_one


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    settings.ECTALENT_SIGNING_KEY = None
    settings.ECTALENT_PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["*"]
    monkeypatch.delenv("ECTALENT_PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("ECTALENT_SERVE_URL", raising=False)


def test_unconfigured_qr_and_pdf_use_the_address_the_request_came_to(world, login):
    cert = issue_one(world)
    client = login(world.users["zj_centre"])
    page = client.get(reverse("certification:certificate-detail", args=[cert.pk]), HTTP_HOST="10.1.2.3:8080")
    assert page.context["qr_text"].startswith("http://10.1.2.3:8080/certification/verify/?n=" + cert.number)
    assert "127.0.0.1:8000" not in page.content.decode()
    data = client.get(reverse("certification:certificate-pdf", args=[cert.pk]), HTTP_HOST="10.1.2.3:8080").content
    text = re.sub(r"\s+", "", pdf.page_texts(data)[0])
    assert "http://10.1.2.3:8080/certification/verify/" in text and "127.0.0.1:8000" not in text
    verify = client.get(reverse("certification:verify"), HTTP_HOST="ectalent.local")
    assert "http://ectalent.local/certification/verify/" in verify.content.decode()


def test_the_setting_wins_and_outside_a_request_the_served_address(world, settings, monkeypatch):
    cert = issue_one(world)
    monkeypatch.setenv("ECTALENT_SERVE_URL", "http://0.0.0.0:8103/ （所有网络接口）")
    assert public_base_url() == "http://127.0.0.1:8103"
    assert certs.qr_text(cert).startswith("http://127.0.0.1:8103/certification/verify/")
    settings.ECTALENT_PUBLIC_BASE_URL = "https://ectalent.example.gov.cn/"
    assert certs.qr_text(cert).startswith("https://ectalent.example.gov.cn/certification/verify/?n=")


def test_verify_qr_reports_a_qr_pointing_to_another_host(world, settings, tmp_path, capsys):
    settings.ECTALENT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    cert = issue_one(world)
    old_qr = certs.qr_text(cert)  # made before the public address was configured
    key_file = tmp_path / "portal-key.pem"
    key_file.write_text(certs.public_key_pem())
    settings.ECTALENT_PUBLIC_BASE_URL = "https://ectalent.example.gov.cn"
    with pytest.raises(CommandError, match="不是本平台的核验地址"):
        call_command("certificate", "verify-qr", old_qr, "--public-key", str(key_file))
    assert "签名有效" in capsys.readouterr().out  # the signature itself is still good
    good = certs.qr_text(cert)
    call_command("certificate", "verify-qr", good, "--public-key", str(key_file))
    assert "host OK" in capsys.readouterr().out
    call_command("certificate", "verify-qr", old_qr, "--public-key", str(key_file), "--base-url", "http://127.0.0.1:8000")
