"""The talent market's pending work: a seeker's contact requests to answer; an enterprise's agreed contacts
without an outcome and its returned vacancies. The county 人社's vacancy reviews come from the workflow."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ectalent.accounts.choices import ORGANISATION_ROLES, Role
from ectalent.core.todo import TodoItem, register

from .choices import ContactStatus, VacancyStatus
from .models import ContactRequest, Seeker, Vacancy


@register
def talent_todo(user):
    if user.role == Role.APPLICANT and user.person_id:
        seeker = Seeker.objects.filter(person_id=user.person_id).first()
        if seeker is None:
            return
        n = ContactRequest.objects.filter(seeker=seeker, status=ContactStatus.PENDING).count()
        if n:
            yield TodoItem(section="confirm", count=n, url=reverse("talent:my-seeker"),
                           label=ngettext("%(n)s 个用人单位请求与您联系", "%(n)s 个用人单位请求与您联系", n) % {"n": n})
        if seeker.active_consent() is None:
            yield TodoItem(section="mine", url=reverse("talent:my-seeker"),
                           label=_("求职登记：尚未授权向用人单位展示，用人单位看不到您"))
    elif user.role in ORGANISATION_ROLES and user.organisation_id:
        returned = Vacancy.objects.filter(organisation_id=user.organisation_id, status=VacancyStatus.RETURNED)
        for v in returned[:10]:
            yield TodoItem(section="correct", label=_("用工需求被退回修改：%(t)s") % {"t": v.title},
                           url=reverse("talent:vacancy-detail", args=[v.pk]))
        agreed = (ContactRequest.objects.filter(vacancy__organisation_id=user.organisation_id,
                                                status=ContactStatus.ACCEPTED, placements__isnull=True))
        n = agreed.count()
        if n:
            yield TodoItem(section="confirm", count=n, url=reverse("talent:vacancy-list"),
                           label=ngettext("%(n)s 名求职者已同意联系，待记录面试或录用",
                                          "%(n)s 名求职者已同意联系，待记录面试或录用", n) % {"n": n})
