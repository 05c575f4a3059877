from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_open, name="open"),
    path("read-all/", views.notice_read_all, name="read-all"),
    path("settings/", views.notice_settings, name="settings"),
]
