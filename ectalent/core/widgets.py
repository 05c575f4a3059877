"""Form widgets shared by every app.

Dates are typed and shown as ``YYYY-MM-DD`` in every language. A native ``<input type="date">`` shows the browser's
own locale (``05/01/2026`` in an English-US browser, whatever the page's language), so the date field is a text
input that takes ISO dates (and ``2026/5/1``, ``2026年5月1日``: see ``ectalent/formats``), with a calendar button
added by ``core/platform.js`` that fills it in ISO form.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None, format=None):
        defaults = {
            "placeholder": "YYYY-MM-DD",
            "pattern": r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日",
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "11",
            "data-date-input": "",
            "title": _("日期，格式 YYYY-MM-DD，如 2026-05-01"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=format or ISO_DATE)


def install_default_date_widget() -> None:
    """Every ``forms.DateField`` declared after this (model forms, filters) uses ``IsoDateInput``."""
    forms.DateField.widget = IsoDateInput
