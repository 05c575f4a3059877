from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import OFFICIALS, NavItem, register

register(
    NavItem("rules:simulation", _("政策模拟"), roles=OFFICIALS, order=80),
    NavItem("rules:self-check", _("资格自测"), more=True, order=10),
    NavItem("rules:self-check", _("资格自测"), anonymous=True, signed_in=False, order=20),
)
