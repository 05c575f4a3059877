from django.contrib import admin

from ectalent.core.admin import ReadOnlyScopedAdmin

from .models import BudgetLine, Grant, LedgerEntry, Payment


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyScopedAdmin):
    list_display = ("year", "purpose", "region")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyScopedAdmin):
    list_display = ("line", "kind", "amount", "reason", "approver", "created_at")


@admin.register(Grant)
class GrantAdmin(ReadOnlyScopedAdmin):
    list_display = ("claim", "measure", "amount", "status", "record_hash")
    exclude = ("record",)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyScopedAdmin):
    list_display = ("grant", "amount", "status", "idempotency_key", "bank_reference")
