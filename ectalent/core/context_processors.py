from django.conf import settings
from django.urls import NoReverseMatch, reverse

from . import navigation


def platform(request):
    context = {"PLATFORM_NAME": "电商人才培育与评价平台", "DEBUG": settings.DEBUG}
    for key, name in (("selfcheck_url", "rules:self-check"), ("simulation_url", "rules:simulation")):
        try:
            context[key] = reverse(name)
        except NoReverseMatch:
            context[key] = ""
    user = getattr(request, "user", None)
    nav = navigation.items_for(user)
    home = reverse("home")
    for item in nav:
        item["active"] = request.path == item["url"] if item["url"] == home else request.path.startswith(item["url"])
    context["nav_items"] = nav
    context["nav_more"] = navigation.items_for(user, more=True) if user is not None and user.is_authenticated else []
    if user is not None and user.is_authenticated:
        from ectalent.notices.actions import unread_count

        context["unread_notices"] = unread_count(user)
    return context
