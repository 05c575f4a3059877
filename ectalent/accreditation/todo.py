"""Accreditation's pending work beyond the review steps (those come from the workflow): revocation proposals for
the province to decide, annual reports (第八条) due from a registered unit's staff, applications the province
can open (备案 batches accepting submissions)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.accounts.choices import ORGANISATION_ROLES, Role
from ectalent.core.todo import TodoItem, register

from .choices import ProposalStatus, UnitStatus
from .models import AnnualReport, RegisteredUnit, RevocationProposal


@register
def accreditation_todo(user):
    today = timezone.localdate()
    if user.role == Role.PROVINCE_ADMIN and user.region_id:
        n = RevocationProposal.objects.visible_to(user).filter(status=ProposalStatus.PROPOSED).count()
        if n:
            yield TodoItem(section="confirm", label=_("取消备案建议待确认（第十条）"), count=n,
                           url=reverse("accreditation:unit-list"), urgent=True)
    elif user.role in ORGANISATION_ROLES and user.organisation_id:
        last_year = today.year - 1
        units = RegisteredUnit.objects.visible_to(user).filter(status=UnitStatus.ACTIVE, registered_on__year__lte=last_year)
        reported = set(AnnualReport.objects.filter(unit__in=units, year=last_year).values_list("unit_id", flat=True))
        for unit in units:
            if unit.pk not in reported:
                yield TodoItem(section="report", label=_("%(unit)s：%(year)d 年度报告（第八条）待提交") % {
                    "unit": unit.name, "year": last_year}, url=reverse("accreditation:unit-detail", args=[unit.pk]))
