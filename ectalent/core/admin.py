"""Shared admin behaviour: every list starts from ``visible_to`` and every save is audited."""

from django.contrib import admin
from django.db import transaction

from ectalent.audit.actions import diff, record, snapshot
from ectalent.audit.models import AuditAction


class ScopedAuditedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.visible_to(request.user) if hasattr(qs, "visible_to") else qs

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            after = snapshot(obj)
            if change:
                b, a = diff(before, after)
                if a:
                    record(AuditAction.UPDATE, obj, actor=request.user, before=b, after=a, note="admin")
            else:
                record(AuditAction.CREATE, obj, actor=request.user, after=after, note="admin")

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(AuditAction.DELETE, obj, actor=request.user, before=snapshot(obj), note="admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyScopedAdmin(ScopedAuditedAdmin):
    """A list (and a read-only detail) of a programme's rows for the platform administrator: scoped like everything
    else, with personal data masked (list the ``*_masked`` methods, exclude the raw fields). State changes go through
    the programme's actions (review workflow, imports, publication), never through the admin."""

    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
