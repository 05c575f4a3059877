from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LecturersConfig(AppConfig):
    name = "ectalent.lecturers"
    label = "lecturers"
    verbose_name = _("跨境电商讲师培育")

    def ready(self):
        from . import workflows  # noqa: F401  (registers the review routes)
