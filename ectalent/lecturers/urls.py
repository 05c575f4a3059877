from django.urls import path

from . import views

app_name = "lecturers"
urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.application_create, name="application-create"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/form.<str:fmt>", views.application_form_file, name="application-form"),
    path("applications/<int:pk>/files/<str:field>/", views.application_file, name="application-file"),
    path("institutions/apply/", views.institution_create, name="institution-create"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution-detail"),
    path("institutions/<int:pk>/form.<str:fmt>", views.institution_form_file, name="institution-form"),
    path("institutions/<int:pk>/files/<str:field>/", views.institution_file, name="institution-file"),
    path("summary/", views.city_summary, name="city-summary"),
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("lectures/<int:pk>/", views.lecture_detail, name="lecture-detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("directory/", views.directory, name="directory"),
    path("directory/<int:pk>/", views.directory_entry, name="directory-entry"),
]
