from django.apps import AppConfig


class AccreditationConfig(AppConfig):
    name = "ectalent.accreditation"
    label = "accreditation"
    verbose_name = "培训机构与实践基地备案"

    def ready(self):
        from . import workflows  # noqa: F401  (registers the review programme)
