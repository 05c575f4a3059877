"""The plan pages, included under ``/accreditation/plan/`` with the namespace ``plan``."""

from django.urls import path

from .views import periods
from .views import plan as views

app_name = "plan"

urlpatterns = [
    path("", views.index, name="index"),
    path("reserve/", views.reserve, name="reserve"),
    path("lines/<str:code>/counties/", views.county_split, name="county-split"),
    path("lines/<str:code>/counties/<int:year>/", views.county_split, name="county-split-year"),
    path("roster/", views.roster_import, name="roster-import"),
    path("roster/template.xlsx", views.roster_template, name="roster-template"),
    path("courses/", views.courses, name="courses"),
    path("targets/", views.targets, name="targets"),
    path("targets/<str:code>/", views.targets, name="targets-region"),
    path("export.xlsx", views.export, name="export"),
    path("periods/", periods.periods, name="periods"),
    path("periods/new/", periods.period_new, name="period-new"),
    path("periods/template.xlsx", periods.period_template, name="period-template"),
]
