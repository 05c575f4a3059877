"""Load the shipped 附件3 plan (policies/zhejiang-2014-93/plan-zhejiang-2014.yaml), so that a fresh ``migrate`` has it.

Uses the historical models; the loader is idempotent (a later ``ectalent plan load FILE`` updates the same rows).
"""

from types import SimpleNamespace

from django.db import migrations


def load(apps, schema_editor):
    from ectalent.accreditation.plan import read_plan_file, shipped_plan_path, write_plan

    path = shipped_plan_path("zhejiang-2014", "zhejiang-2014-93")
    if not path.exists():  # a deployment without the policy folder: load later with `ectalent plan load`
        return
    Region = apps.get_model("regions", "Region")
    if not Region.objects.filter(code="330000").exists():
        return
    models = SimpleNamespace(
        Region=Region,
        TrainingPlan=apps.get_model("accreditation", "TrainingPlan"),
        PlanUnit=apps.get_model("accreditation", "PlanUnit"),
        PlanTarget=apps.get_model("accreditation", "PlanTarget"),
        ReserveAllocation=apps.get_model("accreditation", "ReserveAllocation"),
        Recommendation=apps.get_model("accreditation", "Recommendation"),
        CountyTarget=apps.get_model("accreditation", "CountyTarget"),
    )
    write_plan(read_plan_file(path, region_model=Region), models=models)


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0001_initial"),
        ("regions", "0002_load_shipped_regions"),
    ]
    # Reversing keeps the rows (recommendations and allocations refer to them); dropping the tables removes them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
