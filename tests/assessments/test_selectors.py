"""Reading assessments: the previous assessment."""

import pytest
from django.utils import timezone

from assessments.models import Assessment
from assessments.questionnaires import questionnaire_copy, questionnaire_publish
from assessments.selectors import previous_assessment
from tests.assessments.test_reports import submit

pytestmark = pytest.mark.django_db


def test_the_previous_assessment_ended_before_this_one_began(
    institution, manager, small_questionnaire
):
    """Periods compare by dates, not as text: "2026" is not before "2026-H1", and "2026-H2"
    (July to December) is not before "2026-Q3"."""
    made = {
        period: submit(institution, small_questionnaire, period, manager, "meets")
        for period in ("2025", "2026", "2026-H1", "2026-H2", "2026-Q3")
    }
    previous = {
        period: getattr(previous_assessment(assessment=assessment), "period_label", None)
        for period, assessment in made.items()
    }
    assert previous == {
        "2025": None,
        "2026": "2025",
        "2026-H1": "2025",
        "2026-H2": "2026-H1",
        "2026-Q3": "2026-H1",
    }


def test_of_periods_ending_on_one_day_the_shortest_is_the_previous(
    institution, manager, small_questionnaire
):
    for period in ("2026-H2", "2026-Q4", "2026"):
        submit(institution, small_questionnaire, period, manager, "meets")
    later = submit(institution, small_questionnaire, "2027-Q1", manager, "meets")
    assert previous_assessment(assessment=later).period_label == "2026-Q4"


def test_of_one_period_in_two_versions_the_latest_submitted_is_the_previous(
    institution, manager, small_questionnaire
):
    """Any version of the questionnaire counts; then the latest submission, then the latest
    made."""
    newer = questionnaire_copy(source=small_questionnaire, version="2")
    questionnaire_publish(questionnaire=newer)
    first = submit(institution, newer, "2026", manager, "meets")
    second = submit(institution, small_questionnaire, "2026", manager, "meets")
    later = submit(institution, newer, "2027", manager, "meets")
    assert previous_assessment(assessment=later) == second
    Assessment.objects.filter(pk=first.pk).update(submitted_at=timezone.now())
    assert previous_assessment(assessment=later) == first
    Assessment.objects.filter(pk__in=[first.pk, second.pk]).update(submitted_at=timezone.now())
    assert previous_assessment(assessment=later) == max(first, second, key=lambda a: a.pk)


def test_the_previous_assessment_is_one_query(
    institution, manager, small_questionnaire, django_assert_num_queries
):
    for period in ("2024", "2025-H1", "2025-H2"):
        submit(institution, small_questionnaire, period, manager, "meets")
    later = Assessment.objects.select_related("questionnaire").get(
        pk=submit(institution, small_questionnaire, "2026", manager, "meets").pk
    )
    with django_assert_num_queries(1):
        previous = previous_assessment(assessment=later)
    assert previous.period_label == "2025-H2"
    assert previous.questionnaire == small_questionnaire
