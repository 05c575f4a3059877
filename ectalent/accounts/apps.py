from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ectalent.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from . import signals  # noqa: F401
