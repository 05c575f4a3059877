from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role


def _items(user):
    """The main menu for a user's role: (url name, label)."""
    items = [("home", _("首页"))]
    if user.is_platform_admin or user.role in OFFICIAL_ROLES:
        items += [("registry:person-list", _("人员")), ("registry:organisation-list", _("单位"))]
        items += [("accreditation:index", _("机构备案")), ("plan:targets", _("培训任务")), ("certification:index", _("认证考试"))]
        items += [("certification:results-index", _("成绩与结果")), ("certification:certificate-list", _("证书"))]
        items += [("rules:simulation", _("政策模拟")), ("audit:event-list", _("审计日志"))]
    elif user.role in ORGANISATION_ROLES:
        items += [("registry:person-list", _("登记人员")), ("registry:organisation-list", _("本单位"))]
        items += [("accreditation:index", _("机构备案")), ("certification:index", _("认证考试"))]
    elif user.role == Role.APPLICANT:
        items += [("registry:my-profile", _("我的档案")), ("certification:index", _("认证考试")),
                  ("certification:my-results", _("我的成绩")), ("certification:my-certificates", _("我的证书"))]
    return items


def _more_items(user):
    """Secondary links, in the 更多 menu."""
    items = [("rules:self-check", _("资格自测")), ("portal:index", _("公众服务")), ("api-v1:docs", _("接口文档"))]
    if user.is_platform_admin or user.is_staff:
        items += [("admin:index", _("系统管理"))]
    return items


def platform(request):
    context = {"PLATFORM_NAME": "电商人才培育与评价平台", "DEBUG": settings.DEBUG}
    for key, name in (("selfcheck_url", "rules:self-check"), ("simulation_url", "rules:simulation")):
        try:
            context[key] = reverse(name)
        except NoReverseMatch:
            context[key] = ""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        nav = []
        for name, label in _items(user):
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            active = request.path == url if name == "home" else request.path.startswith(url)
            nav.append({"url": url, "label": label, "active": active})
        context["nav_items"] = nav
        more = []
        for name, label in _more_items(user):
            try:
                more.append({"url": reverse(name), "label": label})
            except NoReverseMatch:
                continue
        context["nav_more"] = more
    return context
