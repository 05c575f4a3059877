from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "ectalent.talent"
    label = "talent"
    verbose_name = _("人才库与用工对接")

    def ready(self):
        from . import workflows  # noqa: F401  (registers the vacancy review)
