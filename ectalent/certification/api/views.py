"""Certification in the API (read-only): exam sessions, applications, scores, results, certificates, and the public
verification of a certificate number.

Scoped like the web UI (``visible_to``); out of scope is 404. Candidates and institutions see scores and results only
once published, as on the web pages. Changes (applying, scoring, publishing) go through the web UI.
"""

import django_filters
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ectalent.accounts.choices import OFFICIAL_ROLES
from ectalent.core.api import ScopedReadOnlyViewSet, with_case_status
from ectalent.workflow.choices import CaseStatus

from .. import certificates as certs
from ..choices import CertificateStatus, Level, SessionStatus
from ..models import CertApplication, Certificate, ExamSession, Result, Score
from .serializers import (
    CertApplicationSerializer,
    CertificateSerializer,
    ExamSessionSerializer,
    ResultSerializer,
    ScoreSerializer,
    VerificationSerializer,
)


def sees_unpublished(user) -> bool:
    """Officials (the centre, the commerce departments) and administrators see scores and results before
    publication; candidates and institutions only after."""
    return bool(user.is_superuser or user.is_platform_admin or user.role in OFFICIAL_ROLES)


class ExamSessionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices)

    class Meta:
        model = ExamSession
        fields = ["level", "status"]


class ExamSessionViewSet(ScopedReadOnlyViewSet):
    """考试批次：已发布的批次公开；未发布的只对培训认证中心和管理员可见。"""

    model = ExamSession
    serializer_class = ExamSessionSerializer
    filterset_class = ExamSessionFilter
    ordering = ("-exam_starts", "-pk")


class CertApplicationFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="session_id")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, field_name="case_status")

    class Meta:
        model = CertApplication
        fields = ["session", "status"]


class CertApplicationViewSet(ScopedReadOnlyViewSet):
    """认证报名（含提交时的资格判定和资格初审状态）。"""

    model = CertApplication
    serializer_class = CertApplicationSerializer
    filterset_class = CertApplicationFilter
    select_related = ("person",)

    def get_queryset(self):
        return with_case_status(super().get_queryset(), "certification.certapplication")


class _PublishedOnlyForCandidates:
    published_field = "published"

    def scope(self, qs):
        if sees_unpublished(self.request.user):
            return qs
        return qs.filter(**{self.published_field: True})


class ScoreFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="application__session_id")
    application = django_filters.NumberFilter(field_name="application_id")

    class Meta:
        model = Score
        fields = ["session", "application"]


class ScoreViewSet(_PublishedOnlyForCandidates, ScopedReadOnlyViewSet):
    """成绩（每个方向每个科目一项）。"""

    model = Score
    serializer_class = ScoreSerializer
    filterset_class = ScoreFilter
    published_field = "application__result__published"
    ordering = ("application", "direction", "part")


class ResultFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="application__session_id")
    passed = django_filters.BooleanFilter()

    class Meta:
        model = Result
        fields = ["session", "passed"]


class ResultViewSet(_PublishedOnlyForCandidates, ScopedReadOnlyViewSet):
    """认证结果（按附件1 考试认证规则计算；公布后考生可见）。"""

    model = Result
    serializer_class = ResultSerializer
    filterset_class = ResultFilter


class CertificateFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    status = django_filters.ChoiceFilter(choices=CertificateStatus.choices)

    class Meta:
        model = Certificate
        fields = ["level", "status"]


class CertificateViewSet(ScopedReadOnlyViewSet):
    """证书（持证人身份证号脱敏）。"""

    model = Certificate
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    select_related = ("person",)
    ordering = ("-issued_on", "-pk")


@extend_schema(
    parameters=[OpenApiParameter("number", OpenApiTypes.STR, required=True, description="证书编号（14 位，含校验位）")],
    responses={200: VerificationSerializer, 429: OpenApiTypes.OBJECT},
    description="公开的证书核验：不需登录，按来源地址和会话限制频率（与证书查询页相同）。持证人姓名和身份证号脱敏。",
    auth=[],
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([])
def verify(request):
    from ..views.certificates import over_limit, public_view, rate_limit

    if over_limit(request):
        limit, window = rate_limit()
        response = Response({"detail": gettext("查询过于频繁：每 %(minutes)s 分钟最多查询 %(limit)s 次，请稍后再试。（为防止批量抓取，证书查询按来源地址和会话限制频率。）") % {
            "minutes": max(1, window // 60), "limit": limit}}, status=429)
        response["Retry-After"] = str(window)
        return response
    checked = certs.validate_number(request.query_params.get("number", ""))
    answer = {"number": checked.number, "number_ok": checked.ok, "found": False, "message": checked.message or "",
              "holder": None, "id_masked": None, "level": None, "directions": [], "issued_on": None, "issuer": None,
              "status": None, "revoked": False, "revoked_on": None}
    if checked.ok:
        certificate = Certificate.objects.select_related("person").filter(number=checked.number).first()
        if certificate is None:
            answer["message"] = gettext("未查到编号为 %(number)s 的证书。编号的校验位正确，说明不是简单的输入错误；请确认证书由浙江省商务厅培训认证中心颁发，或向发证机构核实。") % {"number": checked.number}
        else:
            view = public_view(certificate)
            answer.update(found=True, holder=view["holder"], id_masked=view["id_masked"],
                          level=gettext(view["level"]), directions=[gettext(d) for d in view["directions"]],
                          issued_on=view["issued_on"], issuer=view["issuer"], status=str(view["status"]),
                          revoked=view["revoked"], revoked_on=view["revoked_on"])
    return Response(VerificationSerializer(answer).data)
