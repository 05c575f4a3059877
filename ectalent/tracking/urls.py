from django.urls import path

from . import views

app_name = "tracking"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_document, name="import"),
    path("documents/<int:pk>/review/", views.review, name="review"),
    path("chapters/<int:pk>/", views.chapter, name="chapter"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/correct/", views.correct, name="correct"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/evidence/<int:evidence_pk>/", views.evidence, name="evidence"),
    path("overdue/", views.overdue, name="overdue"),
    path("workbench/", views.workbench, name="workbench"),
    path("statistics/", views.statistics, name="statistics"),
    path("targets/", views.targets, name="targets"),
    path("progress.<str:fmt>", views.progress_export, name="progress-export"),
]
