"""The English catalogue: complete, consistent with its msgids, and actually used when English is chosen.

Simplified Chinese is the source language (msgids) and the default; English is selected by the ``django_language``
cookie, ``Accept-Language: en`` or a POST to ``/i18n/setlang/``.
"""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from ectalent.core.validators import validate_id_number

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# Placeholders that must survive translation unchanged: %(name)s / %(n)d / %(size).1f, %%, {name}, HTML tags.
PLACEHOLDER = re.compile(r"%\([A-Za-z_]+\)[-+ #0.\d]*[sdifr]|%%|\{[A-Za-z_]*\}|<[^>]+>")
HAN = re.compile(r"[\u4e00-\u9fff]")
# Chinese that is deliberately kept in English text: legal document numbers such as 浙商务电商发〔2014〕93号, and
# quoted words a user must type as they are (a spreadsheet's Chinese column names: “身份证号”).
KEPT_CHINESE = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号|“[^”]*”")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO_PATH))


def _msgstrs(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


# --- (a) the catalogue itself --------------------------------------------------------------


def test_catalogue_has_no_untranslated_or_fuzzy_entries(catalogue):
    assert len(catalogue) > 0
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    obsolete = [e.msgid for e in catalogue.obsolete_entries()]
    assert untranslated == [], f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert obsolete == []
    assert catalogue.percent_translated() == 100


def test_plural_entries_have_both_english_forms(catalogue):
    plurals = [e for e in catalogue if e.msgid_plural]
    assert plurals, "the templates use {% blocktranslate count %}; expected plural entries"
    for e in plurals:
        forms = _msgstrs(e)
        assert len(forms) == 2 and all(f.strip() for f in forms), e.msgid
        assert forms[0] != forms[1], f"singular and plural are identical for {e.msgid!r}"


def test_translations_are_english_and_keep_placeholders(catalogue):
    for e in catalogue:
        sources = [e.msgid, e.msgid_plural or e.msgid]
        for source, text in zip(sources, _msgstrs(e), strict=False):
            assert text != source, f"msgstr equals the Chinese msgid: {source!r}"
            assert not HAN.search(KEPT_CHINESE.sub("", text)), f"Chinese left in translation of {source!r}: {text!r}"
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                f"placeholder mismatch in {source!r}: {text!r}"
            )


def test_compiled_catalogue_is_current(catalogue):
    assert MO_PATH.exists(), "run: ectalent compilemessages -l en"
    compiled = polib.mofile(str(MO_PATH))
    assert {(e.msgctxt, e.msgid): e.msgstr for e in compiled if not e.msgid_plural and e.msgid} == {
        (e.msgctxt, e.msgid): e.msgstr for e in catalogue if not e.msgid_plural
    }


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext msgfmt not installed")
def test_msgfmt_check_passes(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(PO_PATH)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# --- (b) pages render in the chosen language -----------------------------------------------


@pytest.mark.django_db
def test_login_page_defaults_to_chinese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录" in html and "密码" in html
    assert "Log in" not in html and "Password" not in html


@pytest.mark.django_db
def test_login_page_in_english_with_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html and "Password" in html and "Username" in html
    assert "E-commerce Talent Development and Evaluation Platform" in html
    assert "密码" not in html


@pytest.mark.django_db
def test_login_page_in_english_with_accept_language(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in" in html and "Password" in html


@pytest.mark.django_db
def test_setlang_switches_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/accounts/login/").content.decode()
    assert "Log in" in html and "Password" in html

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert "登录" in html and "Password" not in html


@pytest.mark.django_db
def test_english_plural_forms_render():
    from django.template import Context, Template

    template = Template("{% load i18n %}{% blocktranslate count n=n %}共 {{ n }} 人{% plural %}共 {{ n }} 人{% endblocktranslate %}")
    with translation.override("en"):
        assert template.render(Context({"n": 1})) == "1 person in total"
        assert template.render(Context({"n": 5})) == "5 people in total"
    with translation.override("zh-hans"):
        assert template.render(Context({"n": 5})) == "共 5 人"


# --- (c) validation messages -----------------------------------------------------------------


def test_id_number_error_in_english():
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        validate_id_number("123")
    message = " ".join(excinfo.value.messages)
    assert "ID number" in message and "18" in message and "3" in message
    assert not HAN.search(message)


def test_id_number_error_in_chinese_by_default():
    with translation.override(settings.LANGUAGE_CODE), pytest.raises(ValidationError) as excinfo:
        validate_id_number("123")
    assert "居民身份证号应为18位，当前为3位。" in excinfo.value.messages
