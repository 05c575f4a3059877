from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ectalent.core"
    label = "core"
    verbose_name = "平台公共"
