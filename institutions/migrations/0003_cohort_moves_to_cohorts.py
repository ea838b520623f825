# The Cohort model now lives in the cohorts app (cohorts.0001 takes it over, tables unchanged).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0002_cohort"),
        ("cohorts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Cohort")],
            database_operations=[],
        ),
    ]
