"""Lecturers' pending work: a judge's lectures to score; the association's rounds blocked from publication;
the chair's divergent lectures. Reviews of applications and the 公示 come from the workflow."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ectalent.accounts.choices import Role
from ectalent.core.todo import TodoItem, register

from .choices import RoundStatus
from .models import Lecture, Seat, SelectionRound


@register
def lecturers_todo(user):
    if user.role == Role.EXPERT:
        seats = (Seat.objects.filter(judge=user, recused=False, score__isnull=True,
                                     lecture__round__status=RoundStatus.SCORING)
                 .select_related("lecture__round", "lecture__lecturer", "lecture__institution")[:20])
        for seat in seats:
            yield TodoItem(section="review", label=_("评分：%(c)s（%(r)s）") % {"c": seat.lecture.candidate, "r": seat.lecture.round.name},
                           url=reverse("lecturers:lecture-detail", args=[seat.lecture_id]))
        from . import actions

        for lecture in Lecture.objects.filter(round__chair=user, round__status=RoundStatus.SCORING).select_related("round")[:50]:
            if actions.unresolved_divergence(lecture):
                yield TodoItem(section="confirm", label=_("评分分歧待处理：%(c)s") % {"c": lecture.candidate},
                               url=reverse("lecturers:lecture-detail", args=[lecture.pk]), urgent=True)
    elif user.role in (Role.ASSOCIATION, Role.PROVINCE_ADMIN):
        for r in SelectionRound.objects.filter(status=RoundStatus.SCORING)[:20]:
            yield TodoItem(section="confirm", label=_("遴选场次评分中，待公布：%(n)s") % {"n": r.name},
                           url=reverse("lecturers:round-detail", args=[r.pk]))
