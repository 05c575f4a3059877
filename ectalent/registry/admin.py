from django.contrib import admin

from ectalent.core.admin import ScopedAuditedAdmin

from .actions import log_full_pii_display

from .models import CertificateRecord, Education, Employment, Organisation, Person, TrainingRecord


class EducationInline(admin.TabularInline):
    model = Education
    extra = 0


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0


class CertificateInline(admin.TabularInline):
    model = CertificateRecord
    extra = 0


class TrainingInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


@admin.register(Person)
class PersonAdmin(ScopedAuditedAdmin):
    list_display = ("name", "gender", "birth_date", "id_number_masked", "phone_masked", "region", "owner_org")
    list_filter = ("gender", "political_status")
    search_fields = ("name", "=id_number", "=phone")
    autocomplete_fields = ("owner_org",)
    raw_id_fields = ("region",)
    inlines = [EducationInline, EmploymentInline, CertificateInline, TrainingInline]
    show_full_result_count = False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            person = self.get_queryset(request).filter(pk=object_id).first()
            if person is not None:
                log_full_pii_display(person, acting_user=request.user, where="系统管理")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Organisation)
class OrganisationAdmin(ScopedAuditedAdmin):
    list_display = ("name", "kind", "credit_code", "region", "legal_representative")
    list_filter = ("kind", "is_association_member")
    search_fields = ("name", "=credit_code")
    raw_id_fields = ("region",)
