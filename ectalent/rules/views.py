"""资格自测 (self-check, public) and 政策模拟 (policy simulation, officials)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .engine import evaluate, level_opening
from .facts import LEVEL_LABELS
from .forms import FORMSETS, SelfCheckForm, SimulationForm, document_from_forms, initial_from_person
from .packs import load_pack
from .simulation import LEVELS, people_for, simulate
from .validation import error_message, is_valid


def _today() -> datetime.date:
    return timezone.localdate()


def _linked_person(user):
    if user.is_authenticated and getattr(user, "person_id", None):
        return user.person
    return None


def self_check(request):
    """Anyone may enter their records and see, for each level, whether they may apply and why."""
    pack = load_pack()
    person = _linked_person(request.user)
    if request.method == "POST":
        form = SelfCheckForm(request.POST)
        formsets = {key: cls(request.POST, prefix=key) for key, cls, _label in FORMSETS}
    else:
        initial = initial_from_person(person) if person else {}
        form = SelfCheckForm(initial={"as_of": _today()})
        formsets = {key: cls(prefix=key, initial=initial.get(key) or None) for key, cls, _label in FORMSETS}
    results = None
    input_error = None
    facts_summary = None
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        doc = document_from_forms(form, formsets)
        if not is_valid(doc):
            input_error = error_message(doc)
        else:
            as_of = form.cleaned_data["as_of"]
            results = []
            for level in LEVELS:
                decision = evaluate(doc, level, pack)
                opens_on, is_open = level_opening(level, as_of, pack)
                results.append({
                    "level": level, "name": _(LEVEL_LABELS[level]), "cite": pack.level(level).cite,
                    "decision": decision, "opens_on": opens_on, "is_open": is_open,
                    "opening_cite": pack.param(pack.level(level).opening_param).entry_at(as_of).cite,
                })
            facts = results[0]["decision"].facts
            facts_summary = {
                "run": (facts.run_start, facts.run_end), "occupation_years": facts.occupation_years,
                "management_years": f"{facts.management_hundredths // 100}.{facts.management_hundredths % 100:02d}",
            }
    context = {
        "form": form,
        "formsets": [(key, label, formsets[key]) for key, _cls, label in FORMSETS],
        "results": results,
        "facts_summary": facts_summary,
        "input_error": input_error,
        "person": person,
        "pack": pack,
        "related_majors": pack.value(pack.derived_params["related_majors"], _today()),
    }
    return render(request, "rules/self_check.html", context)


@login_required
def simulation(request):
    """An official changes one parameter and sees how many people of their region become (in)eligible."""
    user = request.user
    if not (user.is_official or user.is_platform_admin):
        raise PermissionDenied(_("仅政府部门工作人员可使用政策模拟"))
    pack = load_pack()
    today = _today()
    data = request.GET if "parameter" in request.GET else None
    form = SimulationForm(data, pack=pack, on=today, initial={"as_of": today, "parameter": "assistant.clause1.occupation_years"})
    result = None
    if data is not None and form.is_valid():
        cd = form.cleaned_data
        result = simulate(people_for(user), cd["parameter"], cd["new_value"], cd["as_of"], pack)
    city_names = {}
    if result is not None:
        from ectalent.regions.models import Region

        codes = [code for code, _levels in result.cities if code]
        city_names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    rows = []
    if result is not None:
        for code, per_level in result.cities:
            rows.append({
                "name": city_names.get(code, code) if code else _("省本级"),
                "cells": [(per_level[lv][0], per_level[lv][1], per_level[lv][1] - per_level[lv][0]) for lv in LEVELS],
            })
        rows.append({
            "name": _("合计"), "total": True,
            "cells": [(result.totals[lv][0], result.totals[lv][1], result.totals[lv][1] - result.totals[lv][0]) for lv in LEVELS],
        })
    context = {
        "form": form,
        "result": result,
        "rows": rows,
        "levels": [_(LEVEL_LABELS[lv]) for lv in LEVELS],
        "parameter": pack.param(result.parameter) if result else None,
        "parameter_cite": pack.param(result.parameter).entry_at(result.as_of).cite if result else "",
        "parameter_unit": pgettext("unit", pack.param(result.parameter).unit) if result else "",
        "pack": pack,
    }
    return render(request, "rules/simulation.html", context)
