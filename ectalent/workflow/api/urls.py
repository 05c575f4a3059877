from rest_framework.routers import SimpleRouter

from .views import ObjectionViewSet

router = SimpleRouter()
router.register("workflow/objections", ObjectionViewSet, basename="objection")
urlpatterns = router.urls
