"""What a user may see: the one rule behind every model's ``visible_to(user)``.

- platform administrators (and Django superusers): everything;
- officials (province, centre, association, city, county, 人社, 财政, 教育): records whose region lies in the
  subtree of the user's region;
- staff of an organisation: records of their organisation;
- applicants: their own records;
- anyone else (an anonymous visitor, an expert with no assignment, an official without a region): nothing.

Each model passes the names of its own fields; a ``None`` field name means the model has no such link.
"""

from django.db.models import Q

from .choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role

NOTHING = Q(pk__in=[])


def scope_q(
    user,
    *,
    region: str | None = None,
    organisation: str | None = None,
    own: str | None = None,
    own_attr: str = "person_id",
) -> Q:
    """A filter that keeps exactly what ``user`` may see.

    ``region``: the model's field (or path) holding a ``regions.Region`` FK;
    ``organisation``: the field holding the owning ``registry.Organisation`` FK;
    ``own``: the field compared with ``getattr(user, own_attr)`` for a user's own records.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.PLATFORM_ADMIN:
        return Q()
    if user.role in OFFICIAL_ROLES:
        if region is None or user.region_id is None:
            return NOTHING
        from ectalent.regions.models import subtree_codes

        return Q(**{f"{region}__in": subtree_codes(user.region.path)})
    if user.role in ORGANISATION_ROLES:
        if organisation is None or user.organisation_id is None:
            return NOTHING
        return Q(**{organisation: user.organisation_id})
    if own is not None:
        own_value = getattr(user, own_attr, None)
        if own_value is not None:
            return Q(**{own: own_value})
    return NOTHING


def can_see_region(user, region) -> bool:
    """Whether an official's region contains ``region`` (platform admins: always)."""
    if user.is_superuser or user.role == Role.PLATFORM_ADMIN:
        return True
    if user.role in OFFICIAL_ROLES and user.region_id and region is not None:
        return user.region.contains(region)
    return False
