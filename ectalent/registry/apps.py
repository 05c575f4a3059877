from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "ectalent.registry"
    label = "registry"
    verbose_name = _("人员与单位登记")
