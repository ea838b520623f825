"""What the models and their querysets keep and find: frozen questionnaire versions, periods by
their dates, the assessments that have a result."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import Assessment, Indicator, Questionnaire, QuestionnaireFrozen
from assessments.services import assessment_start

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_questionnaire_freeze_covers_bulk_create_and_queryset_update(assessment):
    principle = assessment.questionnaire.principles.first()
    with pytest.raises(QuestionnaireFrozen):
        Indicator.objects.bulk_create([Indicator(principle=principle, code="9.9", text_az="X")])
    with pytest.raises(QuestionnaireFrozen):
        Questionnaire.objects.filter(pk=assessment.questionnaire.pk).update(status="draft")
    Questionnaire.objects.filter(pk=assessment.questionnaire.pk).update(status="retired")


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


def test_a_returned_assessment_has_no_result_anywhere_yet_keeps_its_action_plan(
    client_for, institution, manager, regulator, small_questionnaire
):
    """Submitted or accepted has a result (``with_result``); returned has none until submitted
    again: not in the history, not "previous", not in peer averages nor cohorts. Its gaps
    stay known, and their action plan open to change."""
    from assessments.questionnaires import questionnaire_copy, questionnaire_publish
    from assessments.selectors import institution_history, peer_benchmark, previous_assessment
    from assessments.services import assessment_decide
    from cohorts.models import Cohort
    from cohorts.selectors import cohort_choices, cohort_outcome
    from tests.assessments.test_reports import submit
    from tests.cohorts.conftest import submitted
    from tests.factories import InstitutionFactory

    returned = submit(institution, small_questionnaire, "2025", manager, "partial")
    peers = [
        submitted(InstitutionFactory(), small_questionnaire, ["meets"], period="2025")
        for _n in range(3)
    ]
    # A later one in another version: "previous" takes any version, peer averages only theirs.
    newer = questionnaire_copy(source=small_questionnaire, version="2")
    questionnaire_publish(questionnaire=newer)
    later = submit(institution, newer, "2026", manager, "meets")
    cohort = Cohort.objects.create(name="Qrup")
    cohort.institutions.set([institution, *(a.institution for a in peers)])

    def results():
        outcome = cohort_outcome(
            cohort=cohort, questionnaire=small_questionnaire, period="2025", may_name=lambda i: True
        )
        return {
            "history": [a.period_label for a in institution_history(institution=institution)],
            "previous": previous_assessment(assessment=later),
            "peer average": peer_benchmark(assessment=peers[0]) is not None,
            "cohort": (cohort_choices(cohort=cohort)[-1][1:], len(outcome.members)),
        }

    assert results() == {
        "history": ["2025", "2026"],
        "previous": returned,
        "peer average": True,
        "cohort": (("2025", 4), 4),
    }
    assessment_decide(assessment=returned, accept=False, note="Düzəldin", by=regulator)
    assert results() == {
        "history": ["2026"],
        "previous": None,
        "peer average": False,
        "cohort": (("2025", 3), 3),
    }

    gap = returned.answers.filter(response="partial").first().indicator
    url = reverse("assessments:action", kwargs={"pk": returned.pk, "indicator": gap.pk})
    client = client_for(manager)
    assert client.get(url).status_code == 200
    plan = {"what": "Siyasəti yeniləmək", "responsible": "Risk", "due_on": "2099-12-31"}
    assert client.post(url, {**plan, "status": "open"}).status_code == 302
    assert returned.action_items.get().what == "Siyasəti yeniləmək"
