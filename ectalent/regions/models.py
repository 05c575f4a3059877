"""The administrative tree: province > city (地级市/自治州) > county-level unit (县/县级市/区).

Codes are GB/T 2260. Every region carries a materialised path of its codes' significant digits
(``33/3307/330782``), so "within 金华" is a prefix filter that behaves the same on SQLite and PostgreSQL.
"""

from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import RegionLevel


def path_segment(code: str, level: str) -> str:
    return {RegionLevel.PROVINCE: code[:2], RegionLevel.CITY: code[:4]}.get(level, code)


class RegionQuerySet(models.QuerySet):
    def subtree(self, region: "Region | None"):
        """The region and everything below it (no region: nothing)."""
        if region is None:
            return self.none()
        return self.filter(models.Q(path=region.path) | models.Q(path__startswith=region.path + "/"))

    def visible_to(self, user):
        """Regions are public reference data: everyone may read the whole tree."""
        return self.all()


class Region(models.Model):
    # GB/T 2260 (6 digits) for province, city and county; towns (9) and villages (12) extend it with the
    # statistical division codes.
    code = models.CharField(_("行政区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    short_name = models.CharField(_("简称"), max_length=32)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices)
    kind = models.CharField(_("类型"), max_length=16)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("路径"), max_length=64, unique=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") + 1

    def contains(self, other: "Region | None") -> bool:
        if other is None:
            return False
        return other.path == self.path or other.path.startswith(self.path + "/")

    def ancestors(self, include_self: bool = True) -> list["Region"]:
        parts = self.path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts) if include_self else len(parts) - 1)]
        by_path = {r.path: r for r in Region.objects.filter(path__in=prefixes)}
        return [by_path[p] for p in prefixes if p in by_path]

    @property
    def full_name(self) -> str:
        return "".join(r.name for r in self.ancestors())

    def subtree_codes(self) -> list[str]:
        return subtree_codes(self.path)


@lru_cache(maxsize=1024)
def _subtree_codes_cached(path: str, generation: int) -> tuple[str, ...]:
    return tuple(
        Region.objects.filter(models.Q(path=path) | models.Q(path__startswith=path + "/")).values_list(
            "code", flat=True
        )
    )


_generation = [0]


def subtree_codes(path: str) -> list[str]:
    """Codes of a region and its descendants; cached (the tree changes only when data is loaded)."""
    return list(_subtree_codes_cached(path, _generation[0]))


def invalidate_region_cache() -> None:
    _generation[0] += 1
