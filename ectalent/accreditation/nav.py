from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import OFFICIALS, ORGANISATIONS, NavItem, register

register(
    NavItem("accreditation:index", _("机构备案"), roles=OFFICIALS | ORGANISATIONS, order=30),
    NavItem("plan:targets", _("培训任务"), roles=OFFICIALS, order=35),
    NavItem("accreditation:public-register", _("机构名录"), anonymous=True, signed_in=False, order=50),
    NavItem("accreditation:notice", _("公示"), anonymous=True, signed_in=False, order=60),
    NavItem("accreditation:announcements", _("名录公告"), anonymous=True, signed_in=False, order=62, more=True),
)
