"""API helpers shared by every app."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Model-level ValidationErrors answer 400 with the Chinese message, like serializer errors."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = serializers.ValidationError(detail)
    return drf_exception_handler(exc, context)


# --- read-only, scoped endpoints shared by every programme ------------------------------------------------------


from django.db.models import CharField, OuterRef, Subquery  # noqa: E402
from django.db.models.functions import Cast  # noqa: E402
from rest_framework import viewsets  # noqa: E402


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and a detail of ``model``, starting from ``model.objects.visible_to(request.user)``: what the user may
    not see answers 404 like a missing row. Subclasses set ``model``, ``serializer_class`` and optionally
    ``select_related``/``prefetch_related`` and ``filterset_class``; ``scope(qs)`` narrows further (e.g. published
    results only for candidates)."""

    model = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("-pk",)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return self.model.objects.none()
        qs = self.model.objects.visible_to(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return self.scope(qs).order_by(*self.ordering)

    def scope(self, qs):
        return qs


def with_case_status(qs, subject_type: str):
    """Annotate ``case_status`` (the review case's status) on a queryset of reviewed applications, in one query."""
    from ectalent.workflow.models import Case

    cases = Case.objects.filter(subject_type=subject_type, subject_id=Cast(OuterRef("pk"), CharField()))
    return qs.annotate(case_status=Subquery(cases.values("status")[:1]))


class ChoiceDisplayField(serializers.CharField):
    """A choice field's label in the request's language (``source="get_status_display"``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)
