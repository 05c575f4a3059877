"""Subsidies' pending work beyond the review steps (those come from the workflow): reserved grants waiting for a
payment batch, for the prefecture's 财政."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ectalent.accounts.choices import Role
from ectalent.core.todo import TodoItem, register

from .choices import GrantStatus
from .models import Grant


@register
def subsidies_todo(user):
    if user.role == Role.FINANCE_REVIEWER and user.region_id and user.region.level == "city":
        n = Grant.objects.visible_to(user).filter(status=GrantStatus.RESERVED, payment__isnull=True).count()
        if n:
            yield TodoItem(section="confirm", label=_("已批准待支付的补贴"), count=n, url=reverse("subsidies:budget"))
