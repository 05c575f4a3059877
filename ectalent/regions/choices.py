from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("地市级")
    COUNTY = "county", _("县级")
    TOWN = "town", _("乡镇（街道）")
    VILLAGE = "village", _("村（居）")


LEVEL_DEPTH = {RegionLevel.PROVINCE: 1, RegionLevel.CITY: 2, RegionLevel.COUNTY: 3, RegionLevel.TOWN: 4, RegionLevel.VILLAGE: 5}
