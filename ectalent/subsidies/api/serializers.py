from rest_framework import serializers

from ..models import Grant, Payment


class GrantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Grant
        fields = ["id", "claim", "measure", "line", "amount", "status", "record_hash", "approved_at"]


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "grant", "batch", "amount", "status", "idempotency_key", "bank_reference", "created_at", "settled_at"]


class PaymentRequestSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="支付金额（元），须等于核定金额")
