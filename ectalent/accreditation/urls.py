from django.urls import path

from .views import applications, register

app_name = "accreditation"
urlpatterns = [
    path("", applications.index, name="index"),
    path("applications/new/<str:unit_type>/", applications.application_create, name="application-create"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application-edit"),
    path("applications/<int:pk>/materials/", applications.material_upload, name="material-upload"),
    path("applications/<int:pk>/materials/<int:material_id>/", applications.material_download, name="material-download"),
    path("applications/<int:pk>/submit/", applications.application_submit, name="application-submit"),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/decide/<int:row_id>/", applications.application_decide, name="application-decide"),
    path("applications/<int:pk>/objections/<int:objection_id>/", applications.objection_resolve, name="objection-resolve"),
    path("applications/<int:pk>/confirm/", applications.application_confirm, name="application-confirm"),
    path("applications/<int:pk>/form.<str:fmt>", applications.application_form_export, name="application-form"),
    path("notice/", applications.notice_list, name="notice"),
    path("notice/<int:case_id>/objection/", applications.notice_object, name="notice-object"),
    path("units/", register.unit_list, name="unit-list"),
    path("units/<int:pk>/", register.unit_detail, name="unit-detail"),
    path("units/<int:pk>/changes/", register.unit_change, name="unit-change"),
    path("units/<int:pk>/reports/", register.unit_report, name="unit-report"),
    path("units/<int:pk>/revocations/", register.unit_propose_revocation, name="unit-propose-revocation"),
    path("units/<int:pk>/revocations/<int:proposal_id>/", register.revocation_decide, name="revocation-decide"),
    path("recommendations/<str:region_code>/form6.<str:fmt>", register.form6_export, name="form6"),
    path("register/", register.public_register, name="public-register"),
    path("register/<str:number>/", register.public_unit, name="public-unit"),
    path("announcements/", register.announcements, name="announcements"),
    path("units/<int:pk>/publication/", register.unit_publication, name="unit-publication"),
]
