"""URLs for the page benchmarks: the platform's own, plus the reference views (not served by the platform)."""

from django.http import HttpResponse
from django.urls import include, path
from django.utils.html import escape

from ectalent.registry.models import Person


def bare_pk(request, pk):
    """The reference: a bare Django view reading one row by primary key (no session, no template)."""
    person = Person.objects.only("name").get(pk=pk)
    return HttpResponse(f"<!doctype html><title>{escape(person.name)}</title><p>{escape(person.name)}</p>")


urlpatterns = [path("_bench/pk/<int:pk>/", bare_pk), path("", include("ectalent.urls"))]
