from rest_framework.routers import SimpleRouter

from .views import OrganisationViewSet, PersonViewSet

router = SimpleRouter()
router.register("people", PersonViewSet, basename="person")
router.register("organisations", OrganisationViewSet, basename="organisation")
urlpatterns = router.urls
