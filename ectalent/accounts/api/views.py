from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.response import Response

from ectalent.accounts.models import User


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display")
    region = serializers.CharField(source="region_id", allow_null=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role", "role_display", "region", "organisation", "person"]


@extend_schema(responses=MeSerializer, description="当前登录用户及其角色、区域。")
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user).data)


class TokenView(ObtainAuthToken):
    """用户名和密码换取 API 令牌（请求头 Authorization: Token <令牌>）。"""
