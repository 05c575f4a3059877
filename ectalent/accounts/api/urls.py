from django.urls import path

from .views import TokenView, me

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", me, name="me"),
]
