from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .filtersets import AuditEventFilterSet
from .models import AuditEvent


@login_required
def event_list(request):
    base = AuditEvent.objects.visible_to(request.user).select_related("region")
    filterset = AuditEventFilterSet(request.GET, queryset=base)
    qs = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "audit/event_list.html", {"filter": filterset, "page": page, "query": params.urlencode()})
