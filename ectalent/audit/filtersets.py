import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ectalent.core.widgets import IsoDateInput
from ectalent.core.filtersets import PlatformFilterSet

from .kinds import kind_choices
from .models import AuditAction, AuditEvent


class AuditEventFilterSet(PlatformFilterSet):
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("操作"))
    object_type = django_filters.ChoiceFilter(label=_("对象类型"), choices=kind_choices)
    object_id = django_filters.CharFilter(label=_("对象编号"))
    actor = django_filters.CharFilter(field_name="actor_label", label=_("操作人账号"))
    since = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte", label=_("起始日期"),
                                      widget=IsoDateInput())
    until = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label=_("截止日期"),
                                      widget=IsoDateInput())

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id", "actor", "since", "until"]
