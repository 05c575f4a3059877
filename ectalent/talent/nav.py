from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import APPLICANTS, OFFICIALS, ORGANISATIONS, NavItem, register

register(
    NavItem("talent:index", _("人才对接"), roles=OFFICIALS | ORGANISATIONS, order=70),
    NavItem("talent:my-seeker", _("求职登记"), roles=APPLICANTS, order=70),
    NavItem("talent:public-jobs", _("招聘岗位"), anonymous=True, order=75, more=True),
)
