from django.urls import path

from .views import EligibilityView

urlpatterns = [path("eligibility/<str:level>", EligibilityView.as_view(), name="eligibility")]
