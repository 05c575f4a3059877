from django.utils.translation import gettext_lazy as _

from ectalent.core.navigation import APPLICANTS, OFFICIALS, ORGANISATIONS, NavItem, register

register(
    NavItem("certification:index", _("认证考试"), roles=OFFICIALS | ORGANISATIONS | APPLICANTS, order=40),
    NavItem("certification:results-index", _("成绩与结果"), roles=OFFICIALS, order=45),
    NavItem("certification:certificate-list", _("证书"), roles=OFFICIALS, order=50),
    NavItem("certification:my-results", _("我的成绩"), roles=APPLICANTS, order=45),
    NavItem("certification:my-certificates", _("我的证书"), roles=APPLICANTS, order=50),
    NavItem("certification:session-list", _("认证考试"), anonymous=True, signed_in=False, order=30),
    NavItem("certification:verify", _("证书查询"), anonymous=True, signed_in=False, order=40),
)
