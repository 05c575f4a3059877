from django.urls import path

from . import views

app_name = "workflow"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("mine/", views.mine, name="mine"),
]
