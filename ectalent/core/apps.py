from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ectalent.core"
    label = "core"
    verbose_name = "平台公共"

    def ready(self):
        # Each app declares its menu entries (nav.py) and its kinds of pending work (todo.py) in one place.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("nav", "todo")
