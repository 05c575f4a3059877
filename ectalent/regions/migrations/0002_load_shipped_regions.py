from django.db import migrations


def load(apps, schema_editor):
    from ectalent.regions.loader import load_files, shipped_files

    load_files(shipped_files(), region_model=apps.get_model("regions", "Region"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
