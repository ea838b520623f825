"""An assessment's period becomes its first and last day: the dates are added here and filled in
from the text ("2026", "2026-H1", "2026-Q3"), for the assessments and their audit history; 0006
then drops the text.

Read as meant, whatever the first validator let in: a final newline, small letters ("2026-h1"),
other scripts' digits ("٢٠٢٦" is 2026). The migration stops, listing every such row, at a text
that names no year from 1900 to 2099, half-year or quarter, and at two assessments of one
institution and questionnaire whose texts name the same period ("2026" and "٢٠٢٦"): the period
is part of what names an assessment (its files, one per institution, period and questionnaire),
and a guess could file its answers under the wrong one. Correct those rows and migrate again.
"""

import calendar
import datetime
import re

from django.db import migrations, models

# A copy of assessments/periods.py as it stood: a migration must not change when the app does.
PARTS = {
    "": (1, 12),
    "H1": (1, 6),
    "H2": (7, 6),
    "Q1": (1, 3),
    "Q2": (4, 3),
    "Q3": (7, 3),
    "Q4": (10, 3),
}
# \d as the first validator had it: other scripts' digits too, which int() reads.
STORED_TEXT = re.compile(r"(\d{4})(?:-(H[12]|Q[1-4]))?")
BATCH = 500


def bounds(text):
    """The first and last day the stored text names, or None."""
    match = STORED_TEXT.fullmatch(text.strip().upper())
    if match is None or not 1900 <= int(match[1]) <= 2099:
        return None
    year = int(match[1])
    first_month, months = PARTS[match[2] or ""]
    last_month = first_month + months - 1
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def label(start, end):
    """The text of a period, as the app wrote it; None for another span of days."""
    for part, (first_month, months) in PARTS.items():
        last_month = first_month + months - 1
        if (start, end) == (
            datetime.date(start.year, first_month, 1),
            datetime.date(start.year, last_month, calendar.monthrange(start.year, last_month)[1]),
        ):
            return f"{start.year}-{part}" if part else str(start.year)
    return None


def _dates(row):
    found = bounds(row.period)
    if found is None:
        return f"period {row.period!r}"
    row.period_start, row.period_end = found
    return None


def _text(row):
    row.period = label(row.period_start, row.period_end)
    return None if row.period else f"period {row.period_start}/{row.period_end}"


def _each_row(apps, write, fields):
    """Apply ``write`` to every assessment and history row; those it refused, described."""
    refused = []
    for name, key in (("Assessment", "id"), ("HistoricalAssessment", "history_id")):
        model = apps.get_model("assessments", name)
        rows = []
        for row in model.objects.order_by(key).iterator(chunk_size=BATCH):
            problem = write(row)
            if problem:
                refused.append(f"{name} {key}={getattr(row, key)} (assessment {row.id}): {problem}")
            else:
                rows.append(row)
        model.objects.bulk_update(rows, fields, batch_size=BATCH)
    return refused


def _same_period(apps):
    """Assessments whose texts differ ("2026", "٢٠٢٦") but name the same period: the one
    assessment per institution, period and questionnaire would no longer hold."""
    model = apps.get_model("assessments", "Assessment")
    key = ("institution_id", "questionnaire_id", "period_start", "period_end")
    groups = (
        model.objects.filter(period_start__isnull=False)
        .values(*key)
        .annotate(count=models.Count("id"))
        .filter(count__gt=1)
        .order_by(*key)
    )
    return [
        "Assessment id={}: the same institution, questionnaire and period".format(
            ", ".join(
                str(pk)
                for pk in model.objects.filter(**{name: group[name] for name in key})
                .order_by("id")
                .values_list("id", flat=True)
            )
        )
        for group in groups
    ]


def text_to_dates(apps, schema_editor):
    refused = _each_row(apps, _dates, ["period_start", "period_end"]) + _same_period(apps)
    if refused:
        raise ValueError(
            "These periods name no year from 1900 to 2099, half-year (2026-H1) or quarter "
            "(2026-Q3), or name one twice; correct them and migrate again:\n" + "\n".join(refused)
        )


def dates_to_text(apps, schema_editor):
    refused = _each_row(apps, _text, ["period"])
    if refused:
        raise ValueError(
            "These periods are no year, half-year or quarter, which the text cannot hold:\n"
            + "\n".join(refused)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_import_step_and_period_years"),
    ]

    operations = [
        # First, so that going back adds it again only once every row has its text back.
        migrations.RemoveConstraint(
            model_name="assessment",
            name="one_assessment_per_institution_period_questionnaire",
        ),
        # Nullable on the way out, so that going back can add it again before filling it in.
        migrations.AlterField(
            model_name="assessment",
            name="period",
            field=models.CharField(max_length=7, null=True, verbose_name="period"),
        ),
        migrations.AlterField(
            model_name="historicalassessment",
            name="period",
            field=models.CharField(max_length=7, null=True, verbose_name="period"),
        ),
        migrations.AddField(
            model_name="assessment",
            name="period_start",
            field=models.DateField(null=True, verbose_name="period"),
        ),
        migrations.AddField(
            model_name="assessment",
            name="period_end",
            field=models.DateField(null=True, verbose_name="period"),
        ),
        migrations.AddField(
            model_name="historicalassessment",
            name="period_start",
            field=models.DateField(null=True, verbose_name="period"),
        ),
        migrations.AddField(
            model_name="historicalassessment",
            name="period_end",
            field=models.DateField(null=True, verbose_name="period"),
        ),
        migrations.RunPython(text_to_dates, dates_to_text),
    ]
