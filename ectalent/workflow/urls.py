from django.urls import path

from . import views

app_name = "workflow"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("mine/", views.mine, name="mine"),
    path("objections/lookup/", views.objection_lookup, name="objection-lookup"),
    path("objections/filed/<str:receipt>/", views.objection_filed, name="objection-filed"),
    path("objections/<int:pk>/contact/", views.objection_contact, name="objection-contact"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection-resolve"),
    path("objections/<int:pk>/reply/", views.objection_reply, name="objection-reply"),
]
