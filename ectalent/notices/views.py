from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions
from .forms import NoticeSettingForm
from .models import Notice, NoticeSetting


@login_required
def notice_list(request):
    notices = Notice.objects.visible_to(request.user)
    show = request.GET.get("show", "")
    if show == "unread":
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "notices/notice_list.html", {"page": page, "show": show})


@login_required
def notice_open(request, pk):
    """Mark the message read and go to what it is about (a link inside the platform only)."""
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    actions.mark_read(notice)
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect(notice.url)
    return render(request, "notices/notice_detail.html", {"notice": notice})


@login_required
@require_POST
def notice_read_all(request):
    n = actions.mark_all_read(request.user)
    messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": n})
    return redirect("notices:list")


@login_required
def notice_settings(request):
    setting, _created = NoticeSetting.objects.get_or_create(user=request.user)
    form = NoticeSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("消息设置已保存。"))
        return redirect("notices:list")
    return render(request, "notices/settings.html", {"form": form})
