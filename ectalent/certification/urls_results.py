"""Scores, results, publication and reports (namespace ``certification``, included by ``urls.py``)."""

from django.urls import path

from .views import results

urlpatterns = [
    path("results/", results.index, name="results-index"),
    path("results/mine/", results.my_results, name="my-results"),
    path("results/reports/", results.reports, name="reports"),
    path("results/reports/export/<slug:kind>.xlsx", results.report_export, name="report-export"),
    path("results/<int:pk>/", results.session_results, name="session-results"),
    path("results/<int:pk>/import/", results.score_import, name="score-import"),
    path("results/<int:pk>/template.xlsx", results.score_template, name="score-template"),
    path("results/<int:pk>/entry/<int:app_pk>/", results.score_entry, name="score-entry"),
    path("results/<int:pk>/compute/", results.compute, name="results-compute"),
    path("results/<int:pk>/publish/", results.publish, name="results-publish"),
]
