from django.urls import path

from .views import applications, sessions

urlpatterns = [
    path("", sessions.index, name="index"),
    path("sessions/", sessions.session_list, name="session-list"),
    path("sessions/new/", sessions.session_create, name="session-create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session-edit"),
    path("sessions/<int:pk>/publish/", sessions.session_publish, name="session-publish"),
    path("sessions/<int:pk>/close/", sessions.session_close, name="session-close"),
    path("sessions/<int:pk>/apply/", applications.application_create, name="application-create"),
    path("sessions/<int:pk>/roster/", applications.roster_upload, name="roster-upload"),
    path("sessions/<int:pk>/roster/template.xlsx", applications.roster_template, name="roster-template"),
    path("applications/", applications.application_list, name="application-list"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application-edit"),
    path("applications/<int:pk>/decide/", applications.application_decide, name="application-decide"),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/evidence/", applications.evidence_upload, name="evidence-upload"),
    path("applications/<int:pk>/evidence/<int:evidence_id>/", applications.evidence_download, name="evidence-download"),
    path("applications/<int:pk>/evidence/<int:evidence_id>/delete/", applications.evidence_delete, name="evidence-delete"),
]
