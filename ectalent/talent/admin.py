from django.contrib import admin

from .models import CaseService, Consent, ContactRequest, Placement, Recommendation, RecruitmentEvent, Seeker, TalentCase, Vacancy


class ScopedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.visible_to(request.user) if hasattr(qs, "visible_to") else qs


@admin.register(Seeker)
class SeekerAdmin(ScopedAdmin):
    list_display = ["id", "status", "level_rank", "occupation_years", "facts_on"]
    list_filter = ["status"]
    raw_id_fields = ["person"]


@admin.register(Vacancy)
class VacancyAdmin(ScopedAdmin):
    list_display = ["title", "organisation", "position", "count", "region", "closes_on", "status"]
    list_filter = ["status", "position"]
    raw_id_fields = ["organisation", "region", "created_by"]


@admin.register(ContactRequest)
class ContactAdmin(ScopedAdmin):
    list_display = ["vacancy", "seeker", "status", "requested_at", "answered_at"]
    list_filter = ["status"]
    raw_id_fields = ["vacancy", "seeker", "requested_by"]


@admin.register(RecruitmentEvent)
class EventAdmin(ScopedAdmin):
    list_display = ["name", "region", "held_on", "organiser"]


@admin.register(TalentCase)
class TalentCaseAdmin(ScopedAdmin):
    list_display = ["id", "region", "introduced_on", "way"]
    raw_id_fields = ["person", "employer", "officer"]


for model in (Consent, Recommendation, Placement, CaseService):
    admin.site.register(model)
