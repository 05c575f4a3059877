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
