from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import NavItem, register

register(
    NavItem("home", _("首页"), order=0),
    NavItem("api-v1:docs", _("接口文档"), more=True, order=90),
    NavItem("admin:index", _("系统管理"), more=True, order=99, when=lambda u: u.is_platform_admin or u.is_staff),
)
