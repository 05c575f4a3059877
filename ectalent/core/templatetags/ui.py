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


def _formset_rows(formsets):
    for item in formsets or []:
        if isinstance(item, (tuple, list)):
            yield (str(item[1]) if len(item) > 2 else ""), item[-1]
        else:
            yield str(getattr(item, "label", "") or ""), item


@register.inclusion_tag("core/includes/_error_summary.html")
def error_summary(form=None, formsets=None, summary_id=None):
    """Every error of ``form`` and ``formsets`` as (field id, field label, message), for the error summary."""
    from django.utils.translation import gettext

    items = []

    def add_form(f, prefix=""):
        for message in f.non_field_errors():
            items.append({"href": "", "label": prefix, "message": message})
        for field in f:
            for message in field.errors:
                label = f"{prefix} · {field.label}" if prefix else str(field.label)
                items.append({"href": field.id_for_label or field.auto_id, "label": label, "message": message})

    if form is not None and hasattr(form, "errors") and form.is_bound:
        add_form(form)
    for label, formset in _formset_rows(formsets):
        if not getattr(formset, "is_bound", False):
            continue
        for message in formset.non_form_errors():
            items.append({"href": "", "label": label, "message": message})
        for number, f in enumerate(formset.forms, 1):
            if f.errors:
                row = gettext("第 %(n)s 行") % {"n": number}
                add_form(f, f"{label} · {row}" if label else row)
    return {"items": items, "summary_id": summary_id or "form-errors"}
