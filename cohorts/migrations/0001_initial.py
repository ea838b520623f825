# The Cohort model moves from the institutions app: its tables stay as they are (a state-only
# move), and its content type follows it so that admin log entries keep pointing at it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to_cohorts(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="cohorts", model="cohort").exists():
        content_types.objects.filter(app_label="institutions", model="cohort").update(
            app_label="cohorts"
        )


def content_type_to_institutions(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="institutions", model="cohort").exists():
        content_types.objects.filter(app_label="cohorts", model="cohort").update(
            app_label="institutions"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("institutions", "0002_cohort"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Cohort",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("institutions", models.ManyToManyField(blank=True, related_name="cohorts", to="institutions.institution", verbose_name="institutions")),
                        ("trainers", models.ManyToManyField(blank=True, help_text="Trainers who work with this cohort; whoever creates it is one of them.", related_name="cohorts", to=settings.AUTH_USER_MODEL, verbose_name="trainers")),
                    ],
                    options={
                        "verbose_name": "cohort",
                        "verbose_name_plural": "cohorts",
                        "ordering": ["name"],
                        "db_table": "institutions_cohort",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_cohorts, content_type_to_institutions),
    ]
