from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from ectalent.accounts.choices import OFFICIAL_ROLES, ORGANISATION_ROLES, Role
from ectalent.audit.models import AuditEvent
from ectalent.registry.models import Organisation, Person
from ectalent.workflow import queries
from ectalent.workflow.notify import case_url

from . import counts, todo


@login_required
def home(request):
    """A home page per role: this user's pending work in every programme (to-do centre), then their scope."""
    user = request.user
    context = {"role": user.role, "todo": todo.collect(user)}
    if user.is_platform_admin or user.role in OFFICIAL_ROLES:
        context.update(
            kind="official",
            people_count=counts.count(Person.objects.visible_to(user), user, "registry.person"),
            org_count=counts.count(Organisation.objects.visible_to(user), user, "registry.organisation"),
            recent_events=AuditEvent.objects.visible_to(user).select_related("region")[:8],
        )
        return render(request, "core/home.html", context)
    context["my_cases"] = [{"case": c, "url": case_url(c)}
                           for c in queries.my_cases(user).order_by("-submitted_at", "-id")[:6]]
    if user.role in ORGANISATION_ROLES:
        context.update(kind="organisation", organisation=user.organisation,
                       people_count=counts.count(Person.objects.visible_to(user), user, "registry.person"))
    elif user.role == Role.APPLICANT:
        context.update(kind="applicant", person=user.person)
    else:
        context.update(kind="other")
    return render(request, "core/home.html", context)


# --- error pages (DEBUG off): Chinese, in the platform's layout with its navigation ---------------------------
# Wired in ectalent/urls.py (handler400/403/404/500) and settings.CSRF_FAILURE_VIEW. They never show a URL list,
# a traceback or the exception text.

ERROR_TEXTS = {
    400: (gettext_lazy("请求有误"), gettext_lazy("无法处理该请求：请求的格式或内容有误。请返回上一页重试。")),
    403: (gettext_lazy("无权访问"), gettext_lazy("您没有权限执行此操作或查看此页面。如需访问，请联系您所在单位或地区的管理员。")),
    404: (gettext_lazy("页面不存在"), gettext_lazy("您要找的页面不存在，或不在您的查看范围内。请检查地址，或从导航进入。")),
    500: (gettext_lazy("系统出错"), gettext_lazy("服务器处理请求时出错，我们已记录此问题。请稍后重试；如多次出现，请联系平台管理员。")),
}


def _error_page(request, status: int, *, title=None, message=None):
    default_title, default_message = ERROR_TEXTS[status]
    context = {"status": status, "error_title": title or default_title, "error_message": message or default_message}
    return render(request, "errors/page.html", context, status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400)


def permission_denied(request, exception=None):
    return _error_page(request, 403)


def page_not_found(request, exception=None):
    return _error_page(request, 404)


def server_error(request):
    """With the navigation when the page can still be drawn; a plain page when even that fails (database down)."""
    try:
        return _error_page(request, 500)
    except Exception:  # noqa: BLE001 - the error page must not fail
        from django.http import HttpResponseServerError
        from django.template import loader

        return HttpResponseServerError(loader.get_template("errors/500_plain.html").render())


def csrf_failure(request, reason=""):
    """The CSRF check failed (an expired page, cookies blocked): say so, without Django's technical page."""
    return _error_page(request, 403, title=gettext_lazy("页面已过期"), message=gettext_lazy(
        "表单安全校验未通过：页面可能已过期，或浏览器禁用了 Cookie。请刷新页面后重新提交。"))
