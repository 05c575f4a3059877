"""Every string marked for translation — in any template or Python module, including pages added later — has its
English text in the committed catalogue.

The strings are extracted the way ``scripts/messages.sh`` does (Django's ``makemessages``, i.e. GNU xgettext), from a
copy of the sources into a temporary directory, so the committed catalogue is never touched. Needs GNU gettext:
``scripts/test.sh`` installs Debian's ``gettext`` package; in CI (``CI`` set) a missing tool fails the test instead of
skipping it.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

PACKAGE = Path(settings.BASE_DIR) / "ectalent"
PO_PATH = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
SKIP_DIRS = {"locale", "static", "fonts", "data", "tests", "migrations", "__pycache__"}


def require_tools(*names):
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        message = f"GNU gettext is not installed ({', '.join(missing)}): apt-get install gettext (scripts/test.sh does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _copy_sources(dest: Path) -> None:
    def ignore(directory, names):
        return [n for n in names if n in SKIP_DIRS or not (Path(directory, n).is_dir() or n.endswith((".py", ".html", ".txt")))]

    shutil.copytree(PACKAGE, dest, ignore=ignore)


def extract_msgids(tmp_path: Path, extra_files: dict[str, str] | None = None) -> set[str]:
    """The msgids ``makemessages`` finds in the sources now (templates and Python), plus ``extra_files``."""
    src = tmp_path / "src" / "ectalent"
    _copy_sources(src)
    for name, text in (extra_files or {}).items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    (src / "locale").mkdir()
    (tmp_path / "extract_settings.py").write_text(
        "from ectalent.settings import *  # noqa: F403\n"
        f"LOCALE_PATHS = [{str(src / 'locale')!r}]\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "extract_settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location", "-v", "0",
         "--ignore", "tests/*", "--ignore", "*/tests/*"],
        cwd=src, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(src / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    return {_key(e) for e in extracted if e.msgid}


def _key(entry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    require_tools("xgettext", "msguniq", "msgmerge")
    return extract_msgids(tmp_path_factory.mktemp("messages"))


def missing_from_catalogue(msgids: set[str]) -> list[str]:
    catalogue = polib.pofile(str(PO_PATH))
    translated = {_key(e) for e in catalogue if e.translated() and not e.obsolete}
    return sorted(msgids - translated)


def test_every_marked_string_has_its_english_text(extracted):
    missing = missing_from_catalogue(extracted)
    assert not missing, (
        f"{len(missing)} strings marked for translation have no English text in {PO_PATH.name}; run "
        f"`bash scripts/messages.sh` and fill the empty msgstr entries. First ones: {missing[:15]}"
    )


def test_extraction_finds_templates_and_python_messages(extracted):
    """The extraction really covers both kinds of source (a broken extraction must not pass as 'nothing missing')."""
    assert "审计日志" in extracted  # templates and context processors
    assert "居民身份证号应为18位，当前为%(n)d位。" in extracted or any("居民身份证号" in m for m in extracted)  # validators.py
    assert len(extracted) > 1000


def test_a_new_untranslated_template_or_python_message_is_caught(tmp_path):
    """The check itself: a page or a message added without its English text is reported."""
    require_tools("xgettext", "msguniq", "msgmerge")
    extracted = extract_msgids(tmp_path, {
        "portal/templates/portal/zz_new_page.html": '{% load i18n %}<h1>{% translate "新页面的标题（测试）" %}</h1>',
        "portal/zz_new_module.py": 'from django.utils.translation import gettext as _\n\n'
                                   'def f(n):\n    return _("导入了 %(n)s 行（测试）") % {"n": n}\n',
    })
    assert {"导入了 %(n)s 行（测试）", "新页面的标题（测试）"} <= set(missing_from_catalogue(extracted))


# --- Chinese written into a template without a translation tag --------------------------------------

HAN = re.compile(r"[\u4e00-\u9fff]")
_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
_TAG = re.compile(r"""{%\s*trans(?:late)?\s+(?:"[^"]*"|'[^']*').*?%}""", re.S)
_LITERAL = re.compile(r"""_\((?:"[^"]*"|'[^']*')\)""")
# Content deliberately kept in Chinese is marked as such for screen readers too (WCAG 3.1.2 language of parts),
# e.g. the column headings a Chinese spreadsheet must carry.
_CHINESE_PART = re.compile(r"""lang="zh-Hans"[^\n]*""")


def untranslated_template_lines(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.html")):
        if "static" in path.parts:
            continue
        text = path.read_text()
        for rx in (_COMMENT, _BLOCK, _TAG, _LITERAL, _CHINESE_PART):
            text = rx.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        for number, line in enumerate(text.splitlines(), 1):
            if HAN.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()[:100]}")
    return found


def test_templates_write_no_chinese_outside_translation_tags():
    """Chinese text in a template must be in {% translate %}/{% blocktranslate %} or _("…") (filter arguments)."""
    found = untranslated_template_lines(PACKAGE)
    assert not found, "untranslated Chinese in templates:\n" + "\n".join(found[:30])


def test_the_template_check_sees_bare_chinese(tmp_path):
    (tmp_path / "t.html").write_text('{% load i18n %}<p>{% translate "好" %}</p>\n<td>{{ v|yesno:"是,否" }}</td>\n'
                                     '<th lang="zh-Hans">姓名</th>{# 注释 #}')
    assert untranslated_template_lines(tmp_path) == ['t.html:2: <td>{{ v|yesno:"是,否" }}</td>']


def test_policy_pack_names_are_listed_for_the_catalogue():
    """The generated list of policy-pack display names (parameters, levels, directions, courses) is current."""
    from ectalent.rules.policy_texts import MODULE_PATH, render_module

    assert MODULE_PATH.read_text(encoding="utf-8") == render_module(), "run: ectalent policymessages"
    assert "gettext_noop('网络客服')" in render_module()
