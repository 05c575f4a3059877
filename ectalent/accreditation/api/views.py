"""Accreditation in the API (read-only): applications (附件4/5), the register, the 附件3 plan and its lines.

Scoped like the web UI (``visible_to``): officials their region's subtree, a unit its own rows; out of scope is 404.
Changes go through the web UI's review workflow.
"""

import django_filters

from ectalent.core.api import ScopedReadOnlyViewSet, with_case_status
from ectalent.workflow.choices import CaseStatus

from ..choices import AnnouncementKind, ChangeKind, ProposalStatus, UnitStatus, UnitType
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
from .serializers import (
    AnnouncementSerializer,
    AnnualReportSerializer,
    RevocationProposalSerializer,
    UnitChangeSerializer,
    PlanLineSerializer,
    RegisteredUnitSerializer,
    TrainingPlanSerializer,
    UnitApplicationListSerializer,
    UnitApplicationSerializer,
)


class UnitApplicationFilter(django_filters.FilterSet):
    unit_type = django_filters.ChoiceFilter(choices=UnitType.choices)
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, field_name="case_status")
    region = django_filters.CharFilter(field_name="region__path", lookup_expr="startswith",
                                       method="filter_region", label="地区代码（含下级）")

    class Meta:
        model = UnitApplication
        fields = ["unit_type", "status", "region"]

    def filter_region(self, queryset, name, value):
        from ectalent.regions.models import Region

        region = Region.objects.filter(code=value).first()
        return queryset.filter(region__path__startswith=region.path) if region else queryset.none()


class UnitApplicationViewSet(ScopedReadOnlyViewSet):
    """备案申请（附件4 培训机构、附件5 实践基地）及其审核状态。"""

    model = UnitApplication
    filterset_class = UnitApplicationFilter

    def get_queryset(self):
        return with_case_status(super().get_queryset(), "accreditation.unitapplication")

    def get_serializer_class(self):
        return UnitApplicationListSerializer if self.action == "list" else UnitApplicationSerializer


class RegisteredUnitFilter(django_filters.FilterSet):
    unit_type = django_filters.ChoiceFilter(choices=UnitType.choices)
    status = django_filters.ChoiceFilter(choices=UnitStatus.choices)

    class Meta:
        model = RegisteredUnit
        fields = ["unit_type", "status"]


class RegisteredUnitViewSet(ScopedReadOnlyViewSet):
    """备案单位（名录，附件2 第七条），含已取消备案的单位。"""

    model = RegisteredUnit
    serializer_class = RegisteredUnitSerializer
    filterset_class = RegisteredUnitFilter
    select_related = ("plan",)
    ordering = ("region", "unit_type", "register_number")


class TrainingPlanViewSet(ScopedReadOnlyViewSet):
    """培训任务和机构数量分配计划（附件3）：公开文件。"""

    model = TrainingPlan
    serializer_class = TrainingPlanSerializer
    ordering = ("-first_year",)


class PlanLineFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__code", label="计划代码")

    class Meta:
        model = PlanUnit
        fields = ["plan"]


class PlanLineViewSet(ScopedReadOnlyViewSet):
    """附件3 的计划行：各市（及单列的县级市）各年度培训任务和推荐数量上限。"""

    model = PlanUnit
    serializer_class = PlanLineSerializer
    filterset_class = PlanLineFilter
    select_related = ("plan",)
    prefetch_related = ("targets",)
    ordering = ("plan", "order")


class UnitScopedFilter(django_filters.FilterSet):
    unit = django_filters.NumberFilter(field_name="unit_id", label="备案单位 id")


class AnnualReportFilter(UnitScopedFilter):
    year = django_filters.NumberFilter()

    class Meta:
        model = AnnualReport
        fields = ["unit", "year"]


class AnnualReportViewSet(ScopedReadOnlyViewSet):
    """年度报告（附件2 第八条）与动态评估；备案单位看自己的，官员看辖区内的。"""

    model = AnnualReport
    serializer_class = AnnualReportSerializer
    filterset_class = AnnualReportFilter
    select_related = ("unit",)
    ordering = ("-year", "unit_id")


class UnitChangeFilter(UnitScopedFilter):
    kind = django_filters.ChoiceFilter(choices=ChangeKind.choices)

    class Meta:
        model = UnitChange
        fields = ["unit", "kind"]


class UnitChangeViewSet(ScopedReadOnlyViewSet):
    """变更备案（附件2 第九条）：更名、变更经营范围、合并、分立、转业。"""

    model = UnitChange
    serializer_class = UnitChangeSerializer
    filterset_class = UnitChangeFilter
    select_related = ("unit",)
    ordering = ("-effective_on", "-id")


class RevocationFilter(UnitScopedFilter):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)

    class Meta:
        model = RevocationProposal
        fields = ["unit", "status"]


class RevocationProposalViewSet(ScopedReadOnlyViewSet):
    """取消备案建议及省商务厅的确认（附件2 第十条）。"""

    model = RevocationProposal
    serializer_class = RevocationProposalSerializer
    filterset_class = RevocationFilter
    select_related = ("unit",)
    ordering = ("-proposed_at", "-id")


class AnnouncementFilter(UnitScopedFilter):
    kind = django_filters.ChoiceFilter(choices=AnnouncementKind.choices)

    class Meta:
        model = Announcement
        fields = ["unit", "kind"]


class AnnouncementViewSet(ScopedReadOnlyViewSet):
    """名录公告（备案、变更、取消备案）：公开文件。"""

    model = Announcement
    serializer_class = AnnouncementSerializer
    filterset_class = AnnouncementFilter
    select_related = ("unit",)
    ordering = ("-published_on", "-id")
