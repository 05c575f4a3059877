from rest_framework import serializers

from ectalent.core.api import ChoiceDisplayField
from ectalent.core.masking import mask_phone
from ectalent.workflow.choices import CaseStatus

from ..models import (
    Announcement,
    AnnualReport,
    PlanUnit,
    RegisteredUnit,
    RevocationProposal,
    TrainingPlan,
    UnitApplication,
    UnitChange,
)


class UnitApplicationListSerializer(serializers.ModelSerializer):
    unit_type_display = ChoiceDisplayField(source="get_unit_type_display")
    region = serializers.CharField(source="region_id")
    status = serializers.ChoiceField(source="case_status", choices=CaseStatus.choices, read_only=True, allow_null=True,
                                     help_text="审核状态（workflow Case.status）")

    class Meta:
        model = UnitApplication
        fields = ["id", "plan", "organisation", "unit_type", "unit_type_display", "unit_name", "region", "status",
                  "via_association", "created_at", "updated_at"]
        read_only_fields = fields


class UnitApplicationSerializer(UnitApplicationListSerializer):
    """附件4 / 附件5 as filed; the contact phone masked (a personal mobile number is PII)."""

    contact_phone_masked = serializers.SerializerMethodField()

    class Meta(UnitApplicationListSerializer.Meta):
        fields = UnitApplicationListSerializer.Meta.fields + [
            "nature", "address", "legal_representative", "contact_name", "contact_phone_masked", "contact_fax",
            "practice_areas", "founded_on", "staff_total", "teachers_full_time", "teachers_part_time",
            "managers_count", "other_staff_count", "max_training_capacity", "premises_ownership", "premises_area",
            "training_scopes", "licence_issuer", "licence_number", "training_summary", "base_kind", "website",
            "employees_count", "revenue_last_year", "enterprise_category", "park_name", "park_address",
            "park_manager", "park_tenants", "park_revenue_last_year", "overview", "declarations",
        ]
        read_only_fields = fields

    def get_contact_phone_masked(self, obj) -> str:
        return mask_phone(obj.contact_phone)


class RegisteredUnitSerializer(serializers.ModelSerializer):
    unit_type_display = ChoiceDisplayField(source="get_unit_type_display")
    status_display = ChoiceDisplayField(source="get_status_display")
    region = serializers.CharField(source="region_id")
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RegisteredUnit
        fields = ["id", "register_number", "name", "unit_type", "unit_type_display", "organisation", "application",
                  "plan", "region", "training_scopes", "registered_on", "status", "status_display", "revoked_on",
                  "revocation_reason", "banned_until"]
        read_only_fields = fields


class PlanLineSerializer(serializers.ModelSerializer):
    """One line of 附件3: a city (or a county-level city inside it) with its targets and recommendation limits."""

    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.CharField(source="region_id")
    targets = serializers.SerializerMethodField(help_text="各年度培训任务（人） {year: target}")

    class Meta:
        model = PlanUnit
        fields = ["id", "plan", "region", "label", "parent", "order", "target_total", "institutions_limit",
                  "bases_limit", "targets"]
        read_only_fields = fields

    def get_targets(self, obj) -> dict[str, int]:
        return {str(t.year): t.target for t in obj.targets.all()}


class TrainingPlanSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province_id")

    class Meta:
        model = TrainingPlan
        fields = ["id", "code", "title", "policy", "cite", "province", "first_year", "last_year",
                  "reserve_institutions", "reserve_bases"]
        read_only_fields = fields


class AnnualReportSerializer(serializers.ModelSerializer):
    """第八条 年度报告 with the platform's dynamic evaluation (第十条（二）)."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    propose_revocation = serializers.SerializerMethodField(help_text="动态评估是否提出取消备案建议")
    findings = serializers.SerializerMethodField(help_text="动态评估发现的问题")

    class Meta:
        model = AnnualReport
        fields = ["id", "unit", "unit_name", "year", "operations", "revenue", "trainees", "practice_trainees",
                  "sessions", "satisfaction_rate", "exam_pass_rate", "submitted_at", "propose_revocation", "findings"]
        read_only_fields = fields

    def get_propose_revocation(self, obj) -> bool:
        return bool((obj.evaluation or {}).get("propose_revocation"))

    def get_findings(self, obj) -> list[str]:
        return list((obj.evaluation or {}).get("findings", []))


class UnitChangeSerializer(serializers.ModelSerializer):
    """第九条 变更备案: rename, change of business scope, merger, split, change of line."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_display = ChoiceDisplayField(source="get_kind_display")

    class Meta:
        model = UnitChange
        fields = ["id", "unit", "unit_name", "kind", "kind_display", "before", "after", "description", "effective_on",
                  "filed_at"]
        read_only_fields = fields


class RevocationProposalSerializer(serializers.ModelSerializer):
    """第十条 取消备案建议 and the province's decision."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    ground_display = ChoiceDisplayField(source="get_ground_display")
    status_display = ChoiceDisplayField(source="get_status_display")
    proposed_by_platform = serializers.SerializerMethodField(help_text="平台按年度报告自动提出")

    class Meta:
        model = RevocationProposal
        fields = ["id", "unit", "unit_name", "ground", "ground_display", "details", "report", "proposed_at",
                  "proposed_by_platform", "status", "status_display", "decided_at", "decision_note"]
        read_only_fields = fields

    def get_proposed_by_platform(self, obj) -> bool:
        return obj.proposed_by_id is None


class AnnouncementSerializer(serializers.ModelSerializer):
    """名录公告: registrations, changes and revocations (public)."""

    register_number = serializers.CharField(source="unit.register_number", read_only=True)
    kind_display = ChoiceDisplayField(source="get_kind_display")
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()

    class Meta:
        model = Announcement
        fields = ["id", "number", "kind", "kind_display", "unit", "register_number", "title", "body", "published_on"]
        read_only_fields = fields

    def get_title(self, obj) -> str:
        from ectalent.core.i18n import shown

        return shown(obj.title)

    def get_body(self, obj) -> str:
        from ectalent.core.i18n import shown

        return shown(obj.body)
