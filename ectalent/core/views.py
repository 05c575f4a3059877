from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role
from ectalent.audit.models import AuditEvent
from ectalent.registry.models import Organisation, Person
from ectalent.workflow import queries
from ectalent.workflow.notify import case_url

from . import todo


@login_required
def home(request):
    """A home page per role: this user's pending work in every programme (to-do centre), then their scope."""
    user = request.user
    context = {"role": user.role, "todo": todo.collect(user)}
    if user.is_platform_admin or user.role in OFFICIAL_ROLES:
        context.update(
            kind="official",
            people_count=Person.objects.visible_to(user).count(),
            org_count=Organisation.objects.visible_to(user).count(),
            recent_events=AuditEvent.objects.visible_to(user).select_related("region")[:8],
        )
        return render(request, "core/home.html", context)
    context["my_cases"] = [{"case": c, "url": case_url(c)}
                           for c in queries.my_cases(user).order_by("-submitted_at", "-id")[:6]]
    if user.role in ORGANISATION_ROLES:
        context.update(kind="organisation", organisation=user.organisation,
                       people_count=Person.objects.visible_to(user).count())
    elif user.role == Role.APPLICANT:
        context.update(kind="applicant", person=user.person)
    else:
        context.update(kind="other")
    return render(request, "core/home.html", context)
