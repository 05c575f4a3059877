from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ectalent.core"
    label = "core"
    verbose_name = _("平台公共")

    def ready(self):
        from .widgets import install_default_date_widget

        install_default_date_widget()
