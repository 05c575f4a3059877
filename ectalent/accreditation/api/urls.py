from rest_framework.routers import SimpleRouter

from .views import (
    AnnouncementViewSet,
    AnnualReportViewSet,
    PlanLineViewSet,
    RegisteredUnitViewSet,
    RevocationProposalViewSet,
    TrainingPlanViewSet,
    UnitApplicationViewSet,
    UnitChangeViewSet,
)

router = SimpleRouter()
router.register("accreditation/applications", UnitApplicationViewSet, basename="unit-application")
router.register("accreditation/units", RegisteredUnitViewSet, basename="registered-unit")
router.register("accreditation/plans", TrainingPlanViewSet, basename="training-plan")
router.register("accreditation/plan-lines", PlanLineViewSet, basename="plan-line")
router.register("accreditation/annual-reports", AnnualReportViewSet, basename="annual-report")
router.register("accreditation/changes", UnitChangeViewSet, basename="unit-change")
router.register("accreditation/revocations", RevocationProposalViewSet, basename="revocation-proposal")
router.register("accreditation/announcements", AnnouncementViewSet, basename="announcement")
urlpatterns = router.urls
