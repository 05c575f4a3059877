"""资格自测 (self-check, public) and 政策模拟 (policy simulation, officials)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .engine import evaluate, level_opening
from .explain import explain_clause
from .facts import LEVEL_LABELS
from .forms import FORMSETS, SelfCheckForm, SimulationForm, document_from_forms, initial_from_person
from .packs import load_pack
from .simulation import LEVELS
from .validation import error_message, is_valid


def _today() -> datetime.date:
    return timezone.localdate()


def _policy_text(text: str) -> str:
    """A policy pack's text (a citation, a clause's wording) in the reader's language (listed in policy_messages)."""
    return _(text) if text else ""


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
                    "level": level, "name": _(LEVEL_LABELS[level]), "cite": _policy_text(pack.level(level).cite),
                    "decision": decision, "opens_on": opens_on, "is_open": is_open,
                    "opening_cite": _policy_text(pack.param(pack.level(level).opening_param).entry_at(as_of).cite),
                    "clauses": [{"holds": c.holds, "cite": _policy_text(c.cite), "text": explain_clause(c, decision),
                                 "source_text": _policy_text(c.source_text)} for c in decision.results],
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


def _simulation_context(pack, result) -> dict:
    """Rows per city, the totals and the chart data of a result (the page and the export show the same)."""
    from ectalent.regions.models import Region

    codes = [code for code, _levels in result.cities if code]
    city_names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    rows = [{
        "name": city_names.get(code, code) if code else _("省本级"),
        "cells": [(per_level[lv][0], per_level[lv][1], per_level[lv][1] - per_level[lv][0]) for lv in LEVELS],
    } for code, per_level in result.cities]
    rows.append({
        "name": _("合计"), "total": True,
        "cells": [(result.totals[lv][0], result.totals[lv][1], result.totals[lv][1] - result.totals[lv][0]) for lv in LEVELS],
    })
    names = [_(LEVEL_LABELS[lv]) for lv in LEVELS]
    changes = [{"label": _(c.label), "unit": pgettext("unit", c.unit), "old_value": c.old_value, "new_value": c.new_value,
                "cite": c.cite} for c in result.changes]
    chart = {"labels": names, "base": [result.totals[lv][0] for lv in LEVELS],
             "new": [result.totals[lv][1] for lv in LEVELS],
             "gained": [result.moves[lv][0] for lv in LEVELS], "lost": [result.moves[lv][1] for lv in LEVELS],
             "legend": {"base": str(_("现行政策")), "new": str(_("调整后")), "gained": str(_("新符合条件")),
                        "lost": str(_("不再符合条件"))}}
    moves = [{"name": names[i], "gained": result.moves[lv][0], "lost": result.moves[lv][1]} for i, lv in enumerate(LEVELS)]
    return {"rows": rows, "chart": chart, "moves": moves, "city_names": city_names, "changes": changes}


@login_required
def simulation(request):
    """An official changes one or more parameters; the simulation over their whole region runs as a background job
    (progress bar on the job's page), which then links back here with ``?job=`` to show the result."""
    from django.shortcuts import get_object_or_404, redirect
    from django.utils.translation import get_language

    from ectalent.jobs.actions import start_job
    from ectalent.jobs.models import Job

    from .simulation import SimulationResult

    user = request.user
    if not (user.is_official or user.is_platform_admin):
        raise PermissionDenied(_("仅政府部门工作人员可使用政策模拟"))
    pack = load_pack()
    today = _today()
    result, job = None, None
    if request.GET.get("job"):
        job = get_object_or_404(Job.objects.visible_to(user), pk=request.GET["job"], handler=SIMULATION_HANDLER)
        if "result" in job.params:
            result = SimulationResult.from_json(job.params["result"])
        form = SimulationForm(initial={"as_of": job.params.get("as_of", today), **job.params.get("overrides", {})},
                              pack=pack, on=today)
    else:
        data = request.GET if "as_of" in request.GET else None
        form = SimulationForm(data, pack=pack, on=today, initial={"as_of": today})
        if data is not None and form.is_valid():
            cd = form.cleaned_data
            job = start_job(handler=SIMULATION_HANDLER, label=_("政策模拟"), user=user,
                            params={"overrides": cd["overrides"], "as_of": cd["as_of"].isoformat(),
                                    "language": get_language()})
            return redirect(job.get_absolute_url())
    context = _simulation_context(pack, result) if result is not None else {}
    context.update({
        "form": form, "result": result, "job": job, "levels": [_(LEVEL_LABELS[lv]) for lv in LEVELS], "pack": pack,
    })
    return render(request, "rules/simulation.html", context)


SIMULATION_HANDLER = "ectalent.rules.tasks.run_simulation"
