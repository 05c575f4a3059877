"""Kinds of audited objects, in words: an event's ``object_type`` (``workflow.case``) shown as the model's translated
``verbose_name`` (审核事项 / Review case), and the audit filter's choices by name.

Every model of the platform's apps is a kind without registration; events that are not about one model row (a
report export, the demo load) name their kind with ``register_kind("certification.report", gettext_lazy("…"))``.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_EXTRA: dict[str, object] = {}


def register_kind(object_type: str, label) -> str:
    """Name a kind that is not a model (``label`` lazily translated)."""
    _EXTRA[object_type] = label
    return object_type


register_kind("certification.report", _("统计报表"))
register_kind("demo", _("演示数据"))


def _platform_models():
    for model in apps.get_models():
        if model.__module__.startswith("ectalent."):
            yield model


def kind_label(object_type: str) -> str:
    """The kind of ``object_type`` in the current language (the raw type if unknown)."""
    if not object_type:
        return ""
    if object_type in _EXTRA:
        return str(_EXTRA[object_type])
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)


def kind_choices() -> list[tuple[str, str]]:
    """(object_type, name) of every kind, sorted by name in the current language."""
    choices = {m._meta.label_lower: str(m._meta.verbose_name) for m in _platform_models()}
    choices.update({key: str(label) for key, label in _EXTRA.items()})
    # Two models may share a verbose name (学员, 审核环节…): add the app's name to tell them apart.
    counts: dict[str, int] = {}
    for name in choices.values():
        counts[name] = counts.get(name, 0) + 1
    out = []
    for key, name in choices.items():
        if counts[name] > 1 and "." in key:
            try:
                app = apps.get_app_config(key.split(".")[0]).verbose_name
            except LookupError:
                app = key
            name = gettext("%(kind)s（%(app)s）") % {"kind": name, "app": app}
        out.append((key, name))
    return sorted(out, key=lambda c: c[1])
