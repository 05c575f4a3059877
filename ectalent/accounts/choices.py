from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("平台管理员")
    PROVINCE_ADMIN = "province_admin", _("省商务厅管理员")
    CERT_CENTRE = "cert_centre", _("培训认证中心")
    ASSOCIATION = "association", _("电子商务促进会")
    CITY_REVIEWER = "city_reviewer", _("市级商务审核员")
    COUNTY_REVIEWER = "county_reviewer", _("县级商务审核员")
    HR_REVIEWER = "hr_reviewer", _("人社审核员")
    FINANCE_REVIEWER = "finance_reviewer", _("财政审核员")
    EDUCATION_REVIEWER = "education_reviewer", _("教育审核员")
    INSTITUTION_STAFF = "institution_staff", _("培训机构工作人员")
    BASE_STAFF = "base_staff", _("实践基地工作人员")
    ENTERPRISE_STAFF = "enterprise_staff", _("企业工作人员")
    APPLICANT = "applicant", _("个人申请人")
    EXPERT = "expert", _("评审专家")
    # Seed 002: the partner bank that lends start-up guarantee loans.
    BANK = "bank", _("合作银行")
    # Seed 001: the leading group's office, provincial departments, city governments and the leadership.
    POLICY_OFFICE = "policy_office", _("省电子商务工作领导小组办公室")
    DEPARTMENT_STAFF = "department_staff", _("省级部门工作人员")
    CITY_GOVERNMENT = "city_government", _("市政府工作人员")
    LEADERSHIP = "leadership", _("领导小组成员")
    # Seed 001 demonstration programmes: towns (乡镇/街道) and villages (村/居) that apply.
    GRASSROOTS_STAFF = "grassroots_staff", _("乡镇（街道）/村（居）工作人员")


# Officials see and act on everything within their region's subtree.
OFFICIAL_ROLES = frozenset(
    {
        Role.PROVINCE_ADMIN,
        Role.CERT_CENTRE,
        Role.ASSOCIATION,
        Role.CITY_REVIEWER,
        Role.COUNTY_REVIEWER,
        Role.HR_REVIEWER,
        Role.FINANCE_REVIEWER,
        Role.EDUCATION_REVIEWER,
    }
)
# Staff of an organisation see and act on their organisation's records only.
ORGANISATION_ROLES = frozenset({Role.INSTITUTION_STAFF, Role.BASE_STAFF, Role.ENTERPRISE_STAFF})
# Roles that must name an organisation (officials belong to their department, association or centre).
ROLES_NEEDING_ORGANISATION = OFFICIAL_ROLES | ORGANISATION_ROLES
# Roles whose user may create and edit registry records (people, organisations).
REGISTRY_EDITOR_ROLES = OFFICIAL_ROLES | ORGANISATION_ROLES | {Role.PLATFORM_ADMIN}
