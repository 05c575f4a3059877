from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:pk>/", views.job_detail, name="detail"),
    path("<uuid:pk>/status/", views.job_status, name="status"),
    path("<uuid:pk>/result/", views.job_result, name="result"),
    path("<uuid:pk>/errors.csv", views.job_errors, name="errors"),
]
