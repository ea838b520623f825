"""Loads the default questionnaire (2010, six principles) from its data file."""

from django.db import migrations


def load_default(apps, schema_editor):
    from assessments.questionnaires import DEFAULT_FILE, load_questionnaire, read_questionnaire_file

    models = {
        name: apps.get_model("assessments", name)
        for name in ("Questionnaire", "Principle", "Indicator")
    }
    load_questionnaire(read_questionnaire_file(DEFAULT_FILE), models=models)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load_default, migrations.RunPython.noop)]
