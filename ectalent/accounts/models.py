from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import OFFICIAL_ROLES, ORGANISATION_ROLES, ROLES_NEEDING_ORGANISATION, Role


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

    def clean(self):
        super().clean()
        errors = {}
        if self.role in ROLES_NEEDING_ORGANISATION and self.organisation_id is None:
            errors["organisation"] = _("该角色的账号必须关联所属单位。")
        if self.role in OFFICIAL_ROLES and self.region_id is None:
            errors["region"] = _("管理部门账号必须指定所属区域（数据范围）。")
        if self.role in ORGANISATION_ROLES and self.organisation_id and self.region_id is None:
            self.region_id = self.organisation.region_id
        if errors:
            raise ValidationError(errors)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.role == Role.PLATFORM_ADMIN

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES

    @property
    def is_organisation_staff(self) -> bool:
        return self.role in ORGANISATION_ROLES
