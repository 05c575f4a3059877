from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "ectalent.workflow"
    label = "workflow"
    verbose_name = "多级审核"
