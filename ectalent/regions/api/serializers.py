from rest_framework import serializers

from ectalent.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent_id", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "short_name", "level", "kind", "parent_code", "path"]
