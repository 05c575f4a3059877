from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("self-check/", views.self_check, name="self-check"),
    path("simulation/", views.simulation, name="simulation"),
]
