from django.urls import path

from . import views, views_rounds

app_name = "demonstration"
urlpatterns = [
    path("", views.index, name="index"),
    path("apply/<str:kind>/", views.application_create, name="application-create"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("applications/<int:pk>/materials/", views.material_upload, name="material-upload"),
    path("applications/<int:pk>/materials/<int:material_id>/", views.material_download, name="material-download"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application-submit"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/decide/<int:row_id>/", views.application_decide, name="application-decide"),
    path("applications/<int:pk>/objections/<int:objection_id>/", views.objection_resolve, name="objection-resolve"),
    path("applications/<int:pk>/confirm/", views.application_confirm, name="application-confirm"),
    path("register/", views.unit_list, name="unit-list"),
    path("register/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("targets/", views.target_dashboard, name="targets"),
    path("evaluation/", views_rounds.round_list, name="round-list"),
    path("evaluation/<int:pk>/", views_rounds.round_detail, name="round-detail"),
    path("evaluation/<int:pk>/<str:op>/", views_rounds.round_action, name="round-action"),
    path("evaluation/<int:pk>/export.<str:fmt>", views_rounds.round_export, name="round-export"),
]
