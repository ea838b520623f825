"""Principles get a topic, set from the questionnaire's data file: the shipped version's
principle on complaint handling is marked so, for the supervision dashboard."""

from django.db import migrations, models


def topics_from_file(apps, schema_editor):
    from assessments.questionnaires import DEFAULT_FILE, read_questionnaire_file

    Principle = apps.get_model("assessments", "Principle")
    data = read_questionnaire_file(DEFAULT_FILE)
    for principle in data["principles"]:
        if principle.get("topic"):
            Principle.objects.filter(
                questionnaire__code=data["code"],
                questionnaire__version=data["version"],
                number=principle["number"],
            ).update(topic=principle["topic"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_period_text_dropped")]

    operations = [
        migrations.AddField(
            model_name="principle",
            name="topic",
            field=models.CharField(
                blank=True,
                choices=[("complaint_handling", "Complaint handling")],
                default="",
                max_length=32,
                verbose_name="topic",
            ),
        ),
        migrations.RunPython(topics_from_file, migrations.RunPython.noop),
    ]
