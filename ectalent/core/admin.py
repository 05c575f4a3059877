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
