from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import NavItem, register

register(NavItem("jobs:list", _("我的后台任务"), more=True, order=50))
