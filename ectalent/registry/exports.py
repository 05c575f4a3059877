"""The people and organisation lists as CSV/xlsx (through ``core.exports``): columns read with ``values_list``,
labels from the choices, ID numbers and phones masked. Large lists go to a background job (``registry.tasks``)."""

from django.utils.translation import gettext_lazy as _l

from ectalent.core.choices import Ethnicity, PoliticalStatus
from ectalent.core.exports import Column
from ectalent.core.masking import mask_id_number, mask_phone

from .choices import OrganisationKind

PERSON_EXPORT_COLUMNS = [
    Column(_l("编号"), "pk", "number"),
    Column(_l("姓名"), "name"),
    # No birth date or sex beside the masked ID number: with them the number could be rebuilt (issue 9 point 2).
    Column(_l("民族"), "ethnicity", labels=Ethnicity.choices),
    Column(_l("居民身份证号（脱敏）"), "id_number", convert=mask_id_number),
    Column(_l("手机号（脱敏）"), "phone", convert=mask_phone),
    Column(_l("政治面貌"), "political_status", labels=PoliticalStatus.choices),
    Column(_l("所在地区"), "region__name"),
    Column(_l("登记单位"), "owner_org__name"),
    Column(_l("工作单位"), "employer"),
]

ORG_EXPORT_COLUMNS = [
    Column(_l("编号"), "pk", "number"),
    Column(_l("单位名称"), "name"),
    Column(_l("单位类别"), "kind", labels=OrganisationKind.choices),
    Column(_l("统一社会信用代码"), "credit_code"),
    Column(_l("法定代表人"), "legal_representative"),
    Column(_l("注册地"), "region__name"),
    Column(_l("单位地址"), "address"),
    Column(_l("联系人"), "contact_name"),
    Column(_l("联系电话"), "contact_phone"),
    Column(_l("职工人数"), "staff_total", "number"),
    Column(_l("上年度主营业务收入（万元）"), "revenue_last_year", "number"),
]


def export_spec(kind: str):
    """(model, filterset class, columns, base name) of ``person`` or ``organisation``."""
    from django.utils.translation import gettext as _

    from .filtersets import OrganisationFilterSet, PersonFilterSet
    from .models import Organisation, Person

    if kind == "person":
        return Person, PersonFilterSet, PERSON_EXPORT_COLUMNS, _("人员名单")
    return Organisation, OrganisationFilterSet, ORG_EXPORT_COLUMNS, _("单位名单")
