from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemonstrationConfig(AppConfig):
    name = "ectalent.demonstration"
    label = "demonstration"
    verbose_name = _("电子商务示范创建与发展评价")

    def ready(self):
        from . import workflows  # noqa: F401  (registers the review programme)
