from django.contrib import admin

from .models import LevelOpening


@admin.register(LevelOpening)
class LevelOpeningAdmin(admin.ModelAdmin):
    list_display = ("level", "opens_on", "note", "set_by", "set_at")
    readonly_fields = ("set_by", "set_at")

    def save_model(self, request, obj, form, change):
        from .actions import set_level_opening

        set_level_opening(obj.level, obj.opens_on, acting_user=request.user, note=obj.note)
