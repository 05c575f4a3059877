"""The rules app's background job: the policy simulation (政策模拟) over an official's whole region."""

import datetime
import os
import tempfile

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ectalent.core.exports import XLSX_CONTENT_TYPE, Book

from .facts import LEVEL_LABELS
from .packs import load_pack
from .simulation import LEVELS, people_for, simulate, write_xlsx


def run_simulation(job, progress):
    """Simulate with the job's parameters for the job's user (their scope), keep the result with the job (its
    ``params["result"]``, shown by the simulation page) and attach the xlsx."""
    from ectalent.jobs.models import Job
    from ectalent.regions.models import Region

    user = job.user
    if not (user.is_official or user.is_platform_admin):
        raise PermissionDenied
    with translation.override(job.params.get("language")):
        pack = load_pack()
        as_of = datetime.date.fromisoformat(job.params["as_of"])
        result = simulate(people_for(user), job.params["overrides"], as_of, pack, progress=progress)
        Job.objects.filter(pk=job.pk).update(params={**job.params, "result": result.as_json()})
        codes = [code for code, _levels in result.cities if code]
        city_names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
        fd, path = tempfile.mkstemp(prefix="ectalent-simulation-", suffix=".xlsx")
        os.close(fd)
        try:
            book = Book(path)
            write_xlsx(result, city_names, {lv: _(LEVEL_LABELS[lv]) for lv in LEVELS}, book)
            book.close()
            job.save_result_file(f"{_('政策模拟')}-{timezone.localtime():%Y%m%d-%H%M}.xlsx", path, XLSX_CONTENT_TYPE)
        finally:
            if os.path.exists(path):
                os.unlink(path)
        moved = "；".join(f"{_(LEVEL_LABELS[lv])} {result.diff(lv):+,}" for lv in LEVELS)
        summary = _("已模拟 %(n)s 人：%(moved)s") % {"n": f"{result.people:,}", "moved": moved}
        return {"summary": summary, "url": f"{reverse('rules:simulation')}?job={job.pk}"}
