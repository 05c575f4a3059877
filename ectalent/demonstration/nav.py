from django.utils.translation import gettext_lazy as _

from ectalent.accounts.choices import Role
from ectalent.core.navigation import OFFICIALS, ORGANISATIONS, NavItem, register

register(
    NavItem("demonstration:index", _("示范创建"),
            roles=OFFICIALS | ORGANISATIONS | {Role.GRASSROOTS_STAFF, Role.POLICY_OFFICE, Role.LEADERSHIP}, order=40),
)
