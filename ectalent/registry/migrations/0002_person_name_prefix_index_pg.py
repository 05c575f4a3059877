"""A name-prefix index for PostgreSQL (LIKE '张%' under a non-C collation needs varchar_pattern_ops).

SQLite's LIKE prefix search is served by the ordinary name index; nothing to do there.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS registry_person_name_prefix ON registry_person (name varchar_pattern_ops, id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS registry_person_name_prefix")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
