from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "ectalent.rules"
    label = "rules"
    verbose_name = "政策规则引擎"
