"""Stored scores become the one-decimal figure the pages show. Snapshots used to hold two
decimals (126 of 136 points stored as 92.65), which the pages rounded again to 92.7 where the
draft had shown 92.6; each score is worked out again from its stored points and rounded once,
half up, and the band follows the overall score."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations

URGENT_BELOW = 50
STRONG_FROM = 80


def _percent(earned: Decimal, possible: Decimal) -> Decimal | None:
    if not possible:
        return None
    return (100 * earned / possible).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _band(score: Decimal | None) -> str:
    if score is None:
        return ""
    if score < URGENT_BELOW:
        return "urgent"
    if score < STRONG_FROM:
        return "improve"
    return "strong"


def scores_rounded_once(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    PrincipleScore = apps.get_model("assessments", "PrincipleScore")
    for assessment in Assessment.objects.filter(principle_scores__isnull=False).distinct():
        scores = list(PrincipleScore.objects.filter(assessment=assessment))
        # Rows without points (possible 0 with a score) were never computed here: left alone.
        if any(s.score is not None and not s.possible for s in scores):
            continue
        for score in scores:
            rounded = _percent(score.earned, score.possible)
            if rounded != score.score:
                PrincipleScore.objects.filter(pk=score.pk).update(score=rounded)
        overall = _percent(sum(s.earned for s in scores), sum(s.possible for s in scores))
        if overall != assessment.overall_score:
            Assessment.objects.filter(pk=assessment.pk).update(
                overall_score=overall, band=_band(overall)
            )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0009_submitted_answers")]

    operations = [migrations.RunPython(scores_rounded_once, migrations.RunPython.noop)]
