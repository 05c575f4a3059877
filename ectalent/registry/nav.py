from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import APPLICANTS, OFFICIALS, ORGANISATIONS, NavItem, register

register(
    NavItem("registry:person-list", _("人员"), roles=OFFICIALS, order=10),
    NavItem("registry:organisation-list", _("单位"), roles=OFFICIALS, order=20),
    NavItem("registry:person-list", _("登记人员"), roles=ORGANISATIONS, order=10),
    NavItem("registry:organisation-list", _("本单位"), roles=ORGANISATIONS, order=20),
    NavItem("registry:my-profile", _("我的档案"), roles=APPLICANTS, order=10),
)
