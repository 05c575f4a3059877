"""Template helpers shared by every app: ``{% load ui %}``."""

from django import template

from ectalent.core.i18n import shown as _shown

register = template.Library()


@register.filter
def shown(text):
    """A text stored in Chinese (audit notes, step names, explanations), in the reader's language."""
    return _shown(text)


@register.filter
def join_shown(items):
    """Items (e.g. direction or course names) each in the reader's language, joined with the language's list
    separator (、 in Chinese, ", " in English)."""
    from django.utils.translation import gettext

    return gettext("、").join(_shown(item) for item in items or [])
