from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ectalent.core"
    label = "core"
    verbose_name = _("平台公共")

    def ready(self):
        # Each app declares its menu entries (nav.py) and its kinds of pending work (todo.py) in one place.
        from django.utils.module_loading import autodiscover_modules

        from .widgets import install_default_date_widget

        install_default_date_widget()
        autodiscover_modules("nav", "todo")
