from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import NavItem, register

register(NavItem("notices:list", _("消息"), more=True, order=40))
