"""What the assessment model and its queryset keep and find: periods by their dates."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from assessments.models import Assessment
from assessments.services import assessment_start

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def start(assessment, period):
    return assessment_start(
        institution=assessment.institution,
        questionnaire=assessment.questionnaire,
        period=period,
        kind="self",
        by=assessment.created_by,
    )


def test_for_period_finds_the_period_a_label_names(assessment):
    half = start(assessment, "2026-H1")
    start(assessment, "2026-Q1")
    assert list(Assessment.objects.for_period("2026")) == [assessment]
    assert list(Assessment.objects.for_period("2026-H1")) == [half]
    assert not Assessment.objects.for_period("2025").exists()
    with pytest.raises(ValueError, match="not a year, half-year or quarter"):
        Assessment.objects.for_period("2026-h1")


def test_the_label_comes_from_the_dates(assessment):
    assert (assessment.period_start, assessment.period_end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert assessment.period_label == "2026"
    assert str(assessment) == f"{assessment.institution} · 2026 · Self-assessment"
    assert start(assessment, "2026-Q3").period_label == "2026-Q3"


def test_the_database_keeps_the_end_after_the_start(assessment):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(period_end=datetime.date(2025, 12, 31))


def test_the_database_keeps_one_assessment_per_institution_period_and_questionnaire(assessment):
    twin = Assessment(
        institution=assessment.institution,
        questionnaire=assessment.questionnaire,
        period_start=assessment.period_start,
        period_end=assessment.period_end,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    # Another period of the same year is another assessment.
    twin.period_end = datetime.date(2026, 6, 30)
    twin.save()
