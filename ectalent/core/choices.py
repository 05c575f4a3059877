"""Code lists shared by several apps (national standards)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


# GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码 (numeric codes 01–56).
_ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 "
    "黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 "
    "毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 "
    "独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
assert len(_ETHNICITIES) == 56

Ethnicity = models.TextChoices(
    "Ethnicity", [(f"E{i:02d}", (f"{i:02d}", name)) for i, name in enumerate(_ETHNICITIES, start=1)]
)
ETHNICITY_BY_NAME = {name: f"{i:02d}" for i, name in enumerate(_ETHNICITIES, start=1)}


class PoliticalStatus(models.TextChoices):
    """GB/T 4762-1984 政治面貌代码."""

    CPC_MEMBER = "01", _("中共党员")
    CPC_PROBATIONARY = "02", _("中共预备党员")
    CYL_MEMBER = "03", _("共青团员")
    RCCK = "04", _("民革党员")
    CDL = "05", _("民盟盟员")
    CNDCA = "06", _("民建会员")
    CAPD = "07", _("民进会员")
    CPWDP = "08", _("农工党党员")
    CZGP = "09", _("致公党党员")
    JS = "10", _("九三学社社员")
    TDSGL = "11", _("台盟盟员")
    NON_PARTY = "12", _("无党派人士")
    MASSES = "13", _("群众")
