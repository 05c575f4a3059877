from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import NavItem, register

register(
    NavItem("portal:index", _("公众服务"), more=True, order=20),
    NavItem("portal:index", _("公众服务"), anonymous=True, signed_in=False, order=10),
)
