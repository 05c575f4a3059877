from rest_framework import serializers

from ectalent.core.api import ChoiceDisplayField

from ..models import Objection


class ObjectionSerializer(serializers.ModelSerializer):
    """公示异议 with its receipt number, outcome and reply; the objector's contact masked (the full one only on the
    case page, each view logged)."""

    workflow = serializers.CharField(source="case.workflow", read_only=True)
    subject = serializers.CharField(source="case.subject_repr", read_only=True)
    status_display = ChoiceDisplayField(source="get_status_display")
    contact_masked = serializers.CharField(read_only=True)

    class Meta:
        model = Objection
        fields = ["id", "receipt_number", "case", "workflow", "subject", "filed_at", "name", "contact_masked",
                  "content", "status", "status_display", "resolution", "resolved_at", "reply", "replied_at"]
        read_only_fields = fields
