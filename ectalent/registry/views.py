from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from ectalent.accounts.choices import Role
from ectalent.audit.models import AuditEvent
from ectalent.core import counts
from ectalent.core.choices import Ethnicity, Gender, PoliticalStatus
from ectalent.core.exports import Column, export, headers, queryset_rows
from ectalent.core.listing import page_links
from ectalent.core.masking import mask_id_number, mask_phone

from . import actions, permissions
from .filtersets import OrganisationFilterSet, PersonFilterSet
from .forms import OrganisationForm, PersonForm, build_formsets, validate_records
from .choices import OrganisationKind
from .models import Organisation, Person

PER_PAGE = 25


def _people(request):
    return Person.objects.visible_to(request.user).select_related("region", "owner_org")


def _orgs(request):
    return Organisation.objects.visible_to(request.user).select_related("region")


# --- people ---------------------------------------------------------------------------


def _url_pattern(name: str) -> str:
    """A detail URL with ``{}`` for the primary key: one ``reverse`` per page instead of one per row."""
    return reverse(name, args=[987654321]).replace("987654321", "{}")


def _listed(request, filterset, name: str):
    """One page of the filtered, scoped rows, paginated with a cached (or estimated) count: (page, count, links).

    The rows are rendered by one template loop from plain values (no per-cell table machinery): a list page takes
    a few milliseconds to build whatever the number of rows in scope."""
    filters = {k: v for k, v in request.GET.lists() if k not in ("page", "ordering")}
    if not filters and "ordering" not in request.GET:  # unfiltered: the scoped rows as they are, no form to build
        valid, qs = True, filterset.queryset
    else:
        valid = filterset.is_valid()
        qs = filterset.qs if valid else filterset.queryset.none()
    total = counts.count(qs, request.user, name, filters) if valid else counts.Count(0, False, None)
    page = counts.CountedPaginator.with_count(total)(qs, PER_PAGE).get_page(request.GET.get("page"))
    return page, total, page_links(request, page)


@login_required
def person_list(request):
    if request.user.role == Role.APPLICANT:
        return redirect("registry:my-profile")
    filterset = PersonFilterSet(request.GET, queryset=_people(request), request=request)
    page, total, links = _listed(request, filterset, "registry.person")
    # Rows as plain values, rendered by one template loop (no per-cell rendering machinery).
    gender, ethnicity = dict(Gender.choices), dict(Ethnicity.choices)
    url = _url_pattern("registry:person-detail")
    rows = [{
        "url": url.format(p.pk), "name": p.name, "gender": gender.get(p.gender, p.gender),
        "birth_date": p.birth_date, "ethnicity": ethnicity.get(p.ethnicity, p.ethnicity),
        "id_number": p.id_number_masked, "phone": p.phone_masked, "region": p.region.name,
        "owner_org": p.owner_org.name if p.owner_org_id else "—",
    } for p in page.object_list]
    return render(request, "registry/person_list.html", {
        "filter": filterset, "page": page, "rows": rows, "total": total, "links": links,
        "can_create": permissions.can_create_person(request.user), "query": request.GET.urlencode(),
    })


PERSON_EXPORT_COLUMNS = [
    Column(_l("编号"), "pk", "number"),
    Column(_l("姓名"), "name"),
    Column(_l("性别"), "gender", labels=Gender.choices),
    Column(_l("民族"), "ethnicity", labels=Ethnicity.choices),
    Column(_l("出生日期"), "birth_date", "date"),
    Column(_l("居民身份证号（脱敏）"), "id_number", convert=mask_id_number),
    Column(_l("手机号（脱敏）"), "phone", convert=mask_phone),
    Column(_l("政治面貌"), "political_status", labels=PoliticalStatus.choices),
    Column(_l("所在地区"), "region__name"),
    Column(_l("登记单位"), "owner_org__name"),
    Column(_l("工作单位"), "employer"),
]


@login_required
def person_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filterset = PersonFilterSet(request.GET, queryset=_people(request), request=request)
    if not filterset.is_valid():
        messages.error(request, _("筛选条件有误，无法导出：%(errors)s") % {"errors": filterset.errors.as_text()})
        return redirect("registry:person-list")
    qs = filterset.qs
    rows = qs.count()
    actions.record_export(Person, acting_user=request.user, rows=rows, filters=request.GET.dict(), fmt=fmt)
    return export(fmt, _("人员名单"), _("人员名单"), headers(PERSON_EXPORT_COLUMNS),
                  queryset_rows(qs, PERSON_EXPORT_COLUMNS))


@login_required
def person_detail(request, pk):
    person = get_object_or_404(
        _people(request).prefetch_related("education", "employment", "certificates", "trainings"), pk=pk
    )
    history = AuditEvent.objects.filter(object_type="registry.person", object_id=str(person.pk)).order_by("-seq")[:20]
    return render(request, "registry/person_detail.html", {
        "person": person, "history": history,
        "can_edit": permissions.can_edit_person(request.user, person),
        "can_reveal": permissions.can_see_full_pii(request.user),
    })


@login_required
@require_POST
def person_reveal(request, pk, field):
    """htmx: show one unmasked value and log the view."""
    if field not in ("id_number", "phone") or not permissions.can_see_full_pii(request.user):
        raise Http404
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    value = actions.reveal_person_field(person, field, acting_user=request.user)
    return HttpResponse(f'<span class="pii-full" title="{escape(_("本次查看已记入审计日志"))}">{escape(value)}</span>')


def _person_form_page(request, person, *, creating):
    user = request.user
    form = PersonForm(request.POST or None, instance=person, user=user)
    if user.role == Role.APPLICANT and not creating:
        form.fields["id_number"].disabled = True
    formsets = build_formsets(request.POST or None, person)
    if request.method == "GET" and not creating:
        # The edit form carries the full ID number and phone: that is a view of personal data.
        actions.log_full_pii_display(person, acting_user=user, where="编辑页面")
    if request.method == "POST":
        valid = form.is_valid() & all([fs.is_valid() for fs in formsets])
        if valid and validate_records(formsets):
            person = form.save(commit=False)
            saved = actions.save_person(person, acting_user=user, formsets=formsets)
            if creating and user.role == Role.APPLICANT and user.person_id is None:
                with transaction.atomic():
                    user.person = saved
                    user.save(update_fields=["person"])
            messages.success(request, _("已保存：%(name)s") % {"name": saved.name})
            return redirect("registry:person-detail", saved.pk)
        messages.error(request, _("请按提示修改标红的内容后再保存。"))
    return render(request, "registry/person_form.html", {"form": form, "formsets": formsets, "creating": creating, "person": person})


@login_required
def person_create(request):
    user = request.user
    if user.role == Role.APPLICANT:
        if user.person_id:
            return redirect("registry:person-edit", user.person_id)
    elif not permissions.can_create_person(user):
        raise PermissionDenied
    return _person_form_page(request, Person(), creating=True)


@login_required
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    if not permissions.can_edit_person(request.user, person):
        raise PermissionDenied
    return _person_form_page(request, person, creating=False)


@login_required
def my_profile(request):
    if request.user.person_id:
        return redirect("registry:person-detail", request.user.person_id)
    messages.info(request, _("请先填写您的个人档案。"))
    return redirect("registry:person-create")


# --- organisations ----------------------------------------------------------------------


@login_required
def organisation_list(request):
    filterset = OrganisationFilterSet(request.GET, queryset=_orgs(request), request=request)
    page, total, links = _listed(request, filterset, "registry.organisation")
    kinds = dict(OrganisationKind.choices)
    url = _url_pattern("registry:organisation-detail")
    rows = [{
        "url": url.format(o.pk), "name": o.name, "kind": kinds.get(o.kind, o.kind), "credit_code": o.credit_code,
        "legal_representative": o.legal_representative, "region": o.region.name, "contact_name": o.contact_name,
        "staff_total": o.staff_total,
    } for o in page.object_list]
    return render(request, "registry/organisation_list.html", {
        "filter": filterset, "page": page, "rows": rows, "total": total, "links": links,
        "can_create": permissions.can_create_organisation(request.user), "query": request.GET.urlencode(),
    })


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


@login_required
def organisation_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filterset = OrganisationFilterSet(request.GET, queryset=_orgs(request), request=request)
    if not filterset.is_valid():
        messages.error(request, _("筛选条件有误，无法导出：%(errors)s") % {"errors": filterset.errors.as_text()})
        return redirect("registry:organisation-list")
    qs = filterset.qs
    actions.record_export(Organisation, acting_user=request.user, rows=qs.count(), filters=request.GET.dict(), fmt=fmt)
    return export(fmt, _("单位名单"), _("单位名单"), headers(ORG_EXPORT_COLUMNS), queryset_rows(qs, ORG_EXPORT_COLUMNS))


@login_required
def organisation_detail(request, pk):
    org = get_object_or_404(_orgs(request), pk=pk)
    history = AuditEvent.objects.filter(object_type="registry.organisation", object_id=str(org.pk)).order_by("-seq")[:20]
    return render(request, "registry/organisation_detail.html", {
        "org": org, "history": history, "can_edit": permissions.can_edit_organisation(request.user, org),
        "people_count": Person.objects.visible_to(request.user).filter(owner_org=org).count(),
    })


def _org_form_page(request, org, *, creating):
    form = OrganisationForm(request.POST or None, instance=org, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            saved = actions.save_organisation(form.save(commit=False), acting_user=request.user)
            messages.success(request, _("已保存：%(name)s") % {"name": saved.name})
            return redirect("registry:organisation-detail", saved.pk)
        messages.error(request, _("请按提示修改标红的内容后再保存。"))
    return render(request, "registry/organisation_form.html", {"form": form, "creating": creating, "org": org})


@login_required
def organisation_create(request):
    if not permissions.can_create_organisation(request.user):
        raise PermissionDenied
    return _org_form_page(request, Organisation(), creating=True)


@login_required
def organisation_edit(request, pk):
    org = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    if not permissions.can_edit_organisation(request.user, org):
        raise PermissionDenied
    return _org_form_page(request, org, creating=False)
