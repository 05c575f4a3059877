"""Certification's pending work: sessions open for registration (applicants, institutions); for the centre, the
sessions whose exam is over with scores to enter or results to publish. Pre-checks come from the workflow."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.accounts.choices import Role
from ectalent.core.todo import TodoItem, register

from .choices import SessionStatus
from .models import CertApplication, ExamSession


@register
def certification_todo(user):
    today = timezone.localdate()
    if user.role in (Role.APPLICANT, Role.INSTITUTION_STAFF):
        open_now = ExamSession.objects.visible_to(user).filter(
            status=SessionStatus.PUBLISHED, applications_open__lte=today, applications_close__gte=today)
        if user.role == Role.APPLICANT and user.person_id:
            open_now = open_now.exclude(Exists(CertApplication.objects.filter(session=OuterRef("pk"),
                                                                              person_id=user.person_id)))
        for session in open_now.order_by("applications_close")[:10]:
            yield TodoItem(section="apply", label=_("认证考试报名：%(name)s（%(level)s）") % {
                "name": session.name, "level": session.get_level_display()},
                url=reverse("certification:session-detail", args=[session.pk]), due_on=session.applications_close)
    elif user.role == Role.CERT_CENTRE:
        ended = ExamSession.objects.visible_to(user).filter(
            status__in=[SessionStatus.PUBLISHED, SessionStatus.CLOSED], exam_ends__lt=today)
        for session in ended.order_by("exam_ends")[:20]:
            yield TodoItem(section="confirm", label=_("%(name)s：考试已结束，成绩待录入和公布") % {"name": session.name},
                           url=reverse("certification:session-results", args=[session.pk]))
