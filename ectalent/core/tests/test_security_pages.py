"""Issue 9.1 / 9.11: no debug pages, no /media/, Chinese error pages with the navigation, safe Content-Disposition."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from ectalent.core.uploads import content_disposition

REPO = Path(__file__).resolve().parents[3]
PACKAGE = REPO / "ectalent"


def _boom(request):
    raise RuntimeError("secret detail 12345")


def _denied(request):
    raise PermissionDenied("internal reason")


def _urlpatterns():
    from ectalent.urls import urlpatterns as platform

    return [path("boom/", _boom), path("denied/", _denied), *platform]


urlpatterns = _urlpatterns()
handler403 = "ectalent.core.views.permission_denied"
handler500 = "ectalent.core.views.server_error"


def test_no_media_route_in_any_mode():
    """/media/ was added to the URLs when DEBUG was on (the quick start): every upload by its original name."""
    from ectalent import urls

    assert not any("media" in str(getattr(p, "pattern", "")) for p in urls.urlpatterns)
    assert "static(" not in (PACKAGE / "urls.py").read_text()


@pytest.mark.django_db
def test_404_is_chinese_with_navigation_and_lists_no_urls(world, login):
    client = login(world.users["yw_county"])
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "返回首页" in html
    assert 'aria-label="主导航"' in html and "退出" in html
    assert "URLconf" not in html and "accreditation/" not in html.split("</nav>")[1]


@pytest.mark.django_db
def test_403_and_500_pages_are_chinese_and_hide_the_detail(world, settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(world.users["yw_county"])
    denied = client.get("/denied/")
    assert denied.status_code == 403 and "无权访问" in denied.content.decode()
    assert "internal reason" not in denied.content.decode()
    boom = client.get("/boom/")
    assert boom.status_code == 500
    html = boom.content.decode()
    assert "系统出错" in html and 'aria-label="主导航"' in html
    assert "secret detail" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_csrf_failure_page_is_chinese(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "CSRF verification failed" not in html


def test_quick_start_runs_without_debug():
    script = (REPO / "scripts" / "start.sh").read_text()
    assert 'export DEBUG="${DEBUG:-0}" ECTALENT_QUICKSTART=1' in script
    assert script.index("ECTALENT_QUICKSTART=1") < script.index("runserver")


def test_quick_start_settings_serve_static_files_and_chinese_404_without_debug(tmp_path):
    """In the quick start's mode (DEBUG=0): static files through WhiteNoise, a 404 without the URL list."""
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.test import Client\n"
        "assert settings.DEBUG is False and settings.QUICKSTART\n"
        "c = Client()\n"
        "r = c.get('/static/core/platform.js'); print('static', r.status_code)\n"
        "r = c.get('/no/such/page/'); html = r.content.decode()\n"
        "print('404', r.status_code, '页面不存在' in html, 'URLconf' in html)\n"
        "r = c.get('/media/accreditation/x.pdf'); print('media', r.status_code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")}
    env.update(DEBUG="0", ECTALENT_QUICKSTART="1", ECTALENT_DATA_DIR=str(tmp_path), LANGUAGE_CODE="zh-hans",
               DJANGO_SETTINGS_MODULE="ectalent.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert "static 200" in lines
    assert "404 404 True False" in lines
    assert "media 404" in lines


# --- Content-Disposition ----------------------------------------------------------------------------------


def test_content_disposition_cannot_be_broken_by_the_name():
    value = content_disposition('证书"\r\nSet-Cookie: a=b;.pdf')
    assert "\r" not in value and "\n" not in value
    assert value.startswith("attachment; filename=\"")
    assert "filename*=UTF-8''%E8%AF%81%E4%B9%A6" in value
    assert value.count('"') == 2
    assert content_disposition("a.pdf", inline=True).startswith("inline;")


def test_every_content_disposition_goes_through_the_one_helper():
    """Every programme (today's and those to come) sets the header with core.uploads.content_disposition."""
    offenders = []
    for file in PACKAGE.rglob("*.py"):
        if "tests" in file.parts or file.name == "uploads.py":
            continue
        for number, line in enumerate(file.read_text().splitlines(), 1):
            match = re.search(r"""\[["']Content-Disposition["']\]\s*=\s*(.*)""", line)
            if match and not re.match(r"(content_)?disposition\(", match.group(1)):
                offenders.append(f"{file.relative_to(REPO)}:{number}")
    assert offenders == []
