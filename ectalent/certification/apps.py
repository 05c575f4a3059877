from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "ectalent.certification"
    label = "certification"
    verbose_name = _("电子商务师认证")

    def ready(self):
        from . import workflows  # noqa: F401  (registers the pre-check review)
