from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import OFFICIALS, ORGANISATIONS, NavItem, register

register(
    NavItem("subsidies:index", _("补贴与贷款"), roles=OFFICIALS | ORGANISATIONS, order=40),
    NavItem("subsidies:calculator", _("补贴测算"), anonymous=True, order=45, more=True),
)
