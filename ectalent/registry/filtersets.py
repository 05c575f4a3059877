"""One FilterSet per model, shared by the HTML list, the exports and the API."""

import re
from functools import lru_cache

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ectalent.core.widgets import IsoDateInput
from ectalent.core.choices import Ethnicity, Gender, PoliticalStatus
from ectalent.core.filtersets import PlatformFilterSet
from ectalent.regions.models import Region, subtree_codes

from .choices import OrganisationKind
from .models import Organisation, Person


def filter_region_subtree(queryset, name, value):
    if not value:
        return queryset
    return queryset.filter(**{f"{name}__in": subtree_codes(value.path)})


@lru_cache(maxsize=256)
def _region_choices(path: str | None, generation: int) -> tuple[tuple[str, str], ...]:
    qs = Region.objects.all() if path is None else Region.objects.subtree(Region(path=path))
    return tuple(qs.values_list("code", "name"))


def region_choices(user) -> list[tuple[str, str]]:
    """(code, name) of the regions ``user`` may pick, in tree order; cached like ``subtree_codes``."""
    from ectalent.regions.models import _generation

    if user.is_platform_admin or user.region is None:
        return list(_region_choices(None, _generation[0]))
    return list(_region_choices(user.region.path, _generation[0]))


class RegionChoiceFilter(django_filters.ModelChoiceFilter):
    """A region and everything below it; choices limited to the regions the user may see (the option list comes
    from a cache of the region tree, not from a query and a model instance per region on every page)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", self._regions)
        kwargs.setdefault("method", self._filter)
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        if not getattr(field, "_cached_choices", False):
            user = getattr(getattr(self.parent, "request", None), "user", None)
            if user is not None and user.is_authenticated:
                field.static_choices = [("", _("全部")), *region_choices(user)]  # (core.widgets.fast_selects)
            field._cached_choices = True
        return field

    @staticmethod
    def _regions(request):
        user = getattr(request, "user", None)
        qs = Region.objects.all()
        if user is None or not user.is_authenticated:
            return qs.none()
        if user.is_platform_admin or user.region is None:
            return qs
        return qs.subtree(user.region)

    def _filter(self, queryset, name, value):
        return filter_region_subtree(queryset, self.field_name, value)


class PersonFilterSet(PlatformFilterSet):
    q = django_filters.CharFilter(label=_("姓名/身份证号/手机号"), method="search")
    region = RegionChoiceFilter(field_name="region", label=_("地区（含下级）"), to_field_name="code")
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("性别"))
    ethnicity = django_filters.ChoiceFilter(choices=Ethnicity.choices, label=_("民族"))
    political_status = django_filters.ChoiceFilter(choices=PoliticalStatus.choices, label=_("政治面貌"))
    born_from = django_filters.DateFilter(field_name="birth_date", lookup_expr="gte", label=_("出生日期起"),
                                          widget=IsoDateInput())
    born_to = django_filters.DateFilter(field_name="birth_date", lookup_expr="lte", label=_("出生日期止"),
                                        widget=IsoDateInput())
    owner_org = django_filters.NumberFilter(field_name="owner_org_id", label=_("登记单位编号"))
    ordering = django_filters.OrderingFilter(
        fields=(("id", "id"), ("name", "name"), ("birth_date", "birth_date")),
        field_labels={"id": _("登记顺序"), "name": _("姓名"), "birth_date": _("出生日期")},
        label=_("排序"),
    )

    class Meta:
        model = Person
        fields = ["q", "region", "gender", "ethnicity", "political_status", "born_from", "born_to", "owner_org"]

    def search(self, queryset, name, value):
        value = value.strip().replace(" ", "")
        if not value:
            return queryset
        if re.fullmatch(r"\d{17}[\dXx]", value):
            return queryset.filter(id_number=value.upper())
        if re.fullmatch(r"1\d{10}", value):
            return queryset.filter(phone=value)
        # Name prefix: uses the name index on both databases (see migration 0002 for PostgreSQL).
        return queryset.filter(name__startswith=value)


class OrganisationFilterSet(PlatformFilterSet):
    q = django_filters.CharFilter(label=_("名称/信用代码"), method="search")
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("单位类别"))
    region = RegionChoiceFilter(field_name="region", label=_("注册地（含下级）"), to_field_name="code")
    is_association_member = django_filters.BooleanFilter(label=_("促进会会员"))
    ordering = django_filters.OrderingFilter(
        fields=(("id", "id"), ("name", "name")), field_labels={"id": _("登记顺序"), "name": _("名称")}, label=_("排序")
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "region", "is_association_member"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if re.fullmatch(r"[0-9A-Za-z]{18}", value):
            return queryset.filter(Q(credit_code=value.upper()) | Q(name__contains=value))
        return queryset.filter(name__contains=value)
