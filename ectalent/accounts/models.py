from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officials see users in their region subtree; everyone else sees only themselves."""
        from .scoping import scope_q

        return self.filter(scope_q(user, region="region", organisation="organisation", own="pk", own_attr="pk"))


class ScopedUserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A platform account. Every user has a role, a region and (except applicants and experts) an organisation."""

    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.APPLICANT)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属区域"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    person = models.OneToOneField(
        "registry.Person", verbose_name=_("本人档案"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="user",
    )

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.role == Role.PLATFORM_ADMIN

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES

    @property
    def is_organisation_staff(self) -> bool:
        return self.role in ORGANISATION_ROLES
