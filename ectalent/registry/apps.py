from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _count_changed(sender, **kwargs):
    from ectalent.core.counts import changed

    changed(sender._meta.label_lower)


class RegistryConfig(AppConfig):
    name = "ectalent.registry"
    label = "registry"
    verbose_name = _("人员与单位登记")

    def ready(self):
        from .models import Organisation, Person

        for model in (Person, Organisation):
            post_save.connect(_count_changed, sender=model, dispatch_uid=f"count-{model._meta.label_lower}-save")
            post_delete.connect(_count_changed, sender=model, dispatch_uid=f"count-{model._meta.label_lower}-delete")
