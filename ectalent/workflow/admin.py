"""Admin lists of the shared review workflow for the platform administrator: read-only, scoped, contacts masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ectalent.core.admin import ReadOnlyScopedAdmin

from .models import Case, Objection


@admin.register(Case)
class CaseAdmin(ReadOnlyScopedAdmin):
    list_display = ("subject_repr", "workflow", "region", "status", "current_step", "submitted_at")
    list_filter = ("workflow", "status")
    search_fields = ("subject_repr",)


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyScopedAdmin):
    list_display = ("receipt_number", "case", "name", "contact_shown", "status", "filed_at", "replied_at")
    list_filter = ("status",)
    search_fields = ("receipt_number",)
    exclude = ("contact",)
    readonly_fields = ("contact_shown",)

    @admin.display(description=_("联系方式"))
    def contact_shown(self, obj):
        return obj.contact_masked
