"""One FilterSet per listed model: the centre's and institutions' application lists, and the session list."""

import django_filters
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _l

from ectalent.core.filtersets import PlatformFilterSet
from ectalent.workflow.choices import CaseStatus
from ectalent.workflow.models import Case

from .choices import Level, SessionStatus
from .models import CertApplication, ExamSession


class ExamSessionFilterSet(PlatformFilterSet):
    level = django_filters.ChoiceFilter(label=_l("等级"), choices=Level.choices)
    status = django_filters.ChoiceFilter(label=_l("状态"), choices=SessionStatus.choices)

    class Meta:
        model = ExamSession
        fields = ["level", "status"]


class CertApplicationFilterSet(PlatformFilterSet):
    session = django_filters.ModelChoiceFilter(label=_l("考试批次"), queryset=ExamSession.objects.none())
    level = django_filters.ChoiceFilter(label=_l("等级"), choices=Level.choices, field_name="session__level")
    status = django_filters.ChoiceFilter(label=_l("初审状态"), choices=CaseStatus.choices, method="filter_status")
    q = django_filters.CharFilter(label=_l("姓名"), field_name="person__name", lookup_expr="icontains")

    class Meta:
        model = CertApplication
        fields = ["session", "level", "status", "q"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["session"].queryset = ExamSession.objects.visible_to(user)

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        cases = Case.objects.filter(subject_type="certification.certapplication",
                                    subject_id=Cast(OuterRef("pk"), CharField()), status=value)
        return queryset.filter(Exists(cases))
