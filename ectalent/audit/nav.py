from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import OFFICIALS, NavItem, register

register(NavItem("audit:event-list", _("审计日志"), roles=OFFICIALS, order=95))
