"""Published rows get the index's 95 % interval and funnel label, computed for rows published
before from their frozen complaints and expected complaints; publications get the expected
complaints of the institutions they do not list (empty for those published before: their
funnel plots show the listed institutions only)."""

import complaints.statistics

from django.db import migrations, models


def statistics_for_published_rows(apps, schema_editor):
    from complaints.statistics import funnel_label, index_interval

    PublicationRow = apps.get_model("complaints", "PublicationRow")
    rows = list(PublicationRow.objects.filter(expected__gt=0))
    for row in rows:
        row.index_low, row.index_high = index_interval(row.complaints, row.expected)
        row.funnel = funnel_label(row.complaints / row.expected, row.expected).value
    PublicationRow.objects.bulk_update(rows, ["index_low", "index_high", "funnel"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0005_audit_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpublication',
            name='not_listed_expected',
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name='publication',
            name='not_listed_expected',
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name='publicationrow',
            name='funnel',
            field=models.CharField(choices=[('above_998', 'above_998'), ('above_95', 'above_95'), ('within', 'within'), ('below_95', 'below_95'), ('below_998', 'below_998')], default=complaints.statistics.Funnel['WITHIN'], max_length=10),
        ),
        migrations.AddField(
            model_name='publicationrow',
            name='index_high',
            field=models.FloatField(default=0),
        ),
        migrations.AddField(
            model_name='publicationrow',
            name='index_low',
            field=models.FloatField(default=0),
        ),
        migrations.RunPython(statistics_for_published_rows, migrations.RunPython.noop),
    ]
