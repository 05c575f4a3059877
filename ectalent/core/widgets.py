"""Form widgets shared by every app.

Dates are typed and shown as ``YYYY-MM-DD`` in every language. A native ``<input type="date">`` shows the browser's
own locale (``05/01/2026`` in an English-US browser, whatever the page's language), so the date field is a text
input that takes ISO dates (and ``2026/5/1``, ``2026年5月1日``: see ``ectalent/formats``), with a calendar button
added by ``core/platform.js`` that fills it in ISO form.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
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


# --- selects rendered in Python (filter forms: a region list has a few hundred options, one template each with
# Django's own Select) ---------------------------------------------------------------------------------------


class FastSelect(forms.Select):
    """``forms.Select`` with the same HTML, options built in Python (no template per option)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in self.format_value(value)}
        parts = [format_html("<select{}>", flatatt(final))]
        escape = conditional_escape
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # an optgroup: as Django renders it
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            parts.append(f'<option value="{escape(option_value)}"{mark}>{escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 (every piece escaped above)


def fast_selects(form) -> None:
    """Swap every plain ``Select`` of ``form`` for a ``FastSelect`` (same attributes and choices; a field's
    ``static_choices``, when it has them, instead of a query per render)."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            fast = FastSelect(attrs=widget.attrs)
            fast.choices = getattr(field, "static_choices", None) or widget.choices
            fast.is_required = widget.is_required
            field.widget = fast
