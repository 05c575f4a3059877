from django.utils.translation import gettext_lazy as _

from ectalent.accounts.choices import Role
from ectalent.core.navigation import NavItem, register

register(
    NavItem("tracking:index", _("政策落实"), roles=frozenset({Role.POLICY_OFFICE, Role.LEADERSHIP, Role.PLATFORM_ADMIN}), order=70),
    NavItem("tracking:workbench", _("我的任务"), roles=frozenset({Role.DEPARTMENT_STAFF, Role.CITY_GOVERNMENT}), order=70),
    NavItem("tracking:statistics", _("统计数据"), roles=frozenset({Role.POLICY_OFFICE, Role.DEPARTMENT_STAFF, Role.CITY_GOVERNMENT}), order=71),
)
