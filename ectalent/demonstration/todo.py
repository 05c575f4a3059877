"""Pending work of the demonstration programmes beyond the review steps (those come from the workflow): a national
result to record, draft evaluation rounds to publish, demonstrations a user may apply for, annual reviews due."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.accounts.choices import Role
from ectalent.core.todo import TodoItem, register

from .choices import RoundStatus, UnitStatus
from .models import AnnualReview, DesignatedUnit, EvaluationRound


@register
def demonstration_todo(user):
    if not getattr(user, "is_authenticated", False):
        return
    if user.role == Role.PROVINCE_ADMIN and user.region_id:
        n = DesignatedUnit.objects.filter(status=UnitStatus.RECOMMENDED).count()
        if n:
            yield TodoItem(section="confirm", label=_("已推荐上报的国家级示范待记录认定结果"), count=n,
                           url=reverse("demonstration:unit-list") + "?status=recommended")
    if user.role in (Role.PROVINCE_ADMIN, Role.POLICY_OFFICE) and user.region_id:
        n = EvaluationRound.objects.visible_to(user).filter(status=RoundStatus.DRAFT).count()
        if n:
            yield TodoItem(section="confirm", label=_("发展评价待核对发布"), count=n,
                           url=reverse("demonstration:round-list"))
    if user.role == Role.COUNTY_REVIEWER and user.region_id:
        last_year = timezone.localdate().year - 1
        units = DesignatedUnit.objects.filter(status=UnitStatus.DESIGNATED, designated_on__year__lte=last_year).filter(
            region__path__startswith=user.region.path)
        done = AnnualReview.objects.filter(unit__in=units, year=last_year).values("unit_id")
        n = units.exclude(pk__in=done).count()
        if n:
            yield TodoItem(section="report", label=_("示范单位 %(year)s 年度复核待记录") % {"year": last_year}, count=n,
                           url=reverse("demonstration:unit-list") + "?status=designated")
    from .actions import kinds_for

    if user.role == Role.GRASSROOTS_STAFF and kinds_for(user):
        yield TodoItem(section="apply", label=_("电子商务示范创建：可以申报"), url=reverse("demonstration:index"))
