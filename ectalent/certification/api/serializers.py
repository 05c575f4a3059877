from django.utils.translation import gettext
from rest_framework import serializers

from ectalent.core.api import ChoiceDisplayField
from ectalent.core.i18n import shown
from ectalent.workflow.choices import CaseStatus

from .. import policy
from ..models import CertApplication, Certificate, ExamSession, Result, Score


class ExamSessionSerializer(serializers.ModelSerializer):
    level_display = ChoiceDisplayField(source="get_level_display")
    status_display = ChoiceDisplayField(source="get_status_display")
    direction_names = serializers.SerializerMethodField(help_text="开考方向名称（请求语言）")

    class Meta:
        model = ExamSession
        fields = ["id", "code", "name", "level", "level_display", "directions", "direction_names",
                  "applications_open", "applications_close", "exam_starts", "exam_ends", "places", "venue", "status",
                  "status_display", "published_at", "results_published_at"]
        read_only_fields = fields

    def get_direction_names(self, obj) -> list[str]:
        return [gettext(policy.direction_label(d)) for d in obj.directions or []]


class CertApplicationSerializer(serializers.ModelSerializer):
    """报名 with the eligibility stored at submission; the candidate's ID number masked."""

    person_name = serializers.CharField(source="person.name", read_only=True)
    person_id_number_masked = serializers.CharField(source="person.id_number_masked", read_only=True)
    status = serializers.ChoiceField(source="case_status", choices=CaseStatus.choices, read_only=True, allow_null=True,
                                     help_text="资格初审状态（workflow Case.status）")
    eligible = serializers.SerializerMethodField(help_text="提交时规则引擎的判定")

    class Meta:
        model = CertApplication
        fields = ["id", "session", "person", "person_name", "person_id_number_masked", "institution", "directions",
                  "practice_kind", "practice_base", "practice_enterprise", "practice_start", "practice_end",
                  "eligible", "policy_version", "status", "created_at"]
        read_only_fields = fields

    def get_eligible(self, obj) -> bool | None:
        return (obj.eligibility or {}).get("eligible")


class ScoreSerializer(serializers.ModelSerializer):
    part_display = ChoiceDisplayField(source="get_part_display")

    class Meta:
        model = Score
        fields = ["id", "application", "direction", "part", "part_display", "score", "entered_at"]
        read_only_fields = fields


class ResultSerializer(serializers.ModelSerializer):
    explanation = serializers.SerializerMethodField(help_text="判定说明（请求语言）")

    class Meta:
        model = Result
        fields = ["id", "application", "passed", "passed_directions", "carried_directions", "published",
                  "computed_at", "explanation"]
        read_only_fields = fields

    def get_explanation(self, obj) -> list[str]:
        return [shown(item.get("text", "")) for item in obj.explanation or []]


class CertificateSerializer(serializers.ModelSerializer):
    holder_name = serializers.CharField(source="person.name", read_only=True)
    holder_id_number_masked = serializers.CharField(source="person.id_number_masked", read_only=True)
    level_display = ChoiceDisplayField(source="get_level_display")
    status_display = ChoiceDisplayField(source="get_status_display")

    class Meta:
        model = Certificate
        fields = ["id", "number", "person", "holder_name", "holder_id_number_masked", "application", "level",
                  "level_display", "directions", "issued_on", "issuer", "status", "status_display", "revoked_on",
                  "revocation_reason"]
        read_only_fields = fields


class VerificationSerializer(serializers.Serializer):
    """What anyone may learn about a certificate number: holder and ID number masked, never in full."""

    number = serializers.CharField()
    number_ok = serializers.BooleanField(help_text="编号格式与校验位正确")
    found = serializers.BooleanField()
    message = serializers.CharField(allow_blank=True)
    holder = serializers.CharField(allow_null=True)
    id_masked = serializers.CharField(allow_null=True)
    level = serializers.CharField(allow_null=True)
    directions = serializers.ListField(child=serializers.CharField())
    issued_on = serializers.DateField(allow_null=True)
    issuer = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    revoked = serializers.BooleanField()
    revoked_on = serializers.DateField(allow_null=True)
