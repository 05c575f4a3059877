from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "ectalent.accreditation"
    label = "accreditation"
    verbose_name = _("培训机构与实践基地备案")

    def ready(self):
        from . import workflows  # noqa: F401  (registers the review programme)
