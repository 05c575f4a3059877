from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ectalent.core.admin import ScopedAuditedAdmin

from .models import User


@admin.register(User)
class UserAdmin(ScopedAuditedAdmin, DjangoUserAdmin):
    list_display = ("username", "display_name", "role", "region", "organisation", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "display_name")
    raw_id_fields = ("region", "organisation", "person")
    fieldsets = DjangoUserAdmin.fieldsets + ((_("角色与范围"), {"fields": ("display_name", "role", "region", "organisation", "person")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("角色与范围"), {"fields": ("display_name", "role", "region", "organisation")}),)
