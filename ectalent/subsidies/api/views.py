"""Subsidies in the API: grants (read-only, scoped) and the idempotent payment request.

``POST /api/v1/subsidies/grants/{id}/pay/`` with an ``Idempotency-Key`` header pays a grant once: the first request
answers 201, a repeat (same key or same grant, same amount) answers 200 with the first payment, a repeat with
another amount — or a key already used for another payment — answers 409. Only the prefecture's 财政 may pay.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from ectalent.accounts.choices import Role
from ectalent.core.api import ScopedReadOnlyViewSet

from .. import actions
from ..models import Grant
from .serializers import GrantSerializer, PaymentRequestSerializer, PaymentSerializer


class GrantViewSet(ScopedReadOnlyViewSet):
    model = Grant
    serializer_class = GrantSerializer

    @extend_schema(
        request=PaymentRequestSerializer, responses={200: PaymentSerializer, 201: PaymentSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False)],
    )
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        grant = get_object_or_404(self.get_queryset(), pk=pk)
        user = request.user
        if user.role != Role.FINANCE_REVIEWER or user.region is None or not user.region.contains(grant.line.region):
            raise PermissionDenied("只有州财政可以支付补贴。")
        data = PaymentRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            payment, created = actions.request_payment(grant, data.validated_data["amount"], acting_user=user,
                                                       idempotency_key=request.headers.get("Idempotency-Key") or None)
        except ValidationError as exc:
            return Response({"detail": exc.messages[0]}, status=status.HTTP_409_CONFLICT)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
