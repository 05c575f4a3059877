"""The workflow's objections (公示异议) in the API, for every programme: read-only, scoped like the case pages."""

import django_filters

from ectalent.core.api import ScopedReadOnlyViewSet

from ..choices import ObjectionStatus
from ..models import Objection
from .serializers import ObjectionSerializer


class ObjectionFilter(django_filters.FilterSet):
    workflow = django_filters.CharFilter(field_name="case__workflow", label="审核流程代码")
    status = django_filters.ChoiceFilter(choices=ObjectionStatus.choices)

    class Meta:
        model = Objection
        fields = ["workflow", "status"]


class ObjectionViewSet(ScopedReadOnlyViewSet):
    """公示期间的异议：受理编号、处理结果和对异议人的答复（联系方式脱敏）。"""

    model = Objection
    serializer_class = ObjectionSerializer
    filterset_class = ObjectionFilter
    select_related = ("case",)
    ordering = ("-filed_at", "-id")
