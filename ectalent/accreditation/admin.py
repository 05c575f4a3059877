"""Admin lists of the accreditation programme for the platform administrator: read-only, scoped, PII masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ectalent.core.admin import ReadOnlyScopedAdmin
from ectalent.core.masking import mask_phone

from .models import (
    Announcement,
    AnnualReport,
    PlanUnit,
    RegisteredUnit,
    RevocationProposal,
    TrainingCourse,
    TrainingPlan,
    UnitApplication,
    UnitChange,
)


@admin.register(UnitApplication)
class UnitApplicationAdmin(ReadOnlyScopedAdmin):
    list_display = ("unit_name", "unit_type", "region", "contact_name", "contact_phone_masked", "created_at")
    list_filter = ("unit_type", "via_association")
    search_fields = ("unit_name",)
    exclude = ("contact_phone",)
    readonly_fields = ("contact_phone_masked",)

    @admin.display(description=_("联系电话"))
    def contact_phone_masked(self, obj):
        return mask_phone(obj.contact_phone)


@admin.register(RegisteredUnit)
class RegisteredUnitAdmin(ReadOnlyScopedAdmin):
    list_display = ("register_number", "name", "unit_type", "region", "registered_on", "status", "banned_until")
    list_filter = ("unit_type", "status")
    search_fields = ("register_number", "name")


@admin.register(TrainingPlan)
class TrainingPlanAdmin(ReadOnlyScopedAdmin):
    list_display = ("code", "title", "first_year", "last_year", "reserve_institutions", "reserve_bases")


@admin.register(PlanUnit)
class PlanUnitAdmin(ReadOnlyScopedAdmin):
    list_display = ("plan", "order", "label", "region", "target_total", "institutions_limit", "bases_limit")
    list_filter = ("plan",)


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyScopedAdmin):
    list_display = ("unit", "year", "trainees", "practice_trainees", "satisfaction_rate", "exam_pass_rate")
    list_filter = ("year",)


@admin.register(RevocationProposal)
class RevocationProposalAdmin(ReadOnlyScopedAdmin):
    list_display = ("unit", "ground", "status", "proposed_at", "decided_at")
    list_filter = ("status", "ground")


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "unit", "scope", "starts_on", "ends_on")



@admin.register(UnitChange)
class UnitChangeAdmin(ReadOnlyScopedAdmin):
    list_display = ("unit", "kind", "effective_on", "filed_at")
    list_filter = ("kind",)


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyScopedAdmin):
    list_display = ("number", "kind", "unit", "published_on")
    list_filter = ("kind",)
    search_fields = ("number", "unit__name")
