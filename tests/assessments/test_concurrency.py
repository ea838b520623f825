"""Two people saving the same assessment at the same moment, each on its own real
PostgreSQL connection: no answer or review is lost, and a clash on one is reported, not
overwritten."""

import threading

import pytest
from django.db import connection

from accounts.models import Role
from assessments.models import Answer
from assessments.services import ReviewEntry, answers_save, assessment_submit, review_save
from tests.assessments.test_services import answer_all, entry, indicators_of
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database with row locks and separate connections (PostgreSQL; CI)",
    ),
]


def at_once(*saves):
    """Run each save in its own thread (so on its own connection), released together."""
    barrier = threading.Barrier(len(saves))
    results, errors = [None] * len(saves), []

    def run(number, save):
        try:
            barrier.wait(timeout=10)
            results[number] = save()
        except Exception as error:  # noqa: BLE001  (reported by the test below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(saves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_two_managers_saving_different_answers_at_once_lose_none(assessment, manager):
    colleague = UserFactory(role=Role.MANAGER, institution=manager.institution)
    indicators = indicators_of(assessment)
    half = len(indicators) // 2
    for round_number in range(5):
        response = ["meets", "partial", "not_met", "meets", "partial"][round_number]
        seen = {
            a.indicator_id: (a.version, a.response, a.comment)
            for a in Answer.objects.filter(assessment=assessment)
        }
        mine = [entry(i, response, seen=seen.get(i.pk)) for i in indicators[:half]]
        theirs = [entry(i, response, seen=seen.get(i.pk)) for i in indicators[half:]]
        first, second = at_once(
            lambda mine=mine: answers_save(assessment=assessment, entries=mine, by=manager),
            lambda theirs=theirs: answers_save(assessment=assessment, entries=theirs, by=colleague),
        )
        assert not first.conflicts and not second.conflicts
        stored = dict(
            Answer.objects.filter(assessment=assessment).values_list("indicator_id", "response")
        )
        assert stored == {i.pk: response for i in indicators}, round_number


def test_two_managers_saving_the_same_answer_at_once_keep_one_and_report_the_other(
    assessment, manager
):
    colleague = UserFactory(role=Role.MANAGER, institution=manager.institution)
    first_indicator = indicators_of(assessment)[0]
    first, second = at_once(
        lambda: answers_save(
            assessment=assessment, entries=[entry(first_indicator, "meets", "A")], by=manager
        ),
        lambda: answers_save(
            assessment=assessment, entries=[entry(first_indicator, "not_met", "B")], by=colleague
        ),
    )
    outcomes = sorted([bool(first.saved), bool(second.saved)])
    assert outcomes == [False, True]
    loser = first if not first.saved else second
    assert first_indicator.pk in loser.conflicts
    stored = Answer.objects.get(assessment=assessment, indicator=first_indicator)
    winner_by = manager if first.saved else colleague
    assert stored.updated_by == winner_by
    assert (stored.response, stored.comment) == (
        ("meets", "A") if first.saved else ("not_met", "B")
    )
    assert stored.version == 1


def test_two_reviewers_saving_the_same_note_at_once_keep_one_and_report_the_other(
    assessment, manager, regulator, trainer
):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    first_indicator = indicators_of(assessment)[0]
    first, second = at_once(
        lambda: review_save(
            assessment=assessment,
            entries=[ReviewEntry(first_indicator, "partial", "A")],
            by=regulator,
        ),
        lambda: review_save(
            assessment=assessment,
            entries=[ReviewEntry(first_indicator, "not_met", "B")],
            by=trainer,
        ),
    )
    assert sorted([bool(first.saved), bool(second.saved)]) == [False, True]
    loser = first if not first.saved else second
    assert first_indicator.pk in loser.conflicts
    stored = Answer.objects.get(assessment=assessment, indicator=first_indicator)
    assert (stored.review_verdict, stored.review_note, stored.reviewed_by) == (
        ("partial", "A", regulator) if first.saved else ("not_met", "B", trainer)
    )
