from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import actions
from .choices import OutboxStatus
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "to_masked", "subject", "status", "attempts", "sent_at")
    list_filter = ("channel", "status")
    search_fields = ("subject",)
    readonly_fields = ("notice", "channel", "to_masked", "subject", "body", "status", "attempts", "provider_id",
                       "last_error", "created_at", "sent_at")
    exclude = ("to",)
    actions = ["resend"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=OutboxMessage.objects.visible_to(request.user).values("pk"))

    @admin.display(description=_("发送至"))
    def to_masked(self, obj):
        return obj.to_masked

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("重新发送所选的失败消息"))
    def resend(self, request, queryset):
        failed = list(queryset.filter(status=OutboxStatus.FAILED))
        for message in failed:
            actions.retry(message)
        self.message_user(request, _("已重新排队 %(n)d 条。") % {"n": len(failed)}, messages.SUCCESS)
