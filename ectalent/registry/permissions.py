"""Who may change what in the registry (seeing is ``visible_to``; these decide editing)."""

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role


def can_create_person(user) -> bool:
    return user.is_platform_admin or user.role in OFFICIAL_ROLES or user.role in ORGANISATION_ROLES


def can_edit_person(user, person) -> bool:
    """Assumes ``person`` came from ``Person.objects.visible_to(user)``."""
    if user.role == Role.APPLICANT:
        return user.person_id == person.pk
    return can_create_person(user)


def can_create_organisation(user) -> bool:
    return user.is_platform_admin or user.role in OFFICIAL_ROLES


def can_edit_organisation(user, org) -> bool:
    if user.role in ORGANISATION_ROLES:
        return user.organisation_id == org.pk
    return can_create_organisation(user)


def can_see_full_pii(user) -> bool:
    """Who may reveal an unmasked ID number or phone (each time logged)."""
    return user.is_platform_admin or user.role in OFFICIAL_ROLES or user.role in ORGANISATION_ROLES or user.role == Role.APPLICANT


# Fields that decide who reviews an organisation (its county, or the association route) and who sees it: only an
# official of its region changes them (or a filed change that such an official approves, like 第九条's).
ORGANISATION_CONTROL_FIELDS = ("kind", "region", "is_association_member", "credit_code")
# A person's region decides which officials see the record; the ID number is the person. An applicant changes neither.
APPLICANT_LOCKED_PERSON_FIELDS = ("region", "id_number")


def locked_fields(user, obj) -> tuple[str, ...]:
    """The fields ``user`` may not change on an existing ``obj`` (a Person or an Organisation), in the form and
    the API alike (the form disables them; the API refuses a changed value)."""
    from .models import Organisation, Person

    if obj is None or obj.pk is None or user.is_platform_admin:
        return ()
    if isinstance(obj, Organisation):
        return () if user.role in OFFICIAL_ROLES else ORGANISATION_CONTROL_FIELDS
    if isinstance(obj, Person) and user.role == Role.APPLICANT:
        return APPLICANT_LOCKED_PERSON_FIELDS
    return ()


def changed_locked_fields(user, obj, data: dict) -> list[str]:
    """The locked fields whose submitted value differs from the stored one."""
    out = []
    for name in locked_fields(user, obj):
        if name not in data:
            continue
        field = obj._meta.get_field(name)
        current = getattr(obj, field.attname)
        new = data[name]
        new = getattr(new, "pk", new)
        if name == "credit_code" and isinstance(new, str):
            new = new.strip().upper()
        if new != current:
            out.append(name)
    return out
