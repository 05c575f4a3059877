from django.contrib import admin

from .models import LevelOpening, ParameterEntry


@admin.register(LevelOpening)
class LevelOpeningAdmin(admin.ModelAdmin):
    list_display = ("level", "opens_on", "note", "set_by", "set_at")
    readonly_fields = ("set_by", "set_at")

    def save_model(self, request, obj, form, change):
        from .actions import set_level_opening

        set_level_opening(obj.level, obj.opens_on, acting_user=request.user, note=obj.note)


@admin.register(ParameterEntry)
class ParameterEntryAdmin(admin.ModelAdmin):
    """A rate the document leaves to another one (楚雄 措施七: 云人社发〔2020〕26号), entered with its source.
    Entries are never edited: a new value is a new entry."""

    list_display = ("pack", "name", "value", "effective_from", "effective_to", "cite", "entered_by", "entered_at")
    readonly_fields = ("entered_by", "entered_at")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from .actions import enter_parameter

        saved = enter_parameter(obj.pack, obj.name, obj.value, obj.effective_from, cite=obj.cite,
                                effective_to=obj.effective_to, acting_user=request.user)
        obj.pk = saved.pk
