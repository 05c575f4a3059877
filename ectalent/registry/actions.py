"""Every change to people and organisations: one transaction, one audit event each."""

from django.db import transaction
from django.utils.translation import gettext_noop

from ectalent.audit.actions import diff, record, snapshot
from ectalent.audit.models import AuditAction
from ectalent.core.i18n import stored

from .models import Organisation, Person

CHILD_RELATIONS = ("education", "employment", "certificates", "trainings")


def person_snapshot(person: Person) -> dict:
    data = snapshot(person)
    if person.pk:
        for rel in CHILD_RELATIONS:
            data[rel] = [snapshot(row, exclude=("person",)) for row in getattr(person, rel).all()]
    return data


def save_person(person: Person, *, acting_user, formsets=()) -> Person:
    """Create or update a person with their records (formsets of education, employment, …)."""
    with transaction.atomic():
        creating = person.pk is None
        before = None if creating else person_snapshot(Person.objects.get(pk=person.pk))
        person.full_clean()
        person.save()
        for formset in formsets:
            formset.instance = person
            formset.save()
        after = person_snapshot(person)
        if creating:
            record(AuditAction.CREATE, person, actor=acting_user, after=after)
        else:
            b, a = diff(before, after)
            if a:
                record(AuditAction.UPDATE, person, actor=acting_user, before=b, after=a)
    return person


def delete_person(person: Person, *, acting_user) -> None:
    with transaction.atomic():
        before = person_snapshot(person)
        record(AuditAction.DELETE, person, actor=acting_user, before=before)
        person.delete()


def save_organisation(org: Organisation, *, acting_user) -> Organisation:
    with transaction.atomic():
        creating = org.pk is None
        before = None if creating else snapshot(Organisation.objects.get(pk=org.pk))
        org.full_clean()
        org.save()
        after = snapshot(org)
        if creating:
            record(AuditAction.CREATE, org, actor=acting_user, after=after)
        else:
            b, a = diff(before, after)
            if a:
                record(AuditAction.UPDATE, org, actor=acting_user, before=b, after=a)
    return org


def reveal_person_field(person: Person, field: str, *, acting_user) -> str:
    """The full ID number or phone of a person, logged as an audit event."""
    if field not in ("id_number", "phone"):
        raise ValueError(field)
    with transaction.atomic():
        record(
            AuditAction.VIEW_PII, person, actor=acting_user, after={"field": field},
            note={"id_number": stored(gettext_noop("查看完整身份证号")), "phone": stored(gettext_noop("查看完整手机号"))}[field],
        )
    return getattr(person, field)


def log_full_pii_display(person: Person, *, acting_user, where: str) -> None:
    """A page (edit form, admin) shows the full ID number and phone: log it like a reveal."""
    with transaction.atomic():
        record(
            AuditAction.VIEW_PII, person, actor=acting_user, after={"field": "id_number,phone", "where": where},
            note=stored(gettext_noop("%(where)s显示完整身份证号和手机号"), where=where),
        )


def record_export(model, *, acting_user, rows: int, filters: dict, fmt: str) -> None:
    with transaction.atomic():
        record(
            AuditAction.EXPORT, None, actor=acting_user,
            object_type=model._meta.label_lower, object_repr=stored(gettext_noop("%(verbose_name)s %(fmt)s 导出 %(rows)s 行"), verbose_name=model._meta.verbose_name, fmt=fmt, rows=rows),
            after={"filters": filters, "rows": rows, "format": fmt},
            region_id=getattr(acting_user, "region_id", None),
        )
