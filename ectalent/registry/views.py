from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ectalent.accounts.choices import Role
from ectalent.audit.models import AuditEvent
from ectalent.core import counts
from ectalent.core.choices import Ethnicity
from ectalent.core import exports as core_exports

from . import actions, permissions
from .exports import export_spec
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
    """One page of the filtered, scoped rows, paginated with a cached (or estimated) count: (page, count).

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
    return page, total


@login_required
def person_list(request):
    if request.user.role == Role.APPLICANT:
        return redirect("registry:my-profile")
    filterset = PersonFilterSet(request.GET, queryset=_people(request), request=request)
    page, total = _listed(request, filterset, "registry.person")
    # Rows as plain values, rendered by one template loop (no per-cell rendering machinery).
    ethnicity = dict(Ethnicity.choices)  # (no birth date or sex beside the masked ID number: issue 9 point 2)
    url = _url_pattern("registry:person-detail")
    rows = [{
        "url": url.format(p.pk), "name": p.name, "ethnicity": ethnicity.get(p.ethnicity, p.ethnicity),
        "id_number": p.id_number_masked, "phone": p.phone_masked, "region": p.region.name,
        "owner_org": p.owner_org.name if p.owner_org_id else "—",
    } for p in page.object_list]
    return render(request, "registry/person_list.html", {
        "filter": filterset, "page": page, "rows": rows, "total": total,
        "can_create": permissions.can_create_person(request.user), "query": request.GET.urlencode(),
    })




def _export(request, kind: str, qs, fmt: str):
    """A list in the page's scope and filters: streamed in the request when small, else a background job."""
    model, _fs, columns, basename = export_spec(kind)
    filters = {k: v for k, v in request.GET.lists() if k not in ("page", "ordering")}
    if counts.count(qs, request.user, model._meta.label_lower, filters).value > core_exports.BACKGROUND_ROWS:
        return core_exports.start_export_job(request, handler="ectalent.registry.tasks.export_list",
                                             label=_("导出%(name)s") % {"name": basename}, fmt=fmt,
                                             extra={"model": kind})
    actions.record_export(model, acting_user=request.user, rows=qs.count(), filters=request.GET.dict(), fmt=fmt)
    return core_exports.export(fmt, basename, basename, core_exports.headers(columns),
                               core_exports.queryset_rows(qs, columns))


@login_required
def person_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filterset = PersonFilterSet(request.GET, queryset=_people(request), request=request)
    if not filterset.is_valid():
        messages.error(request, _("筛选条件有误，无法导出：%(errors)s") % {"errors": filterset.errors.as_text()})
        return redirect("registry:person-list")
    return _export(request, "person", filterset.qs, fmt)


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
    page, total = _listed(request, filterset, "registry.organisation")
    kinds = dict(OrganisationKind.choices)
    url = _url_pattern("registry:organisation-detail")
    rows = [{
        "url": url.format(o.pk), "name": o.name, "kind": kinds.get(o.kind, o.kind), "credit_code": o.credit_code,
        "legal_representative": o.legal_representative, "region": o.region.name, "contact_name": o.contact_name,
        "staff_total": o.staff_total,
    } for o in page.object_list]
    return render(request, "registry/organisation_list.html", {
        "filter": filterset, "page": page, "rows": rows, "total": total,
        "can_create": permissions.can_create_organisation(request.user), "query": request.GET.urlencode(),
    })




@login_required
def organisation_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filterset = OrganisationFilterSet(request.GET, queryset=_orgs(request), request=request)
    if not filterset.is_valid():
        messages.error(request, _("筛选条件有误，无法导出：%(errors)s") % {"errors": filterset.errors.as_text()})
        return redirect("registry:organisation-list")
    return _export(request, "organisation", filterset.qs, fmt)


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
