from rest_framework.routers import SimpleRouter

from .views import GrantViewSet

router = SimpleRouter()
router.register("subsidies/grants", GrantViewSet, basename="subsidy-grant")
urlpatterns = router.urls
