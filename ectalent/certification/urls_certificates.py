"""Certificates (namespace ``certification``): staff list/detail/PDF/revoke, the holder's own, public verification."""

from django.urls import path

from .views import certificates as views

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate-list"),
    path("certificates/mine/", views.my_certificates, name="my-certificates"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate-detail"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate-revoke"),
    path("verify/", views.verify, name="verify"),
    path("verify/public-key", views.public_key, name="verify-public-key"),
    path("verify/public-key.json", views.public_key_json, name="verify-public-key-json"),
]
