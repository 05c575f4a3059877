from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "ectalent.subsidies"
    verbose_name = _("补贴与贷款")

    def ready(self):
        from . import workflows  # noqa: F401  (registers the review programme)
