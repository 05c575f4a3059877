from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    CertApplicationViewSet,
    CertificateViewSet,
    ExamSessionViewSet,
    ResultViewSet,
    ScoreViewSet,
    verify,
)

router = SimpleRouter()
router.register("certification/sessions", ExamSessionViewSet, basename="exam-session")
router.register("certification/applications", CertApplicationViewSet, basename="cert-application")
router.register("certification/scores", ScoreViewSet, basename="score")
router.register("certification/results", ResultViewSet, basename="result")
router.register("certification/certificates", CertificateViewSet, basename="certificate")
urlpatterns = [path("certification/verify/", verify, name="certificate-verify"), *router.urls]
