"""Texts that are stored in Chinese and shown in the reader's language.

Some texts are written to the database when something happens and read later by people who chose another language:
audit notes (hash-chained, never rewritten), review step names kept in step rows, result explanations. They are
stored in the source language (Simplified Chinese, the catalogue's msgids) and translated when shown:

- ``stored(gettext_noop("公布结果 %(published)s 人，通过 %(passed)s 人"), published=3, passed=2)`` → the Chinese text to
  store (the ``gettext_noop`` marks the msgid for the catalogue; the text never depends on the writer's language);
- ``shown(text)`` (template filter ``{{ text|shown }}`` from ``{% load ui %}``) → the text in the current
  language: an exact catalogue entry, or a catalogue entry with named placeholders whose literal parts match (the
  placeholders' values are shown translated too when they are catalogue entries, e.g. a step name inside a note).
  Anything else (names, free text typed by a user) is shown as it was stored.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings
from django.utils import translation

PLACEHOLDER = re.compile(r"%\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)(?P<flags>[-+ #0]*\d*(?:\.\d+)?)(?P<conv>[sdifr])"
                         r"|(?P<brace>\{\})")
# Separators of values put together in Chinese (lists, figures, reasons), and how English writes them.
SEPARATORS = (("；", "; "), ("，", ", "), ("、", ", "))


def stored(msgid: str, **params) -> str:
    """The Chinese (source language) text to store: ``msgid % params``, whatever language the writer uses (lazy
    values among the params, e.g. a choice's label, are rendered in Chinese too)."""
    if not params:
        return str(msgid)
    with translation.override(settings.LANGUAGE_CODE):
        return msgid % {key: str(value) for key, value in params.items()}


class _Pattern:
    __slots__ = ("msgid", "regex", "anchor", "names", "weight", "chunks")

    def __init__(self, msgid: str):
        self.msgid = msgid
        parts, names, pos = [], [], 0
        literal = []
        for m in PLACEHOLDER.finditer(msgid):
            chunk = msgid[pos:m.start()].replace("%%", "%")
            parts.append(re.escape(chunk))
            literal.append(chunk)
            name = m.group("name") or f"_{len(names)}"  # {} (polars' format): positional
            if name in names:  # the same value twice: a back-reference
                parts.append(f"(?P={name})")
            else:
                names.append(name)
                parts.append(rf"(?P<{name}>-?\d+)" if m.group("conv") == "d" else rf"(?P<{name}>.+?)")
            pos = m.end()
        tail = msgid[pos:].replace("%%", "%")
        parts.append(re.escape(tail))
        literal.append(tail)
        self.regex = re.compile("^" + "".join(parts) + "$", re.S)
        self.anchor = max(literal, key=len)
        self.names = names
        self.weight = sum(len(x) for x in literal)
        self.chunks = sum(1 for x in literal if x)  # pieces of fixed text: the more, the more of the text explained


@lru_cache(maxsize=8)
def _patterns(language: str) -> tuple[_Pattern, ...]:
    """Catalogue entries with placeholders and enough literal text to be recognised, most specific first: the most
    pieces of fixed text, then the most fixed characters."""
    catalog = translation.trans_real.translation(language)._catalog
    found = []
    for msgid in list(catalog.keys()):
        if not isinstance(msgid, str) or ("%(" not in msgid and "{}" not in msgid):
            continue
        pattern = _Pattern(msgid)
        if pattern.weight >= 2 and pattern.names:
            found.append(pattern)
    found.sort(key=lambda p: (-p.chunks, -p.weight))
    return tuple(found)


def _translate_value(value: str, depth: int) -> str:
    """A value captured from a stored text: itself a catalogue text, or several joined with Chinese separators."""
    if depth > 4 or not value:
        return value
    # Several values joined with Chinese separators (figures, lists, reasons) first, each translated on its own.
    for chinese, english in SEPARATORS:
        if chinese in value:
            items = value.split(chinese)
            shown_items = [_translate_value(item, depth + 1) for item in items]
            if shown_items != items:
                return english.join(shown_items)
    return _shown(value, depth + 1)


def _shown(text: str, depth: int = 0) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not text:
        return text
    exact = translation.gettext(text)
    if exact != text:
        return exact
    for pattern in _patterns(language):
        if pattern.anchor not in text:
            continue
        m = pattern.regex.match(text)
        if m is None:
            continue
        target = translation.gettext(pattern.msgid)
        values = {name: _translate_value(m.group(name), depth) for name in pattern.names}
        # The English text formats every value as text (a %(n)d captured as digits stays digits).
        counter = iter(range(len(pattern.names)))
        target = PLACEHOLDER.sub(
            lambda p: f"%({p.group('name')})s" if p.group("name") else f"%(_{next(counter)})s",
            target.replace("%", "%%") if "%(" not in pattern.msgid else target)
        try:
            return target % values
        except (KeyError, ValueError, TypeError):
            return text
    return text


def shown(text) -> str:
    """A text stored in Chinese, in the current language (see the module's docstring)."""
    if text is None:
        return ""
    return _shown(str(text))
