from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import APPLICANTS, OFFICIALS, ORGANISATIONS, NavItem, register

register(
    NavItem("workflow:inbox", _("待我审核"), roles=OFFICIALS - {"platform_admin"}, order=5),
    NavItem("workflow:mine", _("我的申请"), roles=APPLICANTS | ORGANISATIONS, order=5),
)
