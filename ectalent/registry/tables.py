import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Organisation, Person


class PersonTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("姓名"))
    id_number_masked = tables.Column(verbose_name=_("居民身份证号"), orderable=False, attrs={"td": {"class": "pii-masked"}})
    phone_masked = tables.Column(verbose_name=_("手机号"), orderable=False, attrs={"td": {"class": "pii-masked"}})
    region = tables.Column(verbose_name=_("所在地区"), accessor="region__name", orderable=False)
    owner_org = tables.Column(verbose_name=_("登记单位"), accessor="owner_org__name", orderable=False, default="—")

    class Meta:
        model = Person
        fields = ("name", "gender", "birth_date", "ethnicity", "id_number_masked", "phone_masked", "region", "owner_org")
        attrs = {"class": "table table-hover table-sm align-middle bg-white"}
        empty_text = _("没有符合条件的人员。可调整筛选条件，或点击“登记人员”新增。")
        orderable = False


class OrganisationTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("单位名称"))
    region = tables.Column(verbose_name=_("注册地"), accessor="region__name", orderable=False)

    class Meta:
        model = Organisation
        fields = ("name", "kind", "credit_code", "legal_representative", "region", "contact_name", "staff_total")
        attrs = {"class": "table table-hover table-sm align-middle bg-white"}
        empty_text = _("没有符合条件的单位。可调整筛选条件，或点击“登记单位”新增。")
        orderable = False
