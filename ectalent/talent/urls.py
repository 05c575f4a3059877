from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.my_seeker, name="my-seeker"),
    path("me/edit/", views.my_seeker_edit, name="my-seeker-edit"),
    path("me/consent/", views.my_consent, name="my-consent"),
    path("contacts/<int:pk>/answer/", views.contact_answer, name="contact-answer"),
    path("seekers/", views.seeker_list, name="seeker-list"),
    path("vacancies/", views.vacancy_list, name="vacancy-list"),
    path("vacancies/new/", views.vacancy_edit, name="vacancy-create"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy-detail"),
    path("vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy-edit"),
    path("vacancies/<int:pk>/submit/", views.vacancy_submit, name="vacancy-submit"),
    path("vacancies/<int:pk>/close/", views.vacancy_close, name="vacancy-close"),
    path("vacancies/<int:pk>/decide/<int:row_id>/", views.vacancy_decide, name="vacancy-decide"),
    path("vacancies/<int:pk>/contact/<int:seeker_id>/", views.vacancy_contact, name="vacancy-contact"),
    path("vacancies/<int:pk>/recommend/", views.vacancy_recommend, name="vacancy-recommend"),
    path("vacancies/<int:pk>/contacts/<int:contact_id>/placement/", views.placement_add, name="placement-add"),
    path("jobs/", views.public_jobs, name="public-jobs"),
    path("jobs/<int:pk>/", views.public_job, name="public-job"),
    path("statistics/", views.statistics, name="statistics"),
    path("events/", views.event_list, name="event-list"),
    path("events/new/", views.event_edit, name="event-create"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_create, name="case-create"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
]
