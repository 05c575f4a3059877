"""Set-up: the demo command, the production configuration check and the console command."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from ectalent.core.demo import DEMO_PASSWORD, ORGANISATIONS, USERS

REPO = Path(__file__).resolve().parents[1]


def console_command() -> list[str]:
    """The installed ``ectalent`` script next to the running interpreter, else ``python -m ectalent``."""
    script = Path(sys.executable).parent / "ectalent"
    if script.exists():
        return [str(script)]
    found = shutil.which("ectalent")
    return [found] if found else [sys.executable, "-m", "ectalent"]


def run(args, env_extra=None, timeout=120):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(env_extra or {})
    return subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)


# --- demo ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_command_loads_data_and_prints_the_logins(capsys):
    from ectalent.accounts.models import User
    from ectalent.audit.actions import verify_chain
    from ectalent.registry.models import Organisation, Person

    call_command("demo", people=12)
    out = capsys.readouterr().out
    assert "已载入演示数据" in out
    assert DEMO_PASSWORD in out
    for username, *_ in USERS:
        assert username in out
    from ectalent.subsidies import demo as subsidies_demo
    from ectalent.tracking.demo import DEPARTMENT_USERS

    assert User.objects.count() == len(USERS) + len(DEPARTMENT_USERS) + len(subsidies_demo.USERS)
    assert set(User.objects.values_list("role", flat=True)) >= {row[2] for row in USERS}
    # beyond the demo's organisations: the subsidies demo's units, the tracking pack's department directory and the
    # city governments
    names = [row[0] for row in ORGANISATIONS]
    assert Organisation.objects.filter(name__in=names).count() == len(ORGANISATIONS)
    extra = Organisation.objects.exclude(name__in=names).exclude(name__in=[o[0] if isinstance(o, (tuple, list)) else getattr(o, "name", o) for o in subsidies_demo.ORGS])
    assert set(extra.values_list("kind", flat=True)) <= {"government"}
    assert Person.objects.count() == 12 + subsidies_demo.PEOPLE
    applicant = User.objects.get(username="applicant")
    assert applicant.person is not None and applicant.check_password(DEMO_PASSWORD)
    assert verify_chain().ok


@pytest.mark.django_db
def test_demo_data_is_valid_for_the_platform_validators():
    from ectalent.registry.models import Organisation, Person

    call_command("demo", people=12, quiet_logins=True)
    for person in Person.objects.all():
        person.full_clean()
    for org in Organisation.objects.all():
        org.full_clean()


@pytest.mark.django_db
def test_demo_command_twice_is_idempotent(capsys):
    from ectalent.accounts.models import User
    from ectalent.audit.models import AuditEvent
    from ectalent.registry.models import Organisation, Person

    call_command("demo", people=12)
    counts = (User.objects.count(), Organisation.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    capsys.readouterr()
    call_command("demo", people=12)
    out = capsys.readouterr().out
    assert "已存在" in out
    assert DEMO_PASSWORD in out  # the logins are printed again
    assert (User.objects.count(), Organisation.objects.count(), Person.objects.count(),
            AuditEvent.objects.count()) == counts


@pytest.mark.django_db
def test_demo_logins_work(client):
    call_command("demo", people=6, quiet_logins=True)
    response = client.post("/accounts/login/", {"username": "yw_county", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


# --- production settings -------------------------------------------------------------------------


def production_env(tmp_path) -> dict:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "ectalent.settings",
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run([*console_command(), "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output.upper().replace("--FAIL-LEVEL WARNING", "")
    assert "no issues" in output


def test_check_deploy_security_checks_are_clean_with_production_settings(tmp_path):
    result = run([*console_command(), "check", "--deploy", "--tag", "security", "--fail-level", "WARNING"],
                 production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "security.W" not in output
    assert "no issues" in output


def test_production_settings_refuse_to_start_without_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run([*console_command(), "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


# --- console command -----------------------------------------------------------------------------


def test_console_command_help_lists_the_platform_commands():
    result = run([*console_command(), "--help"])
    assert result.returncode == 0, result.stderr
    for command in ("migrate", "demo", "audit"):
        assert command in result.stdout


def test_python_dash_m_ectalent_works():
    result = run([sys.executable, "-m", "ectalent", "help", "audit"])
    assert result.returncode == 0, result.stderr
    assert "verify" in result.stdout


# --- quick start and packaging ---------------------------------------------------------------------


@pytest.mark.parametrize(("addr", "url"), [
    ("", "http://127.0.0.1:8000/"),
    ("8080", "http://127.0.0.1:8080/"),
    ("192.0.2.7:9000", "http://192.0.2.7:9000/"),
    ("0.0.0.0:8001", "http://0.0.0.0:8001/"),
])
def test_quick_start_prints_the_address_it_serves_on(addr, url):
    """start.sh prints the URL from the same variable it passes to runserver (not always 127.0.0.1:8000)."""
    script = (REPO / "scripts" / "start.sh").read_text()
    assert 'runserver "$ECTALENT_SERVE_ADDR"' in script and "$ECTALENT_SERVE_URL" in script
    env = {"ECTALENT_ADDR": addr} if addr else {}
    result = run(["bash", "-c", 'source scripts/_addr.sh; echo "$ECTALENT_SERVE_ADDR"; echo "$ECTALENT_SERVE_URL"'], env)
    served, banner = result.stdout.splitlines()
    assert banner.startswith(url)
    assert f"http://{served}/" == url


def test_pyproject_license_is_an_spdx_expression_and_the_font_is_vendored():
    import glob
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert isinstance(project["license"], str)  # the table form is deprecated by setuptools
    for pattern in project["license-files"]:
        assert glob.glob(str(REPO / pattern)), pattern
    assert not any("paperang" in d for d in project["dependencies"])
    assert (REPO / "ectalent/core/fonts/NotoSansSC-Regular-GBK.ttf").stat().st_size < 10 * 1024 * 1024
    assert "Open Font License" in (REPO / "ectalent/core/fonts/LICENSE-NotoSansSC.txt").read_text()
