"""Admin lists of the certification programme for the platform administrator: read-only, scoped, PII masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ectalent.core.admin import ReadOnlyScopedAdmin

from .models import CertApplication, Certificate, ExamSession, Result, Score


class _Candidate:
    @admin.display(description=_("姓名"))
    def person_name(self, obj):
        return obj.person.name

    @admin.display(description=_("身份证号"))
    def person_id_masked(self, obj):
        return obj.person.id_number_masked


@admin.register(ExamSession)
class ExamSessionAdmin(ReadOnlyScopedAdmin):
    list_display = ("code", "name", "level", "applications_open", "applications_close", "exam_starts", "places", "status")
    list_filter = ("level", "status")
    search_fields = ("code", "name")


@admin.register(CertApplication)
class CertApplicationAdmin(_Candidate, ReadOnlyScopedAdmin):
    list_display = ("id", "person_name", "person_id_masked", "session", "institution", "created_at")
    list_filter = ("session__level",)
    list_select_related = ("person", "session", "institution")
    search_fields = ("person__name",)
    fields = ("session", "person_name", "person_id_masked", "institution", "directions", "practice_kind",
              "practice_base", "practice_enterprise", "practice_start", "practice_end", "eligibility",
              "policy_version", "created_at")
    readonly_fields = fields


@admin.register(Score)
class ScoreAdmin(ReadOnlyScopedAdmin):
    list_display = ("application", "direction", "part", "score", "entered_at")
    list_filter = ("part",)
    list_select_related = ("application__person", "application__session")


@admin.register(Result)
class ResultAdmin(ReadOnlyScopedAdmin):
    list_display = ("application", "passed", "published", "computed_at")
    list_filter = ("passed", "published")
    list_select_related = ("application__person", "application__session")


@admin.register(Certificate)
class CertificateAdmin(_Candidate, ReadOnlyScopedAdmin):
    list_display = ("number", "person_name", "person_id_masked", "level", "issued_on", "status")
    list_filter = ("level", "status")
    list_select_related = ("person",)
    search_fields = ("=number",)
    fields = ("number", "person_name", "person_id_masked", "level", "directions", "issued_on", "issuer", "status",
              "revoked_on", "revocation_reason", "key_id")
    readonly_fields = fields
