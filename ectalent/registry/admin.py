from django.contrib import admin

from ectalent.core.admin import ScopedAuditedAdmin

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


@admin.register(Organisation)
class OrganisationAdmin(ScopedAuditedAdmin):
    list_display = ("name", "kind", "credit_code", "region", "legal_representative")
    list_filter = ("kind", "is_association_member")
    search_fields = ("name", "=credit_code")
    raw_id_fields = ("region",)
