from rest_framework.routers import SimpleRouter

from .views import PlanLineViewSet, RegisteredUnitViewSet, TrainingPlanViewSet, UnitApplicationViewSet

router = SimpleRouter()
router.register("accreditation/applications", UnitApplicationViewSet, basename="unit-application")
router.register("accreditation/units", RegisteredUnitViewSet, basename="registered-unit")
router.register("accreditation/plans", TrainingPlanViewSet, basename="training-plan")
router.register("accreditation/plan-lines", PlanLineViewSet, basename="plan-line")
urlpatterns = router.urls
