from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

STATUS_LABELS = {
    "eligible": _("符合条件"),
    "ineligible": _("不符合条件"),
    "needs_review": _("待评审认定"),
    "awaiting_parameter": _("待参数录入"),
}


@register.filter
def status_label(code: str) -> str:
    return STATUS_LABELS.get(code, code)
