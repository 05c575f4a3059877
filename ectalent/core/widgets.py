"""Widgets rendered in Python: a filter form's selects (a region list has a few hundred options) cost one template
render each with Django's own ``Select``; these produce the same markup in a string join."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


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
