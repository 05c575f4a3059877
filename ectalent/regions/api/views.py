import django_filters
from rest_framework import permissions, viewsets

from ectalent.regions.models import Region

from .serializers import RegionSerializer


class RegionFilterSet(django_filters.FilterSet):
    within = django_filters.CharFilter(label="上级区划代码（含本级及所有下级）", method="filter_within")

    class Meta:
        model = Region
        fields = ["level", "parent", "within"]

    def filter_within(self, queryset, name, value):
        region = Region.objects.filter(code=value).first()
        return queryset.subtree(region)


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """行政区划（公开参考数据）. Administrative divisions, GB/T 2260."""

    serializer_class = RegionSerializer
    lookup_field = "code"
    filterset_class = RegionFilterSet
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self):
        return Region.objects.visible_to(self.request.user)
