from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "ectalent.rules"
    label = "rules"
    verbose_name = _("政策规则引擎")
