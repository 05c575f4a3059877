from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "ectalent.certification"
    label = "certification"
    verbose_name = "电子商务师认证"

    def ready(self):
        from . import workflows  # noqa: F401  (registers the pre-check review)
