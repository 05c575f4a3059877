from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from ectalent.accounts.choices import ORGANISATION_ROLES, Role
from ectalent.regions.models import Region
from ectalent.registry import actions, permissions
from ectalent.registry.filtersets import OrganisationFilterSet, PersonFilterSet
from ectalent.registry.forms import regions_for
from ectalent.registry.models import Organisation, Person

from .serializers import OrganisationSerializer, PersonListSerializer, PersonSerializer

CHILD_MODELS = {
    "education": "education",
    "employment": "employment",
    "certificates": "certificates",
    "trainings": "trainings",
}


def _check_region(user, region: Region):
    if not regions_for(user).filter(pk=region.pk).exists():
        raise ValidationError({"region": [_("您无权在该地区（%(name)s）登记。") % {"name": region.name}]})


def _refuse_locked(user, serializer):
    """The same rule as the form: a field only an official of the region changes is refused when its value changes."""
    changed = permissions.changed_locked_fields(user, serializer.instance, serializer.validated_data)
    if changed:
        raise ValidationError({name: [_("只能由所在地区的主管部门修改；如需变更，请联系主管部门或提交变更申请。")] for name in changed})


class PersonViewSet(viewsets.ModelViewSet):
    """人员. Scoped like the web UI: officials their region's subtree, staff their organisation, applicants themselves."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        qs = Person.objects.visible_to(self.request.user)
        if self.action != "list":
            qs = qs.select_related("region").prefetch_related("education", "employment", "certificates", "trainings")
        return qs

    def get_serializer_class(self):
        return PersonListSerializer if self.action == "list" else PersonSerializer

    def _save(self, serializer, instance=None):
        user = self.request.user
        data = dict(serializer.validated_data)
        children = {name: data.pop(name) for name in CHILD_MODELS if name in data}
        _check_region(user, data.get("region") or instance.region)
        if user.role in ORGANISATION_ROLES:
            data["owner_org"] = user.organisation
        elif data.get("owner_org") and not Organisation.objects.visible_to(user).filter(pk=data["owner_org"].pk).exists():
            raise ValidationError({"owner_org": [_("登记单位不存在或不在您的管辖范围内。")]})
        person = instance or Person()
        for key, value in data.items():
            setattr(person, key, value)
        formsets = [_ChildRows(name, rows) for name, rows in children.items()]
        person = actions.save_person(person, acting_user=user, formsets=formsets)
        serializer.instance = person

    def perform_create(self, serializer):
        user = self.request.user
        if user.role == Role.APPLICANT:
            if user.person_id:
                raise ValidationError({"non_field_errors": [_("您已有个人档案，请修改现有档案。")]})
            self._save(serializer)
            with transaction.atomic():
                user.person = serializer.instance
                user.save(update_fields=["person"])
            return
        if not permissions.can_create_person(user):
            raise PermissionDenied(_("您的角色不能登记人员。"))
        self._save(serializer)

    def perform_update(self, serializer):
        if not permissions.can_edit_person(self.request.user, serializer.instance):
            raise PermissionDenied(_("您无权修改该人员。"))
        _refuse_locked(self.request.user, serializer)
        self._save(serializer, serializer.instance)

    @extend_schema(
        request=inline_serializer("RevealRequest", {"field": serializers.ChoiceField(choices=["id_number", "phone"])}),
        responses={200: inline_serializer("RevealResponse", {"field": serializers.CharField(), "value": serializers.CharField()})},
        description="查看完整身份证号或手机号；每次查看都记入审计日志。",
    )
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        person = self.get_object()
        field = request.data.get("field")
        if field not in ("id_number", "phone"):
            raise ValidationError({"field": [_("field 应为 id_number 或 phone。")]})
        if not permissions.can_see_full_pii(request.user):
            raise NotFound
        return Response({"field": field, "value": actions.reveal_person_field(person, field, acting_user=request.user)})


class _ChildRows:
    """Replaces a person's child rows (education, …) with the given list, like a formset would."""

    def __init__(self, name, rows):
        self.name, self.rows, self.instance = name, rows, None

    def save(self):
        manager = getattr(self.instance, self.name)
        manager.all().delete()
        model = manager.model
        model.objects.bulk_create([model(person=self.instance, **row) for row in self.rows])


class OrganisationViewSet(viewsets.ModelViewSet):
    """单位. Officials see their region's subtree; staff their own organisation."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Organisation.objects.visible_to(self.request.user).select_related("region")

    def perform_create(self, serializer):
        if not permissions.can_create_organisation(self.request.user):
            raise PermissionDenied(_("您的角色不能登记单位。"))
        _check_region(self.request.user, serializer.validated_data["region"])
        serializer.instance = actions.save_organisation(Organisation(**serializer.validated_data), acting_user=self.request.user)

    def perform_update(self, serializer):
        org = serializer.instance
        if not permissions.can_edit_organisation(self.request.user, org):
            raise PermissionDenied(_("您无权修改该单位。"))
        _refuse_locked(self.request.user, serializer)
        if "region" in serializer.validated_data:
            _check_region(self.request.user, serializer.validated_data["region"])
        for key, value in serializer.validated_data.items():
            setattr(org, key, value)
        serializer.instance = actions.save_organisation(org, acting_user=self.request.user)
