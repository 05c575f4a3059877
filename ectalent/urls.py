from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

admin.site.site_header = _("电商人才培育与评价平台 · 系统管理")
admin.site.site_title = _("ectalent 管理")
admin.site.index_title = _("平台管理")

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-v1:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-v1:schema"), name="redoc"),
    path("", include("ectalent.accounts.api.urls")),
    path("", include("ectalent.regions.api.urls")),
    path("", include("ectalent.registry.api.urls")),
    path("", include("ectalent.rules.api.urls")),
    path("", include("ectalent.accreditation.api.urls")),
    path("", include("ectalent.certification.api.urls")),
    path("", include("ectalent.workflow.api.urls")),
    path("", include("ectalent.subsidies.api.urls")),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api-v1"))),
    path("accounts/", include("ectalent.accounts.urls")),
    path("registry/", include("ectalent.registry.urls")),
    path("audit/", include("ectalent.audit.urls")),
    path("rules/", include("ectalent.rules.urls")),
    path("accreditation/plan/", include("ectalent.accreditation.urls_plan")),
    path("accreditation/", include("ectalent.accreditation.urls")),
    path("tracking/", include("ectalent.tracking.urls")),
    path("certification/", include("ectalent.certification.urls")),
    path("lecturers/", include("ectalent.lecturers.urls")),
    path("subsidies/", include("ectalent.subsidies.urls")),
    path("demonstration/", include("ectalent.demonstration.urls")),
    path("portal/", include("ectalent.portal.urls")),
    path("talent/", include("ectalent.talent.urls")),
    path("jobs/", include("ectalent.jobs.urls")),
    path("workflow/", include("ectalent.workflow.urls")),
    path("notices/", include("ectalent.notices.urls")),
    path("", include("ectalent.core.urls")),
]

# No /media/ route in any mode: uploads live in the private storage and are served only by scoped views
# (core/uploads.py serve_private). Error pages: Chinese, in the platform's layout (core/views.py).
handler400 = "ectalent.core.views.bad_request"
handler403 = "ectalent.core.views.permission_denied"
handler404 = "ectalent.core.views.page_not_found"
handler500 = "ectalent.core.views.server_error"
