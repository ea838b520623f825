"""The complaint categories that ship by default, and the default zone rule (band 0.80-1.20)."""

from django.db import migrations


def load(apps, schema_editor):
    from complaints.defaults import load_defaults

    load_defaults(apps.get_model("complaints", "ComplaintCategory"), apps.get_model("complaints", "ZoneRule"))


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
