"""``POST /api/v1/eligibility/{level}``: one applicant's facts in, the same JSON as one line of the CLI out.

Open to anonymous callers: it is the public self-check (资格自测) as an API; it reads no stored data, only the facts
the caller sends. Anonymous calls are throttled."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from ectalent.rules.engine import evaluate
from ectalent.rules.validation import doc_id, error_message, is_valid

from .serializers import ApplicantFactsSerializer, EligibilityAnswerSerializer, EligibilityErrorSerializer

LEVELS = ("assistant", "specialist", "senior", "manager")


class SelfCheckAnonThrottle(AnonRateThrottle):
    rate = "60/min"


EXAMPLE = {
    "id": "A001",
    "as_of": "2024-06-30",
    "education": [{"level": "bachelor", "major": "电子商务", "status": "graduated", "graduated_on": "2015-07-01"}],
    "employment": [{"start": "2016-03-01", "end": None, "in_occupation": True, "management": False}],
    "certificates": [{"level": "assistant", "issued_on": "2019-01-10"}],
    "trainings": [],
}


class EligibilityView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [SelfCheckAnonThrottle]

    @extend_schema(
        operation_id="eligibility_check",
        summary="资格判定（单个申请人）",
        description=(
            "按 浙商务电商发〔2014〕93号 附件1 判定申报资格。请求体为一份申请人事实（applicant-facts.schema.json），"
            "返回与 `ectalent eligibility` 一行输出相同的 JSON。无需登录（匿名调用限流）。"
        ),
        parameters=[OpenApiParameter("level", str, OpenApiParameter.PATH, enum=list(LEVELS), description="申报等级")],
        request=ApplicantFactsSerializer,
        responses={
            200: EligibilityAnswerSerializer,
            400: OpenApiResponse(EligibilityErrorSerializer, description="输入不符合 applicant-facts 格式"),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="未知等级"),
        },
        examples=[OpenApiExample("电子商务本科，工作 8 年", value=EXAMPLE, request_only=True)],
        tags=["rules"],
    )
    def post(self, request, level: str):
        if level not in LEVELS:
            return Response(
                {"detail": f"未知等级「{level}」，可用：{'、'.join(LEVELS)}（unknown level）"}, status=status.HTTP_404_NOT_FOUND
            )
        doc = request.data
        if hasattr(doc, "dict") and not isinstance(doc, dict):  # a form-encoded body
            doc = doc.dict()
        if not is_valid(doc):
            message = error_message(doc)
            if message is not None:
                return Response({"id": doc_id(doc), "error": message}, status=status.HTTP_400_BAD_REQUEST)
        return Response(evaluate(doc, level).as_json())
