from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "ectalent.workflow"
    label = "workflow"
    verbose_name = _("多级审核")
