from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role
from ectalent.audit.models import AuditEvent
from ectalent.registry.models import Organisation, Person

from . import counts


@login_required
def home(request):
    """A home page per role: what this user works on, counted within their scope."""
    user = request.user
    context = {"role": user.role}
    if user.is_platform_admin or user.role in OFFICIAL_ROLES:
        people = Person.objects.visible_to(user)
        orgs = Organisation.objects.visible_to(user)
        context.update(
            kind="official",
            people_count=counts.count(people, user, "registry.person"),
            org_count=counts.count(orgs, user, "registry.organisation"),
            recent_events=AuditEvent.objects.visible_to(user).select_related("region")[:8],
        )
    elif user.role in ORGANISATION_ROLES:
        context.update(
            kind="organisation",
            organisation=user.organisation,
            people_count=counts.count(Person.objects.visible_to(user), user, "registry.person"),
        )
    elif user.role == Role.APPLICANT:
        context.update(kind="applicant", person=user.person)
    else:
        context.update(kind="other")
    return render(request, "core/home.html", context)
