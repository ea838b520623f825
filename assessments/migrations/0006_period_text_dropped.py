"""The period's text goes, its dates become required and name the assessment with the
institution and the questionnaire; the end comes after the start; newest periods first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_period_dates"),
    ]

    operations = [
        migrations.RemoveField(model_name="assessment", name="period"),
        migrations.RemoveField(model_name="historicalassessment", name="period"),
        migrations.AlterField(
            model_name="assessment",
            name="period_start",
            field=models.DateField(verbose_name="period"),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="period_end",
            field=models.DateField(verbose_name="period"),
        ),
        migrations.AlterField(
            model_name="historicalassessment",
            name="period_start",
            field=models.DateField(verbose_name="period"),
        ),
        migrations.AlterField(
            model_name="historicalassessment",
            name="period_end",
            field=models.DateField(verbose_name="period"),
        ),
        migrations.AlterModelOptions(
            name="assessment",
            options={
                "ordering": ["-period_end", "-period_start", "institution__name_az"],
                "verbose_name": "assessment",
                "verbose_name_plural": "assessments",
            },
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.UniqueConstraint(
                fields=("institution", "questionnaire", "period_start", "period_end"),
                name="one_assessment_per_institution_period_questionnaire",
                violation_error_message=(
                    "This institution already has an assessment for that period and questionnaire."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.CheckConstraint(
                condition=models.Q(("period_end__gt", models.F("period_start"))),
                name="assessment_period_ends_after_start",
            ),
        ),
    ]
