from django.utils.translation import gettext_lazy as _

from ectalent.accounts.choices import Role
from ectalent.core.navigation import APPLICANTS, EXPERTS, NavItem, register

LOCAL = frozenset({Role.CITY_REVIEWER, Role.COUNTY_REVIEWER})
PROVINCE = frozenset({Role.ASSOCIATION, Role.PROVINCE_ADMIN})

register(
    NavItem("lecturers:index", _("跨境电商讲师"), roles=APPLICANTS | EXPERTS | LOCAL | PROVINCE
            | frozenset({Role.INSTITUTION_STAFF, Role.PLATFORM_ADMIN}), order=55),
    NavItem("lecturers:round-list", _("讲师遴选"), roles=PROVINCE | EXPERTS, order=56, more=True),
    NavItem("lecturers:dashboard", _("讲师培育目标"), roles=PROVINCE | LOCAL, order=57, more=True),
    NavItem("lecturers:directory", _("优质讲师名录"), anonymous=True, order=58, more=True),
)
