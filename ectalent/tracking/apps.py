from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "ectalent.tracking"
    label = "tracking"
    verbose_name = _("政策措施落实跟踪")
